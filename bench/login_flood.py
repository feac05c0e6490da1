"""Login flood: 200 concurrent sign-ins with random usernames against a real `gapal serve`
(SQLite); reports the server's peak RSS and the slowest /api/health/ answer during the burst.

    .venv/bin/python bench/login_flood.py [--runs 3] [--logins 200]

Two floods per run: from one address (the per-address rate answers most of them), and from
200 addresses (named by X-Forwarded-For through a trusted proxy, so only the password-check
slots bound the work). Argon2 as in production (64 MiB per check)."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass

import httpx
from harness import ADMIN, BIN, SECRET, Processes, free_port, wait_healthy

MIB = 1024


@dataclass
class Flood:
    """What one burst did to the server."""

    rss_before_mib: float
    peak_rss_mib: float
    max_health_s: float
    seconds: float
    statuses: Counter[int]


def rss_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise LookupError(field)


def watch_health(url: str, done: threading.Event, latencies: list[float]) -> None:
    with httpx.Client(timeout=120, trust_env=False) as client:
        while not done.is_set():
            start = time.perf_counter()
            client.get(f"{url}/api/health/")
            latencies.append(time.perf_counter() - start)
            time.sleep(0.05)


async def burst(url: str, logins: int, many_addresses: bool) -> Counter[int]:
    limits = httpx.Limits(max_connections=logins, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=300, limits=limits, trust_env=False) as client:
        async def one(index: int) -> int:
            headers = {"X-Forwarded-For": f"10.{index // 250}.{index % 250}.7"} \
                if many_addresses else {}
            answer = await client.post(f"{url}/api/auth/login/", headers=headers, json={
                "username": f"inconnu-{secrets.token_hex(6)}", "password": "mauvais-mdp-1"})
            return answer.status_code

        return Counter(await asyncio.gather(*(one(i) for i in range(logins))))


def flood(logins: int, many_addresses: bool) -> Flood:
    with Processes() as processes:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = processes.spawn("serve", [str(BIN / "gapal"), "serve", "--port", str(port)],
                                 GAPAL_DATABASE_URL=f"sqlite:///{processes.workdir / 'gapal.db'}",
                                 GAPAL_SECRET_KEY=SECRET, GAPAL_DATA_DIR=str(processes.workdir),
                                 GAPAL_ADMIN_USERNAME=ADMIN[0], GAPAL_ADMIN_PASSWORD=ADMIN[1],
                                 GAPAL_TRUSTED_PROXIES="127.0.0.1")
        wait_healthy(url, processes.workdir / "serve.log")
        before = rss_kib(server.pid, "VmRSS") / MIB
        done, latencies = threading.Event(), list[float]()
        watcher = threading.Thread(target=watch_health, args=(url, done, latencies))
        watcher.start()
        start = time.perf_counter()
        statuses = asyncio.run(burst(url, logins, many_addresses))
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
        peak = rss_kib(server.pid, "VmHWM") / MIB
    return Flood(before, peak, max(latencies), seconds, statuses)


def spread(values: list[float], unit: str) -> str:
    return (f"median {statistics.median(values):.{2 if unit == 's' else 0}f} {unit} "
            f"(min {min(values):.2f}, max {max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--logins", type=int, default=200)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    for many in (False, True):
        floods = [flood(args.logins, many) for _ in range(args.runs)]
        print(f"\n{args.logins} logins from {'200 addresses' if many else 'one address'}:")
        for number, result in enumerate(floods, 1):
            print(f"  run {number}: RSS {result.rss_before_mib:.0f} → peak "
                  f"{result.peak_rss_mib:.0f} MiB, health max {result.max_health_s:.2f} s, "
                  f"burst {result.seconds:.1f} s, {dict(sorted(result.statuses.items()))}")
        print(f"  peak RSS {spread([f.peak_rss_mib for f in floods], 'MiB')}")
        print(f"  health max {spread([f.max_health_s for f in floods], 's')}")
    print(f"\nload average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
