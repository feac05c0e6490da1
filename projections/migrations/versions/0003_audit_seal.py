"""The log's seal (one SHA-256 link per stored event) and the verifications of it: evidence
and state, not views, so never dropped by a rebuild of the read models.

Revision ID: 0003_audit_seal
Revises: 0002_login_attempts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_audit_seal"
down_revision = "0002_login_attempts"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_seal",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sealed_at", UTC_TIME, nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_audit_seal_sealed_at", "audit_seal", ["sealed_at"], if_not_exists=True)
    op.create_table(
        "audit_verifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("requested_by", sa.String(36), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("checked", sa.BigInteger, nullable=False),
        sa.Column("ok", sa.Boolean),
        sa.Column("position", sa.BigInteger),
        sa.Column("hash", sa.String(64)),
        sa.Column("broken_position", sa.BigInteger),
        sa.Column("broken_kind", sa.String(16)),
        sa.Column("message", sa.Text),
        if_not_exists=True,
    )
    op.create_index("ix_audit_verifications_started_at", "audit_verifications", ["started_at"],
                    if_not_exists=True)
