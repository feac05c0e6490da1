"""The vendor app (mobile/dist) in Debian's Chromium, against a real `gapal serve --demo`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.processes import (
    CHROMIUM,
    CHROMIUM_ARGS,
    demo_server,
    missing,
    refused_by_policy,
    require_chromium,
)

ROOT = Path(__file__).resolve().parents[2]
MOBILE_DIST = ROOT / "mobile" / "dist"
SCREENSHOTS = ROOT / "test-output" / "mobile"
PHONE_ARGS = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream"]
PHONE = {"width": 360, "height": 640}
VENDEUR = ("salif.vendeur", "vendeur-2026")
MANAGER = ("awa.commandes", "commandes-2026")


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    require_chromium()
    if not (MOBILE_DIST / "index.html").exists():
        missing("Application vendeur non construite (mobile/dist) : make mobile/dist")


@pytest.fixture(scope="session")
def server(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `gapal serve --demo` on a free port, a temporary SQLite file and folder; its base URL."""
    with demo_server(tmp_path_factory.mktemp("gapal-mobile"), "e2e-mobile") as base:
        yield base


@dataclass
class Office:
    """The API as the order manager sees it: the other side of every sync."""

    base: str
    token: str = ""  # kept: a sign-in costs the server an Argon2 hash (0.2 s of CPU)

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for _ in range(2):  # a kept token may have been revoked: sign in again, once
            if not self.token:
                login = httpx.post(f"{self.base}/api/auth/login/", timeout=10,
                                   json={"username": MANAGER[0], "password": MANAGER[1]})
                assert login.status_code == 200, login.text
                self.token = login.json()["access"]
            answer = httpx.request(method, f"{self.base}{path}", timeout=20,
                                   headers={"Authorization": f"Bearer {self.token}"}, **kwargs)
            if answer.status_code != 401:
                break
            self.token = ""
        return answer

    def orders_of(self, client_name: str) -> list[dict[str, Any]]:
        answer = self.call("GET", "/api/orders/", params={"search": client_name, "page_size": 200})
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return [order for order in results if order["client_name"] == client_name]


@pytest.fixture(scope="session")
def office(server: str) -> Office:
    return Office(server)


@pytest.fixture(scope="session")
def browser(chromium_ready: None, playwright_driver: Any) -> Iterator[Any]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=PHONE_ARGS)
    yield chromium
    chromium.close()


def phone_options() -> dict[str, Any]:
    return {"viewport": PHONE, "locale": "fr-FR", "timezone_id": "Africa/Ouagadougou",
            "is_mobile": True, "has_touch": True}


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(**phone_options())
    ctx.set_default_timeout(15_000)
    refused = refused_by_policy(ctx)
    yield ctx
    ctx.close()
    assert refused == []


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def shoot(page: Any, name: str) -> None:
    """A 360×640 screenshot of the current screen, kept in test-output/mobile/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
