"""What the benchmarks share: the machine's description, fresh PostgreSQL schemas, server
processes on loopback ports, a closed-loop HTTP load and percentiles.

Not a test module: the benchmarks are scripts (`make bench` runs them all, see run_all.py)."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("GAPAL_BENCH_POSTGRES",
                        os.environ.get("GAPAL_TEST_POSTGRES",
                                       "postgresql://postgres@127.0.0.1:5432/test"))
REDIS_URL = os.environ.get("GAPAL_BENCH_REDIS", "redis://127.0.0.1:6379/0")
SECRET = "bench-secret-" + "b" * 40
ADMIN = ("admin", "bench-admin-password-1")


# --- The machine ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, PostgreSQL and Python versions, and when."""
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError), open("/proc/meminfo") as info:
        for line in info:
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            postgres = str(row[0]) if row else "?"
    except psycopg.Error:
        postgres = "unreachable"
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram,
            "postgres": postgres, "python": platform.python_version(),
            "kernel": platform.release()}


# --- Databases --------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_schema(prefix: str = "bench") -> Iterator[str]:
    """A database URL on a new PostgreSQL schema, dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        drop_schema(schema)


def drop_schema(schema: str) -> None:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def schema_of(url: str) -> str:
    return url.split("schema=")[1]


# --- Processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Processes:
    """Server processes started by a benchmark; all ended on exit, whatever happened."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="gapal-bench-")))
    env: dict[str, str] = field(default_factory=dict)
    running: list[subprocess.Popen[bytes]] = field(default_factory=list)
    named: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def spawn(self, name: str, args: list[str], **env: str) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        process = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, **self.env, **env})
        self.running.append(process)
        self.named[name] = process
        return process

    def end(self, name: str) -> None:
        """Stops one process (and frees its database connections)."""
        process = self.named.pop(name)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, args: list[str], **env: str) -> None:
        subprocess.run(args, cwd=ROOT, env={**os.environ, **self.env, **env}, check=True,
                       capture_output=True, timeout=300)

    def uvicorn(self, name: str, target: str, workers: int, *, factory: bool = False,
                **env: str) -> str:
        """`uvicorn TARGET --workers N` on a free port; its base URL once healthy."""
        port = free_port()
        self.spawn(name, [str(BIN / "uvicorn"), target, *(["--factory"] if factory else []),
                          "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                          "--log-level", "warning", "--no-access-log"], **env)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, self.workdir / f"{name}.log")
        return url

    def serve(self, name: str, **env: str) -> str:
        """`gapal serve` itself on a free port (with Redis: its projector in a child process,
        unless `GAPAL_PROJECTOR_PROCESS=false`); its base URL once healthy."""
        port = free_port()
        self.spawn(name, [str(BIN / "gapal"), "serve", "--host", "127.0.0.1", "--port",
                          str(port)], **env)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, self.workdir / f"{name}.log")
        return url

    def stop(self) -> None:
        for process in reversed(self.running):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.running.clear()

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def wait_healthy(url: str, log: Path | None = None, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/api/health/", timeout=2, trust_env=False).status_code == 200:
                return
        time.sleep(0.1)
    output = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{url} not healthy in {timeout}s\n{output}")


def gapal_env(database_url: str, workdir: Path, redis: bool = True) -> dict[str, str]:
    env = {"GAPAL_DATABASE_URL": database_url, "GAPAL_SECRET_KEY": SECRET,
           "GAPAL_DATA_DIR": str(workdir), "GAPAL_CREATE_TABLES": "false"}
    if redis:
        env["GAPAL_REDIS_URL"] = REDIS_URL
    return env


def migrate(processes: Processes) -> None:
    """Tables and the admin, once, before any server starts (as docker-compose's `migrate`)."""
    processes.run([str(BIN / "gapal"), "migrate"], GAPAL_CREATE_TABLES="true",
                  GAPAL_ADMIN_USERNAME=ADMIN[0], GAPAL_ADMIN_PASSWORD=ADMIN[1])


def login(base_url: str, username: str = ADMIN[0], password: str = ADMIN[1]) -> str:
    answer = httpx.post(f"{base_url}/api/auth/login/", json={"username": username,
                                                              "password": password},
                        timeout=30, trust_env=False)
    answer.raise_for_status()
    token: str = answer.json()["access"]
    return token


# --- Load and statistics ----------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 when there is nothing to rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class LoadResult:
    done: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


def closed_loop(threads: int, seconds: float, warmup: float,
                make_worker: Callable[[int], Callable[[], bool]]) -> LoadResult:
    """`threads` threads each call their worker in a loop (True = one success) for `warmup`
    seconds, then `seconds` more in which each completed call counts."""
    start = time.perf_counter()
    counting_from = start + warmup
    stop_at = counting_from + seconds
    lock = threading.Lock()
    done, errors, latencies = [0], [0], []

    def run(index: int) -> None:
        try:
            step = make_worker(index)
        except Exception:  # no connection for this thread: one error, and it stops
            with lock:
                errors[0] += 1
            return
        while (began := time.perf_counter()) < stop_at:
            try:
                ok = step()
            except Exception:  # counted, and the load goes on
                ok = False
            ended = time.perf_counter()
            if counting_from <= ended <= stop_at:
                with lock:
                    if ok:
                        done[0] += 1
                        latencies.append(ended - began)
                    else:
                        errors[0] += 1

    workers = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return LoadResult(done[0], errors[0], seconds, latencies)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


# --- Gapal as deployed ------------------------------------------------------------------------


@dataclass
class Deployment:
    """Gapal as docker-compose runs it: `uvicorn --workers N` (no projector) + `gapal worker`,
    on a fresh PostgreSQL schema, with Redis; signed in as admin, with two products."""

    url: str
    token: str
    products: list[dict[str, object]]

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra}


def deploy(processes: Processes, database_url: str, workers: int = 2,
           projector_worker: bool = True, serve: str | None = None) -> Deployment:
    """Gapal's API processes, and its `gapal worker` (else each API process projects).
    `serve`: one `gapal serve` instead, with `GAPAL_PROJECTOR_PROCESS` set to this."""
    processes.env = gapal_env(database_url, processes.workdir)
    migrate(processes)
    if serve is not None:
        url = processes.serve("api", GAPAL_PROJECTOR_PROCESS=serve)
    else:
        if projector_worker:
            processes.spawn("worker", [str(BIN / "gapal"), "worker"])
        url = processes.uvicorn("api", "gapal.asgi:make_app", workers, factory=True,
                                GAPAL_RUN_PROJECTOR=str(not projector_worker).lower())
    token = login(url)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30, trust_env=False) as http:
        category = http.post("/api/categories/", json={"name": "Lait frais"})
        category.raise_for_status()
        products = []
        for name, unit, price in (("Lait frais de vache (1 L)", "L", 500),
                                  ("Gapal (sachet 0,5 L)", "sachet", 250)):
            answer = http.post("/api/products/", json={
                "name": name, "category_id": category.json()["id"], "unit": unit,
                "unit_price": price, "min_stock_level": 2, "stock_quantity": 1_000_000})
            answer.raise_for_status()
            products.append(answer.json())
    return Deployment(url, token, products)


def order_body(products: list[dict[str, object]], client_name: str = "Awa Bationo",
               ) -> dict[str, object]:
    """The body every system of benchmark (a) receives: two lines."""
    return {"client_name": client_name, "client_phone": "+226 70 12 34 56",
            "delivery_address": "Secteur 4, Koudougou", "notes": "",
            "items": [{"product_id": products[0]["id"], "quantity": 2},
                      {"product_id": products[1]["id"], "quantity": 1.5}]}
