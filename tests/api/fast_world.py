"""A fresh Gapal for every test, quickly: the world (admin, one user per role, the catalogue of
`tests.conftest`) is built once per process and each test starts from a copy of it.

- SQLite: a copy of the world's database file, in memory (`/dev/shm`) where the machine has it.
- PostgreSQL: a schema that already holds Gapal's tables, filled with the world's rows and
  renamed to the test's schema (see `PostgresWorld`): no DDL, no sign-in. After the test it is
  emptied and refilled for the next one, unless the test changed its tables (then dropped).

`tests/api/conftest.py` gives every API test module its `api` and `catalogue` this way (and
`place_order` of `tests.conftest` uses them unchanged); other suites call `fresh_api` and
`catalogue_of` themselves.
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from domain.clock import Clock, MovableClock
from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from tests.conftest import (
    ADMIN_PASSWORD,
    FAST_PASSWORDS,
    PG_URL,
    Api,
    clock_asked,
    create_catalogue,
    drop_schema,
    fresh_schema_url,
    make_settings,
    served,
    sign_in_roles,
)

DB_NAME = "gapal.db"
RAM = Path("/dev/shm")  # SQLite files in memory when the machine has it: no fsync to wait for


@dataclass
class World:
    folder: Path
    tokens: dict[str, str]
    catalogue: dict[str, Any]
    built_at: float  # time.monotonic(): its access tokens expire 30 minutes later
    built_on: date


TOKENS_FRESH_FOR = 20 * 60  # seconds; a loaded machine's run can outlast the tokens' 30 minutes


def stale(built_at: float, built_on: date) -> bool:
    """A world is built anew when its tokens near their end, and on a new (UTC) day: a world
    sealed yesterday makes today's first periodic check tell yesterday's closing seal, a
    notification no rebuild replays (README, `sceau_journal`), in the middle of a test."""
    return (time.monotonic() - built_at > TOKENS_FRESH_FOR
            or datetime.now(UTC).date() != built_on)
_world: World | None = None
_catalogues: dict[int, dict[str, Any]] = {}


def started(database_url: str, data_dir: Path, clock: Clock | None = None) -> Gapal:
    gapal = bootstrap(make_settings(database_url, data_dir), passwords=FAST_PASSWORDS,
                      clock=clock)
    gapal.start()
    return gapal


def populate(api: Api) -> dict[str, Any]:
    """What the `api` and `catalogue` fixtures of `tests.conftest` set up, through the API."""
    sign_in_roles(api)
    return create_catalogue(api)


def scratch_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=RAM if RAM.is_dir() else None))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def world() -> World:
    """The SQLite world, built on first use and kept while its access tokens are fresh."""
    global _world  # noqa: PLW0603 (one template per process, built lazily)
    if _world is None or stale(_world.built_at, _world.built_on):
        folder = scratch_folder("gapal-world-")
        gapal = started(f"sqlite:///{folder / DB_NAME}", folder)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        with served(gapal) as client:
            api = Api(client, gapal, {})
            catalogue = populate(api)
        gapal.close()
        _world = World(folder, dict(api.tokens), catalogue, time.monotonic(),
                       datetime.now(UTC).date())
    return _world


# The shape of a schema: its tables' columns, indexes, constraints and triggers, with the
# schema's own name taken out; a test that changed it gives its schema back to be dropped.
SHAPE = """
SELECT md5(string_agg(replace(line, %(schema)s, ''), E'\\n' ORDER BY line)) FROM (
  SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
         || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
   WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p', 'v', 'm')
  UNION ALL
  SELECT 'index ' || indexname || ' ' || indexdef
    FROM pg_indexes WHERE schemaname = %(schema)s
  UNION ALL
  SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(schema)s
  UNION ALL
  SELECT 'trigger ' || c.relname || '.' || t.tgname FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = %(schema)s AND NOT t.tgisinternal
  UNION ALL
  SELECT 'sequence ' || sequencename || ' ' || increment_by || ' ' || min_value
    FROM pg_sequences WHERE schemaname = %(schema)s
) shape
"""


def schema_of(url: str) -> str:
    return url.split("schema=")[1]


@dataclass
class PostgresWorld:
    """The world in a schema of its own, which no test uses: only its rows are copied."""

    schema: str
    tokens: dict[str, str]
    catalogue: dict[str, Any]
    built_at: float
    built_on: date
    shape: str
    tables: list[str]
    sequences: list[tuple[str, int | None]]  # name, last value (None: never used)
    ready: list[str]  # schemas of the world's shape holding its rows, for the next tests

    @classmethod
    def build(cls) -> PostgresWorld:
        url, folder = fresh_schema_url(), scratch_folder("gapal-pg-world-")
        gapal = started(url, folder)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        with served(gapal) as client:
            api = Api(client, gapal, {})
            catalogue = populate(api)
        gapal.close()
        schema = schema_of(url)
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            shape = conn.execute(SHAPE, {"schema": schema}).fetchone()
            tables = [row[0] for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))]
            sequences = conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s",
                (schema,)).fetchall()
        assert shape is not None
        world = cls(schema, dict(api.tokens), catalogue, time.monotonic(),
                    datetime.now(UTC).date(), shape[0], tables, sequences, [])
        atexit.register(world.drop)
        return world

    def drop(self) -> None:
        for schema in [self.schema, *self.ready]:
            drop_schema(f"{PG_URL}?schema={schema}")

    def shape_of(self, conn: psycopg.Connection[Any], schema: str) -> str | None:
        row = conn.execute(SHAPE, {"schema": schema}).fetchone()
        return row[0] if row else None

    def fill(self, conn: psycopg.Connection[Any], schema: str) -> None:
        """Empties `schema` (of the world's shape) and copies the world's rows into it."""
        with conn.transaction():
            conn.execute("SET LOCAL session_replication_role = replica")  # no foreign keys
            for table in self.tables:
                conn.execute(f'DELETE FROM "{schema}"."{table}"')
                conn.execute(f'INSERT INTO "{schema}"."{table}" '
                             f'SELECT * FROM "{self.schema}"."{table}"')
            for sequence, last in self.sequences:
                conn.execute("SELECT setval(%s, %s, %s)",
                             (f'"{schema}"."{sequence}"', last or 1, last is not None))

    def take(self, url: str) -> bool:
        """Gives the test's schema (not created yet) the world, if a ready schema waits."""
        if not self.ready:
            return False
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'ALTER SCHEMA "{self.ready.pop()}" RENAME TO "{schema_of(url)}"')
        return True

    def give_back(self, url: str) -> None:
        """After a test: its schema, refilled, waits for the next one, if its shape is intact."""
        schema = schema_of(url)
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            if self.shape_of(conn, schema) != self.shape:
                return  # changed (or never created): the test's own teardown drops it
            self.fill(conn, schema)
            spare = schema_of(fresh_schema_url())
            conn.execute(f'ALTER SCHEMA "{schema}" RENAME TO "{spare}"')
        self.ready.append(spare)


_pg_world: PostgresWorld | None = None


def pg_world() -> PostgresWorld:
    """The PostgreSQL world, built on first use and kept while its access tokens are fresh."""
    global _pg_world  # noqa: PLW0603 (one template per process, built lazily)
    if _pg_world is None or stale(_pg_world.built_at, _pg_world.built_on):
        _pg_world = PostgresWorld.build()
    return _pg_world


def fresh_api(database_url: str, tmp_path: Path,
              clock: MovableClock | None = None) -> Iterator[Api]:
    """An `Api` on its own database, with the users and the catalogue already there; its
    Gapal on `clock` (the system's if None), set to the moment the world is ready: the world's
    tokens were issued by the machine's clock until then."""
    scratch, pg = None, None
    if database_url.startswith("sqlite:///"):
        template = world()
        scratch = scratch_folder("gapal-test-")
        for source in template.folder.glob(f"{DB_NAME}*"):
            shutil.copyfile(source, scratch / source.name)
        gapal = started(f"sqlite:///{scratch / DB_NAME}", tmp_path, clock)
        tokens, catalogue = dict(template.tokens), copy.deepcopy(template.catalogue)
    else:
        pg = pg_world()
        if not pg.take(database_url):  # the first test of a process: the ordinary way
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema_of(database_url)}"')
            started(database_url, tmp_path).close()
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                pg.fill(conn, schema_of(database_url))
        gapal = started(database_url, tmp_path, clock)
        tokens, catalogue = dict(pg.tokens), copy.deepcopy(pg.catalogue)
    try:
        with served(gapal) as client:
            api = Api(client, gapal, tokens)
            _catalogues[id(api)] = catalogue or populate(api)
            if clock is not None:
                clock.set(datetime.now(UTC))
            yield api
            _catalogues.pop(id(api), None)
    finally:
        gapal.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if pg is not None:
            pg.give_back(database_url)


def catalogue_of(api: Api) -> dict[str, Any]:
    """The category and the two products (milk 10 L, gapal 5 sachets) of this api's world."""
    return _catalogues[id(api)]


@pytest.fixture
def api(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Api]:
    """`tests.conftest`'s `api`, from a copy of the ready world (import it to use it); on the
    test's `clock` if it asks for one."""
    yield from fresh_api(database_url, tmp_path, clock_asked(request))


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return catalogue_of(api)
