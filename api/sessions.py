"""Sign-in state shared by every server process: rotating refresh tokens."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from domain.clock import Clock, SystemClock
from projections.db import Database, UTCDateTime, metadata

refresh_tokens = sa.Table(
    "auth_refresh_tokens", metadata,
    sa.Column("jti", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.String(36), nullable=False, index=True),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    sa.Column("used_at", UTCDateTime),
)


class Sessions:
    """Issues refresh tokens once and refuses a used one."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    def remember_refresh(self, jti: str, user_id: str, expires_at: datetime) -> None:
        """Keeps this token's id until it expires (and forgets those that have)."""
        with self._db.writer.begin() as conn:
            conn.execute(refresh_tokens.delete().where(
                refresh_tokens.c.expires_at <= self._clock.now()))
            conn.execute(refresh_tokens.insert().values(jti=jti, user_id=user_id,
                                                        expires_at=expires_at))

    def use_refresh(self, jti: str, user_id: str) -> bool:
        """Marks the token used; False if unknown or already used (then the whole family of
        this user's refresh tokens is revoked: a stolen token was probably replayed)."""
        now = self._clock.now()
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
            self._revoke_all(conn, user_id, self._clock.now())

    @staticmethod
    def _revoke_all(conn: sa.Connection, user_id: str, now: datetime) -> None:
        conn.execute(refresh_tokens.update().where(
            refresh_tokens.c.user_id == user_id, refresh_tokens.c.used_at.is_(None),
        ).values(used_at=now))
