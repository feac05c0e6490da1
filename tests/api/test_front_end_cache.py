"""`gapal serve` caches the front ends' hashed assets as nginx does (deploy/nginx.conf): a year,
immutable. Their pages are not: a new build must reach the next visit."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import mount_front_ends

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    """The app's front-end mounts over two tiny builds laid out like `web/out` and `mobile/dist`."""
    files = {
        "web/out/index.html": "<html lang='fr'></html>",
        "web/out/commandes/index.html": "<html lang='fr'></html>",
        "web/out/404.html": "<html lang='fr'>Page introuvable</html>",
        "web/out/icon.svg": "<svg/>",
        "web/out/_next/static/chunks/app-3f2a9c.js": "console.log(1)",
        "web/out/_next/static/css/5b1e.css": "body{}",
        "mobile/dist/index.html": "<html lang='fr'></html>",
        "mobile/dist/sw.js": "self",
        "mobile/dist/assets/index-8c1d2e.js": "console.log(2)",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    app = FastAPI()
    mount_front_ends(app, tmp_path)
    return TestClient(app)


@pytest.mark.parametrize("path", [
    "/_next/static/chunks/app-3f2a9c.js", "/_next/static/css/5b1e.css",
    "/mobile/assets/index-8c1d2e.js"])
def test_hashed_assets_are_cached_for_a_year(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers.get_list("cache-control") == [IMMUTABLE]
    again = client.get(path, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304
    assert again.headers.get("cache-control") == IMMUTABLE


@pytest.mark.parametrize("path", [
    "/", "/commandes/", "/icon.svg", "/mobile/", "/mobile/sw.js", "/nulle-part/",
    "/_next/static/chunks/absent.js"])
def test_pages_and_unhashed_files_are_not_cached_as_immutable(client: TestClient,
                                                              path: str) -> None:
    answer = client.get(path)
    assert "immutable" not in answer.headers.get("cache-control", "")
