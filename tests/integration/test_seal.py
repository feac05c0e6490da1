"""The log's seal on both databases: a stored event edited, deleted, inserted, or two swapped,
is found at its position; an untouched log verifies; an anchor catches a log rewritten
together with its seals."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import psycopg
import pytest
import sqlalchemy as sa
from eventsourcing.persistence import StoredEvent

from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from projections.runner import CATCH_UP_BATCH
from projections.seal import audit_seal, last_seal
from projections.seal_check import Anchor, BreakKind, Verdict, Verification
from tests.conftest import BACKENDS, FAST_PASSWORDS, make_settings

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


@pytest.fixture
def quiet(database_url: str, tmp_path: Path) -> Iterator[Gapal]:
    """A Gapal whose projectors are not running: the tests seal when they choose."""
    instance = bootstrap(make_settings(database_url, tmp_path), passwords=FAST_PASSWORDS)
    yield instance
    instance.close()


TOPIC = "tests.seal:Written"


def state_of(n: int) -> bytes:
    return b'{"timestamp":"2026-11-29T08:00:00+00:00","n":%d}' % n


def write_stored(gapal: Gapal, count: int, batch: int = 5000) -> None:
    """`count` events straight into the store (no aggregate: the seal hashes bytes)."""
    written = 0
    while written < count:
        size = min(batch, count - written)
        gapal.store.recorder.insert_events([StoredEvent(
            originator_id=uuid.uuid4(), originator_version=1, topic=TOPIC,
            state=state_of(written + n)) for n in range(size)])
        written += size


def bulk_stored(gapal: Gapal, count: int) -> None:
    """Rows like those of `write_stored` in one bulk load (COPY on PostgreSQL, an executemany on
    SQLite; ids in order, cheaper to index): for a big log, the store's inserts one event at a
    time would take longer than the check itself."""
    table = gapal.store.events_table
    with gapal.db.writer.begin() as conn:
        if gapal.db.config.is_postgres:
            raw = cast(psycopg.Connection[Any], conn.connection.dbapi_connection)
            with raw.cursor().copy(f"COPY {table} (originator_id, originator_version, topic, "
                                   "state) FROM STDIN") as copy:
                for n in range(count):
                    copy.write_row((uuid.UUID(int=n + 1), 1, TOPIC, state_of(n)))
        else:
            conn.exec_driver_sql(
                f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                [(uuid.UUID(int=n + 1).hex, 1, TOPIC, state_of(n)) for n in range(count)])


def sealed(gapal: Gapal, count: int) -> None:
    write_stored(gapal, count)
    gapal.sealer.catch_up(limit=CATCH_UP_BATCH)


def verify(gapal: Gapal, anchor: Anchor | None = None, start: int = 1) -> Verdict:
    return Verification(gapal.db, gapal.store.events_table, anchor).run(start)


def id_column(gapal: Gapal) -> str:
    return "notification_id" if gapal.db.config.is_postgres else "rowid"


def sql(gapal: Gapal, statement: str, **params: object) -> None:
    table, column = gapal.store.events_table, id_column(gapal)
    with gapal.db.writer.begin() as conn:
        conn.execute(sa.text(statement.format(table=table, id=column)), params)


def state_at(gapal: Gapal, position: int) -> bytes:
    table, column = gapal.store.events_table, id_column(gapal)
    with gapal.db.reader.connect() as conn:
        state: bytes = conn.execute(sa.text(f"SELECT state FROM {table} WHERE {column} = :p"),
                                    {"p": position}).scalar_one()
    return bytes(state)


def test_an_untouched_log_verifies_and_its_head_is_the_last_event(quiet: Gapal) -> None:
    sealed(quiet, 300)
    verdict = verify(quiet)
    assert verdict.ok
    assert verdict.checked == 300
    with quiet.db.reader.connect() as conn:
        assert last_seal(conn) == (300, verdict.hash)


def test_steady_state_seals_each_saved_event_as_the_projector_goes(gapal: Gapal) -> None:
    gapal.sealer.catch_up()  # the admin the fixture registered
    before = gapal.store.recorder.max_notification_id() or 0
    ensure_admin(gapal, "second", "password-123")
    head = gapal.store.recorder.max_notification_id() or 0
    assert head > before
    gapal.sealer.waiter.wait_for(head, timeout=10)
    with gapal.db.reader.connect() as conn:
        assert last_seal(conn) is not None
        assert last_seal(conn)[0] == head  # type: ignore[index]
    assert verify(gapal).ok


def test_an_edited_state_is_found_at_its_position(quiet: Gapal) -> None:
    sealed(quiet, 60)
    sql(quiet, "UPDATE {table} SET state = :s WHERE {id} = :p", s=b'{"n":999}', p=37)
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (37, BreakKind.MODIFIE)
    assert verdict.checked == 36


def test_a_deleted_event_is_found_at_its_position(quiet: Gapal) -> None:
    sealed(quiet, 60)
    sql(quiet, "DELETE FROM {table} WHERE {id} = :p", p=21)
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (21, BreakKind.SUPPRIME)


def test_the_last_event_deleted_is_found_too(quiet: Gapal) -> None:
    sealed(quiet, 60)
    sql(quiet, "DELETE FROM {table} WHERE {id} = :p", p=60)
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (60, BreakKind.SUPPRIME)


def test_two_swapped_states_are_found_at_the_first(quiet: Gapal) -> None:
    sealed(quiet, 60)
    first, second = state_at(quiet, 12), state_at(quiet, 40)
    sql(quiet, "UPDATE {table} SET state = :s WHERE {id} = :p", s=second, p=12)
    sql(quiet, "UPDATE {table} SET state = :s WHERE {id} = :p", s=first, p=40)
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (12, BreakKind.MODIFIE)


def test_two_swapped_positions_are_found_at_the_first(quiet: Gapal) -> None:
    sealed(quiet, 60)
    sql(quiet, "UPDATE {table} SET {id} = 1000000 WHERE {id} = 15")
    sql(quiet, "UPDATE {table} SET {id} = 15 WHERE {id} = 16")
    sql(quiet, "UPDATE {table} SET {id} = 16 WHERE {id} = 1000000")
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (15, BreakKind.MODIFIE)


def test_an_event_inserted_into_a_gap_is_found_at_its_position(quiet: Gapal) -> None:
    write_stored(quiet, 10)
    forge = ("INSERT INTO {table} ({id}, originator_id, originator_version, topic, state) "
             "VALUES (:p, :o, 1, 'tests.seal:Written', :s)")
    new_id = (lambda: str(uuid.uuid4())) if quiet.db.config.is_postgres else (
        lambda: uuid.uuid4().hex)
    sql(quiet, forge, p=20, o=new_id(), s=b"{}")  # positions 11 to 19: a gap, as failed saves
    quiet.sealer.catch_up()
    assert verify(quiet).ok
    sql(quiet, forge, p=15, o=new_id(), s=b'{"forged":true}')
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (15, BreakKind.INSERE)


def test_verify_from_a_position_trusts_the_seal_before_it(quiet: Gapal) -> None:
    sealed(quiet, 60)
    sql(quiet, "UPDATE {table} SET state = :s WHERE {id} = :p", s=b'{"n":0}', p=5)
    late = verify(quiet, start=30)
    assert late.ok
    assert (late.start, late.checked) == (29, 31)
    assert verify(quiet).broken is not None


def test_an_anchor_catches_a_log_rewritten_with_its_seals(quiet: Gapal) -> None:
    sealed(quiet, 50)
    with quiet.db.reader.connect() as conn:
        noted = Anchor(*reversed(last_seal(conn, 40) or (0, "")))  # type: ignore[arg-type]
    sql(quiet, "UPDATE {table} SET state = :s WHERE {id} = :p", s=b'{"n":-1}', p=25)
    with quiet.db.writer.begin() as conn:  # the seals after it recomputed by the forger
        conn.execute(audit_seal.delete().where(audit_seal.c.position >= 25))
        quiet.sealer.projection.track(conn, 24, datetime.now(UTC))
    quiet.sealer.catch_up()
    assert verify(quiet).ok  # the seal alone no longer tells
    verdict = verify(quiet, noted)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (40, BreakKind.ANCRE)


def test_an_anchor_on_an_event_deleted_and_resealed_over_is_broken(quiet: Gapal) -> None:
    sealed(quiet, 50)
    with quiet.db.reader.connect() as conn:
        noted = Anchor(*reversed(last_seal(conn, 30) or (0, "")))  # type: ignore[arg-type]
    sql(quiet, "DELETE FROM {table} WHERE {id} = 30")
    with quiet.db.writer.begin() as conn:
        conn.execute(audit_seal.delete().where(audit_seal.c.position >= 30))
        quiet.sealer.projection.track(conn, 29, datetime.now(UTC))
    quiet.sealer.catch_up()
    assert verify(quiet).ok
    verdict = verify(quiet, noted)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (30, BreakKind.ANCRE)


def test_an_anchor_written_on_an_untouched_log_holds(quiet: Gapal) -> None:
    sealed(quiet, 50)
    with quiet.db.reader.connect() as conn:
        position, digest = last_seal(conn, 33) or (0, "")
    assert verify(quiet, Anchor(digest, position)).ok
    wrong = Anchor("f" * 64, position)
    assert verify(quiet, wrong).broken == verify(quiet, wrong).broken is not None


def test_seals_erased_at_the_end_are_found(quiet: Gapal) -> None:
    sealed(quiet, 50)
    with quiet.db.writer.begin() as conn:
        conn.execute(audit_seal.delete().where(audit_seal.c.position >= 45))
    verdict = verify(quiet)
    assert verdict.broken is not None
    assert (verdict.broken.position, verdict.broken.kind) == (45, BreakKind.INSERE)


def test_a_rebuild_of_the_read_models_keeps_the_seal(quiet: Gapal) -> None:
    sealed(quiet, 40)
    with quiet.db.reader.connect() as conn:
        before = conn.execute(sa.select(audit_seal)).all()
    quiet.rebuild()
    with quiet.db.reader.connect() as conn:
        assert conn.execute(sa.select(audit_seal)).all() == before


@pytest.mark.slow
def test_an_untouched_log_of_100_000_events_verifies(quiet: Gapal) -> None:
    bulk_stored(quiet, 100_000)
    assert quiet.store.recorder.max_notification_id() == 100_000
    quiet.sealer.catch_up(limit=CATCH_UP_BATCH)
    started = time.perf_counter()
    verdict = verify(quiet)
    seconds = time.perf_counter() - started
    assert verdict.ok
    assert verdict.checked == 100_000
    print(f"{quiet.store.backend}: 100 000 events verified in {seconds:.2f} s "
          f"({100_000 / seconds:,.0f} events/s) at {datetime.now(UTC):%H:%M}")
