"""Set-based reads and writes for the views: the rows a batch needs in one SELECT per table,
its final rows in multi-row statements (upserts on the primary key, plain inserts, deletes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cache
from operator import itemgetter
from typing import Any, cast

import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from application.json_values import dump_json
from projections.db import uuid_text

Row = dict[str, Any]
CHUNK = 5000  # ids per IN list: under SQLite's 32 766 and PostgreSQL's 65 535 parameters


def chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def key_of(table: sa.Table) -> sa.Column[Any]:
    (column,) = table.primary_key.columns
    return column


def load(conn: sa.Connection, table: sa.Table, ids: Iterable[str],
         column: sa.Column[Any] | None = None) -> dict[str, Row]:
    """The rows of `table` whose key (or `column`) is one of `ids`, by that value."""
    column = key_of(table) if column is None else column
    found: dict[str, Row] = {}
    query = _select_in(table, column)
    for chunk in chunks(sorted(set(ids))):
        for row in conn.execute(query, {"ids": chunk}).mappings():
            found[row[column.name]] = dict(row)
    return found


@cache
def _select_in(table: sa.Table, column: sa.Column[Any]) -> sa.Select[Any]:
    """`SELECT * FROM table WHERE column IN (:ids)`, built once (and its cache key with it)."""
    return sa.select(table).where(column.in_(sa.bindparam("ids", expanding=True)))


def upsert(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    """Writes whole rows: inserted, or replacing the row of the same primary key."""
    rows = list(rows)
    if rows:
        conn.execute(_upsert(conn.dialect.name, table), rows)


def insert(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    """Inserts new rows (ids unique by construction: log positions, movement ids...); on
    PostgreSQL with a binary COPY, which took 2 to 4 times fewer seconds than an executemany
    of INSERTs or a multi-row INSERT (bench/RESULTS.md, "Read side v2")."""
    rows = list(rows)
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy(conn, table, rows)
    else:
        sqlite_insert(conn, table, rows)


def sqlite_insert(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """An executemany straight on the driver, values converted as SQLAlchemy stores them:
    its per-row bind processing was a quarter of a SQLite rebuild."""
    names, converters = _sqlite_columns(table)
    raw = cast(sqlite3.Connection, conn.connection.dbapi_connection)
    marks = ", ".join("?" * len(names))
    quoted = ", ".join(f'"{name}"' for name in names)
    values = _values(names, rows)
    for index, convert in converters:
        if convert is _sqlite_json:
            for row_values in values:
                row_values[index] = convert(row_values[index])
            continue
        done: dict[Any, Any] = {}  # a batch's rows share their events' times and dates
        for row_values in values:
            value = row_values[index]
            found = done.get(value)
            if found is None:
                found = done[value] = convert(value)
            row_values[index] = found
    raw.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})',  # noqa: S608 (names from our own tables)
                    values)


def _values(names: list[str], rows: list[Row]) -> list[list[Any]]:
    """Each row's values in the order of `names`, in lists (changed in place after)."""
    if len(names) == 1:
        return [[row[names[0]]] for row in rows]
    get = itemgetter(*names)
    return [list(get(row)) for row in rows]


def _tuples(names: list[str], rows: list[Row]) -> list[tuple[Any, ...]]:
    """Each row's values in the order of `names`, as they are (no list copied per row)."""
    if len(names) == 1:
        return [(row[names[0]],) for row in rows]
    get = itemgetter(*names)
    return [get(row) for row in rows]


def copy(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """JSON values are encoded here and sent as text (a `json` column receives the same bytes
    in the binary format as in the text one): psycopg's JSON dumper calls `json.dumps` per
    value, whose set-up cost more than the encoding of our small documents."""
    names, types, json_columns = _copy_columns(table)
    raw = cast(psycopg.Connection[Any], conn.connection.dbapi_connection)
    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f'COPY "{table.name}" ({quoted}) FROM STDIN (FORMAT BINARY)'
    values: list[list[Any]] | list[tuple[Any, ...]]
    if json_columns:
        values = encoded = _values(names, rows)
        for index in json_columns:
            for row_values in encoded:
                row_values[index] = json_text(row_values[index])
    else:
        values = _tuples(names, rows)
    with raw.cursor() as cursor, cursor.copy(statement) as copying:
        copying.set_types(types)
        write_row = copying.write_row
        for written in values:
            write_row(written)


def json_text(value: Any) -> str | None:
    """The JSON text of a value, exactly as `json.dumps` writes it; None stays NULL."""
    return None if value is None else dump_json(value)


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    utc = value if value.tzinfo is UTC else value.astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(" ", "microseconds")  # as SQLAlchemy writes it


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_json(value: Any) -> str | None:
    return json_text(value)


@cache
def _sqlite_columns(table: sa.Table) -> tuple[list[str], list[tuple[int, Callable[[Any], Any]]]]:
    """Column names, and the converters of the columns whose values the driver cannot take
    as they are (by column index)."""
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, column in enumerate(table.columns):
        kind = column.type
        if isinstance(kind, sa.TypeDecorator):  # UTCDateTime, the only decorated type
            converters.append((index, _sqlite_datetime))
        elif isinstance(kind, sa.JSON):
            converters.append((index, _sqlite_json))
        elif isinstance(kind, sa.Date) and not isinstance(kind, sa.DateTime):
            converters.append((index, _sqlite_date))
    return [c.name for c in table.columns], converters


_PG_TYPES = {sa.BigInteger: "int8", sa.Integer: "int4", sa.Boolean: "bool", sa.Date: "date",
             sa.Float: "float8", sa.JSON: "text", sa.Text: "text", sa.String: "text"}


@cache
def _copy_columns(table: sa.Table) -> tuple[list[str], list[str], list[int]]:
    """Column names and PostgreSQL types for a binary COPY into `table`, and the indexes of
    its JSON columns (sent as text, see `copy`)."""
    types = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, sa.TypeDecorator):
            types.append("timestamptz")  # UTCDateTime, the only decorated type of the views
            continue
        types.append(next(name for cls, name in _PG_TYPES.items() if isinstance(kind, cls)))
    json_columns = [i for i, c in enumerate(table.columns) if isinstance(c.type, sa.JSON)]
    return [c.name for c in table.columns], types, json_columns


def insert_missing(conn: sa.Connection, table: sa.Table, rows: Iterable[Row]) -> None:
    """Inserts the rows whose primary key is not there yet, leaves the others as they are."""
    rows = list(rows)
    if rows:
        conn.execute(_insert_missing(conn.dialect.name, table), rows)


def delete(conn: sa.Connection, column: sa.Column[Any], ids: Iterable[str]) -> None:
    wanted = sorted(set(ids))
    for chunk in chunks(wanted):
        conn.execute(sa.delete(column.table).where(column.in_(chunk)))


def _insert_for(dialect: str) -> Callable[[sa.Table], Any]:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


@cache
def _upsert(dialect: str, table: sa.Table) -> sa.Insert:
    statement = _insert_for(dialect)(table)
    keys = [c.name for c in table.primary_key.columns]
    values = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    upsert: sa.Insert = statement.on_conflict_do_update(index_elements=keys, set_=values)
    return upsert


@cache
def _insert_missing(dialect: str, table: sa.Table) -> sa.Insert:
    missing: sa.Insert = _insert_for(dialect)(table).on_conflict_do_nothing()
    return missing


Handler = Callable[[dict[str, Row], Any], Row]


class Folded(dict[str, Row]):
    """The rows a batch changed, by id; `new` names those created by the batch itself."""

    def __init__(self) -> None:
        super().__init__()
        self.new: set[str] = set()


def fold(conn: sa.Connection, table: sa.Table, events: Iterable[tuple[int, Any]],
         handlers: dict[type, Handler], created: tuple[type, ...]) -> Folded:
    """Folds the events `handlers` know into whole rows keyed by aggregate id: the rows of
    aggregates created earlier are loaded with one SELECT; returns the rows that changed."""
    mine: list[tuple[str, Any]] = [(uuid_text(event.originator_id), event) for _, event in events
                                   if type(event) in handlers]
    changed = Folded()
    if not mine:
        return changed
    changed.new = {key for key, event in mine if type(event) in created}
    rows = load(conn, table, {key for key, _ in mine} - changed.new)
    for key, event in mine:
        changed[key] = handlers[type(event)](rows, event)
    return changed


def write(conn: sa.Connection, table: sa.Table, changed: Folded) -> None:
    """Rows created by the batch are inserted (a COPY on PostgreSQL), the others upserted."""
    insert(conn, table, [row for key, row in changed.items() if key in changed.new])
    upsert(conn, table, [row for key, row in changed.items() if key not in changed.new])
