"""The server's clocks: the system's, and the one tests move."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from domain.clock import MovableClock, SystemClock

NOON = datetime(2031, 3, 14, 12, 0, tzinfo=UTC)


def test_the_system_clock_tells_an_aware_utc_time_and_its_day() -> None:
    clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)
    assert clock.today() in (before.date(), datetime.now(UTC).date())


def test_a_movable_clock_stands_still_until_moved() -> None:
    clock = MovableClock(NOON)
    assert clock.now() == clock.now() == NOON
    assert clock.advance(timedelta(hours=13)) == NOON + timedelta(hours=13)
    assert clock.today() == date(2031, 3, 15)


def test_a_movable_clock_set_to_another_zone_tells_utc() -> None:
    clock = MovableClock()
    clock.set(datetime(2031, 3, 14, 13, 0, tzinfo=timezone(timedelta(hours=1))))
    assert clock.now() == NOON
    assert clock.now().tzinfo is UTC


def test_a_movable_clock_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        MovableClock(datetime(2031, 3, 14, 12, 0))
