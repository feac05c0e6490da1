"""The production topology on loopback (`deploy/topology.py`): the machine's PostgreSQL and
Redis, two API processes behind Debian's nginx, one projector worker — and what a SIGKILL of
the worker or of an API process may cost (nothing: no order lost, none doubled).

One topology is shared by the module's tests (it takes 15–20 s to start on a 2-CPU machine);
each test tags its orders (`client_name` and `notes`) and looks only at those. Under `CI=true`
a missing PostgreSQL, Redis or nginx fails the run; elsewhere these tests skip. The last test
checks `docker-compose.yml` with Debian's `docker-compose` (no Docker engine needed)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from api.headers import security_headers
from deploy.topology import ADMIN, Topology, wait_healthy
from tests.conftest import IN_CI, require_postgres
from tests.realtime.conftest import require_redis

ROOT = Path(__file__).resolve().parents[2]
MANAGER_PASSWORD = "commandes-topologie-1"
SECURITY_HEADERS = list(security_headers("/"))
RETRIED_STATUSES = {500, 502, 503, 504}  # what a phone retries, with the same Idempotency-Key
Message = dict[str, Any]


def require_tool(name: str, package: str) -> str:
    """The tool's path; under CI its absence fails the run, elsewhere the test skips."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} introuvable (paquet Debian {package} : scripts/ensure-services)"
        if IN_CI:
            pytest.fail(f"{message} alors que CI=true")
        pytest.skip(message)
    return path


@dataclass
class World:
    """The running topology, signed-in users and a product to order."""

    topology: Topology
    tokens: dict[str, str] = field(default_factory=dict)
    product_id: str = ""

    def headers(self, who: str = "admin", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def http(self, base_url: str) -> httpx.Client:
        return httpx.Client(base_url=base_url, timeout=30, trust_env=False)

    def ws_url(self, base_url: str, who: str = "admin") -> str:
        return (f"{base_url.replace('http://', 'ws://')}/ws/notifications/"
                f"?token={self.tokens[who]}")


def login(http: httpx.Client, username: str, password: str) -> str:
    answer = http.post("/api/auth/login/", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access"]
    return token


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    require_postgres()
    require_redis()
    require_tool("nginx", "nginx-light")
    with Topology() as topology:
        world = World(topology)
        with world.http(topology.api_url(0)) as http:
            world.tokens["admin"] = login(http, *ADMIN)
            answer = http.post("/api/users/", headers=world.headers(), json={
                "username": "awa.topologie", "email": "awa.topologie@gapal.bf",
                "password": MANAGER_PASSWORD, "role": "gestionnaire_commandes", "phone": ""})
            assert answer.status_code == 201, answer.text
            world.tokens["manager"] = login(http, "awa.topologie", MANAGER_PASSWORD)
            category = http.post("/api/categories/", headers=world.headers(),
                                 json={"name": "Lait frais"})
            assert category.status_code == 201, category.text
            product = http.post("/api/products/", headers=world.headers(), json={
                "name": "Lait frais de vache (1 L)", "category_id": category.json()["id"],
                "unit": "L", "unit_price": 500, "min_stock_level": 2,
                "stock_quantity": 100000})
            assert product.status_code == 201, product.text
            world.product_id = product.json()["id"]
        yield world


def order_body(world: World, tag: str, n: int) -> dict[str, Any]:
    return {"client_name": f"Client {tag} {n:03d}", "client_phone": "70 12 34 56",
            "notes": f"{tag}-{n:03d}", "items": [{"product_id": world.product_id,
                                                  "quantity": 1 + n % 3}]}


def place(http: httpx.Client, world: World, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post("/api/orders/", headers=world.headers(), json=body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


class Socket:
    """A `websockets` client on /ws/notifications/, subscribed once it answered a ping."""

    def __init__(self, url: str) -> None:
        self.conn: ClientConnection = connect(url, proxy=None, legacy=True, open_timeout=10,
                                              close_timeout=2)
        self.heard: list[Message] = []
        self.conn.send("ping")  # answered once the server's handler is listening to the bus
        self.wait_for(lambda m: m.get("type") == "pong")

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = 15.0) -> Message:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kinds = [m.get("type") for m in self.heard][-20:]
                raise AssertionError(f"no such message in {timeout}s; heard {kinds}")
            try:
                message: Message = json.loads(self.conn.recv(timeout=remaining))
            except TimeoutError:
                continue
            self.heard.append(message)
            if predicate(message):
                return message

    def close(self) -> None:
        self.conn.close()


def is_created_order(order_id: str) -> Callable[[Message], bool]:
    return lambda m: (m.get("type") == "order" and m["event"] == "created"
                      and m["order"]["id"] == order_id)


def is_new_order_notice(order_id: str) -> Callable[[Message], bool]:
    return lambda m: (m.get("type") == "notification"
                      and m["notification"]["type"] == "nouvelle_commande"
                      and m["notification"]["data"].get("order_id") == order_id)


@pytest.mark.slow
@pytest.mark.postgres
def test_an_order_placed_on_one_api_is_heard_on_the_other_apis_socket(world: World) -> None:
    socket = Socket(world.ws_url(world.topology.api_url(1)))
    try:
        with world.http(world.topology.api_url(0)) as http:
            order = place(http, world, order_body(world, uuid.uuid4().hex[:10], 0))
        heard = socket.wait_for(is_created_order(order["id"]))
        assert heard["order"]["order_number"] == order["order_number"]
        socket.wait_for(is_new_order_notice(order["id"]))
    finally:
        socket.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_nginx_proxies_the_api_and_the_websocket_upgrade(world: World) -> None:
    socket = Socket(world.ws_url(world.topology.url, "manager"))
    try:
        with world.http(world.topology.url) as http:
            order = place(http, world, order_body(world, uuid.uuid4().hex[:10], 0))
            socket.wait_for(is_created_order(order["id"]))
            socket.wait_for(is_new_order_notice(order["id"]))
            assert http.get("/api/health/").json()["pubsub"] == "redis"
    finally:
        socket.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_every_answer_through_nginx_carries_the_security_headers_once(world: World) -> None:
    with world.http(world.topology.url) as http:
        for path in ("/", "/mobile/", "/api/health/", "/docs", "/docs/static/swagger-ui.css",
                     "/openapi.json", "/no-such-file.js"):
            answer = http.get(path)
            assert answer.status_code == 200, path
            assert all(len(answer.headers.get_list(name)) == 1 for name in SECURITY_HEADERS), path
            if path != "/docs":  # the docs page has its own policy (its inline script's hash)
                assert {name: answer.headers[name] for name in SECURITY_HEADERS} == \
                    security_headers(path), path


@dataclass
class Load:
    """Threads placing orders with an `Idempotency-Key` each, retrying server errors and lost
    connections with the same key, as the vendors' phones do."""

    world: World
    base_urls: list[str]
    keys: list[str]
    threads: int
    answers: list[tuple[str, str]] = field(default_factory=list)  # (key, id) of each 201
    retries: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Load:
        for index in range(self.threads):
            thread = threading.Thread(target=self._run, args=(index,), daemon=True)
            thread.start()
            self._running.append(thread)
        return self

    def done(self) -> int:
        with self._lock:
            return len(self.answers)

    def wait_until_done(self, count: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.done() < count and not self.failures:
            assert time.monotonic() < deadline, f"only {self.done()} orders in {timeout}s"
            time.sleep(0.02)

    def join(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        for thread in self._running:
            thread.join(max(0.0, deadline - time.monotonic()))
            assert not thread.is_alive(), "load still running"
        assert not self.failures, self.failures

    def _run(self, index: int) -> None:
        base_url = self.base_urls[index % len(self.base_urls)]
        keys = self.keys[index::self.threads]
        with self.world.http(base_url) as http:
            for key in keys:
                try:
                    order_id = self._place(http, key)
                except Exception as error:  # reported by join(), in the test's thread
                    with self._lock:
                        self.failures.append(f"{key}: {error!r}")
                    return
                with self._lock:
                    self.answers.append((key, order_id))

    def _place(self, http: httpx.Client, key: str) -> str:
        tag, number = key.rsplit("-", 1)
        body = order_body(self.world, tag, int(number))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answer = http.post("/api/orders/", json=body,
                                   headers=self.world.headers(**{"Idempotency-Key": key}))
            except httpx.TransportError as error:
                self._retry(type(error).__name__)
                continue
            if answer.status_code in RETRIED_STATUSES:
                self._retry(str(answer.status_code))
                continue
            assert answer.status_code == 201, answer.text
            order_id: str = answer.json()["id"]
            return order_id
        raise AssertionError(f"{key} not placed in 60 s")

    def _retry(self, why: str) -> None:
        with self._lock:
            self.retries[why] += 1
        time.sleep(0.1)


def wait_caught_up(http: httpx.Client, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        projections = http.get("/api/health/").json()["projections"]
        if all(p["lag"] == 0 for p in projections.values()):
            return
        assert time.monotonic() < deadline, f"projections still lagging: {projections}"
        time.sleep(0.1)


def wait_lagging(http: httpx.Client, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        projections = http.get("/api/health/").json()["projections"]
        if any(p["lag"] > 0 for p in projections.values()):
            return
        assert time.monotonic() < deadline, f"no write landed in {timeout}s: {projections}"
        time.sleep(0.05)


def orders_tagged(http: httpx.Client, world: World, tag: str) -> list[dict[str, Any]]:
    answer = http.get("/api/orders/", headers=world.headers(),
                      params={"search": tag, "page_size": 200})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["count"] <= 200
    results: list[dict[str, Any]] = body["results"]
    return results


def notifications_of(http: httpx.Client, world: World, who: str) -> list[dict[str, Any]]:
    """Every notification this user receives (all pages)."""
    found: list[dict[str, Any]] = []
    page, pages = 1, 1
    while page <= pages:
        answer = http.get("/api/notifications/", headers=world.headers(who),
                          params={"page": page, "page_size": 200})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += body["results"]
        pages = max(1, math.ceil(body["count"] / 200))
        page += 1
    return found


def check_exactly_once(world: World, load: Load, tag: str) -> None:
    """Each key made one order, every acknowledged id is readable, each order has one board
    row and one `nouvelle_commande` notification per recipient role."""
    by_key: dict[str, set[str]] = {}
    for key, order_id in load.answers:
        by_key.setdefault(key, set()).add(order_id)
    assert set(by_key) == set(load.keys)
    assert all(len(ids) == 1 for ids in by_key.values()), by_key
    acknowledged = {next(iter(ids)) for ids in by_key.values()}
    with world.http(world.topology.api_url(1)) as http:
        wait_caught_up(http)
        for order_id in acknowledged:
            answer = http.get(f"/api/orders/{order_id}/", headers=world.headers())
            assert answer.status_code == 200, answer.text
        board = orders_tagged(http, world, tag)
        assert Counter(row["notes"] for row in board) == Counter(load.keys)
        assert sorted(row["id"] for row in board) == sorted(acknowledged)
        for who, role in (("admin", "admin"), ("manager", "gestionnaire_commandes")):
            notices = Counter(n["data"]["order_id"] for n in notifications_of(http, world, who)
                              if n["type"] == "nouvelle_commande"
                              and n["data"].get("order_id") in acknowledged)
            assert notices == Counter(acknowledged), f"{role}: {notices}"


@pytest.mark.slow
@pytest.mark.postgres
def test_a_worker_killed_mid_load_loses_and_doubles_nothing(world: World) -> None:
    topology = world.topology
    tag = uuid.uuid4().hex[:10]
    load = Load(world, [topology.api_url(0), topology.api_url(1)],
                [f"{tag}-{n:03d}" for n in range(48)], threads=6).start()
    load.wait_until_done(12)
    topology.kill_worker()  # SIGKILL: a batch may die between its reads and its commit
    with world.http(topology.api_url(1)) as http:
        wait_lagging(http)  # writes keep landing in the log while nobody projects them
    topology.start_worker()
    load.join()
    check_exactly_once(world, load, tag)


@pytest.mark.slow
@pytest.mark.postgres
def test_an_api_killed_mid_load_loses_no_acknowledged_order(world: World) -> None:
    topology = world.topology
    tag = uuid.uuid4().hex[:10]
    load = Load(world, [topology.url], [f"{tag}-{n:03d}" for n in range(60)],
                threads=6).start()
    load.wait_until_done(12)
    topology.kill_api(0)  # SIGKILL with requests in flight: nginx answers 502 for those
    topology.start_api(0)
    load.join()
    wait_healthy(topology.api_url(0))
    check_exactly_once(world, load, tag)
    print(f"retries while API 0 was down: {dict(load.retries)}")


def test_docker_compose_file_is_valid() -> None:
    compose = require_tool("docker-compose", "docker-compose")
    result = subprocess.run([compose, "--env-file", ".env.example", "config", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
