"""The read side's health: how far the projection lags and which events the views skipped."""

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
    """Where another projection that follows the log stands (the audit seal)."""

    position: int
    lag: int
    stalled: bool


@dataclass(frozen=True)
class ReadSideStatus:
    """Where the projection stands against the log, and the views' skipped events."""

    event_store: str
    pubsub: str
    projection: str
    position: int
    lag: int
    failure_count: int
    stalled: bool
    failures: list[dict[str, Any]] = field(default_factory=list)
    others: dict[str, Following] = field(default_factory=dict)


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

    def __init__(self, db: Database, waiter: PositionWaiter, head: Callable[[], int | None],
                 names: tuple[str, str, str], stall_seconds: Callable[[], float],
                 clock: Callable[[], float] = time.monotonic,
                 followers: dict[str, PositionWaiter] | None = None) -> None:
        """`names`: the event store's backend, the bus's and the projection's. `stall_seconds`:
        how long a position may stand still behind the head before it counts as stalled.
        `followers`: other projections that follow the log (the audit seal), watched alike."""
        self._db = db
        self._names = names
        self._waiter = waiter
        self._head = head
        self._stall_seconds = stall_seconds
        self._standstill = Standstill(clock)
        self._followers = {name: (follower, Standstill(clock))
                           for name, follower in (followers or {}).items()}

    def failures(self) -> tuple[int, list[dict[str, Any]]]:
        """How many events the views skipped, and the first ones."""
        with self._db.reader.connect() as conn:
            return failures.listed(conn)

    def status(self) -> ReadSideStatus:
        head = self._head() or 0
        position = self._waiter.current()
        lag = max(0, head - position)
        count, first = self.failures()
        limit = self._stall_seconds()
        others = {}
        for name, (follower, standstill) in self._followers.items():
            at = follower.current()
            behind = max(0, head - at)
            others[name] = Following(at, behind, standstill.stalled(at, behind, limit))
        return ReadSideStatus(*self._names, position, lag, count,
                              self._standstill.stalled(position, lag, limit), first, others)
