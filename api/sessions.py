"""Sign-in state shared by every server process: rotating refresh tokens and failed logins."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from projections.db import Database, UTCDateTime, metadata

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)

refresh_tokens = sa.Table(
    "auth_refresh_tokens", metadata,
    sa.Column("jti", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(36), nullable=False, index=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("used_at", UTCDateTime),
)

login_failures = sa.Table(
    "auth_login_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(150), nullable=False, index=True),
    sa.Column("failed_at", UTCDateTime, nullable=False),
)


class Sessions:
    """Issues refresh tokens once, refuses a used one, and throttles repeated failed logins."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def remember_refresh(self, jti: str, user_id: str, expires_at: datetime) -> None:
        with self._db.writer.begin() as conn:
            conn.execute(refresh_tokens.insert().values(jti=jti, user_id=user_id,
                                                        expires_at=expires_at))

    def use_refresh(self, jti: str, user_id: str) -> bool:
        """Marks the token used; False if unknown or already used (then the whole family of
        this user's refresh tokens is revoked: a stolen token was probably replayed)."""
        now = datetime.now(UTC)
        with self._db.writer.begin() as conn:
            used = conn.execute(refresh_tokens.update().where(
                refresh_tokens.c.jti == jti, refresh_tokens.c.used_at.is_(None),
                refresh_tokens.c.expires_at > now,
            ).values(used_at=now)).rowcount
            if used != 1:
                self._revoke_all(conn, user_id, now)
            return used == 1

    def revoke_all(self, user_id: str) -> None:
        with self._db.writer.begin() as conn:
            self._revoke_all(conn, user_id, datetime.now(UTC))

    @staticmethod
    def _revoke_all(conn: sa.Connection, user_id: str, now: datetime) -> None:
        conn.execute(refresh_tokens.update().where(
            refresh_tokens.c.user_id == user_id, refresh_tokens.c.used_at.is_(None),
        ).values(used_at=now))

    def locked_for(self, username: str) -> int:
        """Seconds before this username may try again (0: it may): 5 failures within 15 minutes
        lock it for 15 minutes after the last of them."""
        now = datetime.now(UTC)
        with self._db.reader.connect() as conn:
            recent = conn.execute(
                sa.select(login_failures.c.failed_at)
                .where(login_failures.c.username == username.casefold(),
                       login_failures.c.failed_at > now - 2 * LOCKOUT)
                .order_by(login_failures.c.failed_at.desc()).limit(MAX_FAILURES)
            ).scalars().all()
        if len(recent) < MAX_FAILURES or recent[0] - recent[-1] > LOCKOUT:
            return 0
        remaining = (recent[0] + LOCKOUT - now).total_seconds()
        return math.ceil(remaining) if remaining > 0 else 0

    def record_failure(self, username: str) -> None:
        with self._db.writer.begin() as conn:
            conn.execute(login_failures.insert().values(username=username.casefold(),
                                                        failed_at=datetime.now(UTC)))

    def clear_failures(self, username: str) -> None:
        with self._db.writer.begin() as conn:
            conn.execute(login_failures.delete().where(
                login_failures.c.username == username.casefold()))
