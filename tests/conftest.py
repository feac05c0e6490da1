"""Shared fixtures: a real Gapal on SQLite and on the machine's PostgreSQL (fresh schema)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import bind
from application.passwords import Passwords
from domain.clock import MovableClock
from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from gapal.settings import Settings
from gapal.web import api_deps, create_app

PG_URL = os.environ.get("GAPAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
FAST_PASSWORDS = Passwords(time_cost=1, memory_cost=8 * 1024)
ADMIN_PASSWORD = "admin-password-1"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# The suites sign in far more often than people do, all from one address (and so do the servers
# they start, which inherit this environment); the rate limit has tests of its own.
os.environ.setdefault("GAPAL_LOGINS_PER_MINUTE", "100000")


def on_both_backends(metafunc: pytest.Metafunc) -> None:
    """For a suite's `pytest_generate_tests`: a test that asks for a database (through `api`,
    `gapal` or `database_url`) and does not choose its backends itself runs on `BACKENDS`."""
    if "database_url" in metafunc.fixturenames and not chooses_its_backends(metafunc):
        metafunc.parametrize("database_url", BACKENDS, indirect=True)


def chooses_its_backends(metafunc: pytest.Metafunc) -> bool:
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        listed = names.replace(" ", "").split(",") if isinstance(names, str) else list(names)
        if "database_url" in listed:
            return True
    return False


def postgres_available() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def require_postgres() -> None:
    """Under CI a missing PostgreSQL fails the run; on a laptop it skips."""
    if not postgres_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL injoignable ({PG_URL}) alors que CI=true")
        pytest.skip("PostgreSQL injoignable")


def fresh_schema_url() -> str:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    return f"{PG_URL}?schema={schema}"


def drop_schema(url: str) -> None:
    schema = url.split("schema=")[1]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def database_on(backend: str, folder: Path) -> Iterator[str]:
    """A database URL on `backend`: a SQLite file in `folder`, or a fresh PostgreSQL schema
    (dropped afterwards). For fixtures of any scope that take `BACKENDS` as their params."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'gapal.db'}"
        return
    require_postgres()
    url = fresh_schema_url()
    try:
        yield url
    finally:
        drop_schema(url)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for the requested backend (`sqlite` by default)."""
    with database_on(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


def make_settings(database_url: str, data_dir: Path, **extra: Any) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret-key-" + "x" * 32,
                    data_dir=data_dir, **extra)


@pytest.fixture
def clock() -> MovableClock:
    """The test's clock: its Gapal (`gapal`, `api`) runs on it when the test asks for it. It
    stands at the test's start until the test moves it (the log's own times do not move)."""
    return MovableClock()


def clock_asked(request: pytest.FixtureRequest) -> MovableClock | None:
    """The test's `clock` if it asks for one, else None: its Gapal keeps the system's."""
    if "clock" not in request.fixturenames:
        return None
    asked: MovableClock = request.getfixturevalue("clock")
    return asked


@pytest.fixture
def gapal(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Gapal]:
    """A bootstrapped Gapal with its projector running and an admin `admin`."""
    instance = bootstrap(make_settings(database_url, tmp_path), passwords=FAST_PASSWORDS,
                         clock=clock_asked(request))
    instance.start()
    ensure_admin(instance, "admin", ADMIN_PASSWORD)
    yield instance
    instance.close()


@dataclass
class Api:
    """A test client that signs in as a role and speaks JSON."""

    client: TestClient
    gapal: Gapal
    tokens: dict[str, str]

    def login(self, username: str, password: str) -> str:
        answer = self.client.post("/api/auth/login/", json={"username": username,
                                                             "password": password})
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access"]
        return token

    def sign_in_again(self) -> None:
        """New tokens for every signed-in user: after the clock moved past their expiry."""
        for who in self.tokens:
            self.tokens[who] = self.login(who, ADMIN_PASSWORD if who == "admin" else
                                          "password-123")

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**(self.as_(who) if who else {}), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def user(self, role: str, username: str | None = None) -> dict[str, Any]:
        """Creates a user of this role (as admin) and signs it in under its username."""
        name = username or f"{role}-{uuid.uuid4().hex[:6]}"
        answer = self.call("admin", "POST", "/api/users/", json={
            "username": name, "email": f"{name}@gapal.bf", "password": "password-123",
            "role": role, "phone": ""})
        assert answer.status_code == 201, answer.text
        self.tokens[name] = self.login(name, "password-123")
        body: dict[str, Any] = answer.json()
        return body


ROLES = ["vendeur", "gestionnaire_commandes", "gestionnaire_stocks", "admin"]


_free_apps: list[FastAPI] = []
_free_apps_lock = threading.Lock()


@contextmanager
def served(gapal: Gapal, **client: Any) -> Iterator[TestClient]:
    """A test client on an application serving `gapal` (its projector left to `gapal`). An
    application built for an earlier test and free again is bound to `gapal` instead of a new
    one built: FastAPI builds its routes' state at an application's first request, half a
    second that every test paid."""
    with _free_apps_lock:
        app = _free_apps.pop() if _free_apps else None
    if app is None:
        app = create_app(gapal, run_projector=False)
    else:
        bind(app, api_deps(gapal), run_projector=False)
    routes = list(app.router.routes)
    try:
        with TestClient(app, **client) as test_client:
            yield test_client
    finally:
        if app.router.routes == routes:  # a test that added a route keeps its application
            with _free_apps_lock:
                _free_apps.append(app)


@pytest.fixture
def api(gapal: Gapal) -> Iterator[Api]:
    """The HTTP API on a fresh database, with one signed-in user per role (named by role)."""
    with served(gapal) as client:
        api = Api(client, gapal, {})
        sign_in_roles(api)
        yield api


def sign_in_roles(api: Api) -> None:
    """Signs the admin in and creates one signed-in user per other role, named by role."""
    api.tokens["admin"] = api.login("admin", ADMIN_PASSWORD)
    for role in ROLES[:-1]:
        api.user(role, username=role)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return create_catalogue(api)


def create_catalogue(api: Api) -> dict[str, Any]:
    """A category and two products with stock (milk 10 L, gapal 5 sachets)."""
    category = api.call("admin", "POST", "/api/categories/", json={"name": "Lait frais"}).json()
    milk = api.call("admin", "POST", "/api/products/", json={
        "name": "Lait frais de vache (1 L)", "category_id": category["id"], "unit": "L",
        "unit_price": 500, "min_stock_level": 2, "barcode": "6190001000018",
        "stock_quantity": 10}).json()
    gapal_ = api.call("admin", "POST", "/api/products/", json={
        "name": "Gapal (sachet 0,5 L)", "category_id": category["id"], "unit": "sachet",
        "unit_price": 250, "min_stock_level": 1, "stock_quantity": 5}).json()
    return {"category": category, "milk": milk, "gapal": gapal_}


def log_length(gapal: Gapal) -> int:
    return gapal.store.recorder.max_notification_id() or 0


OrderFactory = Callable[..., dict[str, Any]]


@pytest.fixture
def place_order(api: Api, catalogue: dict[str, Any]) -> OrderFactory:
    def place(who: str = "gestionnaire_commandes", quantity: float = 1,
              product: str = "milk", **fields: Any) -> dict[str, Any]:
        body = {"client_name": "Awa Bationo", "client_phone": "+226 70 12 34 56",
                "items": [{"product_id": catalogue[product]["id"], "quantity": quantity}],
                **fields}
        answer = api.call(who, "POST", "/api/orders/", json=body)
        assert answer.status_code in (200, 201), answer.text
        result: dict[str, Any] = answer.json()
        return result

    return place


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright for the whole run: the dashboard and vendor-app suites share it."""
    from tests.processes import missing, require_chromium  # noqa: PLC0415 (browser suites only)

    require_chromium()
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (optional dependency)
    except ImportError:
        missing("Le paquet Python playwright manque : pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        yield playwright
