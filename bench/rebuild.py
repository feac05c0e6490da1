"""Benchmark (c): how fast the read models are rebuilt from the log, in events per second.

A fresh PostgreSQL schema (or, with `--sqlite`, a fresh SQLite file) receives EVENTS events
written straight through the event store (`application.store.GapalStore`): the aggregates are
built with their own domain methods — orders placed (with their number claims), prepared,
sent, delivered (taking stock out of the products), paid or cancelled; products restocked —
and saved about 1 000 events per `store.save()`. Then, on that same log:

- the whole log is read and decoded alone (pages of CATCH_UP_BATCH events, the mapper of the
  event store), the floor under any rebuild;
- the rebuild is timed RUNS times as `gapal projections rebuild` runs it: `drop_and_recreate`
  + `projector.catch_up(limit=CATCH_UP_BATCH, publish=False)`, with the load average beside;
- steady state: 500 more events are written, then projected as the live projector does (one
  batch of 500, published on the in-process bus), several times.

    .venv/bin/python bench/rebuild.py [--events 1000000] [--runs 3] [--sqlite]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import stats
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
from projections.orders import orders
from projections.runner import CATCH_UP_BATCH, few_collections

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
        self.today = datetime.now(UTC).date()
        category = Category(name="Laitages", description="", actor_id=self.manager)
        self.keep(category, 1)
        self.products = []
        for n in range(PRODUCTS):
            product = Product.register(
                name=f"Produit laitier {n:02d}", category_id=category.id, unit="L",
                unit_price=250 * (1 + n % 6), min_stock_level=Decimal(10), barcode=None,
                expiration_date=None, actor_id=self.manager)
            product.receive_stock(uuid.uuid4(), Decimal(50_000), "Stock initial", None,
                                  self.manager, today=self.today)
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
            order.deliver(products, [uuid.uuid4() for _ in products], self.manager, self.today)
            order.change_payment(PaymentStatus.PAYEE, self.manager, order.placed_on)
            events += 4 + len(products)
            for product in chosen:
                if product.stock_quantity < RESTOCK_BELOW:
                    product.receive_stock(uuid.uuid4(), Decimal(50_000), "Collecte", None,
                                          self.manager, today=self.today)
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


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def read_log(gapal: Gapal) -> tuple[int, float]:
    """Reads and decodes the whole log as a rebuild does, projecting nothing."""
    recorder, projector = gapal.store.recorder, gapal.projector
    started, position, count = time.perf_counter(), 0, 0
    with few_collections():  # as Gapal.rebuild reads it
        while notifications := recorder.select_notifications(
                start=position, limit=CATCH_UP_BATCH, inclusive_of_start=False):
            count += len(projector.decode(notifications)[0])
            position = notifications[-1].id
    return count, time.perf_counter() - started


def rebuild_once(gapal: Gapal, run: int, workers: int | None = None) -> dict[str, Any]:
    """One rebuild, as `gapal projections rebuild` does it with `workers` processes (the
    settings' `GAPAL_REBUILD_WORKERS` by default)."""
    started = time.perf_counter()
    progress: list[tuple[int, float]] = []
    replayed = gapal.rebuild(lambda n: progress.append((n, time.perf_counter())), workers)
    seconds = time.perf_counter() - started
    first, last = quarter_rates(progress, started)
    figures = {"events": replayed, "seconds": seconds, "rate": replayed / seconds,
               "first_quarter_rate": first, "last_quarter_rate": last, "load": load()}
    label = "1 process" if workers == 1 else "rebuild"
    print(f"  {label} run {run}: {replayed} events in {seconds:.1f} s "
          f"({figures['rate']:,.0f} events/s; first/last quarter {first:,.0f}/{last:,.0f}), "
          f"load average {figures['load']}", flush=True)
    return figures


def steady_state(gapal: Gapal, writer: LogWriter, batches: int = 7) -> list[float]:
    """Milliseconds to project (and publish) one live batch of 500 fresh events; the share
    of publishing is printed beside."""
    timings, publishing, shares = [], [], []
    publisher = gapal.projector.after_commit
    assert publisher is not None

    def publish(batch: Any) -> None:
        started = time.perf_counter()
        publisher(batch)
        publishing.append((time.perf_counter() - started) * 1000)

    gapal.projector.after_commit = publish
    for _ in range(batches):
        target = writer.written + 500
        while writer.written + writer.pending_events < target:
            writer.order()
        writer.flush()
        started, before = time.perf_counter(), len(publishing)
        gapal.projector.process_batch(limit=500)
        timings.append((time.perf_counter() - started) * 1000)
        shares.append(publishing[before] if len(publishing) > before else 0.0)
        gapal.projector.catch_up()
    print(f"  of which publishing (messages built and sent on the in-process bus): "
          f"{spread(shares)} ms", flush=True)
    return timings


def views_alone(gapal: Gapal, runs: int) -> dict[str, dict[str, Any]]:
    """Each view replayed alone up to the projection's position, as an upgrade that changed
    only it does at start (`rebuild_view`): reading only the kinds of events it declares, then,
    side by side in the same round, reading every event (as before `View.reads`)."""
    projector = gapal.projector
    found: dict[str, dict[str, Any]] = {
        view.name: {"events": 0, "own": [], "every": []} for view in projector.projection.views}
    for n in range(runs):
        for view in projector.projection.views:
            figures = found[view.name]
            started = time.perf_counter()
            figures["events"] = projector.rebuild_view(view.name)
            figures["own"].append(time.perf_counter() - started)
            declared, view.reads = view.reads, None
            try:
                started = time.perf_counter()
                projector.rebuild_view(view.name)
                figures["every"].append(time.perf_counter() - started)
            finally:
                view.reads = declared
            print(f"  round {n + 1}, view {view.name} alone: {figures['events']} events of its "
                  f"kinds in {figures['own'][-1]:.2f} s; reading every event "
                  f"{figures['every'][-1]:.2f} s, load average {load()}", flush=True)
    return found


def views_table(figures: dict[str, Any]) -> list[str]:
    """One view replayed alone (an upgrade that changed only it), beside the full rebuild."""
    positions, full = figures["positions"], figures["rebuild_seconds"]
    lines = [f"One view replayed alone up to position {positions:,} (`Projector.rebuild_view`, "
             "as a start after an upgrade that changed only that view does), reading only the "
             "kinds of events the view declares (`View.reads`), then, in the same round, every "
             "event; median [min–max] of the rounds:", "",
             "| view | events of its kinds | alone, its kinds | log positions/s | reading every "
             "event | every ÷ its kinds (per round) | ÷ median full rebuild |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, view in figures["views"].items():
        own, every = stats.spread(view["own"]), stats.spread(view["every"])
        gains = stats.spread(e / o for e, o in zip(view["every"], view["own"], strict=True))
        lines.append(f"| {name} | {view['events']:,} | {own.show(stats.hundredths, 's')} "
                     f"| {stats.spread(positions / o for o in view['own']).show()} "
                     f"| {every.show(stats.hundredths, 's')} "
                     f"| {gains.show(stats.hundredths, 'x')} "
                     f"| {own.median / full:.2f} |")
    return lines


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):,.0f}, min {min(values):,.0f}, " \
        f"max {max(values):,.0f}"


def written_log(stack: contextlib.ExitStack, events: int, sqlite: bool
                ) -> tuple[Gapal, LogWriter, float]:
    """A Gapal (projector stopped) on a fresh SQLite file or PostgreSQL schema, closed with
    `stack`, and its log of `events` events written; the seconds the writing took."""
    folder = stack.enter_context(tempfile.TemporaryDirectory())
    url = f"sqlite:///{folder}/gapal.db" if sqlite else stack.enter_context(fresh_schema())
    settings = Settings(database_url=url, secret_key="bench-" + "r" * 40,
                        data_dir=Path(folder), redis_url=None, run_projector=False)
    gapal = bootstrap(settings, passwords=Passwords(time_cost=1, memory_cost=8 * 1024))
    stack.callback(gapal.close)
    writer = LogWriter(gapal, random.Random(1124))
    return gapal, writer, writer.write(events)


def run(events: int = 1_000_000, runs: int = 3, sqlite: bool = False) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        gapal, writer, seconds = written_log(stack, events, sqlite)
        head = gapal.store.recorder.max_notification_id() or 0
        print(f"  {gapal.store.backend}: {head} events written in {seconds:.1f} s "
              f"({head / seconds:,.0f} events/s), load average {load()}", flush=True)
        reads = []
        for n in range(runs):
            read_count, taken = read_log(gapal)
            reads.append(taken)
            print(f"  read + decode the whole log alone, run {n + 1}: {read_count} events in "
                  f"{taken:.1f} s ({read_count / taken:,.0f} events/s), load average {load()}",
                  flush=True)
        read_seconds = statistics.median(reads)
        # Side by side in each round: the rebuild as configured (on PostgreSQL, views in
        # GAPAL_REBUILD_WORKERS processes), then in one process.
        side_by_side = gapal.store.backend == "postgresql" and gapal.settings.rebuild_workers > 1
        rebuilds, alone = [], []
        for n in range(runs):
            rebuilds.append(rebuild_once(gapal, n + 1))
            if side_by_side:
                alone.append(rebuild_once(gapal, n + 1, workers=1))
        with gapal.db.reader.connect() as conn:
            order_rows = conn.execute(sa.select(sa.func.count()).select_from(orders)).scalar()
        positions = gapal.waiter.current()
        views = views_alone(gapal, runs)
        steady = steady_state(gapal, writer)
        print(f"  steady state: a batch of 500 events projected in {spread(steady)} ms "
              f"(7 batches), load average {load()}", flush=True)
        rates = [r["rate"] for r in rebuilds]
        middle = sorted(rebuilds, key=lambda r: r["rate"])[len(rebuilds) // 2]
        print(f"  rebuild events/s: {spread(rates)}; rebuild / read-log time ratio "
              f"{middle['seconds'] / read_seconds:.2f}", flush=True)
        return {"backend": gapal.store.backend, "events": middle["events"],
                "write_seconds": seconds, "write_rate": head / seconds,
                "read_seconds": read_seconds, "read_rate": read_count / read_seconds,
                "read_rates": [read_count / taken for taken in reads],
                "rebuilds": rebuilds, "rebuild_seconds": middle["seconds"],
                "rate": middle["rate"], "orders": order_rows, "alone": alone,
                "workers": gapal.settings.rebuild_workers if side_by_side else 1,
                "views": views, "positions": positions,
                "first_quarter_rate": middle["first_quarter_rate"],
                "last_quarter_rate": middle["last_quarter_rate"], "steady_ms": steady}


def table(figures: dict[str, Any], asked: int = 1_000_000) -> list[str]:
    lines = [f"| run | log ({figures['backend']}) | rebuild (drop + catch_up) | events/s "
             "| rebuild ÷ read+decode (median) | load average (1, 5, 15 min) |",
             "| --- | --- | ---: | ---: | ---: | --- |"]
    for n, r in enumerate(figures["rebuilds"], 1):
        lines.append(f"| {n} | {r['events']:,} events ({figures['orders']:,} orders) "
                     f"| {r['seconds']:.1f} s | {r['rate']:,.0f} "
                     f"| {r['seconds'] / figures['read_seconds']:.2f} | {r['load']} |")
    rates = stats.spread(r["rate"] for r in figures["rebuilds"])
    times = stats.spread(r["seconds"] for r in figures["rebuilds"])
    workers = figures.get("workers", 1)
    lines.append(f"| **median [min–max]** of {len(figures['rebuilds'])} runs"
                 f"{f', {workers} processes' if workers > 1 else ''} "
                 f"| | {times.show(stats.tenths, 's')} | **{rates.show()}** | | |")
    alone = figures.get("alone") or []
    for n, r in enumerate(alone, 1):
        lines.append(f"| {n}, one process (same round) | | {r['seconds']:.1f} s "
                     f"| {r['rate']:,.0f} | {r['seconds'] / figures['read_seconds']:.2f} "
                     f"| {r['load']} |")
    if alone:
        gains = stats.spread(a["seconds"] / r["seconds"]
                             for a, r in zip(alone, figures["rebuilds"], strict=True))
        lines.append(f"| one process, median [min–max] | | "
                     f"{stats.spread(r['seconds'] for r in alone).show(stats.tenths, 's')} "
                     f"| {stats.spread(r['rate'] for r in alone).show()} | | |")
        lines.append(f"| {workers} processes ÷ one, within each round | | "
                     f"{gains.show(stats.hundredths, 'x')} | | | |")
    lines.append(f"| read + decode alone | written in {figures['write_seconds']:.0f} s "
                 f"| {figures['read_seconds']:.1f} s (median) "
                 f"| {stats.spread(figures.get('read_rates') or [figures['read_rate']]).show()} "
                 f"(runs: {stats.spread(figures.get('read_rates') or [0]).raw()}) | 1.00 | |")
    steady = stats.spread(figures["steady_ms"])
    lines.append(f"| steady state | a batch of 500 events projected and published "
                 f"| {steady.show(unit='ms')} (batches: {steady.raw()}) | | | |")
    if figures["events"] < asked:
        lines.append(f"| {asked:,} events (extrapolated, median rate) | | "
                     f"≈ {asked / figures['rate']:.0f} s | {figures['rate']:,.0f} | | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    args = parser.parse_args()
    figures = run(args.events, args.runs, args.sqlite)
    print("\n".join([*table(figures, args.events), "", *views_table(figures)]))


if __name__ == "__main__":
    main()
