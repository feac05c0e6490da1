"""A projection: views with one handler per event class, written in one transaction per batch
together with the projection's tracking position (exactly once, resumable, rebuildable)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import SYSTEM
from projections.db import UTCDateTime, metadata

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


class Projection:
    """A named group of views that advance together from one tracking position."""

    def __init__(self, name: str, views: Iterable[View]) -> None:
        self.name = name
        self.views = list(views)

    @property
    def tables(self) -> list[sa.Table]:
        return [t for view in self.views for t in view.tables]

    def apply(self, batch: Batch, events: Iterable[tuple[int, object]]) -> None:
        for position, event in events:
            batch.next_event(position)
            for view in self.views:
                view.handle(event, batch)
        batch.flush()

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
