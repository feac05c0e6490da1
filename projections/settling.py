"""Read-your-writes: a write's answer waits until the read models show it."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from uuid import UUID

from application.catalogue import CatalogueQueries
from application.orders import CreditQueries
from application.unit_of_work import Written
from projections.runner import PositionWaiter


class ReadSideLagging(TimeoutError):
    """The write is saved, but the read models did not show it in time."""


class SeenNotShown(ReadSideLagging):
    """The read models did not reach, in time, the position a client says it has seen."""


class ReadYourWrites:
    """Waits for the projection to reach a write (or the log's head), or says it lags."""

    def __init__(self, waiter: PositionWaiter, head: Callable[[], int | None],
                 timeout: Callable[[], float]) -> None:
        self._waiter = waiter
        self._head = head
        self._timeout = timeout

    def position_of(self, written: Written) -> int | None:
        """The log position a client must see to see this write: its own, or for a replay
        (which may stand for another request's write of a moment ago) the log's head."""
        return written.position if written.created else self._head()

    def shows(self, position: int) -> bool:
        """Whether the read models are known to include `position` already (no I/O)."""
        return self._waiter.shows(position)

    def wait_for_seen(self, position: int) -> None:
        """Returns once the read models include a position a client says it has seen; one
        beyond the log's head (made up, or from another database) counts as the head."""
        if not self.shows(position) and not self._waiter.wait_for(
                min(position, self._head() or 0), timeout=self._timeout()):
            raise SeenNotShown("Les vues n'ont pas atteint la position vue par le client.")

    def wait_for(self, position: int | None) -> None:
        """Returns once the read models include `position`."""
        if not self._waiter.wait_for(position, timeout=self._timeout()):
            raise ReadSideLagging("Les vues n'ont pas rattrapé le journal à temps.")

    def last_of(self, positions: list[int | None], *, replayed: bool) -> int | None:
        """The last of several writes' positions, or the log's head if one of them was a
        replay (it may stand for a write another request has just made)."""
        return self._head() if replayed else max(filter(None, positions), default=None)


# The log position the client of the running request says it has seen (`X-Gapal-Position`).
SEEN: ContextVar[int | None] = ContextVar("seen_position", default=None)


class SeenFirst:
    """The read side as a command reads it to decide (a customer's balance, a category's
    products): first brought up to the position its client has seen, so that the decision
    counts that client's own earlier writes. A command waits for nothing else."""

    def __init__(self, views: ReadYourWrites, credit: CreditQueries,
                 catalogue: CatalogueQueries) -> None:
        self._views = views
        self._credit = credit
        self._catalogue = catalogue

    def balance_of(self, customer_id: UUID) -> int:
        self._caught_up()
        return self._credit.balance_of(customer_id)

    def active_product_count(self, category_id: UUID) -> int:
        self._caught_up()
        return self._catalogue.active_product_count(category_id)

    def _caught_up(self) -> None:
        position = SEEN.get()
        if position is not None:
            self._views.wait_for_seen(position)
