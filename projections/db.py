"""The read-model database: the same URL as the event store, through SQLAlchemy 2."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect, Engine

from application import ids
from application.json_values import dump_json
from application.store import DatabaseConfig
from projections import migrate

metadata = sa.MetaData()
uuid_text = ids.uuid_text  # `str(uuid)`, remembered: the views format the same ids again and again
MILLI = 1000


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which forgets the zone) and PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def to_milli(amount: Decimal) -> int:
    """Quantities are kept as integer thousandths: exact on every database."""
    return int(amount * MILLI)


def from_milli(milli: int | None) -> Decimal:
    return (Decimal(milli or 0) / MILLI).quantize(Decimal("0.001"))


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free text so that `kabore` finds `Kaboré`."""
    text = " ".join(p for p in parts if p)
    if text.isascii():  # nothing to decompose: most names and phone numbers
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def postgres_only(index: sa.Index) -> sa.Index:
    """An index PostgreSQL alone has: SQLite neither creates it nor finds it missing."""
    index.info["dialect"] = "postgresql"
    return index.ddl_if(dialect="postgresql")


def made_on(dialect: Dialect, index: sa.Index) -> bool:
    """Whether this database has the index (every index but those of one other dialect)."""
    only: str = index.info.get("dialect", dialect.name)
    return only == dialect.name


def trigram_index(index: sa.Index) -> sa.Index:
    """A PostgreSQL `gin_trgm_ops` index: `pg_trgm` is installed first if it is not."""
    sa.event.listen(index, "before_create", _with_trigrams)
    return postgres_only(index)


def _with_trigrams(_index: sa.Index, conn: sa.Connection, **_: Any) -> None:
    """`pg_trgm` in `public` (once per database: two schemas made at once wait for each other),
    and its schema on this transaction's search path, for the index to name its operators. Not
    in the app's schema: dropping that schema would drop the extension under every other one."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('gapal-extension:pg_trgm'))"))
    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    conn.execute(sa.text(
        "SELECT set_config('search_path', current_setting('search_path') || ', '"
        " || extnamespace::regnamespace::text, true) FROM pg_extension WHERE extname = 'pg_trgm'"))


def like_pattern(query: str) -> str:
    escaped = search_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Database:
    """Two engines on one database: one that writes (serialised on SQLite), one that reads."""

    config: DatabaseConfig
    writer: Engine
    reader: Engine

    @classmethod
    def connect(cls, config: DatabaseConfig, pool_size: int = 10) -> Database:
        if config.is_postgres:
            engine = sa.create_engine(
                config.sqlalchemy_url, pool_size=pool_size, max_overflow=pool_size,
                pool_timeout=10, pool_pre_ping=True, connect_args=_pg_args(config),
                json_serializer=dump_json,
            )
            return cls(config, engine, engine)
        writer = sa.create_engine(config.sqlalchemy_url, connect_args={"timeout": 30},
                                  json_serializer=dump_json)
        _begin_immediately(writer)
        reader = sa.create_engine(config.sqlalchemy_url, connect_args={"timeout": 30},
                                  json_serializer=dump_json)
        return cls(config, writer, reader)

    def create_schema(self) -> None:
        if self.config.is_postgres and self.config.schema:
            with self.writer.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self.config.schema}"'))
        with self.writer.begin() as conn:
            migrate.upgrade(conn)
            if _complete(conn):
                return  # every start but the first: one look at the catalogue, no DDL
        metadata.create_all(self.writer)
        with self.writer.begin() as conn:  # an interrupted rebuild may have left some out
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    index.create(conn, checkfirst=True)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Serialises schema creation and migrations between processes starting at once (on
        PostgreSQL two concurrent `CREATE TABLE IF NOT EXISTS` fail with "tuple concurrently
        updated"). SQLite needs none: each DDL transaction takes the file's write lock."""
        if not self.config.is_postgres:
            yield
            return
        key = f"gapal-schema:{self.config.schema or 'public'}"
        with self.writer.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": key})
                conn.commit()

    def dispose(self) -> None:
        self.writer.dispose()
        self.reader.dispose()


def _complete(conn: sa.Connection) -> bool:
    """Whether every table and index of the read models is there, read from the database's
    catalogue in two queries (`create_all` asks once per table and once per index)."""
    inspector = sa.inspect(conn)
    if not {table.name for table in metadata.sorted_tables} <= set(inspector.get_table_names()):
        return False
    present = {(table, index["name"])
               for (_, table), indexes in inspector.get_multi_indexes().items()
               for index in indexes}
    return all((table.name, index.name) in present
               for table in metadata.sorted_tables for index in table.indexes
               if made_on(conn.dialect, index))


def _pg_args(config: DatabaseConfig) -> dict[str, Any]:
    args: dict[str, Any] = {"connect_timeout": 5}
    if config.schema:
        args["options"] = f"-csearch_path={config.schema}"
    return args


def _begin_immediately(engine: Engine) -> None:
    """SQLite: take the write lock when a transaction begins, so read-then-write never deadlocks."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
