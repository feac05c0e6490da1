"""The web dashboard in Debian's Chromium (Playwright), against a real `gapal serve --demo`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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
WEB_OUT = ROOT / "web" / "out"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 800, "height": 1280}
PASSWORDS = {"admin": "admin-gapal-2026", "awa.commandes": "commandes-2026",
             "issouf.stock": "stock-gapal-2026", "salif.vendeur": "vendeur-2026"}


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    require_chromium()
    if not (WEB_OUT / "index.html").exists():
        missing("Tableau de bord non construit (web/out) : make web/out")


@pytest.fixture(scope="session")
def server(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `gapal serve --demo` on a free port and a temporary SQLite file; yields its base URL."""
    with demo_server(tmp_path_factory.mktemp("gapal-e2e"), "e2e") as base:
        yield base


@dataclass
class Backend:
    """The API of the server under test, to set the scene as another user would."""

    base: str
    # Tokens by (user, password): a sign-in costs the server an Argon2 hash (0.2 s of CPU).
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def token(self, username: str, password: str | None = None) -> str:
        key = (username, password or PASSWORDS[username])
        if key not in self.tokens:
            answer = httpx.post(f"{self.base}/api/auth/login/", json={
                "username": key[0], "password": key[1]}, timeout=10)
            assert answer.status_code == 200, answer.text
            self.tokens[key] = answer.json()["access"]
        return self.tokens[key]

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for _ in range(2):  # a kept token may have been revoked (its user deactivated): again
            headers = {"Authorization": f"Bearer {self.token(who)}"}
            answer = httpx.request(method, f"{self.base}{path}", headers=headers, timeout=20,
                                   **kwargs)
            if answer.status_code != 401:
                break
            self.tokens.pop((who, PASSWORDS[who]), None)
        return answer

    def product(self, name: str, stock: float) -> dict[str, Any]:
        categories = self.call("admin", "GET", "/api/categories/").json()["results"]
        answer = self.call("admin", "POST", "/api/products/", json={
            "name": name, "category_id": categories[0]["id"], "unit": "pot", "unit_price": 400,
            "min_stock_level": 1, "stock_quantity": stock})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def order(self, client: str, items: list[tuple[str, float]],
              who: str = "salif.vendeur") -> dict[str, Any]:
        answer = self.call(who, "POST", "/api/orders/", json={
            "client_name": client, "client_phone": "70 12 34 56", "priority": "haute",
            "items": [{"product_id": pid, "quantity": qty} for pid, qty in items]})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body


@pytest.fixture(scope="session")
def backend(server: str) -> Backend:
    return Backend(server)


@pytest.fixture(scope="session")
def browser(chromium_ready: None, playwright_driver: Any) -> Iterator[Any]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=DESKTOP, locale="fr-FR", timezone_id="Africa/Ouagadougou",
                              accept_downloads=True)
    ctx.set_default_timeout(10_000)
    refused = refused_by_policy(ctx)
    yield ctx
    ctx.close()
    assert refused == []


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def login(page: Any, base: str, username: str, password: str | None = None) -> None:
    """Signs in through the form, as a person would."""
    page.goto(f"{base}/connexion/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password or PASSWORDS[username])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion" not in url)


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"))
