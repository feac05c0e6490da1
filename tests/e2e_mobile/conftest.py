"""The vendor app (mobile/dist) in Debian's Chromium, against a real `gapal serve --demo`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MOBILE_DIST = ROOT / "mobile" / "dist"
SCREENSHOTS = ROOT / "test-output" / "mobile"
CHROMIUM = os.environ.get("GAPAL_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
GAPAL = str(Path(sys.executable).with_name("gapal"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
PHONE = {"width": 360, "height": 640}
VENDEUR = ("salif.vendeur", "vendeur-2026")
MANAGER = ("awa.commandes", "commandes-2026")


def missing(reason: str) -> None:
    """Under CI what the browser tests need must be there; on a laptop they skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing(f"Chromium introuvable ({CHROMIUM}) : apt-get install -y chromium")
    if not (MOBILE_DIST / "index.html").exists():
        missing("Application vendeur non construite (mobile/dist) : make mobile/dist")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `gapal serve --demo` on a free port, a temporary SQLite file and folder; its base URL."""
    folder = tmp_path_factory.mktemp("gapal-mobile")
    port = free_port()
    env = {**os.environ, "GAPAL_DATABASE_URL": f"sqlite:///{folder / 'gapal.db'}",
           "GAPAL_DATA_DIR": str(folder), "GAPAL_SECRET_KEY": "e2e-mobile-" + "x" * 40}
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen([GAPAL, "serve", "--demo", "--port", str(port)], cwd=folder,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, folder / "serve.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    with httpx.Client(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if client.get("/api/health/").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)  # still starting: only the socket can tell
    pytest.fail(f"gapal serve n'a pas démarré :\n{log.read_text()[-2000:]}")


@dataclass
class Office:
    """The API as the order manager sees it: the other side of every sync."""

    base: str

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        login = httpx.post(f"{self.base}/api/auth/login/", timeout=10,
                           json={"username": MANAGER[0], "password": MANAGER[1]})
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access']}"}
        return httpx.request(method, f"{self.base}{path}", headers=headers, timeout=20, **kwargs)

    def orders_of(self, client_name: str) -> list[dict[str, Any]]:
        answer = self.call("GET", "/api/orders/", params={"search": client_name, "page_size": 200})
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return [order for order in results if order["client_name"] == client_name]


@pytest.fixture(scope="session")
def office(server: str) -> Office:
    return Office(server)


@pytest.fixture(scope="session")
def playwright_driver(chromium_ready: None) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional, checked here
    except ImportError:
        missing("Le paquet Python playwright manque : pip install playwright")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def phone_options() -> dict[str, Any]:
    return {"viewport": PHONE, "locale": "fr-FR", "timezone_id": "Africa/Ouagadougou",
            "is_mobile": True, "has_touch": True}


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(**phone_options())
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def shoot(page: Any, name: str) -> None:
    """A 360×640 screenshot of the current screen, kept in test-output/mobile/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
