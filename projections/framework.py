"""A projection: independent views, each folding a batch of events into its final rows and
writing them with a few set-based statements, in one transaction per batch together with the
projection's tracking position (exactly once, resumable, rebuildable).

The contract of `View.apply(batch, events)`: called once on a whole batch or successively on
any split of it (in log order, in the same transaction), it leaves the very same rows. A view
keeps no state between calls but caches that are safe to rebuild; it writes only its tables and
reads no other view's."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol
from uuid import UUID

import sqlalchemy as sa

from domain.clock import Clock, SystemClock
from projections.db import UTCDateTime, metadata
from projections.failures import Failure, record

log = logging.getLogger(__name__)

Events = Sequence[tuple[int, object]]
Row = dict[str, Any]

tracking = sa.Table(
    "projection_tracking", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UTCDateTime),
)


class Usernames(Protocol):
    """Who a user id names, for the views that show it (audit, movements, orders)."""

    def learn(self, events: Events) -> None: ...

    def load(self, conn: sa.Connection, user_ids: Iterable[UUID]) -> None: ...

    def name(self, user_id: UUID) -> str: ...


class NoUsernames:
    """A lookup that knows nobody: every name is empty."""

    def learn(self, events: Events) -> None:
        pass

    def load(self, conn: sa.Connection, user_ids: Iterable[UUID]) -> None:
        pass

    def name(self, user_id: UUID) -> str:
        return ""


@dataclass
class Batch:
    """One transaction of a projector: its connection, the last position, what changed, and
    the final rows the views wrote (the publisher builds its messages from them)."""

    conn: sa.Connection
    position: int = 0
    usernames: Usernames = field(default_factory=NoUsernames)
    changed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def is_postgres(self) -> bool:
        return self.conn.dialect.name == "postgresql"

    def touch(self, kind: str, *ids: str) -> None:
        """Records that an `order`, a `product`... changed, for the publisher after commit."""
        self.changed[kind].update(ids)

    def checkpoint(self) -> tuple[dict[str, set[str]], dict[str, dict[str, Row]]]:
        """What the batch told the publisher so far, to go back to if a savepoint rolls back."""
        return deepcopy(self.changed), {kind: dict(rows) for kind, rows in self.rows.items()}

    def restore(self, checkpoint: tuple[dict[str, set[str]], dict[str, dict[str, Row]]]
                ) -> None:
        changed, rows = checkpoint
        self.changed = defaultdict(set, changed)
        self.rows = defaultdict(dict, rows)

    def hold(self, kind: str, rows: Iterable[Row]) -> None:
        """Keeps the rows written for `kind` (by id), so the publisher need not read them."""
        held = self.rows[kind]
        for row in rows:
            held[str(row["id"])] = row


class View(ABC):
    """One read model: its tables, and how it folds a batch of events into them."""

    name: str
    tables: tuple[sa.Table, ...]
    # The event classes the view reads, their subclasses included (an aggregate's `Event`: all
    # its events); None: every event. A replay of this view alone reads only these from the log.
    reads: tuple[type, ...] | None = None

    @abstractmethod
    def apply(self, batch: Batch, events: Events) -> None:
        """Folds `events` ((position, event) in log order) into the view's tables."""

    def skipped(self, batch: Batch, failure: Failure) -> None:  # noqa: B027 (optional hook)
        """Told of every event a view (this one or another) could not project."""

    def settings(self) -> str:
        """The configuration its rows depend on (part of the fingerprint: changed, the
        projection is rebuilt); nothing for most views."""
        return ""


class Projection:
    """A named group of views that advance together from one tracking position.

    A view that raises skips the events it cannot project, and those alone: the batch is
    rolled back to a savepoint, every view applies it again in a savepoint of its own, and the
    view that failed goes one event at a time; each event it still fails on is recorded in
    `projection_failures` and skipped. The other views, and the later events, go on."""

    def __init__(self, name: str, views: Iterable[View],
                 usernames: Usernames | None = None, clock: Clock | None = None) -> None:
        self.name = name
        self.views = list(views)
        self.usernames = usernames or NoUsernames()
        self.clock = clock or SystemClock()  # stamps its tracking row and its failures

    @property
    def tables(self) -> list[sa.Table]:
        return [t for view in self.views for t in view.tables]

    def view(self, name: str) -> View:
        for view in self.views:
            if view.name == name:
                return view
        raise KeyError(name)

    def topics(self) -> list[str] | None:
        """The topics of the log its views read, or None if one of them reads every event."""
        found: set[str] = set()
        for view in self.views:
            if view.reads is None:
                return None
            for cls in view.reads:
                found |= topics_of(cls)
        return sorted(found)

    def apply(self, batch: Batch, events: Iterable[tuple[int, object]],
              failures: Iterable[Failure] = ()) -> list[Failure]:
        """Projects `events`; returns the failures in log order, `failures` (undecodable
        events) included."""
        events = list(events)
        found = list(failures)
        if events:
            batch.usernames = self.usernames
            self.usernames.learn(events)
            checkpoint = batch.checkpoint()
            if isolated(batch, lambda: self._apply_all(batch, events)) is not None:
                batch.restore(checkpoint)
                found += self._apply_view_by_view(batch, events)
            batch.position = events[-1][0]
        found.sort(key=lambda f: (f.position, f.view))
        self._record(batch, found)
        return found

    def _apply_all(self, batch: Batch, events: Events) -> None:
        for view in self.views:
            view.apply(batch, events)

    def _apply_view_by_view(self, batch: Batch, events: Events) -> list[Failure]:
        found: list[Failure] = []
        for view in self.views:
            checkpoint = batch.checkpoint()
            if isolated(batch, partial(view.apply, batch, events)) is None:
                continue
            batch.restore(checkpoint)
            for position, event in events:
                checkpoint = batch.checkpoint()
                error = isolated(batch, partial(view.apply, batch, [(position, event)]))
                if error is not None:
                    batch.restore(checkpoint)
                    found.append(Failure.of(view.name, position, event, error))
        return found

    def _record(self, batch: Batch, found: list[Failure]) -> None:
        """Records each failure; the views are told of the first of each view in the batch
        (admins get one notification per broken view and batch, not one per event)."""
        now = self.clock.now()
        for failure in found:
            log.error("Vue %s : événement %s (%s) ignoré : %s", failure.view, failure.position,
                      failure.event_type, failure.error)
            record(batch.conn, self.name, failure, now)
        self.tell(batch, first_of_each_view(found))

    def tell(self, batch: Batch, failures: Iterable[Failure]) -> None:
        """Tells every view of these failures (a view's own, or another's)."""
        for failure in failures:
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


def topics_of(cls: type) -> set[str]:
    """The topics the log stores the events of `cls` and its subclasses under (`module:Name`,
    as the event store writes them; the library's aggregates define some classes twice)."""
    found = {f"{cls.__module__}:{cls.__qualname__}"}
    subclasses: list[type] = cls.__subclasses__()
    for subclass in subclasses:
        found |= topics_of(subclass)
    return found


def first_of_each_view(found: Iterable[Failure]) -> list[Failure]:
    """The first failure of each view among a batch's, those its views are told of."""
    first: dict[str, Failure] = {}
    for failure in found:
        first.setdefault(failure.view, failure)
    return list(first.values())


def isolated(batch: Batch, action: Callable[[], None]) -> Exception | None:
    """Runs `action` in a savepoint; its error, rolled back, if any."""
    try:
        with batch.conn.begin_nested():
            action()
    except Exception as error:
        if is_transient(error):
            raise
        return error
    return None


def is_transient(error: Exception) -> bool:
    """Errors of the database's state (connection lost, lock or deadlock timeout, SQLite busy)
    pass: the batch is rolled back and retried, nothing is blamed on an event. Every other
    error, SQL ones included (a view's bug, a value a column cannot hold), is the event's, so
    that no error can hold the read side in an endless retry."""
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa.exc.InterfaceError):
        return True
    if isinstance(error, sa.exc.OperationalError):
        if type(error.orig).__module__ == "sqlite3":  # SQLite calls its SQL errors operational
            return any(text in str(error.orig).lower() for text in SQLITE_TRANSIENT)
        return True
    return False


SQLITE_TRANSIENT = ("locked", "busy", "disk i/o", "unable to open")
