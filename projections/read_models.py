"""The read models projection: independent views, each owning its tables (none reads
another's), advancing together from one tracking position."""

from __future__ import annotations

import sqlalchemy as sa

from projections.audit import AuditView
from projections.catalogue import CatalogueView
from projections.db import Database
from projections.framework import Projection, tracking
from projections.movements import MovementsView
from projections.notifications import NotificationsView
from projections.orders import OrdersView
from projections.stock import StockView
from projections.usernames import UsernameLookup, UsernamesView
from projections.users import UsersView
from projections.voice_notes import VoiceNotesView

NAME = "read_models"


def read_models(expiry_warning_days: int = 3) -> Projection:
    views = [UsernamesView(), UsersView(), CatalogueView(), StockView(), OrdersView(),
             MovementsView(), VoiceNotesView(), AuditView(),
             NotificationsView(expiry_warning_days)]
    return Projection(NAME, views, UsernameLookup())


def drop_and_recreate(db: Database, projection: Projection, indexes: bool = True) -> None:
    """Empties a projection's tables and rewinds it to the start of the log. A rebuild passes
    `indexes=False` and calls `create_indexes` at the end: building an index once over the
    finished table is cheaper than keeping it up to date row by row (primary keys and unique
    constraints stay, the views' loads need them)."""
    with db.writer.begin() as conn:
        for table in reversed(projection.tables):
            table.drop(conn, checkfirst=True)
        conn.execute(tracking.delete().where(tracking.c.name == projection.name))
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
