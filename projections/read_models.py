"""The read models projection: independent views, each owning its tables (none reads
another's), advancing together from one tracking position."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from domain.clock import Clock
from domain.limits import OrderLimits
from projections import failures
from projections.audit import AuditView
from projections.cash_closings import CashClosingsView
from projections.catalogue import CatalogueView
from projections.customers import CustomersView
from projections.db import Database, made_on, metadata
from projections.framework import Projection, View, tracking
from projections.lots import LotsView
from projections.movements import MovementsView
from projections.notifications import NotificationsView
from projections.orders import OrdersView
from projections.payments import PaymentsView
from projections.stock import StockView
from projections.usernames import UsernameLookup, UsernamesView
from projections.users import UsersView
from projections.voice_notes import VoiceNotesView

log = logging.getLogger(__name__)
NAME = "read_models"


def read_models(expiry_warning_days: int = 3, limits: OrderLimits | None = None,
                clock: Clock | None = None) -> Projection:
    views = [UsernamesView(), UsersView(), CatalogueView(), StockView(), OrdersView(limits),
             MovementsView(), LotsView(), VoiceNotesView(), PaymentsView(), CustomersView(),
             AuditView(), NotificationsView(expiry_warning_days, clock), CashClosingsView()]
    return Projection(NAME, views, UsernameLookup(), clock)


# The DDL fingerprint of each projection's tables, as the code that made them declared them.
projection_schemas = sa.Table(
    "projection_schemas", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)


def drop_and_recreate(db: Database, projection: Projection, indexes: bool = True) -> None:
    """Empties a projection's tables and rewinds it to the start of the log. A rebuild passes
    `indexes=False` and calls `create_indexes` at the end: building an index once over the
    finished table is cheaper than keeping it up to date row by row (primary keys and unique
    constraints stay, the views' loads need them; a rebuild that dies before building them
    gets them at the next start from `create_schema`, which creates what is missing)."""
    with db.writer.begin() as conn:
        for table in reversed(projection.tables):
            table.drop(conn, checkfirst=True)
        conn.execute(tracking.delete().where(tracking.c.name == projection.name))
        failures.forget(conn, projection.name)
    with db.writer.begin() as conn:
        for table in projection.tables:
            conn.execute(sa.schema.CreateTable(table))
        conn.execute(sa.select(1))
    if indexes:
        create_indexes(db, projection)


def create_indexes(db: Database, projection: Projection) -> None:
    """Creates the indexes of the projection's tables that are missing."""
    with db.writer.begin() as conn:
        for table in projection.tables:
            for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
                index.create(conn, checkfirst=True)


_FINGERPRINTS: dict[tuple[str, ...], str] = {}


def fingerprint(projection: Projection, dialect: sa.Dialect) -> str:
    """A digest of the projection's tables and indexes as this database would create them,
    and of the settings its views' rows depend on (the bounds of an unusual order).
    Tables are defined once per process: each digest is computed once (30 ms of every start)."""
    return _cached(dialect, projection.views)


def view_fingerprints(projection: Projection, dialect: sa.Dialect) -> dict[str, str]:
    """The same digest for each view alone: its tables, their indexes, its settings."""
    return {view.name: _cached(dialect, [view]) for view in projection.views}


def _cached(dialect: sa.Dialect, views: list[View]) -> str:
    ddl = [f"-- {view.name}: {view.settings()}" for view in views if view.settings()]
    tables = [table for view in views for table in view.tables]
    key = (dialect.name, *ddl, *sorted(f"{id(table)}" for table in tables))
    if key not in _FINGERPRINTS:
        _FINGERPRINTS[key] = _digest(tables, dialect, ddl)
    return _FINGERPRINTS[key]


_DDL: dict[tuple[str, int], list[str]] = {}


def _digest(tables: list[sa.Table], dialect: sa.Dialect, ddl: list[str]) -> str:
    for table in sorted(tables, key=lambda t: t.name):
        ddl += _table_ddl(table, dialect)
    return hashlib.sha256("\n".join(ddl).encode()).hexdigest()


def _table_ddl(table: sa.Table, dialect: sa.Dialect) -> list[str]:
    """A table's DDL and its indexes', compiled once per process (the projection's digest and
    its views' use the same)."""
    key = (dialect.name, id(table))
    if key not in _DDL:
        _DDL[key] = [str(CreateTable(table).compile(dialect=dialect)), *sorted(
            str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
            if made_on(dialect, index))]
    return _DDL[key]


def remember(conn: sa.Connection, name: str, digest: str) -> None:
    """Notes a projection's fingerprint alone: its views' are forgotten (a rebuild under way
    notes UNFINISHED, and a start that finds it rebuilds the whole projection)."""
    conn.execute(projection_schemas.delete().where(_named(name)))
    _note(conn, name, digest)


def _note(conn: sa.Connection, name: str, digest: str) -> None:
    """Notes one fingerprint (a view's), replacing the one noted before."""
    conn.execute(projection_schemas.delete().where(projection_schemas.c.name == name))
    conn.execute(projection_schemas.insert().values(name=name, fingerprint=digest))


def _named(projection: str) -> sa.ColumnElement[bool]:
    """The fingerprint rows of a projection: its own, and its views' (`projection:view`)."""
    column = projection_schemas.c.name
    return (column == projection) | column.startswith(f"{projection}:", autoescape=True)


def remember_all(conn: sa.Connection, projection: Projection) -> None:
    """Notes the fingerprints of the projection and of each of its views, as projected now."""
    remember(conn, projection.name, fingerprint(projection, conn.dialect))
    conn.execute(projection_schemas.insert(), [
        {"name": f"{projection.name}:{name}", "fingerprint": digest}
        for name, digest in view_fingerprints(projection, conn.dialect).items()])


class Told:
    """Progress of a view replayed at start, in the log: at most every PROGRESS_SECONDS."""

    def __init__(self, view: str, end: int) -> None:
        self.view, self.end = view, end
        self.done, self.last = 0, time.monotonic()

    def __call__(self, positions: int) -> None:
        self.done += positions
        if time.monotonic() - self.last >= PROGRESS_SECONDS and self.end:
            self.last = time.monotonic()
            log.warning("Vue %s : %d %% du journal rejoué (%d/%d).", self.view,
                        100 * self.done // self.end, self.done, self.end)


PROGRESS_SECONDS = 5.0


def rebuild_if_changed(db: Database, projection: Projection,
                       replay_view: Callable[[str, Callable[[int], None]], object] | None = None,
                       ) -> bool:
    """A projection whose tables changed since they were projected is rebuilt. When the
    fingerprint of each view is known, only the views that changed (or are new) are replayed,
    each alone up to the projection's position, by `replay_view` (told its progress in log
    positions, logged every few seconds), before anything serves: an
    upgrade that changes one view does not replay the others. Otherwise the whole projection is
    made anew, and True is returned: the log is left to replay into it. A fresh
    database (nothing projected, no fingerprint) just has its fingerprints noted; an unchanged
    one is not written to, but to note the views' fingerprints the first time."""
    current = fingerprint(projection, db.writer.dialect)
    views = view_fingerprints(projection, db.writer.dialect)
    with db.writer.begin() as conn:
        stored = dict(conn.execute(sa.select(
            projection_schemas.c.name, projection_schemas.c.fingerprint).where(
                _named(projection.name))).all())
        projected = conn.execute(sa.select(tracking.c.position)
                                 .where(tracking.c.name == projection.name)).scalar_one_or_none()
        position = int(projected or 0)
        whole = stored.pop(projection.name, None)
        stored_views = {key.split(":", 1)[1]: digest for key, digest in stored.items()}
        if (whole is None and projected is None) or (whole == current
                                                      and stored_views != views):
            remember_all(conn, projection)
            return False
    if whole == current:
        return False
    changed = [name for name, digest in views.items() if stored_views.get(name) != digest]
    if replay_view is not None and stored_views and len(changed) < len(views):
        log.warning("Vues %s modifiées : %s reconstruite(s) depuis le journal.",
                    projection.name, ", ".join(changed))
        for name in changed:
            started = time.perf_counter()
            replay_view(name, Told(name, position))
            with db.writer.begin() as conn:  # a start cut short later does not replay it again
                _note(conn, f"{projection.name}:{name}", views[name])
            log.warning("Vue %s reconstruite en %.1f s.", name, time.perf_counter() - started)
        with db.writer.begin() as conn:
            remember_all(conn, projection)
        return False
    log.warning("Vues %s modifiées : reconstruction depuis le journal.", projection.name)
    drop_and_recreate(db, projection)
    with db.writer.begin() as conn:
        remember_all(conn, projection)
    return True
