"""The built front ends and the API docs as a browser gets them: security headers on every
file, and a docs page that works with no internet and nothing refused by its policy."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from api.headers import DASHBOARD_POLICY, VENDOR_APP_POLICY
from tests.e2e_mobile.conftest import MOBILE_DIST
from tests.processes import missing

pytestmark = pytest.mark.slow
COMMON = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
          "referrer-policy": "no-referrer"}


def first_script(base: str, page: str) -> str:
    found = re.search(r'src="(/[^"]+\.js)"', httpx.get(f"{base}{page}", timeout=10).text)
    assert found is not None
    return found.group(1)


def assert_headers(base: str, paths: list[str], policy: str) -> None:
    for path in paths:
        answer = httpx.get(f"{base}{path}", timeout=10)
        assert answer.status_code == 200, path
        assert answer.headers.get_list("content-security-policy") == [policy], path
        assert {name: answer.headers.get(name) for name in COMMON} == COMMON, path


def test_every_file_of_the_dashboard_carries_the_security_headers(server: str) -> None:
    assert "frame-ancestors 'none'" in DASHBOARD_POLICY
    assert "unsafe-eval" not in DASHBOARD_POLICY
    assert_headers(server, ["/", "/commandes/", first_script(server, "/")], DASHBOARD_POLICY)


def test_every_file_of_the_vendor_app_carries_the_security_headers(server: str) -> None:
    if not (MOBILE_DIST / "index.html").exists():
        missing("Application vendeur non construite (mobile/dist) : make mobile/dist")
    assert "script-src 'self';" in VENDOR_APP_POLICY  # no inline script at all
    assert_headers(server, ["/mobile/", "/mobile/sw.js", "/mobile/manifest.webmanifest",
                            first_script(server, "/mobile/")], VENDOR_APP_POLICY)


def test_the_api_docs_show_every_section_without_internet(page: Any, server: str) -> None:
    asked: list[str] = []
    page.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server}/docs")
    page.get_by_role("heading", name="Authentification").wait_for()
    page.get_by_role("heading", name="Santé").wait_for()
    assert [url for url in asked if not url.startswith((server, "data:"))] == []
