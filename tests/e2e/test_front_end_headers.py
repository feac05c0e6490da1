"""The built dashboard and the API docs as a browser gets them: security headers on every
file, and a docs page that works with no internet and nothing refused by its policy."""

from __future__ import annotations

from typing import Any

import pytest

from api.headers import DASHBOARD_POLICY
from tests.processes import assert_security_headers, first_script

pytestmark = pytest.mark.slow


def test_every_file_of_the_dashboard_carries_the_security_headers(server: str) -> None:
    assert "frame-ancestors 'none'" in DASHBOARD_POLICY
    assert "unsafe-eval" not in DASHBOARD_POLICY
    assert_security_headers(server, ["/", "/commandes/", first_script(server, "/")],
                            DASHBOARD_POLICY)


def test_the_api_docs_show_every_section_without_internet(page: Any, server: str) -> None:
    asked: list[str] = []
    page.route(lambda url: not url.startswith(server), lambda route: route.abort())
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{server}/docs")
    page.get_by_role("heading", name="Authentification").wait_for()
    page.get_by_role("heading", name="Santé").wait_for()
    assert [url for url in asked if not url.startswith((server, "data:"))] == []
