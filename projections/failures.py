"""Events a view could not project: recorded, skipped, and replayed after a fix.

A view that raises on one event must not stop the others, nor the views after that event: the
projector records the event here (view, log position, error), moves on, and health says
"degraded" until `gapal projections rebuild` replays the log without a failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from eventsourcing.persistence import Notification

from projections.db import UTCDateTime, metadata

# The view name of an event that could not even be decoded from the log: every view skipped it.
EVERY_VIEW = "*"
MAX_ERROR_LENGTH = 2000

projection_failures = sa.Table(
    "projection_failures", metadata,
    sa.Column("view", sa.String(64), primary_key=True),
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("projection", sa.String(64), nullable=False, index=True),
    sa.Column("event_type", sa.String(120), nullable=False),
    sa.Column("aggregate_id", sa.String(36), nullable=False),
    sa.Column("error", sa.Text, nullable=False),
    sa.Column("failed_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class Failure:
    """One event one view skipped."""

    view: str
    position: int
    event_type: str
    aggregate_id: str
    error: str

    @classmethod
    def of(cls, view: str, position: int, event: Any, error: BaseException) -> Failure:
        """An event a view raised on."""
        return cls(view, position, type(event).__qualname__,
                   str(getattr(event, "originator_id", ""))[:36], describe(error))

    @classmethod
    def undecodable(cls, notification: Notification, error: BaseException) -> Failure:
        """A stored event no code can read: every view skips it."""
        return cls(EVERY_VIEW, notification.id, notification.topic,
                   str(notification.originator_id)[:36], describe(error))

    def row(self, projection: str, at: datetime) -> dict[str, Any]:
        return {"view": self.view, "position": self.position, "projection": projection,
                "event_type": self.event_type[:120], "aggregate_id": self.aggregate_id,
                "error": self.error, "failed_at": at}


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]


def record(conn: sa.Connection, projection: str, failure: Failure, at: datetime) -> None:
    """Records a (view, position) once: a rebuild that meets the same failure replaces it."""
    conn.execute(projection_failures.delete().where(
        projection_failures.c.view == failure.view,
        projection_failures.c.position == failure.position))
    conn.execute(projection_failures.insert().values(**failure.row(projection, at)))


def forget(conn: sa.Connection, projection: str, view: str | None = None) -> None:
    """Before a rebuild: the failures of what is about to be replayed."""
    query = projection_failures.delete().where(projection_failures.c.projection == projection)
    if view is not None:
        query = query.where(projection_failures.c.view.in_([view, EVERY_VIEW]))
    conn.execute(query)


def listed(conn: sa.Connection, limit: int = 20) -> tuple[int, list[dict[str, Any]]]:
    """How many failures there are, and the first ones in log order."""
    count = conn.execute(sa.select(sa.func.count()).select_from(projection_failures)).scalar_one()
    rows = conn.execute(sa.select(projection_failures)
                        .order_by(projection_failures.c.position, projection_failures.c.view)
                        .limit(limit)).mappings().all()
    return int(count), [dict(row) for row in rows]
