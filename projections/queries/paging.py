"""Pages of rows: the page asked for, DRF-style ordering, searching, and reading by ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from projections.db import Database, like_pattern

MAX_PAGE_SIZE = 200
IN_CHUNK = 500
# Under this many keys, `page_by_keys` sorts them all rather than let the planner walk an index
# in the page's order: without statistics it takes a rare term for a common one and walks the
# whole index (20 ms of `zzqx` at 100 000 orders, against 0.1 ms once the few are found).
FEW_KEYS = 1000
T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class PageRequest:
    """Which page, how big, in which order."""

    page: int = 1
    page_size: int = 50
    ordering: str | None = None


@dataclass(frozen=True)
class Sorted:
    """A query and the order of its rows."""

    query: sa.Select[Any]
    order: list[ColumnElement[Any]]


@dataclass
class Page(Generic[T]):
    """One page of results and how many there are in all."""

    count: int
    results: list[T] = field(default_factory=list)


class Reader:
    """Runs queries on the reader engine: pages, single rows, rows by ids."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def page(self, query: sa.Select[Any], order: list[ColumnElement[Any]],
             request: PageRequest) -> Page[Row]:
        size, offset = bounds(request)
        with self.db.reader.connect() as conn:
            count = conn.execute(counted(query)).scalar()
            rows = conn.execute(query.order_by(*order).limit(size).offset(offset)).mappings().all()
        return Page(int(count or 0), [dict(row) for row in rows])

    def page_by_keys(self, keys: Sorted, few: Sorted, request: PageRequest,
                     rows: sa.Select[Any], key: sa.Column[Any]) -> Page[Row]:
        """A page counted, sorted and cut in a narrow query of keys (`keys` selects them
        alone; `few`, the same keys all found before they are sorted, when they are few), whose
        wide rows are then read by `key`, in the page's order."""
        size, offset = bounds(request)
        with self.db.reader.connect() as conn:
            count = int(conn.execute(counted(keys.query)).scalar() or 0)
            chosen = few if count < FEW_KEYS else keys
            picked = conn.execute(chosen.query.order_by(*chosen.order).limit(size).offset(
                offset)).scalars().all() if count > offset else []
            found = {row[key.name]: dict(row) for row in conn.execute(
                rows.where(key.in_(picked))).mappings()} if picked else {}
        return Page(count, [found[k] for k in picked if k in found])

    def one(self, query: sa.Select[Any]) -> Row | None:
        with self.db.reader.connect() as conn:
            row = conn.execute(query).mappings().one_or_none()
        return dict(row) if row is not None else None

    def by_ids(self, query: sa.Select[Any], column: ColumnElement[str],
               ids: Iterable[UUID]) -> list[Row]:
        """The rows whose `column` is one of `ids`, on one connection, IN lists of 500."""
        wanted = [str(i) for i in ids]
        rows: list[Row] = []
        if not wanted:
            return rows
        with self.db.reader.connect() as conn:
            for start in range(0, len(wanted), IN_CHUNK):
                chunk = wanted[start:start + IN_CHUNK]
                rows += [dict(row) for row in conn.execute(query.where(column.in_(chunk)))
                         .mappings()]
        return rows


def bounds(request: PageRequest) -> tuple[int, int]:
    """The page's size (1 to 200) and how many rows come before it."""
    size = max(1, min(request.page_size, MAX_PAGE_SIZE))
    return size, (max(request.page, 1) - 1) * size


def counted(query: sa.Select[Any]) -> sa.Select[Any]:
    """How many rows the query finds."""
    return sa.select(sa.func.count()).select_from(query.subquery())


def ordered(columns: Mapping[str, ColumnElement[Any]], ordering: str | None,
            default: Sequence[ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    """DRF-style `ordering=field` / `-field`; unknown fields fall back to the default."""
    if ordering and ordering.lstrip("-") in columns:
        column = columns[ordering.lstrip("-")]
        return [column.desc() if ordering.startswith("-") else column.asc(), *default]
    return list(default)


def searched(column: ColumnElement[str], query: str | None) -> list[ColumnElement[bool]]:
    return [column.like(like_pattern(query), escape="\\")] if query else []


_PHONE_LIKE = re.compile(r"^\+?[0-9][0-9\s.\-]*$")


def searched_with_phones(column: ColumnElement[str],
                         query: str | None) -> list[ColumnElement[bool]]:
    """Like `searched`, and phones are kept as `+226XXXXXXXX`, so a phone-like query
    (`76 45 12 89`) is also tried without spaces."""
    if not query or not _PHONE_LIKE.match(query.strip()):
        return searched(column, query)
    compact = re.sub(r"[\s.\-]", "", query)
    if compact.startswith("00226"):
        compact = f"+226{compact[5:]}"
    return [sa.or_(*searched(column, query), *searched(column, compact))]


def day_range(column: ColumnElement[Any], date_from: date | None,
              date_to: date | None) -> list[ColumnElement[bool]]:
    """Inclusive days in Africa/Ouagadougou, which is UTC all year round."""
    where = []
    if date_from:
        where.append(column >= datetime.combine(date_from, time(), UTC))
    if date_to and date_to < date.max:  # the last day of the calendar bounds nothing
        where.append(column < datetime.combine(date_to + timedelta(days=1), time(), UTC))
    return where
