"""Spike: options for a faster rebuild, measured side by side on one generated log.

The log is written once with bench/rebuild.py's `LogWriter` (the aggregates' own domain
methods, ~1 000 events per save), then every variant runs RUNS times on that same log, each
run printed with the load average (1, 5, 15 min) beside it:

- `read json` / `read orjson`: the whole log read and decoded alone (pages of CATCH_UP_BATCH),
  with the library's JSONTranscoder, then with `OrjsonTranscoder` (below); before timing, the
  whole log is decoded both ways and every event compared (type and `repr(vars(event))`);
- `rebuild`: `Gapal.rebuild()` as today, each view's `apply` and the decoding timed apart;
- `rebuild orjson`: the same with the orjson decoder;
- `audit python`: the audit view alone (`Projection([AuditView()])`, read + decode + apply);
- `audit sql`: the usernames and audit views alone as one `INSERT … SELECT` each per batch of
  CATCH_UP_BATCH positions, straight from the `gapal_events` table (PostgreSQL only), its rows
  compared with the Python view's rows of the `rebuild` variant;
- `rebuild orjson+sql audit`: `Gapal.rebuild()` with `SqlAuditView` in place of `AuditView`
  and the orjson decoder (audit rows compared again);
- `2 processes` (and `2 processes orjson+sql audit`): the views split over two processes, each
  a Projection of its own (own tracking row) over the same log; wall clock from the drop of
  the tables to the secondary indexes built, as `Gapal.rebuild()` counts it.

Nothing here is imported by the product: the orjson decoder and the SQL audit view are
prototypes living in this script (subclasses and attribute swaps), not product changes.

    .venv/bin/python bench/rebuild_options.py [--events 200000] [--runs 3] [--sqlite]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import os
import statistics
import subprocess
import sys
import time
import types
import typing
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import sqlalchemy as sa
from eventsourcing.persistence import JSONTranscoder
from eventsourcing.utils import resolve_topic
from rebuild import load, written_log

from application.store import DatabaseConfig, GapalStore
from domain.order import OrderLine
from domain.permissions import SYSTEM
from gapal.bootstrap import Gapal
from projections.audit import AuditView, audit
from projections.db import Database
from projections.framework import Batch, Events, Projection, View, tracking
from projections.read_models import create_indexes, drop_and_recreate
from projections.runner import CATCH_UP_BATCH, PositionWaiter, Projector, few_collections
from projections.usernames import UsernameLookup

Figures = dict[str, Any]
# The two halves of the views for two processes: the heaviest (notifications ≈ 30 µs/event,
# audit ≈ 20, orders ≈ 15) apart; usernames beside audit, whose SQL variant reads its table.
HALVES = (("users", "catalogue", "stock", "movements", "voice_notes", "notifications"),
          ("usernames", "orders", "audit"))


# --- Option 2: decoding with orjson ------------------------------------------------------------


class OrjsonTranscoder(JSONTranscoder):
    """The library's transcoder with orjson's parser: the same transcodings (shared by name),
    applied inner first as the json module's `object_hook` does. Encoding is left to the json
    module (orjson writes UUIDs and datetimes natively, which would bypass the transcodings)."""

    def decode(self, data: bytes) -> Any:
        return self._walk(orjson.loads(data))

    def _walk(self, value: Any) -> Any:
        if type(value) is dict:
            for key, item in value.items():
                if type(item) is dict or type(item) is list:
                    value[key] = self._walk(item)
            if len(value) == 2 and "_type_" in value and "_data_" in value:
                return self.names[value["_type_"]].decode(value["_data_"])
            return value
        if type(value) is list:
            return [self._walk(v) if type(v) is dict or type(v) is list else v for v in value]
        return value


def orjson_of(transcoder: Any) -> OrjsonTranscoder:
    faster = OrjsonTranscoder()
    faster.types, faster.names = transcoder.types, transcoder.names
    return faster


@contextlib.contextmanager
def decoding_with(store: GapalStore, transcoder: Any) -> Iterator[None]:
    before = store.mapper.transcoder
    store.mapper.transcoder = transcoder
    try:
        yield
    finally:
        store.mapper.transcoder = before


def compare_decoding(store: GapalStore) -> Figures:
    """Every event of the log decoded by both transcoders: how many differ (type or state)."""
    library, faster = store.mapper.transcoder, orjson_of(store.mapper.transcoder)
    recorder, to_event = store.recorder, store.mapper.to_domain_event
    position = count = differ = 0
    first: str | None = None
    while notifications := recorder.select_notifications(
            start=position, limit=CATCH_UP_BATCH, inclusive_of_start=False):
        for notification in notifications:
            store.mapper.transcoder = library
            expected = to_event(notification)
            store.mapper.transcoder = faster
            found = to_event(notification)
            if type(found) is not type(expected) or repr(vars(found)) != repr(vars(expected)):
                differ += 1
                first = first or f"{notification.id}: {vars(expected)} != {vars(found)}"
            count += 1
        position = notifications[-1].id
    store.mapper.transcoder = library
    return {"events": count, "differ": differ, "first": first}


# --- Option 3: the audit view (and usernames) in SQL, from the stored events ------------------

PLAIN_FUNCTION = """
CREATE OR REPLACE FUNCTION spike_plain(v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
-- application.history.plain() over the transcoded JSON of a stored event's state, for the
-- values whose annotation field_sql does not know (generic, and slow: ~120 µs a Placed event)
DECLARE
    kind text;
    data jsonb;
    result jsonb;
BEGIN
    CASE jsonb_typeof(v)
    WHEN 'object' THEN
        IF v - '_type_' - '_data_' = '{}'::jsonb AND v ? '_type_' AND v ? '_data_' THEN
            kind := v->>'_type_';
            data := v->'_data_';
            IF kind = 'uuid_hex' THEN RETURN to_jsonb((data#>>'{}')::uuid::text);
            ELSIF kind = 'decimal_str' THEN RETURN to_jsonb((data#>>'{}')::float8);
            ELSIF kind IN ('datetime_iso', 'date_iso') THEN RETURN data;
            ELSIF kind = 'order_line' THEN  -- domain.values.subtotal: ROUND_HALF_UP
                RETURN jsonb_build_object(
                    'product_id', to_jsonb((data->'product_id'->>'_data_')::uuid::text),
                    'product_name', data->'product_name', 'unit', data->'unit',
                    'quantity', to_jsonb((data->'quantity'->>'_data_')::float8),
                    'unit_price', data->'unit_price',
                    'subtotal', round((data->'quantity'->>'_data_')::numeric
                                      * (data->>'unit_price')::numeric));
            END IF;
            RAISE EXCEPTION 'transcoding % unknown to spike_plain', kind;
        END IF;
        SELECT coalesce(jsonb_object_agg(key, spike_plain(value)), '{}'::jsonb) INTO result
        FROM jsonb_each(v) WHERE key <> 'password_hash';
        RETURN result;
    WHEN 'array' THEN
        SELECT coalesce(jsonb_agg(spike_plain(value) ORDER BY n), '[]'::jsonb) INTO result
        FROM jsonb_array_elements(v) WITH ORDINALITY AS e(value, n);
        RETURN result;
    ELSE
        RETURN v;
    END CASE;
END $$
"""

ENVELOPE = ("originator_id", "originator_version", "timestamp", "originator_topic", "actor_id",
            "class_version", "password_hash")


def field_sql(key: str, hint: Any) -> str:
    """plain(value) of one field of a stored state `s.state`, by the field's annotation."""
    value = f"s.state->'{key}'"
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        kinds = [kind for kind in typing.get_args(hint) if kind is not type(None)]
        hint = kinds[0] if len(kinds) == 1 else hint
    if hint is UUID:
        return f"to_jsonb(({value}->>'_data_')::uuid::text)"
    if hint is Decimal:
        return f"to_jsonb(({value}->>'_data_')::float8)"
    if hint in (datetime, date):
        return f"{value}->'_data_'"
    if hint in (str, int, bool):
        return value
    if hint == list[OrderLine]:  # plain(OrderLine), subtotal as domain.values.subtotal
        return (f"(SELECT coalesce(jsonb_agg(jsonb_build_object("
                "'product_id', to_jsonb((l.line->'_data_'->'product_id'->>'_data_')::uuid::text), "
                "'product_name', l.line->'_data_'->'product_name', "
                "'unit', l.line->'_data_'->'unit', "
                "'quantity', to_jsonb((l.line->'_data_'->'quantity'->>'_data_')::float8), "
                "'unit_price', l.line->'_data_'->'unit_price', "
                "'subtotal', round((l.line->'_data_'->'quantity'->>'_data_')::numeric "
                "* (l.line->'_data_'->>'unit_price')::numeric)) ORDER BY l.n), '[]'::jsonb) "
                f"FROM jsonb_array_elements({value}) WITH ORDINALITY AS l(line, n))")
    return f"spike_plain({value})"


def data_sql(topics: list[str]) -> str:
    """`event_data(event)` in SQL: one jsonb_build_object per event class, generated from its
    dataclass fields and annotations (so the mapping is not written by hand twice), and the
    generic (slow, plpgsql) spike_plain for a topic not seen when generated."""
    cases = []
    for topic in sorted(topics):
        cls = resolve_topic(topic)
        hints = typing.get_type_hints(cls)
        pairs = ", ".join(f"'{f.name}', {field_sql(f.name, hints[f.name])}"
                          for f in dataclasses.fields(cls) if f.name not in ENVELOPE)
        cases.append(f"WHEN '{topic}' THEN jsonb_build_object({pairs})")
    envelope = " ".join(f"- '{key}'" for key in ENVELOPE)
    return f"CASE e.topic {' '.join(cases)} ELSE spike_plain(s.state {envelope}) END"


SQL_USERNAMES = """
INSERT INTO view_usernames (id, username)
SELECT originator_id::text, convert_from(state, 'UTF8')::jsonb->>'username'
FROM gapal_events
WHERE notification_id > :first AND notification_id <= :last
  AND topic = 'domain.user:User.Registered'
ON CONFLICT (id) DO NOTHING
"""

SQL_AUDIT = """
WITH s AS MATERIALIZED (  -- each state parsed once (inlined, it was parsed once per field)
    SELECT notification_id, originator_id, originator_version, topic,
           convert_from(state, 'UTF8')::jsonb AS state
    FROM gapal_events
    WHERE notification_id > :first AND notification_id <= :last
), a AS MATERIALIZED (
    SELECT s.*, (s.state->'actor_id'->>'_data_')::uuid::text AS actor FROM s
)
INSERT INTO {table} (position, aggregate_type, aggregate_id, aggregate_version, event_type,
                     occurred_at, user_id, username, data)
SELECT e.notification_id,
       split_part(split_part(e.topic, ':', 2), '.', 1),
       e.originator_id::text,
       e.originator_version,
       split_part(e.topic, ':', 2),
       (s.state->'timestamp'->>'_data_')::timestamptz,
       e.actor,
       CASE WHEN e.actor = :system_id THEN :system_name ELSE coalesce(u.username, '') END,
       ({data})::json
FROM a e
CROSS JOIN LATERAL (SELECT e.state) s
LEFT JOIN view_usernames u ON u.id = e.actor
"""


@functools.cache
def audit_statement(topics: tuple[str, ...], table: str) -> sa.TextClause:
    return sa.text(SQL_AUDIT.format(table=table, data=data_sql(list(topics))))


def sql_audit(conn: sa.Connection, first: int, last: int, table: str = "view_audit") -> None:
    """The audit rows of positions (first, last], built by PostgreSQL alone (the event
    classes' topics are those of the log, read once: a prototype's shortcut)."""
    conn.execute(audit_statement(log_topics(conn), table),
                 {"first": first, "last": last, "system_id": str(SYSTEM.user_id),
                  "system_name": SYSTEM.username})


def log_topics(conn: sa.Connection) -> tuple[str, ...]:
    found = _TOPICS.get(conn.engine)
    if found is None:
        found = _TOPICS[conn.engine] = tuple(
            conn.execute(sa.text("SELECT DISTINCT topic FROM gapal_events")).scalars())
    return found


_TOPICS: dict[sa.Engine, tuple[str, ...]] = {}


class SqlAuditView(AuditView):
    """AuditView whose rows are written by one INSERT … SELECT per batch (a prototype: the
    usernames view must come before it in the same projection, as it does)."""

    def apply(self, batch: Batch, events: Events) -> None:
        if events:
            sql_audit(batch.conn, events[0][0] - 1, events[-1][0])


def audit_rows_differ(conn: sa.Connection, expected: str, found: str) -> Figures:
    """Rows of one audit table missing from the other (data compared as jsonb), both ways,
    and rows whose data differ as text only (key order, 3.0 against 3...)."""
    columns = ("position, aggregate_type, aggregate_id, aggregate_version, event_type, "
               "occurred_at, user_id, username, data::jsonb")

    def count(query: str) -> int:
        return int(conn.execute(sa.text(query)).scalar_one())

    missing = count(f"SELECT count(*) FROM (SELECT {columns} FROM {expected} "
                    f"EXCEPT SELECT {columns} FROM {found}) d")
    extra = count(f"SELECT count(*) FROM (SELECT {columns} FROM {found} "
                  f"EXCEPT SELECT {columns} FROM {expected}) d")
    text_only = count(f"SELECT count(*) FROM {expected} x JOIN {found} y USING (position) "
                      "WHERE x.data::text <> y.data::text")
    sample = conn.execute(sa.text(
        f"SELECT x.position, x.data::text, y.data::text FROM {expected} x "
        f"FULL JOIN {found} y USING (position) WHERE x.data::jsonb IS DISTINCT FROM "
        "y.data::jsonb OR x.username IS DISTINCT FROM y.username "
        "OR x.occurred_at IS DISTINCT FROM y.occurred_at LIMIT 3")).all()
    rows = (count(f"SELECT count(*) FROM {expected}"), count(f"SELECT count(*) FROM {found}"))
    text_sample = conn.execute(sa.text(
        f"SELECT x.position, x.data::text, y.data::text FROM {expected} x "
        f"JOIN {found} y USING (position) WHERE x.data::text <> y.data::text "
        "ORDER BY x.position DESC LIMIT 1")).all()
    return {"rows": rows, "missing": missing, "extra": extra, "text_only": text_only,
            "sample": [tuple(map(str, r)) for r in sample],
            "text_sample": [tuple(map(str, r)) for r in text_sample]}


# --- Timing ----------------------------------------------------------------------------------


class Timed:
    """Wall-clock seconds spent in each view's apply and in decoding, during a rebuild."""

    def __init__(self, projector: Projector) -> None:
        self.seconds: dict[str, float] = {}
        self.projector = projector
        self.undo: list[Callable[[], None]] = []
        for view in projector.projection.views:
            self._wrap(view, "apply", view.name)
        self._wrap(projector, "decode", "decode")

    def _wrap(self, owner: Any, method: str, name: str) -> None:
        inner = getattr(owner, method)
        self.seconds[name] = 0.0

        def timed(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args)
            finally:
                self.seconds[name] += time.perf_counter() - started

        setattr(owner, method, timed)
        self.undo.append(lambda: delattr(owner, method))

    def close(self) -> None:
        for undo in self.undo:
            undo()


def figure(name: str, run: int, events: int, seconds: float, **extra: Any) -> Figures:
    found = {"variant": name, "run": run, "events": events, "seconds": seconds,
             "rate": events / seconds, "load": load(), **extra}
    print(f"  {name} run {run}: {events} events in {seconds:.2f} s "
          f"({found['rate']:,.0f} events/s), load average {found['load']}"
          + (f" {extra}" if extra else ""), flush=True)
    return found


def read_decode(gapal: Gapal, run: int, name: str) -> Figures:
    recorder, projector = gapal.store.recorder, gapal.projector
    started, position, count = time.perf_counter(), 0, 0
    with few_collections():
        while notifications := recorder.select_notifications(
                start=position, limit=CATCH_UP_BATCH, inclusive_of_start=False):
            count += len(projector.decode(notifications)[0])
            position = notifications[-1].id
    return figure(name, run, count, time.perf_counter() - started)


def rebuild(gapal: Gapal, run: int, name: str) -> Figures:
    timed = Timed(gapal.projector)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        count = gapal.rebuild()
    finally:
        timed.close()
    seconds = time.perf_counter() - started
    per_event = {k: round(v / count * 1e6, 1) for k, v in timed.seconds.items()}
    return figure(name, run, count, seconds, python_cpu_s=round(time.process_time() - cpu, 1),
                  us_per_event=per_event)


@contextlib.contextmanager
def views_swapped(gapal: Gapal, views: list[View]) -> Iterator[None]:
    projection = gapal.projector.projection
    before = projection.views
    projection.views = views
    try:
        yield
    finally:
        projection.views = before


def solo_python_audit(gapal: Gapal, run: int) -> Figures:
    """The audit view alone, as a projection of its own: read + decode + apply + commit."""
    solo = Projection("spike_audit", [AuditView()], UsernameLookup())
    projector = Projector(gapal.store, gapal.db, solo, PositionWaiter(solo, gapal.db))
    drop_and_recreate(gapal.db, solo, indexes=False)
    timed = Timed(projector)
    started = time.perf_counter()
    with few_collections():
        count = projector.catch_up(limit=CATCH_UP_BATCH, publish=False)
    seconds = time.perf_counter() - started
    timed.close()
    return figure("audit python (alone, no index build)", run, count, seconds,
                  apply_s=round(timed.seconds["audit"], 2),
                  decode_s=round(timed.seconds["decode"], 2))


def solo_sql_audit(gapal: Gapal, run: int) -> Figures:
    """The usernames and audit views alone, in SQL: one transaction per CATCH_UP_BATCH
    positions (two INSERT … SELECT and the tracking row), nothing decoded in Python."""
    head = gapal.store.recorder.max_notification_id() or 0
    with gapal.db.writer.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS spike_sql_audit"))
        conn.execute(sa.text("CREATE TABLE spike_sql_audit (LIKE view_audit INCLUDING ALL)"))
        conn.execute(sa.text("TRUNCATE view_usernames"))
        conn.execute(tracking.delete().where(tracking.c.name == "spike_sql_audit"))
        conn.execute(tracking.insert().values(name="spike_sql_audit", position=0))
    started = time.perf_counter()
    for first in range(0, head, CATCH_UP_BATCH):
        last = min(head, first + CATCH_UP_BATCH)
        with gapal.db.writer.begin() as conn:
            conn.execute(sa.text(SQL_USERNAMES), {"first": first, "last": last})
            sql_audit(conn, first, last, "spike_sql_audit")
            conn.execute(tracking.update().where(tracking.c.name == "spike_sql_audit")
                         .values(position=last))
    seconds = time.perf_counter() - started
    with gapal.db.reader.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM spike_sql_audit")).scalar_one()
    return figure("audit sql (usernames + audit alone, no index build)", run, count, seconds)


# --- Option 4: two processes -------------------------------------------------------------------


def worker(url: str, name: str, views: list[str], faster: bool, sql: bool) -> None:
    """One of the two processes: its half of the views as a projection of its own, caught up
    from the start of the log once the parent says go. Prints its start and end times."""
    config = DatabaseConfig(url)
    db = Database.connect(config, pool_size=2)
    store = GapalStore(env=config.store_env(pool_size=2) | {"CREATE_TABLE": "n"})
    if faster:
        store.mapper.transcoder = orjson_of(store.mapper.transcoder)
    from projections.read_models import read_models  # noqa: PLC0415 (the worker's own views)
    chosen = [v for v in read_models().views if v.name in views]
    if sql:
        chosen = [SqlAuditView() if v.name == "audit" else v for v in chosen]
    projection = Projection(name, chosen, UsernameLookup())
    projector = Projector(store, db, projection, PositionWaiter(projection, db))
    print("ready", flush=True)
    sys.stdin.readline()
    started, cpu = time.time(), time.process_time()
    with few_collections():
        count = projector.catch_up(limit=CATCH_UP_BATCH, publish=False)
    print(json.dumps({"started": started, "ended": time.time(), "events": count,
                      "cpu": time.process_time() - cpu}), flush=True)
    db.dispose()
    store.close()


def two_processes(gapal: Gapal, url: str, run: int, faster: bool, sql: bool) -> Figures:
    projection = gapal.projector.projection
    started = time.perf_counter()
    drop_and_recreate(gapal.db, projection, indexes=False)
    with gapal.db.writer.begin() as conn:
        conn.execute(tracking.delete().where(tracking.c.name.in_(["spike_half_0",
                                                                   "spike_half_1"])))
    dropped = time.perf_counter() - started
    here = Path(__file__)
    processes = []
    for n, half in enumerate(HALVES):
        command = [sys.executable, str(here), "--worker", url, f"spike_half_{n}", ",".join(half)]
        command += ["--orjson"] if faster else []
        command += ["--sql-audit"] if sql else []
        processes.append(subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          text=True, cwd=here.parent))
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    reports = []
    for process in processes:
        out, _ = process.communicate()
        reports.append(json.loads(out.strip().splitlines()[-1]))
    create_indexes(gapal.db, projection)
    seconds = dropped + time.perf_counter() - started
    count = reports[0]["events"]
    assert all(r["events"] == count for r in reports), reports
    halves = [round(r["ended"] - r["started"], 1) for r in reports]
    label = "2 processes" + (" orjson+sql audit" if sql else "")
    return figure(label, run, count, seconds, halves_s=halves,
                  python_cpu_s=[round(r["cpu"], 1) for r in reports])


# --- The run -----------------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def run(events: int, runs: int, sqlite: bool, only: set[str]) -> list[Figures]:
    results: list[Figures] = []
    with contextlib.ExitStack() as stack:
        gapal, _writer, seconds = written_log(stack, events, sqlite)
        head = gapal.store.recorder.max_notification_id() or 0
        print(f"  {gapal.store.backend}: {head} events written in {seconds:.1f} s, "
              f"load average {load()}", flush=True)
        store = gapal.store
        faster = orjson_of(store.mapper.transcoder)
        if "read" in only:
            checked = compare_decoding(store)
            print(f"  orjson decoding against the library's: {checked}", flush=True)
            results.append({"variant": "orjson check", **checked})
            for n in range(1, runs + 1):
                results.append(read_decode(gapal, n, "read+decode json"))
                with decoding_with(store, faster):
                    results.append(read_decode(gapal, n, "read+decode orjson"))
        for n in range(1, runs + 1):  # always: the audit rows of the Python view are kept
            results.append(rebuild(gapal, n, "rebuild (baseline)"))
        results += options(gapal, gapal.settings.database_url, runs, not sqlite, only)
    return results


def options(gapal: Gapal, url: str, runs: int, pg: bool, only: set[str]) -> list[Figures]:
    """Every variant after the baseline, on its log (the Python audit rows kept aside)."""
    results: list[Figures] = []
    store = gapal.store
    faster = orjson_of(store.mapper.transcoder)
    if pg:
        with gapal.db.writer.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS spike_py_audit"))
            conn.execute(sa.text("CREATE TABLE spike_py_audit AS SELECT * FROM view_audit"))
            conn.execute(sa.text(PLAIN_FUNCTION))
    for n in range(1, runs + 1 if "orjson" in only else 1):
        with decoding_with(store, faster):
            results.append(rebuild(gapal, n, "rebuild orjson"))
    for n in range(1, runs + 1 if "audit" in only else 1):
        results.append(solo_python_audit(gapal, n))
    if pg and "audit" in only:
        for n in range(1, runs + 1):
            results.append(solo_sql_audit(gapal, n))
        with gapal.db.reader.connect() as conn:
            compared = audit_rows_differ(conn, "spike_py_audit", "spike_sql_audit")
        print(f"  audit rows, python view vs sql: {compared}", flush=True)
        results.append({"variant": "audit rows python vs sql (alone)", **compared})
    if pg and "sql" in only:
        views = [SqlAuditView() if isinstance(v, AuditView) else v
                 for v in gapal.projector.projection.views]
        for n in range(1, runs + 1):
            with decoding_with(store, faster), views_swapped(gapal, views):
                results.append(rebuild(gapal, n, "rebuild orjson+sql audit"))
        with gapal.db.reader.connect() as conn:
            compared = audit_rows_differ(conn, "spike_py_audit", audit.name)
        print(f"  audit rows, python view vs rebuild with sql audit: {compared}", flush=True)
        results.append({"variant": "audit rows python vs rebuild orjson+sql", **compared})
    if pg and "parallel" in only:
        for n in range(1, runs + 1):
            results.append(two_processes(gapal, url, n, faster=False, sql=False))
        for n in range(1, runs + 1):
            results.append(two_processes(gapal, url, n, faster=True, sql=True))
    return results


def summary(results: list[Figures]) -> None:
    variants: dict[str, list[Figures]] = {}
    for r in results:
        if "rate" in r:
            variants.setdefault(r["variant"], []).append(r)
    print("\n| variant | events/s median (min–max) | seconds median | load averages |")
    print("| --- | ---: | ---: | --- |")
    for name, runs in variants.items():
        print(f"| {name} | {spread([r['rate'] for r in runs])} "
              f"| {statistics.median(r['seconds'] for r in runs):.1f} "
              f"| {' / '.join(r['load'] for r in runs)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--json", type=Path, help="where to keep every run's figures")
    parser.add_argument("--only", default="read,orjson,audit,sql,parallel",
                        help="variants besides the baseline rebuild (comma-separated)")
    parser.add_argument("--worker", nargs=3, metavar=("URL", "NAME", "VIEWS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--orjson", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sql-audit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        url, name, views = args.worker
        worker(url, name, views.split(","), args.orjson, args.sql_audit)
        return
    print(f"rebuild options, {args.events} events, {args.runs} runs, pid {os.getpid()}",
          flush=True)
    results = run(args.events, args.runs, args.sqlite, set(args.only.split(",")))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    summary(results)


if __name__ == "__main__":
    main()
