"""Read-your-writes: a write's answer waits until the read models show it."""

from __future__ import annotations

from collections.abc import Callable

from application.unit_of_work import Written
from projections.runner import PositionWaiter


class ReadSideLagging(TimeoutError):
    """The write is saved, but the read models did not show it in time."""


class ReadYourWrites:
    """Waits for the projection to reach a write (or the log's head), or says it lags."""

    def __init__(self, waiter: PositionWaiter, head: Callable[[], int | None],
                 timeout: Callable[[], float]) -> None:
        self._waiter = waiter
        self._head = head
        self._timeout = timeout

    def __call__(self, written: Written) -> Written:
        """Returns once the read models show this write, so the client's next GET sees it; a
        replayed write may stand for another request's write of a moment ago: the log's head."""
        self.wait_for(written.position if written.created else self._head())
        return written

    def wait_for(self, position: int | None) -> None:
        """Returns once the read models include `position`."""
        if not self._waiter.wait_for(position, timeout=self._timeout()):
            raise ReadSideLagging("Les vues n'ont pas rattrapé le journal à temps.")

    def all(self, positions: list[int | None], *, replayed: bool) -> None:
        """After several writes: the last one's position, or the log's head if one of them
        was a replay (it may stand for a write another request has just made)."""
        self.wait_for(self._head() if replayed else max(filter(None, positions), default=None))
