"""Stock view: each product's reserved quantity (the lines of orders neither delivered nor
cancelled), kept incrementally from product and order events; available = stock - reserved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from domain.catalogue import Product
from domain.order import Order
from projections import bulk
from projections.db import UTCDateTime, metadata, uuid_text
from projections.framework import Batch, Events, Row, View
from projections.reserving import OpenOrders, orders_to_load, touches_reservations

stock = sa.Table(
    "view_stock", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("reserved_milli", sa.BigInteger, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
)

# The quantities of each open order, by product: what its delivery or cancellation releases.
stock_orders = sa.Table(
    "view_stock_orders", metadata,
    sa.Column("order_id", sa.String(36), primary_key=True),
    sa.Column("lines", sa.JSON, nullable=False),
)


class StockView(View):
    """Reserved quantities: + an order's lines when placed, ± the difference when its lines
    are revised, - its lines when delivered or cancelled."""

    name = "stock"
    tables = (stock, stock_orders)
    reads = (Product.Event, Order.Event)

    def apply(self, batch: Batch, events: Events) -> None:
        mine: list[Any] = [e for _, e in events
                           if isinstance(e, Product.Registered) or touches_reservations(e)]
        if not mine:
            return
        conn = batch.conn
        loaded = bulk.load(conn, stock_orders, orders_to_load(mine))
        open_orders = OpenOrders({oid: row["lines"] for oid, row in loaded.items()})
        rows = self._load_products(conn, mine, open_orders)
        changed: dict[str, Row] = {}
        for event in mine:
            if isinstance(event, Product.Registered):
                product_id = uuid_text(event.originator_id)
                rows[product_id] = changed[product_id] = _row(product_id, event.timestamp)
                continue
            for product_id, delta in open_orders.deltas(event).items():
                row = rows.setdefault(product_id, _row(product_id, event.timestamp))
                row["reserved_milli"] += delta
                row["updated_at"] = event.timestamp
                changed[product_id] = row
        self._write(batch, changed, open_orders, set(loaded))

    @staticmethod
    def _load_products(conn: sa.Connection, mine: list[Any],
                       open_orders: OpenOrders) -> dict[str, Row]:
        wanted = open_orders.products()
        for event in mine:
            if isinstance(event, Order.Placed):
                wanted |= {uuid_text(line.product_id) for line in event.lines}
            elif isinstance(event, Order.Revised):
                wanted |= {uuid_text(line.product_id) for line in event.changes["lines"]}
        wanted -= {uuid_text(e.originator_id) for e in mine if isinstance(e, Product.Registered)}
        return bulk.load(conn, stock, wanted)

    @staticmethod
    def _write(batch: Batch, changed: dict[str, Row], open_orders: OpenOrders,
               stored: set[str]) -> None:
        bulk.upsert(batch.conn, stock, changed.values())
        bulk.upsert(batch.conn, stock_orders, [
            {"order_id": oid, "lines": open_orders.lines[oid]}
            for oid in sorted(open_orders.changed)])
        bulk.delete(batch.conn, stock_orders.c.order_id, open_orders.closed & stored)
        batch.hold("stock", ({**row, "id": pid} for pid, row in changed.items()))
        batch.touch("product", *changed)


def _row(product_id: str, at: datetime) -> Row:
    return {"product_id": product_id, "reserved_milli": 0, "updated_at": at}
