"""Concurrent deliveries and stock entries, for real: threads on one process, then two server
processes on one PostgreSQL schema. No decrement is lost, stock never goes below zero."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from gapal.bootstrap import bootstrap, ensure_admin
from tests.conftest import (
    BACKENDS,
    FAST_PASSWORDS,
    Api,
    OrderFactory,
    drop_schema,
    fresh_schema_url,
    make_settings,
    require_postgres,
)
from tests.integration.conftest import (
    SERVER_ADMIN,
    SERVER_ADMIN_PASSWORD,
    ServerProcess,
    start_server,
    wait_until_healthy,
)

STOCK = 10
ORDERS = 16
THREADS = 8
ENTRIES = 40
LIVREE = {"delivery_status": "livree"}


def all_pages(get: Callable[[str], Any], path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        separator = "&" if "?" in path else "?"
        answer = get(f"{path}{separator}page={page}&page_size=200")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        rows.extend(body["results"])
        if body["next"] is None:
            return rows
        page += 1


def in_parallel(calls: list[Callable[[], Any]], threads: int = THREADS) -> list[Any]:
    """Runs the calls from `threads` threads, all released at the same moment."""
    start = threading.Barrier(min(threads, len(calls)))

    def released(call: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=10)
            return call()

        return run

    gated = [released(call) if i < threads else call for i, call in enumerate(calls)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda call: call(), gated))


def assert_deliveries_settled(answers: list[httpx.Response]) -> None:
    statuses = Counter(answer.status_code for answer in answers)
    bodies = [answer.text for answer in answers if answer.status_code not in (200, 409)]
    assert statuses == {200: STOCK, 409: ORDERS - STOCK}, (statuses, bodies)
    for answer in answers:
        assert "Traceback" not in answer.text
        if answer.status_code == 409:
            body = answer.json()
            assert body["code"] == "insufficient_stock", body
            assert body["detail"]
            [shortage] = body["shortages"]
            assert shortage["requested"] == 1
            assert shortage["available"] == 0
        else:
            assert answer.json()["delivery_status"] == "livree"


# One process, many threads


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_sixteen_deliveries_of_ten_in_stock_from_eight_threads(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    milk = catalogue["milk"]
    assert milk["stock_quantity"] == STOCK
    orders = [place_order(quantity=1) for _ in range(ORDERS)]

    answers = in_parallel([
        (lambda order=order: api.call("gestionnaire_commandes", "PATCH",
                                      f"/api/orders/{order['id']}/status/", json=LIVREE))
        for order in orders])

    assert_deliveries_settled(answers)
    product = api.call("gestionnaire_stocks", "GET", f"/api/products/{milk['id']}/").json()
    assert product["stock_quantity"] == 0
    assert product["reserved_quantity"] == ORDERS - STOCK
    exits = all_pages(lambda path: api.call("gestionnaire_stocks", "GET", path),
                      f"/api/stock/movements/?product_id={milk['id']}&movement_type=sortie")
    assert len(exits) == STOCK
    assert sorted(m["stock_after"] for m in exits) == list(range(STOCK))
    delivered = {o["id"] for o, a in zip(orders, answers, strict=True) if a.status_code == 200}
    assert {m["order_id"] for m in exits} == delivered
    # The log agrees with the read model: the refused orders are still waiting.
    statuses = Counter(
        api.call("gestionnaire_commandes", "GET", f"/api/orders/{o['id']}/").json()
        ["delivery_status"] for o in orders)
    assert statuses == {"livree": STOCK, "nouvelle": ORDERS - STOCK}
    stored = api.gapal.store.repository.get(UUID(milk["id"]))
    assert stored.stock_quantity == Decimal(0)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_forty_stock_entries_from_eight_threads_all_land(api: Api,
                                                        catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]

    answers = in_parallel([
        (lambda: api.call("gestionnaire_stocks", "POST", "/api/stock/entry/",
                          json={"product_id": milk["id"], "quantity": 1,
                                "reason": "Collecte du matin"}))
        for _ in range(ENTRIES)])

    assert Counter(a.status_code for a in answers) == {201: ENTRIES}, \
        [a.text for a in answers if a.status_code != 201]
    assert len({a.json()["id"] for a in answers}) == ENTRIES
    product = api.call("gestionnaire_stocks", "GET", f"/api/products/{milk['id']}/").json()
    assert product["stock_quantity"] == STOCK + ENTRIES
    entries = all_pages(lambda path: api.call("gestionnaire_stocks", "GET", path),
                        f"/api/stock/movements/?product_id={milk['id']}&movement_type=entree")
    assert len(entries) == ENTRIES + 1  # and the initial stock of the catalogue fixture
    assert sorted(m["stock_after"] for m in entries) == list(range(STOCK, STOCK + ENTRIES + 1))


# Two server processes on one PostgreSQL schema


@pytest.fixture
def shared_schema(tmp_path: Path) -> Any:
    """A fresh PostgreSQL schema with its tables and admin created once, before any server."""
    require_postgres()
    url = fresh_schema_url()
    try:
        setup = bootstrap(make_settings(url, tmp_path), passwords=FAST_PASSWORDS)
        try:
            ensure_admin(setup, SERVER_ADMIN, SERVER_ADMIN_PASSWORD)
        finally:
            setup.close()
        yield url
    finally:
        drop_schema(url)


class Remote:
    """An httpx client per server process, signed in as one user."""

    def __init__(self, servers: list[ServerProcess]) -> None:
        self.clients = [httpx.Client(base_url=s.base_url, timeout=60) for s in servers]
        self.headers: dict[str, str] = {}

    def login(self, username: str, password: str) -> None:
        answer = self.clients[0].post("/api/auth/login/",
                                      json={"username": username, "password": password})
        assert answer.status_code == 200, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['access']}"}

    def call(self, index: int, method: str, path: str, **kwargs: Any) -> httpx.Response:
        client = self.clients[index % len(self.clients)]
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return client.request(method, path, headers=headers, **kwargs)

    def close(self) -> None:
        for client in self.clients:
            client.close()


@contextlib.contextmanager
def two_servers_with_milk(shared_schema: str, server_processes: list[ServerProcess],
                          tmp_path: Path, stock: int,
                          ) -> Iterator[tuple[Remote, dict[str, Any]]]:
    """Two `gapal serve` on one schema, the admin signed in, a milk product with `stock`;
    afterwards, both servers still run and neither printed a traceback."""
    for name in ("a", "b"):
        server_processes.append(start_server(shared_schema, tmp_path / name, name))
    for server in server_processes:
        wait_until_healthy(server)
    remote = Remote(server_processes)
    try:
        remote.login(SERVER_ADMIN, SERVER_ADMIN_PASSWORD)
        category = remote.call(0, "POST", "/api/categories/", json={"name": "Lait frais"})
        assert category.status_code == 201, category.text
        milk = remote.call(1, "POST", "/api/products/", json={
            "name": "Lait frais (1 L)", "category_id": category.json()["id"], "unit": "L",
            "unit_price": 500, "min_stock_level": 2, "stock_quantity": stock})
        assert milk.status_code == 201, milk.text
        yield remote, milk.json()
    finally:
        remote.close()
    for server in server_processes:
        assert server.process.poll() is None, server.output()
        assert "Traceback" not in server.output(), server.output()


@pytest.mark.slow  # two server processes start: 7 s idle, 20 s on a busy 2-CPU machine
@pytest.mark.postgres
def test_two_server_processes_share_the_stock_and_the_reads(
        shared_schema: str, server_processes: list[ServerProcess], tmp_path: Path) -> None:
    with two_servers_with_milk(shared_schema, server_processes, tmp_path, STOCK) as (remote,
                                                                                     milk):
        milk_id = milk["id"]

        # Read-your-writes across processes: written through A, read at once through B.
        orders = []
        for i in range(ORDERS):
            placed = remote.call(i, "POST", "/api/orders/", json={
                "client_name": f"Client {i}", "items": [{"product_id": milk_id, "quantity": 1}]})
            assert placed.status_code == 201, placed.text
            seen = remote.call(i + 1, "GET", f"/api/orders/{placed.json()['id']}/")
            assert seen.status_code == 200, seen.text
            assert seen.json()["order_number"] == placed.json()["order_number"]
            orders.append(placed.json())
        listed = remote.call(1, "GET", "/api/orders/?page_size=200").json()
        assert listed["count"] == ORDERS

        answers = in_parallel([
            (lambda i=i, order=order: remote.call(i, "PATCH", f"/api/orders/{order['id']}/status/",
                                                  json=LIVREE))
            for i, order in enumerate(orders)])

        assert_deliveries_settled(answers)
        for index in (0, 1):  # both processes read the same, settled stock
            product = remote.call(index, "GET", f"/api/products/{milk_id}/").json()
            assert product["stock_quantity"] == 0
            exits = all_pages(lambda path, index=index: remote.call(index, "GET", path),
                              f"/api/stock/movements/?product_id={milk_id}&movement_type=sortie")
            assert len(exits) == STOCK
            assert sorted(m["stock_after"] for m in exits) == list(range(STOCK))

        # Commuting entries spread over both processes all land too.
        entries = in_parallel([
            (lambda i=i: remote.call(i, "POST", "/api/stock/entry/",
                                     json={"product_id": milk_id, "quantity": 1}))
            for i in range(ENTRIES)])
        assert Counter(a.status_code for a in entries) == {201: ENTRIES}, \
            [a.text for a in entries if a.status_code != 201]
        product = remote.call(1, "GET", f"/api/products/{milk_id}/").json()
        assert product["stock_quantity"] == ENTRIES
        health = remote.call(0, "GET", "/api/health/").json()
        assert health["event_store"] == "postgresql"
