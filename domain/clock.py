"""A phone's clock: how far it is from the server's, and when its events really happened.

Phones' clocks are often wrong (a 1970 clock after a flat battery); the offset measured at
receipt corrects them. What even the offset cannot make plausible is refused: the log keeps
only times that every view can hold and that mean something for the business."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.errors import InvalidTime

EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
AHEAD_ALLOWED = timedelta(days=1)


def clock_offset(server_time: datetime, client_time: datetime) -> timedelta:
    """`server_time - client_time`. Two aware datetimes always subtract within timedelta's
    range (years 1 to 9999 are some 3.7 million days apart), so this never overflows."""
    return server_time - client_time


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
