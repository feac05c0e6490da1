"""Benchmark: the log's seal — how fast it is made, and how fast `gapal audit verify` checks it.

A fresh PostgreSQL schema (or, with `--sqlite`, a SQLite file) receives EVENTS events written
through the event store as `bench/rebuild.py` writes them (orders placed, prepared, delivered,
paid, cancelled, products restocked: real events, real state sizes). Then, in one invocation:

- sealing: the seal emptied and made again from the whole log by the sealer's catch-up (as a
  first start on an existing log makes it), RUNS times;
- verification: the chain recomputed from the log and compared with the stored seals, as
  `gapal audit verify` does, RUNS times;
- steady state: a live batch of 500 fresh events sealed, 7 times.

Each run prints its figure and the load average beside; the last line gives median and spread.
With `--synthetic` the log is EVENTS stored events of 300 bytes of state written straight into
the table (seconds instead of minutes; the per-event cost without the weight of real states).

    .venv/bin/python bench/audit_verify.py [--events 200000] [--runs 3] [--sqlite] [--synthetic]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time
import uuid
from typing import Any

from eventsourcing.persistence import StoredEvent
from rebuild import load, spread, written_log

from gapal.bootstrap import Gapal
from projections.runner import CATCH_UP_BATCH
from projections.seal import audit_seal
from projections.seal_check import Verification


def seal_once(gapal: Gapal) -> float:
    with gapal.db.writer.begin() as conn:
        conn.execute(audit_seal.delete())
        gapal.sealer.projection.track(conn, 0, None)
    started = time.perf_counter()
    gapal.sealer.catch_up(limit=CATCH_UP_BATCH, publish=False)
    return time.perf_counter() - started


def verify_once(gapal: Gapal) -> tuple[float, int]:
    started = time.perf_counter()
    verdict = Verification(gapal.db, gapal.store.events_table).run()
    seconds = time.perf_counter() - started
    if not verdict.ok:
        raise SystemExit(f"the untouched log does not verify: {verdict.broken}")
    return seconds, verdict.checked


def rates(label: str, runs: list[tuple[float, int, str]]) -> list[float]:
    found = []
    for n, (seconds, events, loads) in enumerate(runs, 1):
        found.append(events / seconds)
        print(f"  {label} run {n}: {events} events in {seconds:.2f} s "
              f"({events / seconds:,.0f} events/s), load average {loads}", flush=True)
    print(f"  {label} events/s: {spread(found)}", flush=True)
    return found


def steady(gapal: Gapal, writer: Any, batches: int = 7) -> list[float]:
    timings = []
    for _ in range(batches):
        target = writer.written + 500
        while writer.written + writer.pending_events < target:
            writer.order()
        writer.flush()
        started = time.perf_counter()
        gapal.sealer.process_batch(limit=500, publish=False)
        timings.append((time.perf_counter() - started) * 1000)
        gapal.sealer.catch_up()
    return timings


def synthetic(gapal: Gapal, events: int) -> None:
    """`events` stored events of 300 bytes of state, straight into the store's table."""
    written = 0
    while written < events:
        size = min(5000, events - written)
        gapal.store.recorder.insert_events([StoredEvent(
            originator_id=uuid.uuid4(), originator_version=1, topic="bench.seal:Written",
            state=os.urandom(150).hex().encode()) for _ in range(size)])
        written += size


def run(events: int, runs: int, sqlite: bool, fake: bool = False) -> None:
    with contextlib.ExitStack() as stack:
        gapal, writer, seconds = written_log(stack, 0 if fake else events, sqlite)
        if fake:
            started = time.perf_counter()
            synthetic(gapal, events)
            seconds = time.perf_counter() - started
        head = gapal.store.recorder.max_notification_id() or 0
        print(f"  {gapal.store.backend}: {head} events written in {seconds:.1f} s, "
              f"load average {load()}", flush=True)
        sealing = []
        for _ in range(runs):
            sealing.append((seal_once(gapal), head, load()))
        checking = []
        for _ in range(runs):
            taken, checked = verify_once(gapal)
            checking.append((taken, checked, load()))
        seal_rates = rates("seal (catch-up from empty)", sealing)
        verify_rates = rates("verify", checking)
        if not fake:
            live = steady(gapal, writer)
            print(f"  steady state: a live batch of 500 events sealed in {spread(live)} ms "
                  f"(7 batches), load average {load()}", flush=True)
        kind = "synthetic 300-byte states" if fake else "real events"
        print(f"  {gapal.store.backend}, {head:,} events ({kind}): verify median "
              f"{statistics.median(verify_rates):,.0f} events/s (min {min(verify_rates):,.0f}, "
              f"max {max(verify_rates):,.0f}); seal median {statistics.median(seal_rates):,.0f} "
              f"events/s (min {min(seal_rates):,.0f}, max {max(seal_rates):,.0f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--synthetic", action="store_true", help="300-byte states, not events")
    args = parser.parse_args()
    run(args.events, args.runs, args.sqlite, args.synthetic)


if __name__ == "__main__":
    main()
