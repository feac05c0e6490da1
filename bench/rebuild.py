"""Benchmark (c): how fast the read models are rebuilt from the log, in events per second.

A fresh PostgreSQL schema receives EVENTS events written straight through the event store
(`application.store.GapalStore`): the aggregates are built with their own domain methods —
orders placed (with their number claims), prepared, sent, delivered (taking stock out of the
products), paid or cancelled; products restocked — and saved about 1 000 events per
`store.save()`. Then the rebuild is timed as `gapal projections rebuild` runs it:
`drop_and_recreate` + `projector.catch_up()` (batches of 500 events, rows and tracking in one
transaction per batch, the publisher after each commit).

    .venv/bin/python bench/rebuild.py [--events 1000000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from harness import fresh_schema

from application.passwords import Passwords
from application.users import NewUser
from domain.base import Claim
from domain.catalogue import Category, Product
from domain.order import ClientDetails, Order, OrderLine
from domain.permissions import SYSTEM
from domain.values import DeliveryStatus, PaymentStatus, Priority, Role, order_number
from gapal.bootstrap import Gapal, bootstrap
from gapal.settings import Settings
from projections.framework import Batch
from projections.orders import orders
from projections.publisher import Publisher
from projections.read_models import drop_and_recreate

SAVE_EVENTS = 1000
PRODUCTS = 40
RESTOCK_BELOW = Decimal(5000)
CLIENTS = ("Aïcha Kaboré", "Françoise Ouédraogo", "Hôtel Nazemsé", "Cantine Lycée Provincial",
           "Boutique Wend-Kuuni", "Clément Zongo", "Mariam Sawadogo", "Issouf Bationo")


class LogWriter:
    """Builds aggregates with their domain methods and saves ~SAVE_EVENTS events per save."""

    def __init__(self, gapal: Gapal, rng: random.Random) -> None:
        self.gapal = gapal
        self.rng = rng
        self.pending: dict[uuid.UUID, Any] = {}
        self.pending_events = 0
        self.written = 0
        self.today = datetime.now(UTC).date()
        self.numbers: set[str] = set()
        self.actors = [self.user(f"vendeur{n}", Role.VENDEUR) for n in range(5)]
        self.manager = self.user("awa.commandes", Role.GESTIONNAIRE_COMMANDES)
        category = Category(name="Laitages", description="", actor_id=self.manager)
        self.keep(category, 1)
        self.products = []
        for n in range(PRODUCTS):
            product = Product.register(
                name=f"Produit laitier {n:02d}", category_id=category.id, unit="L",
                unit_price=250 * (1 + n % 6), min_stock_level=Decimal(10), barcode=None,
                expiration_date=None, actor_id=self.manager)
            product.receive_stock(uuid.uuid4(), Decimal(50_000), "Stock initial", None,
                                  self.manager)
            self.products.append(product)
            self.keep(product, 2)
        self.flush()

    def user(self, username: str, role: Role) -> uuid.UUID:
        users = self.gapal.services.users
        written = users.register(SYSTEM, NewUser(username, f"{username}@gapal.bf",
                                                 "mot-de-passe-1", role))
        self.written = self.gapal.store.recorder.max_notification_id() or 0
        return written.id

    def keep(self, aggregate: Any, events: int) -> None:
        self.pending[aggregate.id] = aggregate
        self.pending_events += events

    def flush(self) -> None:
        if self.pending:
            self.gapal.store.save(*self.pending.values())
            self.written += self.pending_events
        self.pending.clear()
        self.pending_events = 0

    def order(self) -> None:
        """One order's life: 2 to 8 events (with its claim and the stock it takes out)."""
        rng, actor = self.rng, self.rng.choice(self.actors)
        chosen = rng.sample(self.products, rng.choice((1, 1, 2, 2, 3)))
        lines = [OrderLine(p.id, p.name, p.unit, Decimal(rng.randint(1, 12)) / 2, p.unit_price)
                 for p in chosen]
        client = ClientDetails(rng.choice(CLIENTS), f"+22670{rng.randrange(10**6):06d}", "",
                               None, "", rng.choice(list(Priority)))
        order_id = uuid.uuid4()
        while order_number(order_id, self.today) in self.numbers:  # 30 bits: collisions
            order_id = uuid.uuid4()  # happen among 16 000 orders of one day; the API retries
        self.numbers.add(order_number(order_id, self.today))
        order = Order.place(order_id=order_id, day=self.today, client=client, lines=lines,
                            payment_status=PaymentStatus.NON_PAYEE, local_id=None,
                            actor_id=actor)
        claim = Claim.claim("order_number", order.order_number, order.id, actor)
        events = 2
        fate = rng.random()
        if fate < 0.70:  # delivered and paid
            order.change_status(DeliveryStatus.EN_PREPARATION, self.manager)
            order.change_status(DeliveryStatus.EN_COURS, self.manager)
            products = {p.id: p for p in chosen}
            order.deliver(products, [uuid.uuid4() for _ in products], self.manager)
            order.change_payment(PaymentStatus.PAYEE, self.manager)
            events += 4 + len(products)
            for product in chosen:
                if product.stock_quantity < RESTOCK_BELOW:
                    product.receive_stock(uuid.uuid4(), Decimal(50_000), "Collecte", None,
                                          self.manager)
                    events += 1
                self.keep(product, 0)
        elif fate < 0.80:
            order.change_status(DeliveryStatus.ANNULEE, self.manager)
            events += 1
        elif fate < 0.90:
            order.change_status(DeliveryStatus.EN_PREPARATION, self.manager)
            events += 1
        self.keep(order, 0)
        self.keep(claim, 0)
        self.pending_events += events
        if self.pending_events >= SAVE_EVENTS:
            self.flush()

    def write(self, events: int) -> float:
        started = time.perf_counter()
        while self.written + self.pending_events < events:
            self.order()
        self.flush()
        return time.perf_counter() - started


def quarter_rates(progress: list[tuple[int, float]], began: float) -> tuple[float, float]:
    """Events/s over the first and the last quarter of the batches (is the rate flat?)."""
    if not progress:
        return 0.0, 0.0
    quarter = max(1, len(progress) // 4)
    times = [began] + [at for _, at in progress]

    def rate(first: int, last: int) -> float:  # batches first..last-1
        events = sum(n for n, _ in progress[first:last])
        return events / max(1e-9, times[last] - times[first])

    return rate(0, quarter), rate(len(progress) - quarter, len(progress))


def per_row_messages(gapal: Gapal, batch: Batch) -> int:
    """The publisher before its fix: one query (and one pooled connection) per changed row."""
    found = 0
    for order_id in sorted(batch.changed.get("order", ())):
        found += gapal.read.get_order(order_id) is not None
    for product_id in sorted(batch.changed.get("product", ())):
        found += gapal.read.get_product(product_id) is not None
    for notification_id in sorted(batch.changed.get("notification", ())):
        found += gapal.inbox.get(notification_id) is not None
    return found


def time_publisher(gapal: Gapal, publisher: Publisher, batches: list[Batch],
                   sample: int = 10) -> dict[str, float]:
    """The publisher's reads for full batches of the rebuild, as now and as before the fix."""
    chosen = batches[len(batches) // 2:][:sample]
    started = time.perf_counter()
    for batch in chosen:
        publisher.messages(batch)
    after = (time.perf_counter() - started) / max(1, len(chosen))
    started = time.perf_counter()
    for batch in chosen:
        per_row_messages(gapal, batch)
    before = (time.perf_counter() - started) / max(1, len(chosen))
    print(f"  publisher reads per batch of 500 events: {before * 1000:.0f} ms one row at a "
          f"time (before), {after * 1000:.0f} ms one query per kind (now)", flush=True)
    return {"publisher_before": before, "publisher_after": after}


def run(events: int = 1_000_000) -> dict[str, Any]:
    with fresh_schema() as url, tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=url, secret_key="bench-" + "r" * 40,
                            data_dir=Path(folder), redis_url=None, run_projector=False)
        gapal = bootstrap(settings, passwords=Passwords(time_cost=1, memory_cost=8 * 1024))
        try:
            writer = LogWriter(gapal, random.Random(1124))
            seconds = writer.write(events)
            head = gapal.store.recorder.max_notification_id() or 0
            print(f"  {head} events written in {seconds:.1f} s "
                  f"({head / seconds:.0f} events/s)", flush=True)
            batches: list[Batch] = []
            publisher = gapal.projector.after_commit
            assert isinstance(publisher, Publisher)

            def publish(batch: Batch) -> None:
                batches.append(batch)  # kept to time the publisher again, below
                publisher(batch)

            gapal.projector.after_commit = publish
            started = time.perf_counter()
            drop_and_recreate(gapal.db, gapal.projector.projection)
            progress: list[tuple[int, float]] = []
            replayed = gapal.projector.catch_up(lambda n: progress.append(
                (n, time.perf_counter())))
            rebuild = time.perf_counter() - started
            first, last = quarter_rates(progress, started)
            print(f"  rate in the first quarter of the log {first:.0f} events/s, in the last "
                  f"{last:.0f} events/s", flush=True)
            publishing = time_publisher(gapal, publisher, batches)
            with gapal.db.reader.connect() as conn:
                order_rows = conn.execute(sa.select(sa.func.count()).select_from(orders)).scalar()
            print(f"  rebuild: {replayed} events in {rebuild:.1f} s "
                  f"({replayed / rebuild:.0f} events/s), {order_rows} orders", flush=True)
            return {"events": replayed, "write_seconds": seconds, "write_rate": head / seconds,
                    "rebuild_seconds": rebuild, "rate": replayed / rebuild,
                    "orders": order_rows, "first_quarter_rate": first,
                    "last_quarter_rate": last, **publishing}
        finally:
            gapal.close()


def table(figures: dict[str, Any], asked: int = 1_000_000) -> list[str]:
    rate = figures["rate"]
    lines = ["| log | written (store.save, ~1 000 events each) | rebuild (drop + catch_up) "
             "| events/s |", "| --- | ---: | ---: | ---: |",
             f"| {figures['events']:,} events ({figures['orders']:,} orders) "
             f"| {figures['write_seconds']:.0f} s ({figures['write_rate']:,.0f} events/s) "
             f"| {figures['rebuild_seconds']:.0f} s | {rate:,.0f} |"]
    lines.append(f"| *publisher reads per batch of 500 events (the fix)* | | "
                 f"{figures['publisher_before'] * 1000:.0f} ms one row at a time → "
                 f"{figures['publisher_after'] * 1000:.0f} ms one query per kind | |")
    if figures["events"] < asked:
        lines.append(f"| {asked:,} events (extrapolated, same rate) | | "
                     f"≈ {asked / rate / 60:.0f} min | {rate:,.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    print("\n".join(table(run(args.events), args.events)))


if __name__ == "__main__":
    main()
