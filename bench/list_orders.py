"""Benchmark (d): `GET /api/orders/` latency with 100 000 orders on PostgreSQL.

The rows go straight into the order board (`view_orders`, `view_order_lines`) with SQLAlchemy
Core in bulk — a year of orders, one to three lines each, all delivered or cancelled but those
of the last two days — and VACUUM ANALYZE (what autovacuum does soon after); then one client
times typical queries of the dashboard, one request at a time, against a real
`uvicorn gapal.asgi:make_app --factory --workers 2` signed in as admin. Last, the two indexes
this benchmark led to are put back as they were, and what they fixed is timed again.

    .venv/bin/python bench/list_orders.py [--orders 100000] [--requests 60]
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from harness import ADMIN, Processes, fresh_schema, login, migrate, ms, percentile
from stats import spread, tenths

from application.store import DatabaseConfig
from projections.db import Database, search_key
from projections.orders import order_lines, orders
from projections.users import users

FIRST = ("Awa", "Aïcha", "Françoise", "Issouf", "Salif", "Mariam", "Boukary", "Rasmané",
         "Adama", "Fatimata", "Clément", "Safiatou", "Ousmane", "Alizèta", "Hamidou")
LAST = ("Kaboré", "Ouédraogo", "Sawadogo", "Zongo", "Compaoré", "Bationo", "Yaméogo", "Traoré",
        "Nikiéma", "Ilboudo", "Kiendrébéogo", "Bamogo", "Zoungrana", "Tapsoba", "Konaté")
PRODUCTS = (("Lait frais de vache (1 L)", "L", 500), ("Gapal (sachet 0,5 L)", "sachet", 250),
            ("Yaourt nature (pot 500 g)", "pot", 750), ("Fromage peulh wagashi", "pièce", 500),
            ("Dêguê (pot 1 L)", "pot", 1000), ("Beurre de karité (250 g)", "pot", 1500))
RECENT = timedelta(days=2)  # older orders are all delivered or cancelled, as in real life
OPEN_STATUSES = ("nouvelle", "en_preparation", "en_cours", "livree")
PRIORITIES = (("basse", 1, 20), ("moyenne", 2, 60), ("haute", 3, 20))
BATCH = 5000
QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("default page (newest first)", {}),
    ("status filter `delivery_status=nouvelle,en_preparation`",
     {"delivery_status": "nouvelle,en_preparation"}),
    ("status filter `delivery_status=livree`", {"delivery_status": "livree"}),
    ("search `kabore` (client name)", {"search": "kabore"}),
    ("`ordering=priority`", {"ordering": "priority"}),
    ("page 50", {"page": 50}),
)
PRIORITY_QUERY = QUERIES[4]


def board(count: int, admin: dict[str, Any], rng: random.Random,
          ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """`count` orders over the last year, oldest first, with their lines."""
    end = datetime.now(UTC)
    step = timedelta(days=365) / count
    product_ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, name)) for name, _, _ in PRODUCTS]
    priorities = [(p, u) for p, u, weight in PRIORITIES for _ in range(weight)]
    for n in range(count):
        created = end - step * (count - n)
        order_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        number = f"{created:%y%m%d}-{n:06X}"
        client = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        phone = f"+22670{rng.randrange(10**6):06d}"
        if end - created > RECENT:
            status = "livree" if rng.random() < 0.88 else "annulee"
        else:
            status = rng.choice(OPEN_STATUSES)
        priority, urgency = rng.choice(priorities)
        chosen = rng.sample(range(len(PRODUCTS)), rng.randint(1, 3))
        items: list[dict[str, Any]] = []
        for k in chosen:
            name, unit, price = PRODUCTS[k]
            quantity = rng.randint(1, 20) / 2
            items.append({"product_id": product_ids[k], "product_name": name, "unit": unit,
                          "quantity": quantity, "unit_price": price,
                          "subtotal": round(quantity * price)})
        total = sum(i["subtotal"] for i in items)
        paid = total if status == "livree" else 0  # marked paid whole when delivered
        yield ({
            "id": order_id, "order_number": number, "local_id": None, "client_name": client,
            "client_phone": phone, "delivery_address": "Secteur 4, Koudougou",
            "delivery_date": (created + timedelta(days=1)).date(), "delivery_status": status,
            "payment_status": "payee" if status == "livree" else "non_payee",
            "priority": priority, "urgency": urgency,
            "total_price": total, "amount_paid": paid, "amount_due": total - paid,
            "payments_total": 0, "marked_paid": status == "livree",
            "credit_exceeded": False, "over_credit_limit": False, "notes": "", "items": items,
            "created_by": admin["id"], "created_by_username": admin["username"],
            "created_at": created, "created_day": created.date(), "updated_at": created,
            "version": 3 if status != "nouvelle" else 1,
            "search_text": search_key(number, client, phone),
            "unusual_reasons": [], "is_unusual": False,
        }, [{"order_id": order_id, "line_no": k, "product_id": i["product_id"],
             "product_name": i["product_name"], "quantity_milli": int(i["quantity"] * 1000),
             "subtotal": i["subtotal"], "is_open": status not in ("livree", "annulee")}
            for k, i in enumerate(items)])


def fill(database_url: str, count: int) -> float:
    """Writes the orders; returns the seconds it took."""
    db = Database.connect(DatabaseConfig(database_url), pool_size=1)
    started = time.perf_counter()
    try:
        with db.reader.connect() as conn:
            admin = dict(conn.execute(sa.select(users.c.id, users.c.username)
                                      .where(users.c.username == ADMIN[0])).mappings().one())
        rows = board(count, admin, random.Random(20261124))
        while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
            with db.writer.begin() as conn:
                conn.execute(orders.insert(), [order for order, _ in batch])
                conn.execute(order_lines.insert(), [line for _, lines in batch for line in lines])
        with db.writer.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                sa.text("VACUUM ANALYZE"))  # what autovacuum does soon after a bulk load
    finally:
        db.dispose()
    return time.perf_counter() - started


def time_queries(base_url: str, token: str, requests: int,
                 queries: tuple[tuple[str, dict[str, Any]], ...] = QUERIES,
                 ) -> list[dict[str, Any]]:
    figures = []
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"},
                      timeout=60, trust_env=False) as http:
        for label, params in queries:
            latencies = []
            for n in range(requests + 5):
                started = time.perf_counter()
                answer = http.get("/api/orders/", params=params)
                elapsed = time.perf_counter() - started
                answer.raise_for_status()
                if n >= 5:  # the first ones warm the caches
                    latencies.append(elapsed)
            body = answer.json()
            figures.append({"query": label, "count": body["count"],
                            "returned": len(body["results"]),
                            "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
                            "max": max(latencies)})
            print(f"  {label:<56} p50 {ms(figures[-1]['p50']):>9}  p95 "
                  f"{ms(figures[-1]['p95']):>9}  ({body['count']} matching)", flush=True)
    return figures


def sql(database_url: str, *statements: str) -> None:
    db = Database.connect(DatabaseConfig(database_url), pool_size=1)
    try:
        with db.writer.connect() as conn:
            autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
            for statement in statements:
                autocommit.execute(sa.text(statement))
    finally:
        db.dispose()


def run(count: int = 100_000, requests: int = 60, workers: int = 2,
        runs: int = 3) -> dict[str, Any]:
    """The queries with this release's indexes, then the priority query as it was before its
    fix (the urgency index alone), then the index put back: RUNS rounds on the same rows."""
    with fresh_schema() as url, Processes() as processes:
        processes.env = {"GAPAL_DATABASE_URL": url, "GAPAL_SECRET_KEY": "bench-" + "l" * 40,
                         "GAPAL_DATA_DIR": str(processes.workdir),
                         "GAPAL_CREATE_TABLES": "false"}
        migrate(processes)
        seconds = fill(url, count)
        print(f"  {count} orders written in {seconds:.1f} s (then VACUUM ANALYZE)", flush=True)
        api = processes.uvicorn("api", "gapal.asgi:make_app", workers, factory=True,
                                GAPAL_RUN_PROJECTOR="false")
        token = login(api)
        rounds = []
        for n in range(runs):
            began = load()
            print(f"  round {n + 1}/{runs}, load average {began}", flush=True)
            queries = time_queries(api, token, requests)
            # (the reserved-quantity sum of open lines is gone: the stock view keeps it by deltas)
            print("  before the fix: urgency index alone", flush=True)
            sql(url, "DROP INDEX ix_view_orders_urgency",
                "CREATE INDEX ix_view_orders_urgency ON view_orders (urgency)", "ANALYZE")
            before = time_queries(api, token, requests, (PRIORITY_QUERY,))[0]
            sql(url, "DROP INDEX ix_view_orders_urgency",
                "CREATE INDEX ix_view_orders_urgency ON view_orders (urgency, id)", "ANALYZE")
            rounds.append({"load": began, "queries": queries, "priority_before": before})
        return {"orders": count, "requests": requests, "fill_seconds": seconds,
                "rounds": rounds}


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def table(figures: dict[str, Any]) -> list[str]:
    """One row per query: median [min–max] of its p50 and p95 over the rounds, then every
    round's figures; the rounds' load averages below."""
    rounds = figures["rounds"]
    lines = ["| query (page of 50, as admin) | matching | p50, median [min–max] "
             "| p95, median [min–max] | p50 / p95 / max of each run |",
             "| --- | ---: | ---: | ---: | --- |"]

    def row(label: str, found: list[dict[str, Any]]) -> str:
        p50 = spread(q["p50"] * 1000 for q in found)
        p95 = spread(q["p95"] * 1000 for q in found)
        each = "; ".join(f"{ms(q['p50'])} / {ms(q['p95'])} / {ms(q['max'])}" for q in found)
        return (f"| {label} | {found[0]['count']} | {p50.show(tenths, 'ms')} "
                f"| {p95.show(tenths, 'ms')} | {each} |")

    for index, query in enumerate(rounds[0]["queries"]):
        lines.append(row(query["query"], [r["queries"][index] for r in rounds]))
    before = [r["priority_before"] for r in rounds]
    lines.append(row(f"*before the fix:* {before[0]['query']} with the urgency index alone",
                     before))
    lines += ["", "Load average (1, 5, 15 min) at the start of each run: "
              + "; ".join(f"run {n}: {r['load']}" for n, r in enumerate(rounds, 1)) + "."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(table(run(args.orders, args.requests, runs=args.runs))))


if __name__ == "__main__":
    main()
