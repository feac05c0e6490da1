"""Benchmark: the order search (`GET /api/orders/?search=`) at 100 000 orders on PostgreSQL.

A fresh schema is made as a start makes it (`Database.create_schema`: the views' tables and
indexes), then the order board (`view_orders`) is filled in bulk with SQLAlchemy Core: a year of
orders whose `search_text` is computed as the projection computes it (`search_key` of the order
number, the client's name and phone), and their rows of the search (`view_order_search`) copied
from them as the projection copies them; the customers of /work/shared/data/customers.csv order
again and again, the others are names drawn from common Burkinabè first and last names, phones
normalised as the domain keeps them (`+226XXXXXXXX`). Nothing is ANALYZEd (autovacuum is off on
this machine, and the app analyses nothing): the planner sees the table as a start leaves it.

Then the real query owner, `OrderBoard.list(admin, page 1 of 50, search=...)` — the count and the
page, as the route runs them — is timed in one thread for five kinds of terms: a client's name
fragment, a phone fragment, an order number, a common two or three letter fragment and a term
that matches nothing. Every run prints p50 / p95 / p99 over all its queries, per kind, and the
load average.

    .venv/bin/python bench/search_bench.py [--orders 100000] [--queries 250] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from harness import fresh_schema, ms, percentile
from list_orders import board

from application.store import DatabaseConfig
from domain.permissions import Actor, Role
from domain.values import burkina_phone, order_number
from projections.db import Database, search_key
from projections.order_search import order_search, search_row
from projections.orders import order_lines, orders
from projections.queries.orders import OrderBoard, OrderFilters, search_keys
from projections.queries.paging import PageRequest, counted

CUSTOMERS = Path("/work/shared/data/customers.csv")
FIRST = ("Awa", "Aïcha", "Françoise", "Issouf", "Salif", "Mariam", "Boukary", "Rasmané",
         "Adama", "Fatimata", "Clément", "Safiatou", "Ousmane", "Alizèta", "Hamidou", "Rasmata",
         "Maïmouna", "Pascal", "Aminata", "Inoussa", "Korotimi", "Souleymane", "Noélie", "Jean")
LAST = ("Kaboré", "Ouédraogo", "Sawadogo", "Zongo", "Compaoré", "Bationo", "Yaméogo", "Traoré",
        "Nikiéma", "Ilboudo", "Kiendrébéogo", "Bamogo", "Zoungrana", "Tapsoba", "Konaté",
        "Nébié", "Bado", "Kanzié", "Zida", "Ouattara", "Diallo", "Tiendrébéogo", "Kambou")
PREFIXES = ("70", "71", "72", "74", "75", "76", "77", "78", "60", "61", "64", "65", "66", "05",
            "06", "07", "25")
REGULARS = 0.15  # the customers of customers.csv: the shops and canteens that order each week
BATCH = 5000
ADMIN = Actor(uuid.UUID(int=1), "admin", Role.ADMIN)
NAME_TERMS = ("kabore", "Ouédraogo", "bationo", "nebie", "wend-kouni", "zoungrana", "cantine",
              "aminata sawa")
FRAGMENTS = ("ka", "ou", "sa", "ama", "bo", "ré", "ia")
MISSES = ("xylophone", "zzqx", "qwerty", "Dupont", "99 99 99 99")


def customers() -> list[tuple[str, str, str]]:
    with CUSTOMERS.open(encoding="utf-8") as file:
        return [(row["client_name"], burkina_phone(row["client_phone"]), row["delivery_address"])
                for row in csv.DictReader(file)]


def orders_of(count: int, rng: random.Random) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """The list benchmark's year of orders, with clients, phones, addresses and numbers as
    real orders carry them, and `search_text` as the projection writes it."""
    regulars = customers()
    for order, lines in board(count, {"id": str(ADMIN.user_id), "username": "admin"}, rng):
        if rng.random() < REGULARS:
            name, phone, address = rng.choice(regulars)
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"+226{rng.choice(PREFIXES)}{rng.randrange(10**6):06d}"
            address = f"Secteur {rng.randint(1, 11)}, Koudougou"
        number = order_number(uuid.UUID(order["id"]), order["created_day"])
        order.update(order_number=number, client_name=name, client_phone=phone,
                     delivery_address=address, search_text=search_key(number, name, phone))
        yield order, lines


def fill(db: Database, count: int) -> tuple[float, list[dict[str, str]]]:
    """Writes the orders; returns the seconds it took and a sample of the rows for terms."""
    started = time.perf_counter()
    rng = random.Random(20261201)
    sample: list[dict[str, str]] = []
    rows = orders_of(count, rng)
    while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
        with db.writer.begin() as conn:
            conn.execute(orders.insert(), [order for order, _ in batch])
            conn.execute(order_lines.insert(), [line for _, lines in batch for line in lines])
            conn.execute(order_search.insert(), [search_row(order) for order, _ in batch])
        sample += [{"number": o["order_number"], "phone": o["client_phone"]}
                   for o, _ in rng.sample(batch, 20)]
    return time.perf_counter() - started, sample


def terms(sample: list[dict[str, str]], each: int, rng: random.Random) -> list[tuple[str, str]]:
    """`each` terms of every kind, shuffled: (kind, term)."""
    chosen = rng.sample(sample, each)
    phones = [" ".join([p["phone"][4:6], p["phone"][6:8], p["phone"][8:10]]) if n % 2 else
              p["phone"][6:11] for n, p in enumerate(chosen)]  # `76 45 12`, `45128`
    kinds = {"client name": [NAME_TERMS[n % len(NAME_TERMS)] for n in range(each)],
             "phone fragment": phones,
             "order number": [p["number"] if n % 3 else p["number"].lower()
                              for n, p in enumerate(chosen)],
             "2-3 letter fragment": [FRAGMENTS[n % len(FRAGMENTS)] for n in range(each)],
             "no match": [MISSES[n % len(MISSES)] for n in range(each)]}
    found = [(kind, term) for kind, words in kinds.items() for term in words]
    rng.shuffle(found)
    return found


def time_searches(board_: OrderBoard, searches: list[tuple[str, str]]) -> dict[str, Any]:
    """Every search timed once (after a first pass that warms the caches)."""
    for _, term in searches[:20]:
        board_.list(ADMIN, PageRequest(), OrderFilters(search=term))
    by_kind: dict[str, list[float]] = {}
    matching: dict[str, list[int]] = {}
    for kind, term in searches:
        started = time.perf_counter()
        page = board_.list(ADMIN, PageRequest(), OrderFilters(search=term))
        by_kind.setdefault(kind, []).append(time.perf_counter() - started)
        matching.setdefault(kind, []).append(page.count)
    every = [t for times in by_kind.values() for t in times]
    return {"all": quantiles(every), "queries": len(every),
            "kinds": {kind: {**quantiles(times), "matching": sorted(matching[kind])}
                      for kind, times in by_kind.items()}}


def quantiles(times: list[float]) -> dict[str, float]:
    return {"p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99), "max": max(times)}


def plan_of(db: Database, term: str) -> str:
    """The plan PostgreSQL chooses for the count of a search, as the board runs it."""
    query = counted(search_keys(OrderFilters(search=term)))
    with db.reader.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        lines = conn.execute(sa.text(f"EXPLAIN {compiled}")).scalars().all()
    return " / ".join(line.strip() for line in lines if "Scan" in line)


def run(count: int, queries: int, runs: int) -> None:
    each = max(1, queries // 5)
    with fresh_schema("search") as url:
        db = Database.connect(DatabaseConfig(url), pool_size=2)
        try:
            db.create_schema()
            seconds, sample = fill(db, count)
            print(f"{count} orders written in {seconds:.1f} s (nothing ANALYZEd)", flush=True)
            for term in ("kabore", "ka", "76 45 12"):
                print(f"  plan of the count for {term!r}: {plan_of(db, term)}", flush=True)
            board_ = OrderBoard(db)
            for n in range(runs):
                searches = terms(sample, each, random.Random(n))
                print(f"run {n + 1}/{runs} at {datetime.now(UTC):%H:%M:%S} UTC, "
                      f"load average {load()}", flush=True)
                report(time_searches(board_, searches))
        finally:
            db.dispose()


def report(figures: dict[str, Any]) -> None:
    every = figures["all"]
    print(f"  all {figures['queries']} searches: p50 {ms(every['p50'])}  p95 {ms(every['p95'])}"
          f"  p99 {ms(every['p99'])}  max {ms(every['max'])}", flush=True)
    for kind, found in figures["kinds"].items():
        matching = found["matching"]
        print(f"    {kind:<20} p50 {ms(found['p50']):>9}  p95 {ms(found['p95']):>9}  p99 "
              f"{ms(found['p99']):>9}  (matching {matching[0]}–{matching[-1]})", flush=True)


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    run(args.orders, args.queries, args.runs)


if __name__ == "__main__":
    main()
