"""Clocks: the server's, injected wherever time is read (`Clock`), and a phone's: how far it
is from the server's, and when its events really happened.

Phones' clocks are often wrong (a 1970 clock after a flat battery); the offset measured at
receipt corrects them. What even the offset cannot make plausible is refused: the log keeps
only times that every view can hold and that mean something for the business."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from domain.errors import InvalidTime


class Clock(Protocol):
    """The server's time, given by the composition root: the system's, or a test's."""

    def now(self) -> datetime:
        """An aware datetime in UTC."""
        ...

    def today(self) -> date:
        """The shop's day: UTC's (Ouagadougou keeps UTC all year)."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class MovableClock:
    """A clock that stands still until a test moves it (`advance`, `set`). Safe enough across
    threads without a lock (the domain takes none): its time is one immutable datetime, read
    and replaced whole; only the test's thread moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = aware_utc(start or datetime.now(UTC))

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self.now().date()

    def advance(self, by: timedelta) -> datetime:
        """Moves the clock on (or back, for a negative `by`); returns the new time."""
        self._now = moved = self._now + by
        return moved

    def set(self, to: datetime) -> None:
        self._now = aware_utc(to)


def aware_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("A clock's time is aware (UTC), not naive.")
    return moment.astimezone(UTC)


EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
AHEAD_ALLOWED = timedelta(days=1)
MAX_TRANSIT = timedelta(minutes=10)  # how much in-flight time a phone's estimate may discount


@dataclass(frozen=True)
class OffsetEstimate:
    """The phone's own measure of `server - phone` from an earlier answered sync (NTP-style:
    the server's `server_time` against the phone's send and receive times): the true offset
    then lay within `offset ± error`."""

    offset: timedelta
    error: timedelta


def clock_offset(server_time: datetime, client_time: datetime,
                 estimate: OffsetEstimate | None = None) -> timedelta:
    """The phone's clock offset, to correct its events' times.

    `server_time - client_time` (the naive offset) is the offset plus the time the request
    spent in flight, which is never negative: the true offset is at most that. A request held
    back for minutes would push its events minutes later. With the phone's `estimate`, that
    excess is left out: the estimate is taken, but never above the naive offset and never more
    than `MAX_TRANSIT` below it (a phone may claim at most that much transit). An estimate
    that cannot be true (its whole range above the naive offset: the phone's clock was moved
    forward since) or that would mean more than `MAX_TRANSIT` in flight (moved back, or
    stale) is ignored, and so is one vaguer than `MAX_TRANSIT`: the naive offset, as for a
    phone that sends none.

    Two aware datetimes always subtract within timedelta's range (years 1 to 9999 are some
    3.7 million days apart), so this never overflows."""
    naive = server_time - client_time
    if estimate is None:
        return naive
    lowest = naive - MAX_TRANSIT
    if estimate.error > MAX_TRANSIT:  # vaguer than what it may discount: it tells nothing
        return naive
    if estimate.offset - estimate.error > naive or estimate.offset + estimate.error < lowest:
        return naive
    return max(lowest, min(estimate.offset, naive))


def corrected_time(occurred_at: datetime, offset: timedelta, now: datetime) -> datetime:
    """When the phone's event happened on the server's clock, in UTC, and never after `now`.

    Refused (`invalid_time`) before 2020-01-01 UTC or more than a day ahead of `now`, and
    when the sum leaves the calendar (year 1 at +14:00, year 9999 at -14:00)."""
    try:
        at = (occurred_at + offset).astimezone(UTC)
    except OverflowError:
        raise invalid_time() from None
    if not EARLIEST <= at <= now + AHEAD_ALLOWED:
        raise invalid_time()
    return min(at, now)


def invalid_time() -> InvalidTime:
    return InvalidTime(
        "Date de l'événement impossible, même corrigée par l'heure du téléphone (avant 2020 "
        "ou plus d'un jour dans le futur) : réglez la date et l'heure du téléphone.")
