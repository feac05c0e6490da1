"""Failed sign-ins, counted per (username, client address) and reserved before the password is
checked: whatever the concurrency, at most `MAX_ATTEMPTS` checks per window and key."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

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


class LoginAttempts:
    """One counter row per (username, client); a success deletes it, an admin may too."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def reserve(self, username: str, client: str) -> int:
        """Counts one attempt atomically; 0 if the password may be checked, else the seconds
        to wait (the window began at the first failure and lasts 15 minutes)."""
        now = datetime.now(UTC)
        with self._db.writer.begin() as conn:
            counter = conn.execute(self._counted(key(username, client), now)).one()
        attempts: int = counter.attempts
        window_start: datetime = counter.window_start
        if attempts <= MAX_ATTEMPTS:
            return 0
        return max(1, math.ceil((window_start + WINDOW - now).total_seconds()))

    def succeeded(self, username: str, client: str) -> None:
        with self._db.writer.begin() as conn:
            name, address = key(username, client)
            conn.execute(login_failures.delete().where(login_failures.c.username == name,
                                                       login_failures.c.client == address))

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
    return username.casefold(), client[:64]
