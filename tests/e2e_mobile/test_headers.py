"""The built vendor app as a phone gets it: security headers on every file (tests/e2e_mobile's
contexts also fail on anything its policy refuses)."""

from __future__ import annotations

from api.headers import VENDOR_APP_POLICY
from tests.processes import assert_security_headers, first_script


def test_every_file_of_the_vendor_app_carries_the_security_headers(server: str) -> None:
    assert "script-src 'self';" in VENDOR_APP_POLICY  # no inline script at all
    paths = ["/mobile/", "/mobile/sw.js", "/mobile/manifest.webmanifest",
             first_script(server, "/mobile/")]
    assert_security_headers(server, paths, VENDOR_APP_POLICY)
