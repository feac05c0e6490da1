"""The read side's health: how far the projection lags and which events the views skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from projections import failures
from projections.db import Database
from projections.runner import PositionWaiter


@dataclass(frozen=True)
class ReadSideStatus:
    """Where the projection stands against the log, and the views' skipped events."""

    event_store: str
    pubsub: str
    projection: str
    position: int
    lag: int
    failure_count: int
    failures: list[dict[str, Any]] = field(default_factory=list)


class ReadSideHealth:
    """Reads the projection's position, the log's head and the views' failures."""

    def __init__(self, db: Database, waiter: PositionWaiter, head: Callable[[], int | None],
                 names: tuple[str, str, str]) -> None:
        """`names`: the event store's backend, the bus's and the projection's."""
        self._db = db
        self._names = names
        self._waiter = waiter
        self._head = head

    def failures(self) -> tuple[int, list[dict[str, Any]]]:
        """How many events the views skipped, and the first ones."""
        with self._db.reader.connect() as conn:
            return failures.listed(conn)

    def status(self) -> ReadSideStatus:
        head = self._head() or 0
        position = self._waiter.current()
        count, first = self.failures()
        return ReadSideStatus(*self._names, position, max(0, head - position), count, first)
