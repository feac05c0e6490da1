"""Stock movements: every entry, exit and adjustment, newest first, with who did it."""

from __future__ import annotations

import sqlalchemy as sa

from domain.catalogue import Product
from domain.values import MovementType
from projections.db import UTCDateTime, metadata, to_milli
from projections.framework import Batch, View

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
)

view = View("movements", [movements])

StockEvent = Product.StockReceived | Product.StockIssued | Product.StockAdjusted
_TYPES = {
    Product.StockReceived: MovementType.ENTREE,
    Product.StockIssued: MovementType.SORTIE,
    Product.StockAdjusted: MovementType.AJUSTEMENT,
}


@view.on(*_TYPES)
def _moved(event: StockEvent, batch: Batch) -> None:
    from projections.catalogue import products  # noqa: PLC0415 (sibling view, read only)

    name = batch.conn.execute(sa.select(products.c.name)
                              .where(products.c.id == str(event.originator_id))).scalar_one()
    order_id = getattr(event, "order_id", None)
    batch.conn.execute(movements.insert().values(
        id=str(event.movement_id), position=batch.position,
        product_id=str(event.originator_id), product_name=name,
        movement_type=_TYPES[type(event)].value, quantity_milli=to_milli(event.quantity),
        stock_after_milli=to_milli(event.stock_after),
        order_id=str(order_id) if order_id else None, reason=event.reason,
        user_id=str(event.actor_id), username=batch.username(event.actor_id),
        created_at=event.timestamp,
    ))
    batch.touch("movement", event.movement_id)
