"""Alembic's entry point: migrates the connection `projections.migrate.upgrade` hands it."""

from __future__ import annotations

from alembic import context

context.configure(connection=context.config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
