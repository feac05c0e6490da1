"""The log's stored events read straight from the event store's table: undecoded for the seal,
which hashes them as stored, and for the audit trail, which shows a page of them; the events of
some kinds only, for a view replayed alone on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent

from projections.db import Database

UUID_BYTES = 16
IN_CHUNK = 500


class Stored(NamedTuple):
    """One stored event as read from the table, nothing decoded."""

    id: int
    originator_id: Any
    originator_version: int
    topic: str
    state: bytes


def read_stored(db: Database, events_table: str, start: int, stop: int | None,
                limit: int) -> list[Stored]:
    """Stored events after `start` (up to `stop`), as stored: read on the driver, in binary on
    PostgreSQL with the originator id as its 16 bytes (SQLAlchemy's rows, bytea's hex text and
    UUID objects took most of the time of reading)."""
    upper = 2**62 if stop is None else stop
    head, column, mark, binary = _select(db, events_table)
    statement = (f"{head} WHERE {column} > {mark} AND {column} <= {mark} "
                 f"ORDER BY {column} LIMIT {mark}")
    return [Stored(*row) for row in fetch(db, statement, (start, upper, limit), binary)]


def _select(db: Database, events_table: str) -> tuple[str, str, str, bool]:
    """`SELECT … FROM` the log's table, its columns as `Stored` takes them; the column of the
    position, the driver's parameter mark, and whether to read in binary."""
    if db.config.is_postgres:
        return ("SELECT notification_id, uuid_send(originator_id), originator_version, topic, "  # noqa: S608 (names from the event store)
                f"state FROM {events_table}", "notification_id", "%s", True)
    return ("SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608 (names from the event store)
            f"FROM {events_table}", "rowid", "?", False)


def fetch(db: Database, statement: str, params: tuple[int, ...], binary: bool = False
          ) -> list[Any]:
    """Rows straight from the driver (psycopg's or sqlite3's)."""
    with db.reader.connect() as conn:
        driver: Any = conn.connection.dbapi_connection
        cursor = driver.cursor()
        try:
            if binary:
                cursor.execute(statement, params, binary=True)
            else:
                cursor.execute(statement, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


def notifications_of(db: Database, events_table: str, start: int, limit: int, stop: int | None,
                     topics: Sequence[str]) -> list[Notification]:
    """PostgreSQL: the next `limit` events after `start` (up to `stop`) of these topics, in log
    order (see `read_in_log_order`)."""
    with db.reader.connect() as conn:
        driver: Any = conn.connection.dbapi_connection
        with driver.cursor() as cursor:
            rows = read_in_log_order(cursor, events_table, start, limit, stop, topics)
        driver.rollback()  # ends the read and its settings
    return [Notification(id=row[0], originator_id=row[1], originator_version=row[2],
                         topic=row[3], state=bytes(row[4])) for row in rows]


def read_in_log_order(cursor: Any, events_table: str, start: int, limit: int, stop: int | None,
                      topics: Sequence[str]) -> list[Any]:
    """The rows of those events, read in the transaction of `cursor` (psycopg's) by walking the
    log's index in order and stopping at `limit`. The library's own query leaves the plan to
    PostgreSQL, which, on a log it has no statistics of (autovacuum off, or a log just written),
    chose a bitmap scan of the whole rest of the log and a sort on disk for every page: 0.5 s a
    page of 5 000 events at 1 000 000 events, against 21 ms this way. The planner's settings
    hold for that transaction only."""
    upper = 2**62 if stop is None else stop
    cursor.execute("SET LOCAL enable_bitmapscan = off")
    cursor.execute("SET LOCAL enable_sort = off")
    cursor.execute("SELECT notification_id, originator_id, originator_version, topic, state "  # noqa: S608 (names from the event store, values as parameters)
                   f"FROM {events_table} WHERE notification_id > %s AND notification_id <= %s "
                   "AND topic = ANY(%s) ORDER BY notification_id LIMIT %s",
                   (start, upper, list(topics), limit), binary=True)
    return list(cursor.fetchall())


def stored_at(db: Database, events_table: str, positions: Iterable[int]) -> list[Stored]:
    """The stored events at these positions (one query per 500), in log order."""
    wanted = sorted(set(positions))
    head, column, mark, binary = _select(db, events_table)
    found: list[Stored] = []
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = tuple(wanted[start:start + IN_CHUNK])
        marks = ", ".join([mark] * len(chunk))
        statement = f"{head} WHERE {column} IN ({marks}) ORDER BY {column}"
        found += [Stored(*row) for row in fetch(db, statement, chunk, binary)]
    return found


def originator_uuid(value: Any) -> UUID:
    """The originator id as a UUID, whether read as its 16 bytes (PostgreSQL's `uuid_send`),
    as a UUID or as its text (SQLite)."""
    if isinstance(value, UUID):
        return value
    if isinstance(value, bytes | bytearray | memoryview) and len(value) == UUID_BYTES:
        return UUID(bytes=bytes(value))
    return UUID(str(value))


Decode = Callable[[Stored], object]


def decoder(to_domain_event: Callable[[StoredEvent], object]) -> Decode:
    """How a stored event read here is decoded: by the event store's mapper (`to_domain_event`),
    as the projector decodes it (upcasting included)."""
    def decode(event: Stored) -> object:
        return to_domain_event(StoredEvent(
            originator_id=originator_uuid(event.originator_id),
            originator_version=event.originator_version, topic=event.topic,
            state=bytes(event.state)))
    return decode
