"""Benchmark (b): from `POST /api/orders/` to the WebSocket message, at a steady rate.

Open loop: order n is due at start + n / RATE whatever happened to the previous ones (a pool
of senders keeps the pace even when answers are slow), for SECONDS. One admin listens on
/ws/notifications/; each order's latency runs from the moment it was due to the arrival of its
`order`/`created` message (so a sender that fell behind counts against the system), and the
HTTP answer's latency is measured the same way. Gapal runs as in benchmark (a):
`uvicorn --workers 2` without projector + one `gapal worker`, Redis between them.
`--tracking`: each sender thread sends back the last `X-Gapal-Position` it was answered, as
the dashboard and the vendor app do, so its answer does not wait for the views.

    .venv/bin/python bench/ws_latency.py [--rate 50] [--seconds 20] [--tracking] [--warmup 0]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from harness import Deployment, Processes, deploy, fresh_schema, ms, order_body, percentile
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

SENDERS = 32  # requests in flight at most; beyond, orders wait here (and are late)


class Listener:
    """Records when each order's `created` message arrives, by client name."""

    def __init__(self, url: str) -> None:
        self.conn = connect(url, proxy=None, legacy=True, open_timeout=10, close_timeout=2,
                            max_queue=None)
        self.arrived: dict[str, float] = {}
        self.conn.send("ping")
        while json.loads(self.conn.recv(timeout=10)).get("type") != "pong":
            pass
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while True:
                raw = self.conn.recv()
                now = time.perf_counter()
                message = json.loads(raw)
                if message.get("type") == "order" and message.get("event") == "created":
                    self.arrived.setdefault(message["order"]["client_name"], now)
        except ConnectionClosed:
            pass

    def close(self) -> None:
        self.conn.close()
        self._thread.join(timeout=5)


def measure(gapal: Deployment, rate: float, seconds: float,
            tracking: bool = False, warmup: float = 0.0) -> dict[str, Any]:
    """`warmup`: orders sent at the same pace for that long first, and not counted (a fresh
    process's first requests open connections and fill caches)."""
    tag = uuid.uuid4().hex[:8]
    total = int(rate * (seconds + warmup))
    skipped = int(rate * warmup)
    due: dict[str, float] = {}
    answered: dict[str, float] = {}
    failures: list[str] = []
    local = threading.local()
    listener = Listener(f"{gapal.url.replace('http://', 'ws://')}/ws/notifications/"
                        f"?token={gapal.token}")

    def send(name: str) -> None:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=gapal.url, headers=gapal.headers(), timeout=60,
                                      trust_env=False)
            local.seen = "0"
        answer = local.http.post("/api/orders/", json=order_body(gapal.products, name),
                                 headers={"X-Gapal-Position": local.seen} if tracking else None)
        local.seen = answer.headers.get("X-Gapal-Position", local.seen)
        if answer.status_code == 201:
            answered[name] = time.perf_counter()
        else:
            failures.append(f"{answer.status_code} {answer.text[:80]}")

    try:
        with ThreadPoolExecutor(max_workers=SENDERS) as senders:
            start = time.perf_counter() + 0.5
            for n in range(total):
                name = f"Latence {tag} {n:05d}"
                due[name] = start + n / rate
                delay = due[name] - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                senders.submit(send, name)
        deadline = time.monotonic() + 15
        while len(listener.arrived) < len(answered) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        listener.close()
    counted = list(due)[skipped:]
    to_socket = [listener.arrived[name] - due[name] for name in counted
                 if name in listener.arrived]
    to_answer = [answered[name] - due[name] for name in counted if name in answered]
    figures: dict[str, Any] = {
        "rate": rate, "seconds": seconds, "sent": len(counted), "answered": len(to_answer),
        "heard": len(to_socket), "failures": failures[:5], "failed": len(failures),
        "ws_p50": percentile(to_socket, 0.5), "ws_p99": percentile(to_socket, 0.99),
        "ws_max": max(to_socket, default=0.0),
        "http_p50": percentile(to_answer, 0.5), "http_p99": percentile(to_answer, 0.99)}
    print(f"  {len(counted)} orders at {rate:g}/s: WebSocket p50 {ms(figures['ws_p50'])}, p99 "
          f"{ms(figures['ws_p99'])} (heard {len(to_socket)}); HTTP 201 p50 "
          f"{ms(figures['http_p50'])}, p99 {ms(figures['http_p99'])}", flush=True)
    return figures


def run(rate: float = 50.0, seconds: float = 20.0, tracking: bool = False,
        warmup: float = 0.0) -> dict[str, Any]:
    with fresh_schema() as url, Processes() as processes:
        return measure(deploy(processes, url), rate, seconds, tracking, warmup)


def table(*runs: tuple[str, dict[str, Any]]) -> list[str]:
    """One row per (label, figures); the label says which API answered."""
    lines = ["| steady load (open loop) | API | orders sent / answered 201 / heard on the socket "
             "| command → WebSocket p50 | p99 | max | HTTP 201 p50 | p99 |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    notes = []
    for label, figures in runs:
        lines.append(
            f"| {figures['rate']:g} orders/s for {figures['seconds']:g} s | {label} "
            f"| {figures['sent']} / {figures['answered']} / {figures['heard']} "
            f"| {ms(figures['ws_p50'])} | {ms(figures['ws_p99'])} | {ms(figures['ws_max'])} "
            f"| {ms(figures['http_p50'])} | {ms(figures['http_p99'])} |")
        if figures.get("failed"):
            notes.append(
                f"{label}, {figures['rate']:g}/s: {figures['failed']} answers were not 201, "
                f"e.g. `{figures['failures'][0]}` — the order was saved, but its projection "
                "came later than the 15 s a write waits for it (the system could not keep this "
                "pace then); a phone retries with the same key.")
    return lines + (["", *notes] if notes else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--tracking", action="store_true",
                        help="senders send back X-Gapal-Position (no wait for the views)")
    parser.add_argument("--warmup", type=float, default=0.0,
                        help="seconds of orders sent first at the same pace, not counted")
    args = parser.parse_args()
    print("\n".join(table(("Gapal", run(args.rate, args.seconds, args.tracking,
                                           args.warmup)))))


if __name__ == "__main__":
    main()
