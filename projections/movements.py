"""Stock movements: every entry, exit and adjustment, newest first, with who did it and
which lots moved (a loss is an exit, a return an entry)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from domain.catalogue import Product
from domain.lots import takes_of_event
from domain.values import MovementType
from projections import bulk
from projections.db import UTCDateTime, metadata, to_milli, uuid_text
from projections.framework import Batch, Events, View

movements = sa.Table(
    "view_movements", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False, index=True),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("product_name", sa.String(200), nullable=False),
    sa.Column("movement_type", sa.String(12), nullable=False, index=True),
    sa.Column("quantity_milli", sa.BigInteger, nullable=False),
    sa.Column("stock_after_milli", sa.BigInteger, nullable=False),
    sa.Column("order_id", sa.String(36), index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("user_id", sa.String(36), nullable=False),
    sa.Column("username", sa.String(150), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
    # [{lot_id, lot_code, quantity_milli}] ([] for movements recorded before lots)
    sa.Column("lots", sa.JSON, nullable=False),
    sa.Column("loss_reason", sa.String(20)),
)

# Each product's name as the movements show it (the name at the time of the movement).
movement_products = sa.Table(
    "view_movement_products", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
)

StockEvent = (Product.StockReceived | Product.StockIssued | Product.StockAdjusted
              | Product.StockWrittenOff | Product.StockReturned)
_TYPES = {
    Product.StockReceived: MovementType.ENTREE.value,
    Product.StockIssued: MovementType.SORTIE.value,
    Product.StockAdjusted: MovementType.AJUSTEMENT.value,
    Product.StockWrittenOff: MovementType.SORTIE.value,
    Product.StockReturned: MovementType.ENTREE.value,
}


class MovementsView(View):
    """One row per stock movement; keeps the product names it shows."""

    name = "movements"
    tables = (movements, movement_products)
    reads = (Product.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        mine: list[tuple[int, Any]] = [(p, e) for p, e in events if _is_mine(e)]
        if not mine:
            return
        names = self._load_names(batch.conn, [e for _, e in mine])
        batch.usernames.load(batch.conn, {e.actor_id for _, e in mine if type(e) in _TYPES})
        renamed: dict[str, str] = {}
        rows = []
        for position, event in mine:
            product_id = uuid_text(event.originator_id)
            if type(event) in _TYPES:
                rows.append(_movement(batch, position, event, names.get(product_id, "")))
                batch.touch("movement", rows[-1]["id"])
            else:
                names[product_id] = renamed[product_id] = event.name if isinstance(
                    event, Product.Registered) else event.changes["name"]
        bulk.upsert(batch.conn, movement_products,
                    [{"product_id": pid, "name": name} for pid, name in renamed.items()])
        bulk.insert(batch.conn, movements, rows)

    @staticmethod
    def _load_names(conn: sa.Connection, mine: list[Any]) -> dict[str, str]:
        new = {uuid_text(e.originator_id) for e in mine if isinstance(e, Product.Registered)}
        wanted = {uuid_text(e.originator_id) for e in mine} - new
        return {pid: row["name"] for pid, row in bulk.load(conn, movement_products,
                                                           wanted).items()}


def _is_mine(event: object) -> bool:
    if isinstance(event, Product.Revised):
        return "name" in event.changes
    return type(event) in _TYPES or isinstance(event, Product.Registered)


def _movement(batch: Batch, position: int, event: StockEvent, name: str) -> dict[str, Any]:
    order_id = getattr(event, "order_id", None)
    return {
        "id": uuid_text(event.movement_id), "position": position,
        "product_id": uuid_text(event.originator_id), "product_name": name,
        "movement_type": _TYPES[type(event)], "quantity_milli": to_milli(event.quantity),
        "stock_after_milli": to_milli(event.stock_after),
        "order_id": str(order_id) if order_id else None, "reason": event.reason,
        "user_id": uuid_text(event.actor_id), "username": batch.usernames.name(event.actor_id),
        "created_at": event.timestamp, "lots": _lots(event),
        "loss_reason": getattr(event, "reason_code", None)}


def _lots(event: StockEvent) -> list[dict[str, Any]]:
    """What moved from each lot, unsigned like the movement's quantity (signed for counts)."""
    sign = -1 if isinstance(event, Product.StockIssued | Product.StockWrittenOff) else 1
    return [{"lot_id": uuid_text(_uuid(take["lot_id"])), "lot_code": str(take["lot_code"]),
             "quantity_milli": sign * to_milli(_decimal(take["quantity"]))}
            for take in takes_of_event(event)]


def _uuid(value: object) -> UUID:
    return value if type(value) is UUID else UUID(str(value))


def _decimal(value: object) -> Decimal:
    return value if type(value) is Decimal else Decimal(str(value))
