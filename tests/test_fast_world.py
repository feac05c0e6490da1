"""The API tests' ready world is built anew on a new day, not only when its tokens age
(`tests/api/fast_world.py`): a world sealed yesterday would have today's first periodic check
tell a closing seal that no rebuild replays, in the middle of a test."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests.api.fast_world import TOKENS_FRESH_FOR, stale


def test_a_world_is_stale_on_a_new_day_or_when_its_tokens_age() -> None:
    today = datetime.now(UTC).date()
    assert not stale(time.monotonic(), today)
    assert stale(time.monotonic(), today - timedelta(days=1))
    assert stale(time.monotonic() - TOKENS_FRESH_FOR - 1, today)
