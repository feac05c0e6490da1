"""Benchmark of the reports (not a test): the PDF of 1 000 orders and the CSV of 100 000 orders,
rows written straight into the order board. Prints the time and the peak Python memory.

    .venv/bin/python bench/reports_bench.py [--pdf 1000] [--csv 100000] [--url sqlite:///...]
    .venv/bin/python bench/reports_bench.py --demo-pdf test-output/rapport-commandes-demo.pdf

The CSV is read and written in batches: its peak memory should stay flat from 10 000 to
100 000 orders, while the PDF (which reportlab lays out in memory) grows with its pages."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.reports.orders_csv import csv_chunks
from api.reports.orders_pdf import OrdersReport, orders_pdf
from application.store import DatabaseConfig
from gapal.bootstrap import bootstrap
from gapal.demo import load_demo
from gapal.settings import Settings
from gapal.web import create_app
from projections.db import Database
from projections.orders import order_lines, orders
from projections.reports import ReportFilters, Reports

CLIENTS = ("Aïcha Kaboré", "Françoise Ouédraogo", "Hôtel Nazemsé", "Cantine Lycée Provincial",
           "Boutique Wend-Kuuni", "Clément Zongo")
PRODUCTS = (("Lait frais de vache (1 L)", "L", 500), ("Gapal (sachet 0,5 L)", "sachet", 250),
            ("Yaourt nature (pot 500 g)", "pot", 750), ("Fromage peulh wagashi", "pièce", 500))
STATUSES = ("nouvelle", "en_preparation", "en_cours", "livree", "annulee")
INSERT_BATCH = 5000


def board_rows(count: int, start: datetime, rng: random.Random,
               ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """`count` orders spread over a year, with one to three lines each."""
    step = timedelta(days=365) / count
    for n in range(count):
        created = start + step * n
        oid = f"00000000-0000-4000-8000-{n:012d}"
        chosen = rng.sample(PRODUCTS, rng.randint(1, 3))
        items = [{"product_id": f"p-{name[:8]}", "product_name": name, "unit": unit,
                  "quantity": q, "unit_price": price, "subtotal": round(q * price)}
                 for (name, unit, price), q in ((p, rng.randint(1, 10) / 2) for p in chosen)]
        total = sum(int(i["subtotal"]) for i in items)
        paid = rng.choice((True, False))  # marked paid whole, or nothing paid
        yield ({"id": oid, "order_number": f"{created:%y%m%d}-{n:06d}", "local_id": None,
                "client_name": rng.choice(CLIENTS), "client_phone": f"+22670{n % 10**6:06d}",
                "delivery_address": "Koudougou", "delivery_date": None,
                "delivery_status": rng.choice(STATUSES),
                "payment_status": "payee" if paid else "non_payee",
                "priority": rng.choice(("haute", "moyenne", "basse")), "urgency": 2,
                "total_price": total, "amount_paid": total if paid else 0,
                "amount_due": 0 if paid else total, "payments_total": 0, "marked_paid": paid,
                "credit_exceeded": False, "over_credit_limit": False, "notes": "",
                "items": items, "created_by": "bench", "created_by_username": "awa.commandes",
                "created_at": created, "created_day": created.date(), "updated_at": created,
                "version": 1, "search_text": "", "unusual_reasons": [], "is_unusual": False},
               [{"order_id": oid, "line_no": k, "product_id": i["product_id"],
                 "product_name": i["product_name"], "quantity_milli": int(i["quantity"] * 1000),
                 "subtotal": i["subtotal"], "is_open": True} for k, i in enumerate(items)])


def fill(db: Database, count: int) -> None:
    rows = board_rows(count, datetime(2025, 1, 1, tzinfo=UTC), random.Random(7))
    while batch := [row for _, row in zip(range(INSERT_BATCH), rows, strict=False)]:
        with db.writer.begin() as conn:
            conn.execute(orders.insert(), [order for order, _ in batch])
            conn.execute(order_lines.insert(), [line for _, lines in batch for line in lines])


def measured(label: str, work: Callable[[], int]) -> None:
    """Runs `work` twice: once for the time, once under tracemalloc for the peak memory."""
    started = time.perf_counter()
    size = work()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<34} {elapsed:7.2f} s   peak {peak / 2**20:7.1f} MiB   "
          f"output {size / 2**20:6.2f} MiB")


def csv_size(reports: Reports) -> int:
    return sum(len(chunk) for chunk in csv_chunks(reports.orders(ReportFilters())))


def pdf_size(reports: Reports) -> int:
    filters = ReportFilters()
    document = orders_pdf(OrdersReport(filters, reports.totals(filters), reports.orders(filters),
                                       datetime.now(UTC), "awa.commandes"))
    return len(document)


def bench(url: str, counts: tuple[int, ...], kind: str) -> None:
    for count in counts:
        db = Database.connect(DatabaseConfig(url.format(kind=kind, count=count)), pool_size=2)
        db.create_schema()
        started = time.perf_counter()
        fill(db, count)
        print(f"  ({count} orders written in {time.perf_counter() - started:.1f} s)")
        reports = Reports(db)
        measured(f"{kind.upper()} of {count} orders", lambda r=reports: (
            csv_size(r) if kind == "csv" else pdf_size(r)))
        if kind == "csv":
            measured(f"summary of {count} orders", lambda r=reports: len(str(
                r.summary(ReportFilters()))))
        db.dispose()


def demo_pdf(target: Path) -> None:
    """The PDF of the demo data (`gapal.demo.load_demo`), asked over HTTP by awa.commandes."""
    folder = Path(tempfile.mkdtemp(prefix="gapal-demo-"))
    gapal = bootstrap(Settings(database_url=f"sqlite:///{folder}/demo.db", data_dir=folder))
    gapal.start()
    try:
        load_demo(gapal)
        with TestClient(create_app(gapal, run_projector=False)) as client:
            login = client.post("/api/auth/login/", json={"username": "awa.commandes",
                                                          "password": "commandes-2026"})
            answer = client.get("/api/reports/orders/pdf/", headers={
                "Authorization": f"Bearer {login.json()['access']}"})
        answer.raise_for_status()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(answer.content)
        print(f"{target}: {len(answer.content)} bytes")
    finally:
        gapal.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=int, default=1000)
    parser.add_argument("--csv", type=int, default=100_000)
    parser.add_argument("--url", help="database URL with {kind} and {count} (a fresh database "
                        "each); default: SQLite files in a temporary folder")
    parser.add_argument("--demo-pdf", type=Path, help="only write the demo data's PDF there")
    args = parser.parse_args()
    if args.demo_pdf:
        demo_pdf(args.demo_pdf)
        return
    folder = Path(tempfile.mkdtemp(prefix="gapal-bench-"))
    url = args.url or f"sqlite:///{folder}/{{kind}}-{{count}}.db"
    bench(url, (args.pdf,), "pdf")
    bench(url, (args.csv // 10, args.csv), "csv")


if __name__ == "__main__":
    main()
