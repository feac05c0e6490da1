"""Migrations of the tables that hold state of their own (not rebuildable from the log):
Alembic scripts in `projections/migrations`. Projection tables are not migrated: a changed
view is rebuilt from the log (`read_models.rebuild_if_changed`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

STATE_TABLES = frozenset({
    "auth_refresh_tokens", "auth_login_failures", "voice_note_blobs", "notification_reads",
    "projection_tracking", "projection_failures", "projection_schemas",
    "audit_seal", "audit_verifications",
})


def config(conn: sa.Connection | None = None) -> Config:
    settings = Config()
    settings.set_main_option("script_location", "projections:migrations")
    settings.attributes["connection"] = conn
    return settings


def upgrade(conn: sa.Connection) -> None:
    """Brings the state tables to the newest revision, inside the caller's transaction."""
    command.upgrade(config(conn), "head")
