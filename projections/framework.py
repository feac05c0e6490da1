"""A projection: independent views, each folding a batch of events into its final rows and
writing them with a few set-based statements, in one transaction per batch together with the
projection's tracking position (exactly once, resumable, rebuildable).

The contract of `View.apply(batch, events)`: called once on a whole batch or successively on
any split of it (in log order, in the same transaction), it leaves the very same rows. A view
keeps no state between calls but caches that are safe to rebuild; it writes only its tables and
reads no other view's."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

import sqlalchemy as sa

from projections.db import UTCDateTime, metadata

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

    def hold(self, kind: str, rows: Iterable[Row]) -> None:
        """Keeps the rows written for `kind` (by id), so the publisher need not read them."""
        held = self.rows[kind]
        for row in rows:
            held[str(row["id"])] = row


class View(ABC):
    """One read model: its tables, and how it folds a batch of events into them."""

    name: str
    tables: tuple[sa.Table, ...]

    @abstractmethod
    def apply(self, batch: Batch, events: Events) -> None:
        """Folds `events` ((position, event) in log order) into the view's tables."""


class Projection:
    """A named group of views that advance together from one tracking position."""

    def __init__(self, name: str, views: Iterable[View],
                 usernames: Usernames | None = None) -> None:
        self.name = name
        self.views = list(views)
        self.usernames = usernames or NoUsernames()

    @property
    def tables(self) -> list[sa.Table]:
        return [t for view in self.views for t in view.tables]

    def apply(self, batch: Batch, events: Iterable[tuple[int, object]]) -> None:
        events = list(events)
        if not events:
            return
        batch.usernames = self.usernames
        self.usernames.learn(events)
        for view in self.views:
            view.apply(batch, events)
        batch.position = events[-1][0]

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
