"""The facts the notification rules read, folded event by event in the notifications view's
own tables: each product's stock, reserved quantity, threshold, name, unit, state and expiry;
each open order's number, client, creator and quantities; each user's role."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.catalogue import STOCK_EVENTS, Product
from domain.order import Order
from domain.user import User
from projections import bulk
from projections.db import to_milli, uuid_text
from projections.framework import Events, Row
from projections.reserving import OpenOrders, orders_to_load, touches_reservations

_PRODUCT_FIELDS = {"name": "name", "unit": "unit", "min_stock_level": "min_stock_milli",
                   "expiration_date": "expiration_date"}


def is_mine(event: object) -> bool:
    """The events whose facts or rules the notifications need."""
    if isinstance(event, User.Revised):
        return "role" in event.changes
    if isinstance(event, Order.Event):
        return touches_reservations(event) or isinstance(event, Order.StatusChanged)
    return isinstance(event, Product.Event | User.Registered)


class Facts:
    """The facts of one batch: loaded once, changed in memory event by event, written once."""

    def __init__(self, events: list[tuple[int, Any]], tables: tuple[sa.Table, ...],
                 loaded: tuple[dict[str, Row], dict[str, Row], dict[str, str]]) -> None:
        self.events = events
        self.tables = tables
        self.products, self.orders, self.roles = loaded
        self.stored_orders = set(self.orders)
        self.open = OpenOrders({oid: row["lines"] for oid, row in self.orders.items()})
        self.changed_products: set[str] = set()
        self.changed_users: set[str] = set()

    def order_seen(self, order_id: str) -> Row:
        return self.orders[order_id]

    def fold(self, event: Any) -> set[str]:
        """Applies one event to the facts; returns the products whose stock news it is."""
        if isinstance(event, User.Registered | User.Revised):
            role = event.role if isinstance(event, User.Registered) else event.changes["role"]
            self.roles[uuid_text(event.originator_id)] = role
            self.changed_users.add(uuid_text(event.originator_id))
            return set()
        if isinstance(event, Product.Event):
            return self._product(event)
        if isinstance(event, Order.Placed):
            self.orders[uuid_text(event.originator_id)] = {
                "order_id": uuid_text(event.originator_id), "order_number": event.order_number,
                "client_name": event.client_name, "created_by": uuid_text(event.actor_id)}
        if not touches_reservations(event):
            return set()
        touched = set()
        for product_id, delta in self.open.deltas(event).items():
            if product_id in self.products:
                self.products[product_id]["reserved_milli"] += delta
                touched.add(product_id)
        self.changed_products |= touched
        return touched

    def _product(self, event: Product.Event) -> set[str]:
        product_id = uuid_text(event.originator_id)
        if isinstance(event, Product.Registered):
            self.products[product_id] = {
                "product_id": product_id, "name": event.name, "unit": event.unit,
                "is_active": True, "stock_milli": 0, "reserved_milli": 0,
                "min_stock_milli": to_milli(event.min_stock_level),
                "expiration_date": event.expiration_date, "is_low": False, "is_short": False}
        row = self.products[product_id]
        if isinstance(event, Product.Revised):
            row.update({_PRODUCT_FIELDS[k]: to_milli(v) if k == "min_stock_level" else v
                        for k, v in event.changes.items() if k in _PRODUCT_FIELDS})
        elif isinstance(event, Product.Archived | Product.Restored):
            row["is_active"] = isinstance(event, Product.Restored)
        elif isinstance(event, STOCK_EVENTS):
            row["stock_milli"] = to_milli(event.stock_after)
            if getattr(event, "lots", None) is not None:  # since lots: the first open lot's
                row["expiration_date"] = event.expiry_after
            elif isinstance(event, Product.StockReceived) and event.expiration_date is not None:
                row["expiration_date"] = event.expiration_date
        self.changed_products.add(product_id)
        return {product_id}

    def write(self, conn: sa.Connection) -> None:
        products, orders, users = self.tables
        bulk.upsert(conn, products, [self.products[pid] for pid in sorted(self.changed_products)])
        bulk.upsert(conn, orders, [{**self.orders[oid], "lines": self.open.lines[oid]}
                                   for oid in sorted(self.open.changed)])
        bulk.delete(conn, orders.c.order_id, self.open.closed & self.stored_orders)
        bulk.upsert(conn, users, [{"user_id": uid, "role": self.roles[uid]}
                                  for uid in sorted(self.changed_users)])


def load_facts(conn: sa.Connection, events: Events, *tables: sa.Table) -> Facts | None:
    """The facts these events need, read with one SELECT per table; None if none is needed."""
    mine: list[tuple[int, Any]] = [(p, e) for p, e in events if is_mine(e)]
    if not mine:
        return None
    products, orders, users = tables
    evs = [e for _, e in mine]
    placed = {uuid_text(e.originator_id) for e in evs if isinstance(e, Order.Placed)}
    status = {uuid_text(e.originator_id) for e in evs if isinstance(e, Order.StatusChanged)}
    found_orders = bulk.load(conn, orders, orders_to_load(evs) | (status - placed))
    return Facts(mine, tables, (
        bulk.load(conn, products, _products_needed(evs, found_orders)), found_orders,
        _roles(conn, users, evs, found_orders, status)))


def _products_needed(evs: list[Any], orders: dict[str, Row]) -> set[str]:
    wanted = {pid for row in orders.values() for pid in row["lines"]}
    for event in evs:
        if isinstance(event, Product.Event):
            wanted.add(uuid_text(event.originator_id))
        elif isinstance(event, Order.Placed | Order.Revised) and touches_reservations(event):
            lines = event.lines if isinstance(event, Order.Placed) else event.changes["lines"]
            wanted |= {uuid_text(line.product_id) for line in lines}
    return wanted - {uuid_text(e.originator_id) for e in evs if isinstance(e, Product.Registered)}


def _roles(conn: sa.Connection, users: sa.Table, evs: list[Any], orders: dict[str, Row],
           status: set[str]) -> dict[str, str]:
    """The roles of the creators of orders whose status changes (their own notification)."""
    creators = {row["created_by"] for oid, row in orders.items() if oid in status}
    creators |= {uuid_text(e.actor_id) for e in evs
                 if isinstance(e, Order.Placed) and uuid_text(e.originator_id) in status}
    creators -= {uuid_text(e.originator_id) for e in evs if isinstance(e, User.Registered)}
    return {uid: row["role"] for uid, row in bulk.load(conn, users, creators).items()}
