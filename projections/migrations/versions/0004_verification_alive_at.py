"""A verification's last sign of life, so that one whose process died is ended and told so
instead of staying « en cours » for ever.

Revision ID: 0004_verification_alive_at
Revises: 0003_audit_seal
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_verification_alive_at"
down_revision = "0003_audit_seal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = sa.inspect(op.get_bind()).get_columns("audit_verifications")
    if "alive_at" not in {column["name"] for column in columns}:  # made by create_all already
        op.add_column("audit_verifications", sa.Column("alive_at", sa.DateTime(timezone=True)))

