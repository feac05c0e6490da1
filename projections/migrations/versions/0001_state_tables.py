"""The tables that are not projections: sign-in state, voice-note bytes, read marks, and the
projector's own bookkeeping. Databases made before migrations already have some: kept as is.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns, indexes in TABLES:
        if name not in existing:
            op.create_table(name, *columns())
            for column in indexes:
                op.create_index(f"ix_{name}_{column}", name, [column])


def _refresh_tokens() -> list[sa.Column[object]]:
    return [sa.Column("jti", sa.String(64), primary_key=True),
            sa.Column("user_id", sa.String(36), nullable=False),
            sa.Column("expires_at", UTC_TIME, nullable=False),
            sa.Column("used_at", UTC_TIME)]


def _login_failures() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("username", sa.String(150), nullable=False),
            sa.Column("failed_at", UTC_TIME, nullable=False)]


def _voice_note_blobs() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("content_type", sa.String(40), nullable=False),
            sa.Column("data", sa.LargeBinary, nullable=False)]


def _notification_reads() -> list[sa.Column[object]]:
    return [sa.Column("notification_id", sa.String(36), primary_key=True),
            sa.Column("user_id", sa.String(36), primary_key=True),
            sa.Column("read_at", UTC_TIME, nullable=False)]


def _tracking() -> list[sa.Column[object]]:
    return [sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("position", sa.BigInteger, nullable=False),
            sa.Column("updated_at", UTC_TIME)]


def _failures() -> list[sa.Column[object]]:
    return [sa.Column("view", sa.String(64), primary_key=True),
            sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("projection", sa.String(64), nullable=False),
            sa.Column("event_type", sa.String(120), nullable=False),
            sa.Column("aggregate_id", sa.String(36), nullable=False),
            sa.Column("error", sa.Text, nullable=False),
            sa.Column("failed_at", UTC_TIME, nullable=False)]


def _schemas() -> list[sa.Column[object]]:
    return [sa.Column("name", sa.String(64), primary_key=True),
            sa.Column("fingerprint", sa.String(64), nullable=False)]


TABLES = [
    ("auth_refresh_tokens", _refresh_tokens, ["user_id"]),
    ("auth_login_failures", _login_failures, ["username"]),
    ("voice_note_blobs", _voice_note_blobs, []),
    ("notification_reads", _notification_reads, []),
    ("projection_tracking", _tracking, []),
    ("projection_failures", _failures, ["projection"]),
    ("projection_schemas", _schemas, []),
]
