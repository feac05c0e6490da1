"""The stock ledger: every movement in and out, newest first, for those who run the stock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import Action, Actor
from projections.db import Database, from_milli
from projections.movements import movements
from projections.queries.paging import Page, PageRequest, Reader, Row, day_range


class LotMove(TypedDict):
    """How much of one lot a movement moved."""

    lot_id: str
    lot_code: str
    quantity: Decimal


class MovementRow(TypedDict):
    """A stock movement: what moved, how much, the stock after it, who and why."""

    id: str
    product_id: str
    product_name: str
    movement_type: str
    quantity: Decimal
    stock_after: Decimal
    order_id: str | None
    reason: str
    user_id: str
    username: str
    created_at: datetime
    lots: list[LotMove]
    loss_reason: str | None


@dataclass(frozen=True)
class MovementFilters:
    """What the movement list may be narrowed to."""

    product_id: UUID | None = None
    movement_type: str | None = None
    order_id: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None


class StockLedger:
    """Stock movements, for the roles that manage stock."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def movements(self, actor: Actor, request: PageRequest,
                  filters: MovementFilters) -> Page[MovementRow]:
        actor.require(Action.MANAGE_STOCK)
        where = day_range(movements.c.created_at, filters.date_from, filters.date_to)
        for column, value in ((movements.c.product_id, filters.product_id),
                              (movements.c.order_id, filters.order_id),
                              (movements.c.movement_type, filters.movement_type)):
            if value:
                where.append(column == str(value))
        page = self._reader.page(sa.select(movements).where(*where),
                                 [movements.c.position.desc()], request)
        return Page(page.count, [movement_shape(r) for r in page.results])

    def movement(self, movement_id: UUID) -> MovementRow | None:
        """A movement just written by this actor (the answer to his entry, exit or count)."""
        row = self._reader.one(sa.select(movements).where(movements.c.id == str(movement_id)))
        return movement_shape(row) if row else None


def movement_shape(row: Row) -> MovementRow:
    return {
        "id": row["id"], "product_id": row["product_id"], "product_name": row["product_name"],
        "movement_type": row["movement_type"], "quantity": from_milli(row["quantity_milli"]),
        "stock_after": from_milli(row["stock_after_milli"]), "order_id": row["order_id"],
        "reason": row["reason"], "user_id": row["user_id"], "username": row["username"],
        "created_at": row["created_at"],
        "lots": [{"lot_id": m["lot_id"], "lot_code": m["lot_code"],
                  "quantity": from_milli(m["quantity_milli"])} for m in row["lots"] or []],
        "loss_reason": row["loss_reason"],
    }
