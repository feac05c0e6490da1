"""The read models projection: users, catalogue, orders, movements and audit, in that order
(views later in the list may read rows the earlier ones wrote in the same batch)."""

from __future__ import annotations

import sqlalchemy as sa

from projections import audit, catalogue, movements, orders, users
from projections.db import Database
from projections.framework import Projection, tracking

READ_MODELS = Projection(
    "read_models", [users.view, catalogue.view, orders.view, movements.view, audit.view])


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
