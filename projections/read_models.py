"""The read models projection: users, catalogue, orders, movements, audit and notifications, in
that order (a view may read rows the earlier ones wrote for the same event)."""

from __future__ import annotations

import sqlalchemy as sa

from projections import audit, catalogue, movements, orders, users, voice_notes
from projections.db import Database
from projections.framework import Projection, tracking
from projections.notifications import NotificationsView

NAME = "read_models"


def read_models(expiry_warning_days: int = 3) -> Projection:
    return Projection(NAME, [users.view, catalogue.view, orders.view, movements.view,
                             voice_notes.view, audit.view, NotificationsView(expiry_warning_days)])


READ_MODELS = read_models()


def drop_and_recreate(db: Database, projection: Projection) -> None:
    """Empties a projection's tables and rewinds it to the start of the log."""
    with db.writer.begin() as conn:
        for table in reversed(projection.tables):
            table.drop(conn, checkfirst=True)
        conn.execute(tracking.delete().where(tracking.c.name == projection.name))
    with db.writer.begin() as conn:
        for table in projection.tables:
            table.create(conn, checkfirst=True)
        conn.execute(sa.select(1))
