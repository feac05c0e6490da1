"""Failed sign-ins, counted per (username, client address) and reserved before the password is
checked: whatever the concurrency, at most `MAX_ATTEMPTS` checks per window and key."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from domain.clock import Clock, SystemClock
from projections.db import Database, UTCDateTime, metadata

MAX_ATTEMPTS = 5
WINDOW = timedelta(minutes=15)

login_failures = sa.Table(
    "auth_login_failures", metadata,
    sa.Column("username", sa.String(150), primary_key=True),
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("window_start", UTCDateTime, nullable=False, index=True),
)


@dataclass(frozen=True)
class Reservation:
    """The `attempt`-th attempt of a window for `key`; `retry_after` > 0: refused, wait."""

    key: tuple[str, str]
    attempt: int
    retry_after: int


class LoginAttempts:
    """One counter row per (username, client); a success takes back the attempts counted up to
    its own (those still in flight stay counted), an admin may clear them all."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    def reserve(self, username: str, client: str) -> Reservation:
        """Counts one attempt atomically; refused beyond the fifth of a window (which begins at
        the first attempt and lasts 15 minutes)."""
        now = self._clock.now()
        counter = key(username, client)
        with self._db.writer.begin() as conn:
            conn.execute(login_failures.delete().where(  # counters whose window is over
                login_failures.c.window_start <= now - WINDOW))
            row = conn.execute(self._counted(counter, now)).one()
        attempt: int = row.attempts
        window_start: datetime = row.window_start
        if attempt <= MAX_ATTEMPTS:
            return Reservation(counter, attempt, 0)
        wait = math.ceil((window_start + WINDOW - now).total_seconds())
        return Reservation(counter, attempt, max(1, wait))

    def succeeded(self, reservation: Reservation) -> None:
        name, address = reservation.key
        mine = (login_failures.c.username == name, login_failures.c.client == address)
        with self._db.writer.begin() as conn:
            conn.execute(login_failures.update().where(*mine).values(
                attempts=login_failures.c.attempts - reservation.attempt))
            conn.execute(login_failures.delete().where(*mine, login_failures.c.attempts <= 0))

    def clear(self, username: str) -> None:
        """Lifts the throttling of this username, from every address."""
        with self._db.writer.begin() as conn:
            conn.execute(login_failures.delete().where(
                login_failures.c.username == folded(username)))

    def _counted(self, counter: tuple[str, str], now: datetime) -> sa.Executable:
        insert = postgresql.insert if self._db.config.is_postgres else sqlite.insert
        table = login_failures.c
        stale = table.window_start <= now - WINDOW
        started = sa.literal(now, UTCDateTime)
        return (
            insert(login_failures)
            .values(username=counter[0], client=counter[1], attempts=1, window_start=now)
            .on_conflict_do_update(index_elements=[table.username, table.client], set_={
                "attempts": sa.case((stale, 1), else_=table.attempts + 1),
                "window_start": sa.case((stale, started), else_=table.window_start)})
            .returning(table.attempts, table.window_start)
        )


def key(username: str, client: str) -> tuple[str, str]:
    return folded(username), client[:64]


def folded(username: str) -> str:
    """The name as counted: case-folded, which may lengthen it ("ß" → "ss"), cut to fit."""
    return username.casefold()[:150]
