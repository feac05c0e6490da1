"""Gapal's API as it was before the read-your-writes fix, for benchmark (b)'s before/after:
every request waiting for the projector re-read the tracking row itself every 50 ms.

    uvicorn bench.old_waiter:make_app --factory   # as gapal.asgi:make_app otherwise
"""

from __future__ import annotations

from gapal.asgi import make_app
from projections import runner


def _poll_on_its_own(self: runner.PositionWaiter) -> None:
    self.reached(self.current())


runner.PositionWaiter._poll = _poll_on_its_own  # type: ignore[method-assign]

__all__ = ["make_app"]
