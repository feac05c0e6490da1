"""The read side's health: how far each projection (read models, audit seal) lags, and which
events the views skipped."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from projections import failures
from projections.db import Database
from projections.runner import PositionWaiter


@dataclass(frozen=True)
class Following:
    """Where a projection that follows the log stands: the read models, the audit seal."""

    position: int
    lag: int
    stalled: bool


@dataclass(frozen=True)
class ReadSideStatus:
    """Where each projection stands against the log, and the views' skipped events."""

    event_store: str
    pubsub: str
    projections: dict[str, Following]
    failure_count: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stalled(self) -> bool:
        return any(projection.stalled for projection in self.projections.values())


class Standstill:
    """Tells a position that stands still behind the log's head, as seen by successive
    checks: the clock starts when a check first sees a lag at this position, and stops when a
    check sees the position move or no lag."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._still: tuple[int, float] | None = None  # a lagging position, and seen since
        self._lock = threading.Lock()

    def stalled(self, position: int, lag: int, limit: float) -> bool:
        now = self._clock()
        with self._lock:
            if lag == 0:
                self._still = None
                return False
            if self._still is None or self._still[0] != position:
                self._still = (position, now)
            return now - self._still[1] > limit


class ReadSideHealth:
    """Reads the projection's position, the log's head and the views' failures; tells a
    projection that stands still behind the log's head (no projector running, or one stuck)."""

    def __init__(self, db: Database, head: Callable[[], int | None], names: tuple[str, str],
                 watched: dict[str, PositionWaiter], stall_seconds: Callable[[], float],
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`names`: the event store's backend and the bus's. `watched`: the projections that
        follow the log (the read models, the audit seal), by name. `stall_seconds`: how long a
        position may stand still behind the head before it counts as stalled."""
        self._db = db
        self._names = names
        self._head = head
        self._stall_seconds = stall_seconds
        self._watched = {name: (waiter, Standstill(clock)) for name, waiter in watched.items()}

    def failures(self) -> tuple[int, list[dict[str, Any]]]:
        """How many events the views skipped, and the first ones."""
        with self._db.reader.connect() as conn:
            return failures.listed(conn)

    def status(self) -> ReadSideStatus:
        head = self._head() or 0
        count, first = self.failures()
        limit = self._stall_seconds()
        projections = {}
        for name, (waiter, standstill) in self._watched.items():
            position = waiter.current()
            lag = max(0, head - position)
            projections[name] = Following(position, lag, standstill.stalled(position, lag, limit))
        return ReadSideStatus(*self._names, projections, count, first)
