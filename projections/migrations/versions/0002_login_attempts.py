"""Failed sign-ins become one counter per (username, client address), reserved atomically
before the password is checked. The old rows (one per failure, per username) are dropped:
at worst a throttled name may try again a little sooner. Expired refresh tokens are purged by
their expiry: indexed.

Revision ID: 0002_login_attempts
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_login_attempts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("auth_login_failures")
    op.create_table(
        "auth_login_failures",
        sa.Column("username", sa.String(150), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_auth_login_failures_window_start", "auth_login_failures",
                    ["window_start"])
    op.create_index("ix_auth_refresh_tokens_expires_at", "auth_refresh_tokens", ["expires_at"],
                    if_not_exists=True)
