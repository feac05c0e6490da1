"""The tables that are not projections are migrated by Alembic: a fresh database and one made
before migrations existed both end at the newest revision, with tables as the code declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from api import login_attempts, sessions  # noqa: F401 (declares the sign-in tables)
from projections import migrate
from projections.db import Database, metadata
from tests.conftest import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


def connect(database_url: str) -> Database:
    from application.store import DatabaseConfig  # noqa: PLC0415

    return Database.connect(DatabaseConfig(database_url), pool_size=2)


def head() -> str | None:
    return ScriptDirectory.from_config(migrate.config()).get_current_head()


def differences(db: Database) -> list[Any]:
    def ours(_obj: Any, name: str | None, kind: str, _reflected: bool, _other: Any) -> bool:
        table = name if kind == "table" else getattr(_obj, "table", None)
        table_name = table if isinstance(table, str) else getattr(table, "name", name)
        return table_name in migrate.STATE_TABLES

    with db.writer.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": ours, "compare_type": True})
        return list(compare_metadata(context, metadata))


def test_a_fresh_database_is_at_the_newest_revision_with_the_declared_tables(
        database_url: str) -> None:
    db = connect(database_url)
    try:
        if db.config.is_postgres and db.config.schema:
            with db.writer.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{db.config.schema}"'))
        with db.writer.begin() as conn:
            migrate.upgrade(conn)  # the migrations alone, without create_all
            assert MigrationContext.configure(conn).get_current_revision() == head()
        assert differences(db) == []
    finally:
        db.dispose()


def test_a_database_made_before_migrations_is_adopted_with_its_rows(
        database_url: str, tmp_path: Path) -> None:
    db = connect(database_url)
    try:
        if db.config.is_postgres and db.config.schema:
            with db.writer.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{db.config.schema}"'))
        metadata.create_all(db.writer)  # as Gapal did before migrations
        reads = metadata.tables["notification_reads"]
        with db.writer.begin() as conn:
            conn.execute(reads.insert().values(notification_id="n", user_id="u",
                                               read_at=sa.func.now()))
        db.create_schema()
        with db.writer.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head()
            assert conn.execute(sa.select(sa.func.count()).select_from(reads)).scalar_one() == 1
    finally:
        db.dispose()
