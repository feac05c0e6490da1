"""Lots view: each lot of each product with what remains of it, and every loss (`perte`)
with its reason and value. Stock events since lots carry the after-state of the lots they
touched, so this view only upserts them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.catalogue import Product
from domain.lots import Lot, has_lots, lots_of_event
from projections import bulk
from projections.db import UTCDateTime, metadata, to_milli, uuid_text
from projections.framework import Batch, Events, Row, View

lots = sa.Table(
    "view_lots", metadata,
    sa.Column("lot_id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("lot_code", sa.String(40), nullable=False),
    sa.Column("received_at", sa.Date, nullable=False),
    sa.Column("expiration_date", sa.Date, index=True),
    sa.Column("unit_cost", sa.BigInteger),
    sa.Column("remaining_milli", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

losses = sa.Table(
    "view_losses", metadata,
    sa.Column("movement_id", sa.String(36), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("product_name", sa.String(200), nullable=False),
    sa.Column("lot_id", sa.String(36), nullable=False),
    sa.Column("lot_code", sa.String(40), nullable=False),
    sa.Column("quantity_milli", sa.BigInteger, nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("reason_code", sa.String(20), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("order_id", sa.String(36)),
    sa.Column("user_id", sa.String(36), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)

# Each product's current name, as the losses show it.
lot_products = sa.Table(
    "view_lot_products", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
)


class LotsView(View):
    """Lots with their remaining quantity; losses with their reason and value."""

    name = "lots"
    tables = (lots, lot_products, losses)
    reads = (Product.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        mine: list[tuple[int, Any]] = [(p, e) for p, e in events if _is_mine(e)]
        if not mine:
            return
        names = self._names(batch.conn, [e for _, e in mine])
        renamed: dict[str, str] = {}
        changed: dict[str, Row] = {}
        lost: list[Row] = []
        for position, event in mine:
            product_id = uuid_text(event.originator_id)
            if isinstance(event, Product.Registered | Product.Revised):
                name = event.name if isinstance(event, Product.Registered) else (
                    event.changes["name"])
                names[product_id] = renamed[product_id] = name
                continue
            for lot in lots_of_event(event) or []:
                changed[uuid_text(lot.lot_id)] = _lot_row(product_id, lot, event)
            if isinstance(event, Product.StockWrittenOff):
                lost.append(_loss(position, event, names.get(product_id, "")))
        bulk.upsert(batch.conn, lot_products,
                    [{"product_id": pid, "name": name} for pid, name in renamed.items()])
        bulk.upsert(batch.conn, lots, changed.values())
        bulk.insert(batch.conn, losses, lost)
        batch.touch("lot", *changed)

    @staticmethod
    def _names(conn: sa.Connection, mine: list[Any]) -> dict[str, str]:
        new = {uuid_text(e.originator_id) for e in mine if isinstance(e, Product.Registered)}
        wanted = {uuid_text(e.originator_id) for e in mine} - new
        return {pid: row["name"] for pid, row in bulk.load(conn, lot_products, wanted).items()}


def _is_mine(event: object) -> bool:
    if isinstance(event, Product.Revised):
        return "name" in event.changes
    return isinstance(event, Product.Registered) or has_lots(event)


def _lot_row(product_id: str, lot: Lot, event: Any) -> Row:
    return {"lot_id": uuid_text(lot.lot_id), "product_id": product_id,
            "lot_code": lot.lot_code, "received_at": lot.received_at,
            "expiration_date": lot.expiration_date, "unit_cost": lot.unit_cost,
            "remaining_milli": to_milli(lot.remaining), "updated_at": event.timestamp}


def _loss(position: int, event: Product.StockWrittenOff, name: str) -> Row:
    [take] = event.takes
    return {"movement_id": uuid_text(event.movement_id), "position": position,
            "product_id": uuid_text(event.originator_id), "product_name": name,
            "lot_id": uuid_text(event.lot_id), "lot_code": str(take["lot_code"]),
            "quantity_milli": to_milli(event.quantity), "value": event.value,
            "reason_code": event.reason_code, "reason": event.reason,
            "order_id": uuid_text(event.order_id) if event.order_id else None,
            "user_id": uuid_text(event.actor_id), "created_at": event.timestamp}
