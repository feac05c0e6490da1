"""The read models projection: independent views, each owning its tables (none reads
another's), advancing together from one tracking position."""

from __future__ import annotations

import hashlib
import logging

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from domain.limits import OrderLimits
from projections import failures
from projections.audit import AuditView
from projections.cash_closings import CashClosingsView
from projections.catalogue import CatalogueView
from projections.customers import CustomersView
from projections.db import Database, metadata
from projections.framework import Projection, tracking
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


def read_models(expiry_warning_days: int = 3, limits: OrderLimits | None = None) -> Projection:
    views = [UsernamesView(), UsersView(), CatalogueView(), StockView(), OrdersView(limits),
             MovementsView(), LotsView(), VoiceNotesView(), PaymentsView(), CustomersView(),
             AuditView(), NotificationsView(expiry_warning_days), CashClosingsView()]
    return Projection(NAME, views, UsernameLookup())


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
    ddl = [f"-- {view.name}: {view.settings()}" for view in projection.views if view.settings()]
    key = (dialect.name, *ddl, *sorted(f"{id(table)}" for table in projection.tables))
    if key not in _FINGERPRINTS:
        _FINGERPRINTS[key] = _digest(projection, dialect, ddl)
    return _FINGERPRINTS[key]


def _digest(projection: Projection, dialect: sa.Dialect, ddl: list[str]) -> str:
    for table in sorted(projection.tables, key=lambda t: t.name):
        ddl.append(str(CreateTable(table).compile(dialect=dialect)))
        ddl += sorted(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes)
    return hashlib.sha256("\n".join(ddl).encode()).hexdigest()


def remember(conn: sa.Connection, name: str, digest: str) -> None:
    conn.execute(projection_schemas.delete().where(projection_schemas.c.name == name))
    conn.execute(projection_schemas.insert().values(name=name, fingerprint=digest))


def rebuild_if_changed(db: Database, projection: Projection) -> bool:
    """A projection whose tables changed since they were projected is made anew; the projector
    then replays the log into it. True if that happened. A fresh database (nothing projected,
    no fingerprint) just has its fingerprint noted; an unchanged one is not written to."""
    current = fingerprint(projection, db.writer.dialect)
    with db.writer.begin() as conn:
        stored = conn.execute(sa.select(projection_schemas.c.fingerprint)
                              .where(projection_schemas.c.name == projection.name)
                              ).scalar_one_or_none()
        projected = conn.execute(sa.select(tracking.c.position)
                                 .where(tracking.c.name == projection.name)).scalar_one_or_none()
        if stored is None and projected is None:
            remember(conn, projection.name, current)
            return False
    if stored == current:
        return False
    log.warning("Vues %s modifiées : reconstruction depuis le journal.", projection.name)
    drop_and_recreate(db, projection)
    with db.writer.begin() as conn:
        remember(conn, projection.name, current)
    return True
