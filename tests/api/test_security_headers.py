"""Security headers on the API's answers, tokens kept by no cache, and `/docs` without internet.
(The dashboard's and the vendor app's answers are checked against real builds in tests/e2e.)"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gapal.web import create_app
from tests.conftest import ADMIN_PASSWORD, Api
from tests.processes import SECURITY_HEADERS

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def assert_secured(answer: Any, policy: str = API_POLICY) -> None:
    assert {name: answer.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert answer.headers.get_list("content-security-policy") == [policy]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("GET", "/api/health/", {}, 200),
    ("GET", "/api/orders/", {}, 401),
    ("GET", "/api/nothing-here/", {}, 404),
    ("POST", "/api/auth/login/", {"content": b"{", "headers": {
        "content-type": "application/json"}}, 400),
    ("POST", "/api/auth/login/", {"content": b"x" * (4 * 1024 * 1024)}, 413),
    ("GET", "/openapi.json", {}, 200),
])
def test_every_api_answer_carries_the_security_headers(
        api: Api, method: str, path: str, kwargs: dict[str, Any], status: int) -> None:
    answer = api.call(None, method, path, **kwargs)
    assert answer.status_code == status
    assert_secured(answer)


def test_token_answers_are_kept_by_no_cache(api: Api) -> None:
    login = api.call(None, "POST", "/api/auth/login/",
                     json={"username": "admin", "password": ADMIN_PASSWORD})
    assert login.status_code == 200, login.text
    refresh = api.call(None, "POST", "/api/auth/refresh/",
                       json={"refresh": login.json()["refresh"]})
    assert refresh.status_code == 200, refresh.text
    for answer in (login, refresh):
        assert answer.headers["cache-control"] == "no-store"
        assert_secured(answer)


def test_docs_load_only_files_of_the_app_itself(api: Api) -> None:
    page = api.call(None, "GET", "/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', page.text) + re.findall(
        r"url: '([^']*)'", page.text)
    assert len(urls) == 4  # script, style sheet, icon, the OpenAPI schema
    for url in urls:
        assert url.startswith("/")
        assert not url.startswith("//")
        asset = api.call(None, "GET", url)
        assert asset.status_code == 200, url
        expected = ASSET_TYPES.get(url[url.rfind("."):], "application/json")
        assert asset.headers["content-type"].startswith(expected), url
    assert api.call(None, "GET", "/redoc").status_code == 404  # its page needed a CDN


def test_the_docs_policy_allows_its_one_inline_script_and_nothing_from_elsewhere(
        api: Api) -> None:
    page = api.call(None, "GET", "/docs")
    (inline,) = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    policy = page.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "http" not in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert_secured(page, policy)


def test_an_unexpected_error_answers_500_in_french_with_the_security_headers(api: Api) -> None:
    """A 500 comes from Starlette's outermost middleware, past the one that adds the headers."""
    def broken() -> None:
        raise RuntimeError("un bogue")

    app = create_app(api.gapal, run_projector=False)  # its own: other tests share theirs
    app.add_api_route("/api/_broken/", broken)
    app.router.routes.insert(0, app.router.routes.pop())
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/_broken/")
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"
    assert_secured(answer)
