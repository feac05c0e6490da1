"""Real server processes (`uvicorn gapal.asgi:make_app --factory`, `gapal serve`, `gapal worker`)
on loopback ports, and a `websockets` client that records what each socket hears.

The database, its tables and one user per role are made in this process before any server
starts, so that the processes never race to create them. Every process started here is ended
at teardown, whatever the test did."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from application.users import NewUser
from domain.permissions import SYSTEM
from domain.values import Role
from gapal.bootstrap import bootstrap, ensure_admin
from tests.conftest import FAST_PASSWORDS, IN_CI, make_settings
from tests.integration.conftest import (
    SERVER_ADMIN,
    SERVER_ADMIN_PASSWORD,
    SERVER_SECRET,
    ServerProcess,
    free_port,
    wait_until_healthy,
)

REDIS_URL = os.environ.get("GAPAL_TEST_REDIS", "redis://127.0.0.1:6379/0")
PASSWORD = "password-123"
ROLES = ["vendeur", "gestionnaire_commandes", "gestionnaire_stocks"]
Message = dict[str, Any]
Predicate = Callable[[Message], bool]


def redis_available() -> bool:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


def require_redis() -> None:
    """Under CI a missing Redis fails the run; on a laptop it skips."""
    if not redis_available():
        if IN_CI:
            pytest.fail(f"Redis injoignable ({REDIS_URL}) alors que CI=true")
        pytest.skip("Redis injoignable")


def prepare_database(database_url: str, data_dir: Path) -> None:
    """Tables, the admin and one user per role (named after it), before any server starts."""
    settings = make_settings(database_url, data_dir, run_projector=False, redis_url=None)
    gapal = bootstrap(settings, passwords=FAST_PASSWORDS)
    try:
        ensure_admin(gapal, SERVER_ADMIN, SERVER_ADMIN_PASSWORD)
        for role in ROLES:
            gapal.services.users.register(SYSTEM, NewUser(role, f"{role}@gapal.bf", PASSWORD,
                                                           Role(role)))
        gapal.projector.catch_up()
    finally:
        gapal.close()


def gapal_command() -> list[str]:
    script = Path(sys.executable).parent / "gapal"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from gapal.cli import main; main()"]


@dataclass
class Cluster:
    """Server processes sharing one database (and Redis when `redis_url` is set)."""

    database_url: str
    workdir: Path
    redis_url: str | None = None
    processes: list[ServerProcess] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # more `GAPAL_*` for every process

    def env(self, run_projector: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GAPAL_")}
        env.update({
            "GAPAL_DATABASE_URL": self.database_url,
            "GAPAL_SECRET_KEY": SERVER_SECRET,
            "GAPAL_ADMIN_USERNAME": SERVER_ADMIN,
            "GAPAL_ADMIN_PASSWORD": SERVER_ADMIN_PASSWORD,
            "GAPAL_DATA_DIR": str(self.workdir),
            "GAPAL_RUN_PROJECTOR": "true" if run_projector else "false",
            "PYTHONUNBUFFERED": "1",
        })
        if self.redis_url:
            env["GAPAL_REDIS_URL"] = self.redis_url
        env.update(self.settings)
        return env

    def _spawn(self, name: str, argv: list[str], port: int, run_projector: bool) -> ServerProcess:
        log_path = self.workdir / f"{name}.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                argv, cwd=self.workdir, env=self.env(run_projector), stdout=log,
                stderr=subprocess.STDOUT)
        server = ServerProcess(process, port, log_path)
        self.processes.append(server)
        return server

    def uvicorn(self, name: str, *, run_projector: bool = True,
                wait: bool = True) -> ServerProcess:
        """`uvicorn gapal.asgi:make_app --factory`, healthy on return unless `wait=False`."""
        port = free_port()
        server = self._spawn(name, [sys.executable, "-m", "uvicorn", "gapal.asgi:make_app",
                                    "--factory", "--host", "127.0.0.1", "--port", str(port),
                                    "--log-level", "warning"], port, run_projector)
        if wait:
            wait_until_healthy(server)
        return server

    def serve(self, name: str, *, wait: bool = True) -> ServerProcess:
        """`gapal serve` (its projector in-process, or in a child process with Redis),
        healthy on return unless `wait=False`."""
        port = free_port()
        server = self._spawn(name, [*gapal_command(), "serve", "--host", "127.0.0.1",
                                    "--port", str(port)], port, run_projector=True)
        if wait:
            wait_until_healthy(server)
        return server

    def worker(self, name: str, *, wait: bool = True) -> ServerProcess:
        """`gapal worker`, running its projector on return unless `wait=False`."""
        worker = self._spawn(name, [*gapal_command(), "worker"], 0, run_projector=True)
        if wait:
            wait_until_working(worker)
        return worker

    def ready(self, *servers: ServerProcess) -> None:
        """Waits for processes started with `wait=False` (they start side by side)."""
        for server in servers:
            if server.port:
                wait_until_healthy(server)
            else:
                wait_until_working(server)

    def stop_all(self) -> None:
        for server in self.processes:
            try:
                server.stop()
            except Exception:  # teardown ends the others whatever happens
                kill9(server)


def wait_until_working(worker: ServerProcess, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while "Projections en cours" not in worker.output():
        if worker.process.poll() is not None:
            raise AssertionError(f"worker exited early:\n{worker.output()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"worker not started in {timeout}s:\n{worker.output()}")
        time.sleep(0.05)


def kill9(server: ServerProcess) -> None:
    """SIGKILL to this one process (by its id), then reap it."""
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)


@pytest.fixture
def cluster_on(tmp_path: Path) -> Iterator[Callable[..., Cluster]]:
    """`cluster_on(database_url, redis=True)` prepares that database and returns a `Cluster`;
    its processes are all ended at teardown."""
    made: list[Cluster] = []

    def make(database_url: str, *, with_redis: bool = False) -> Cluster:
        if with_redis:
            require_redis()
        workdir = tmp_path / f"cluster-{len(made)}"
        workdir.mkdir()
        prepare_database(database_url, workdir)
        cluster = Cluster(database_url, workdir, REDIS_URL if with_redis else None)
        made.append(cluster)
        return cluster

    try:
        yield make
    finally:
        for cluster in made:
            cluster.stop_all()


@pytest.fixture(scope="module")
def single_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One `gapal serve` on SQLite with the in-process bus, shared by a module's tests (each
    makes its own users, products and orders and looks only at those)."""
    workdir = tmp_path_factory.mktemp("single")
    database_url = f"sqlite:///{workdir / 'gapal.db'}"
    prepare_database(database_url, workdir)
    cluster = Cluster(database_url, workdir)
    try:
        yield cluster.serve("serve")
    finally:
        cluster.stop_all()


# --- Clients ----------------------------------------------------------------------------------


def ws_url(server: ServerProcess, token: str) -> str:
    return f"ws://127.0.0.1:{server.port}/ws/notifications/?token={token}"


class Socket:
    """A real WebSocket client; a thread records each message with its arrival time."""

    def __init__(self, server: ServerProcess, token: str) -> None:
        self.conn: ClientConnection = connect(ws_url(server, token), proxy=None, legacy=True,
                                              open_timeout=10, close_timeout=2)
        self.messages: list[tuple[float, Message]] = []
        self._changed = threading.Condition()
        self.closed = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while True:
                raw = self.conn.recv()
                arrived = time.perf_counter()
                with self._changed:
                    self.messages.append((arrived, json.loads(raw)))
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            with self._changed:
                self._changed.notify_all()

    @property
    def close_code(self) -> int | None:
        return self.conn.close_code

    def wait_for(self, predicate: Predicate, timeout: float = 5.0) -> tuple[float, Message]:
        """The first message (and its arrival time) that matches, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for arrived, message in self.messages[seen:]:
                    if predicate(message):
                        return arrived, message
                seen = len(self.messages)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed.is_set():
                    raise AssertionError(f"no such message in {timeout}s "
                                         f"(closed: {self.close_code}); heard {self.kinds()}")
                self._changed.wait(remaining)

    def matching(self, predicate: Predicate) -> list[Message]:
        with self._changed:
            return [message for _, message in self.messages if predicate(message)]

    def kinds(self) -> list[str]:
        with self._changed:
            return [f"{m.get('type')}:{m.get('event') or m.get('notification', {}).get('type')}"
                    for _, m in self.messages][-30:]

    def wait_closed(self, timeout: float = 5.0) -> int | None:
        assert self.closed.wait(timeout), f"socket still open after {timeout}s"
        return self.close_code

    def close(self) -> None:
        self.conn.close()
        self._reader.join(timeout=5)


def is_order(order_id: str, event: str | None = None) -> Predicate:
    return lambda m: (m.get("type") == "order" and m["order"]["id"] == order_id
                      and (event is None or m["event"] == event))


def is_product(product_id: str, **fields: Any) -> Predicate:
    return lambda m: (m.get("type") == "product" and m["product"]["id"] == product_id
                      and all(m["product"].get(k) == v for k, v in fields.items()))


def is_notification(kind: str, **data: str) -> Predicate:
    return lambda m: (m.get("type") == "notification" and m["notification"]["type"] == kind
                      and all(m["notification"]["data"].get(k) == v for k, v in data.items()))


@dataclass
class Client:
    """Speaks HTTP to one server process, signed in as one user at a time."""

    server: ServerProcess
    http: httpx.Client
    tokens: dict[str, str] = field(default_factory=dict)
    opened: list[Socket] = field(default_factory=list)

    @classmethod
    def of(cls, server: ServerProcess) -> Client:
        return cls(server, httpx.Client(base_url=server.base_url, timeout=30, trust_env=False))

    def login(self, username: str, password: str = PASSWORD) -> str:
        answer = self.http.post("/api/auth/login/", json={"username": username,
                                                           "password": password})
        assert answer.status_code == 200, answer.text
        self.tokens[username] = answer.json()["access"]
        return self.tokens[username]

    def call(self, who: str, method: str, path: str, status: int | None = None,
             **kwargs: Any) -> Any:
        if who not in self.tokens:
            self.login(who, SERVER_ADMIN_PASSWORD if who == SERVER_ADMIN else PASSWORD)
        answer = self.http.request(method, path, headers={
            "Authorization": f"Bearer {self.tokens[who]}"}, **kwargs)
        if status is not None:
            assert answer.status_code == status, f"{method} {path}: {answer.text}"
        return answer.json()

    def user(self, role: str) -> dict[str, Any]:
        """A fresh user of this role, signed in under its username."""
        name = f"{role[:10]}-{uuid.uuid4().hex[:8]}"
        body: dict[str, Any] = self.call(SERVER_ADMIN, "POST", "/api/users/", 201, json={
            "username": name, "email": f"{name}@gapal.bf", "password": PASSWORD, "role": role,
            "phone": ""})
        self.login(name)
        return body

    def socket(self, who: str) -> Socket:
        if who not in self.tokens:
            self.call(who, "GET", "/api/auth/me/", 200)
        socket = Socket(self.server, self.tokens[who])
        self.opened.append(socket)
        return socket

    def product(self, **fields: Any) -> dict[str, Any]:
        category = self.call(SERVER_ADMIN, "POST", "/api/categories/", 201,
                             json={"name": f"Laitages {uuid.uuid4().hex[:6]}"})
        body: dict[str, Any] = self.call(SERVER_ADMIN, "POST", "/api/products/", 201, json={
            "name": f"Lait caillé {uuid.uuid4().hex[:6]}", "category_id": category["id"],
            "unit": "L", "unit_price": 500, "min_stock_level": 2, "stock_quantity": 1000,
            **fields})
        return body

    def order(self, who: str, product: dict[str, Any], quantity: float = 1) -> dict[str, Any]:
        body: dict[str, Any] = self.call(who, "POST", "/api/orders/", 201, json={
            "client_name": "Awa Bationo", "client_phone": "70 12 34 56",
            "items": [{"product_id": product["id"], "quantity": quantity}]})
        return body

    def health(self) -> dict[str, Any]:
        answer = self.http.get("/api/health/")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def wait_projected(self, timeout: float = 20.0) -> None:
        """Until the health endpoint shows no lag for any projection."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            projections = self.health()["projections"]
            if all(p["lag"] == 0 for p in projections.values()):
                return
            time.sleep(0.1)
        raise AssertionError(f"projections still lagging: {self.health()}")

    def close(self) -> None:
        for socket in self.opened:
            with contextlib.suppress(Exception):
                socket.close()
        self.http.close()


@pytest.fixture
def client_of() -> Iterator[Callable[[ServerProcess], Client]]:
    """`client_of(server)`: an HTTP + WebSocket client, closed (sockets too) at teardown."""
    made: list[Client] = []

    def make(server: ServerProcess) -> Client:
        made.append(Client.of(server))
        return made[-1]

    try:
        yield make
    finally:
        for client in made:
            client.close()
