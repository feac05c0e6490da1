"""Benchmark (a): orders placed per second over HTTP on PostgreSQL, side by side in one run.

1. Gapal: `uvicorn gapal.asgi:make_app --factory --workers 2` (GAPAL_RUN_PROJECTOR=false) and one
   `gapal worker`, Redis between them — the docker-compose topology without nginx —
   `POST /api/orders/` with a bearer token; each answer waits for the read model (201 + row).
2. The peer: `uvicorn bench.peer_crud:app --workers 2`, same body, same token, plain
   FastAPI + SQLAlchemy inserting one order row and its line rows.
3. The limit: raw psycopg 3, one connection per thread, the same rows as the peer, one commit
   per order.

Same client for all three: THREADS threads (closed loop, httpx keep-alive), WARMUP seconds
not counted, then SECONDS counted; every system on the same PostgreSQL.

    .venv/bin/python bench/http_orders.py [--seconds 15] [--threads 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
from harness import (
    SECRET,
    Deployment,
    LoadResult,
    Processes,
    closed_loop,
    deploy,
    fresh_schema,
    ms,
    order_body,
    percentile,
    schema_of,
)
from peer_crud import create_tables


def http_poster(url: str, headers: dict[str, str], body: dict[str, Any], *,
                tracking: bool = False) -> Callable[[int], Callable[[], bool]]:
    """`tracking`: each client sends back the last `X-Gapal-Position` it was answered, as the
    dashboard and the vendor app do (read-your-writes by token: no wait for the views)."""
    def make(_index: int) -> Callable[[], bool]:
        http = httpx.Client(base_url=url, headers=headers, timeout=60, trust_env=False)
        seen = ["0"]

        def step() -> bool:
            answer = http.post("/api/orders/", json=body,
                               headers={"X-Gapal-Position": seen[0]} if tracking else None)
            seen[0] = answer.headers.get("X-Gapal-Position", seen[0])
            return answer.status_code == 201

        return step

    return make


def raw_committer(database_url: str, products: list[dict[str, Any]],
                  opened: list[psycopg.Connection[Any]],
                  ) -> Callable[[int], Callable[[], bool]]:
    """One order row and its line rows per commit, as the peer writes them."""
    base, schema = database_url.split("?", maxsplit=1)[0], schema_of(database_url)

    def make(_index: int) -> Callable[[], bool]:
        conn = psycopg.connect(base, options=f"-csearch_path={schema}")
        opened.append(conn)

        def step() -> bool:
            order_id, now = str(uuid.uuid4()), datetime.now(UTC)
            lines = [(order_id, n, p["id"], p["name"], p["unit"], q, p["unit_price"],
                      int(q * int(p["unit_price"])))
                     for n, (p, q) in enumerate(zip(products, (2, 1.5), strict=True))]
            with conn.transaction():
                conn.execute(
                    "INSERT INTO peer_orders (id, order_number, client_name, client_phone,"
                    " delivery_address, delivery_date, delivery_status, payment_status,"
                    " priority, total_price, notes, created_by, created_at) VALUES"
                    " (%s, %s, %s, %s, %s, NULL, 'nouvelle', 'non_payee', 'moyenne', %s, '',"
                    " %s, %s)",
                    (order_id, f"{now:%y%m%d}-{order_id[:13].upper()}", "Awa Bationo",
                     "+22670123456", "Secteur 4, Koudougou", sum(line[-1] for line in lines),
                     "bench", now))
                with conn.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO peer_order_lines (order_id, line_no, product_id,"
                        " product_name, unit, quantity, unit_price, subtotal)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", lines)
            return True

        return step

    return make


def run(seconds: float = 15.0, threads: int = 8, workers: int = 2,
        warmup: float = 3.0, single: bool = False, tracking: bool = False,
        projector_process: bool = True) -> dict[str, Any]:
    """Measures the three systems. `single`: one `gapal serve` (with Redis: its projector in a
    child process, unless `projector_process` is False) against one peer process."""
    if single:
        workers = 1
    with fresh_schema() as url, Processes() as processes:
        serve = str(projector_process).lower() if single else None
        gapal = deploy(processes, url, workers, projector_worker=not single, serve=serve)
        return measure(processes, gapal, url, seconds, threads, workers, warmup, tracking)


def measure(processes: Processes, gapal: Deployment, url: str, seconds: float, threads: int,
            workers: int, warmup: float, tracking: bool = False) -> dict[str, Any]:
    body = order_body(gapal.products)
    create_tables(url)
    catalogue = {p["id"]: [p["name"], p["unit"], p["unit_price"]] for p in gapal.products}
    peer_url = processes.uvicorn("peer", "bench.peer_crud:app", workers,
                                 PEER_DATABASE_URL=url, PEER_SECRET=SECRET,
                                 PEER_CATALOGUE=json.dumps(catalogue))
    results: dict[str, LoadResult] = {}
    opened: list[psycopg.Connection[Any]] = []
    for name, make in (
        ("gapal", http_poster(gapal.url, gapal.headers(), body, tracking=tracking)),
        ("peer", http_poster(peer_url, gapal.headers(), body)),
        ("raw", raw_committer(url, gapal.products, opened)),
    ):
        results[name] = closed_loop(threads, seconds, warmup, make)
        for conn in opened:
            conn.close()
        if name == "peer":  # its connections freed for raw psycopg's
            processes.end("peer")
        print(f"  {name:<6} {results[name].rate:8.1f} orders/s  p50 "
              f"{ms(percentile(results[name].latencies, 0.5))}  p99 "
              f"{ms(percentile(results[name].latencies, 0.99))}  errors "
              f"{results[name].errors}", flush=True)
    return {"threads": threads, "workers": workers, "seconds": seconds,
            "results": {name: {"rate": r.rate, "errors": r.errors,
                               "p50": percentile(r.latencies, 0.5),
                               "p99": percentile(r.latencies, 0.99)}
                        for name, r in results.items()}}


def table(figures: dict[str, Any]) -> list[str]:
    results = figures["results"]
    raw = results["raw"]["rate"] or 1.0
    labels = {"gapal": "Gapal: POST /api/orders/ (event store + read model, 201 after projection)",
              "peer": "Peer: FastAPI + SQLAlchemy CRUD (bench/peer_crud.py)",
              "raw": "Raw psycopg commits of the same rows (the limit)"}
    lines = ["| system | orders/s | p50 | p99 | errors | share of raw | Gapal ÷ system |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in ("gapal", "peer", "raw"):
        r = results[name]
        lines.append(f"| {labels[name]} | {r['rate']:.0f} | {ms(r['p50'])} | {ms(r['p99'])} "
                     f"| {r['errors']} | {r['rate'] / raw:.1%} "
                     f"| {results['gapal']['rate'] / (r['rate'] or 1.0):.2f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single", action="store_true",
                        help="one `gapal serve` (its projector in a child process) vs one peer "
                             "process")
    parser.add_argument("--in-process", action="store_true",
                        help="with --single: `gapal serve` projects in its own process "
                             "(GAPAL_PROJECTOR_PROCESS=false)")
    parser.add_argument("--tracking", action="store_true",
                        help="Gapal's clients send back X-Gapal-Position (read-your-writes by "
                             "token) instead of waiting for the views on each write")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}", flush=True)
    figures = run(args.seconds, args.threads, args.workers, single=args.single,
                  tracking=args.tracking, projector_process=not args.in_process)
    print("\n".join(table(figures)))


if __name__ == "__main__":
    main()
