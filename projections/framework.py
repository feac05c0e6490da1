"""A projection: views with one handler per event class, written in one transaction per batch
together with the projection's tracking position (exactly once, resumable, rebuildable)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import SYSTEM
from projections.db import UTCDateTime, metadata
from projections.failures import Failure, record

log = logging.getLogger(__name__)
E = TypeVar("E")
Handler = Callable[[Any, "Batch"], None]

tracking = sa.Table(
    "projection_tracking", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UTCDateTime),
)


@dataclass
class Batch:
    """One transaction of a projector: its connection, the current position, what changed."""

    conn: sa.Connection
    position: int = 0
    changed: dict[str, set[UUID]] = field(default_factory=lambda: defaultdict(set))
    by_event: dict[str, set[UUID]] = field(default_factory=lambda: defaultdict(set))
    published: list[dict[str, Any]] = field(default_factory=list)
    deferred: dict[sa.Table, list[dict[str, Any]]] = field(default_factory=dict)
    _usernames: dict[UUID, str] = field(default_factory=dict)

    def touch(self, kind: str, aggregate_id: UUID) -> None:
        """Records that an `order`, a `product`... changed, for the publisher after commit."""
        self.changed[kind].add(aggregate_id)
        self.by_event[kind].add(aggregate_id)

    def insert_later(self, table: sa.Table, row: dict[str, Any]) -> None:
        """Queues a row that nothing reads during the batch (audit, new notifications): written
        at the end of the batch in one multi-row statement instead of one round trip each."""
        self.deferred.setdefault(table, []).append(row)

    def flush(self) -> None:
        for table, rows in self.deferred.items():
            if rows:
                self.conn.execute(table.insert(), rows)
        self.deferred = {}

    def discard(self) -> None:
        """Forgets what a rolled-back savepoint queued."""
        self.deferred = {}

    def next_event(self, position: int) -> None:
        self.position = position
        self.by_event = defaultdict(set)

    def username(self, user_id: UUID) -> str:
        if user_id == SYSTEM.user_id:
            return SYSTEM.username
        if user_id not in self._usernames:
            from projections.users import users  # noqa: PLC0415 (views depend on this module)

            name = self.conn.execute(
                sa.select(users.c.username).where(users.c.id == str(user_id))
            ).scalar_one_or_none()
            self._usernames[user_id] = name or ""
        return self._usernames[user_id]

    def forget_username(self, user_id: UUID) -> None:
        self._usernames.pop(user_id, None)


class View:
    """One read model: its tables and its handlers, one per event class."""

    def __init__(self, name: str, tables: Iterable[sa.Table]) -> None:
        self.name = name
        self.tables = list(tables)
        self.handlers: dict[type, Handler] = {}

    def on(self, *event_classes: type) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for cls in event_classes:
                self.handlers[cls] = handler
            return handler

        return register

    def handle(self, event: object, batch: Batch) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(event, batch)

    def skipped(self, batch: Batch, failure: Failure) -> None:
        """Told of every event a view (this one or another) could not project."""


class Projection:
    """A named group of views that advance together from one tracking position.

    A view that raises on an event skips that event alone: the batch is replayed one event and
    one view at a time (each in a savepoint), the failure is recorded, and every other view,
    and every later event, is projected as usual."""

    def __init__(self, name: str, views: Iterable[View]) -> None:
        self.name = name
        self.views = list(views)

    @property
    def tables(self) -> list[sa.Table]:
        return [t for view in self.views for t in view.tables]

    def view(self, name: str) -> View:
        for view in self.views:
            if view.name == name:
                return view
        raise KeyError(name)

    def apply(self, batch: Batch, events: Iterable[tuple[int, object]],
              failures: Iterable[Failure] = ()) -> list[Failure]:
        """Projects `events`; returns the failures, `failures` (e.g. undecodable events) too."""
        events = list(events)
        found = list(failures)
        try:
            with batch.conn.begin_nested():
                self._apply_all(batch, events)
        except Exception as error:
            if is_transient(error):
                raise
            batch.discard()
            found += self._apply_one_by_one(batch, events)
        self._record(batch, sorted(found, key=lambda f: (f.position, f.view)))
        return found

    def _apply_all(self, batch: Batch, events: list[tuple[int, object]]) -> None:
        for position, event in events:
            batch.next_event(position)
            for view in self.views:
                view.handle(event, batch)
        batch.flush()

    def _apply_one_by_one(self, batch: Batch,
                          events: list[tuple[int, object]]) -> list[Failure]:
        found = []
        for position, event in events:
            batch.next_event(position)
            for view in self.views:
                error = isolated(batch, partial(view.handle, event, batch))
                if error is not None:
                    found.append(Failure.of(view.name, position, event, error))
        return found

    def _record(self, batch: Batch, found: list[Failure]) -> None:
        now = datetime.now(UTC)
        for failure in found:
            log.error("Vue %s : événement %s (%s) ignoré : %s", failure.view, failure.position,
                      failure.event_type, failure.error)
            record(batch.conn, self.name, failure, now)
            for view in self.views:
                isolated(batch, partial(view.skipped, batch, failure))

    def position(self, conn: sa.Connection) -> int:
        found = conn.execute(
            sa.select(tracking.c.position).where(tracking.c.name == self.name)
        ).scalar_one_or_none()
        return int(found or 0)

    def track(self, conn: sa.Connection, position: int, now: Any) -> None:
        updated = conn.execute(
            tracking.update().where(tracking.c.name == self.name)
            .values(position=position, updated_at=now)
        )
        if updated.rowcount == 0:
            conn.execute(tracking.insert().values(name=self.name, position=position,
                                                  updated_at=now))


def isolated(batch: Batch, action: Callable[[], None]) -> Exception | None:
    """Runs `action` and writes what it queued in a savepoint; its error, rolled back, if any."""
    try:
        with batch.conn.begin_nested():
            action()
            batch.flush()
    except Exception as error:
        if is_transient(error):
            raise
        batch.discard()
        return error
    return None


def is_transient(error: Exception) -> bool:
    """Errors of the database itself (connection lost, missing table, lock timeout) are not an
    event's fault: the batch is rolled back and retried, nothing is recorded as skipped."""
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa.exc.OperationalError):
        return not any(text in str(error.orig) for text in EVENT_CAUSED_SQLITE_ERRORS)
    return isinstance(error, sa.exc.InterfaceError | sa.exc.ProgrammingError
                      | sa.exc.InternalError)


# SQLite reports these as "operational" errors, but they come of the values an event carries.
EVENT_CAUSED_SQLITE_ERRORS = ("integer overflow", "too big", "string or blob too big")
