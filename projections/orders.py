"""Order board: every order with its lines, searchable, sortable by urgency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from application.history import plain
from domain.limits import OrderLimits, UnusualLine
from domain.order import FINAL, Order, OrderLine
from domain.payments import payment_status_of
from domain.values import PRIORITY_URGENCY, DeliveryStatus, PaymentStatus, Priority
from projections import bulk
from projections.db import UTCDateTime, metadata, search_key, to_milli, uuid_text
from projections.framework import Batch, Events, Row, View
from projections.order_search import order_search, write_search

orders = sa.Table(
    "view_orders", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("order_number", sa.String(14), nullable=False, unique=True),
    sa.Column("local_id", sa.String(36), index=True),
    sa.Column("client_name", sa.String(200), nullable=False),
    sa.Column("client_phone", sa.String(32), nullable=False),
    sa.Column("delivery_address", sa.Text, nullable=False),
    sa.Column("delivery_date", sa.Date, index=True),
    sa.Column("delivery_status", sa.String(20), nullable=False, index=True),
    sa.Column("payment_status", sa.String(20), nullable=False, index=True),
    sa.Column("priority", sa.String(10), nullable=False),
    sa.Column("urgency", sa.Integer, nullable=False),
    sa.Column("total_price", sa.BigInteger, nullable=False),
    sa.Column("amount_paid", sa.BigInteger, nullable=False),
    sa.Column("amount_due", sa.BigInteger, nullable=False),
    # What `amount_paid` is made of: the payments' sum, or the whole total for an order marked
    # paid whole by the old `PaymentChanged` (its total may change after).
    sa.Column("payments_total", sa.BigInteger, nullable=False),
    sa.Column("marked_paid", sa.Boolean, nullable=False),
    # The value of the goods returned (`retours`): the customer no longer owes it.
    sa.Column("returned_value", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(36), nullable=False, index=True),
    sa.Column("created_by_username", sa.String(150), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
    sa.Column("created_day", sa.Date, nullable=False, index=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("customer_id", sa.String(36), index=True),
    # What looks wrong with the order (French sentences, domain/limits.py), judged against its
    # creation day when placed or revised; `is_unusual` for the filter `?unusual=true`.
    sa.Column("unusual_reasons", sa.JSON, nullable=False),
    sa.Column("is_unusual", sa.Boolean, nullable=False, index=True),
    # Placed above its customer's credit limit (recorded in `Order.Placed`), and
    # `over_credit_limit` while it still owes (for `?over_credit_limit=true`).
    sa.Column("credit_exceeded", sa.Boolean, nullable=False),
    sa.Column("over_credit_limit", sa.Boolean, nullable=False, index=True),
)
# `ordering=priority` sorts by urgency then id: with urgency alone the page was a top-N sort
# of the whole board (60 ms at 100 000 orders); with both it reads 50 index entries.
sa.Index("ix_view_orders_urgency", orders.c.urgency, orders.c.id)
# A phone's sync asks for its vendor's orders changed since its cursor (`updated_since`).
sa.Index("ix_view_orders_creator_updated", orders.c.created_by, orders.c.updated_at)
# `?search=` reads `search_text` in its narrow copy, `view_order_search` (order_search.py).
# An order that still owes money: not cancelled, with some of its total not yet received (its
# `amount_due`). Customers' balances, their limit filter and the receivables all read it.
OWING = sa.and_(orders.c.delivery_status != DeliveryStatus.ANNULEE.value,
                orders.c.amount_due > 0)

order_lines = sa.Table(
    "view_order_lines", metadata,
    sa.Column("order_id", sa.String(36), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("product_name", sa.String(200), nullable=False),
    sa.Column("quantity_milli", sa.BigInteger, nullable=False),
    sa.Column("subtotal", sa.BigInteger, nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False),
)


class OrdersView(View):
    """Orders folded into whole rows, their lines rewritten when placed or revised."""

    name = "orders"
    tables = (orders, order_lines, order_search)
    reads = (Order.Event,)

    def __init__(self, limits: OrderLimits | None = None) -> None:
        self.limits = limits or OrderLimits()

    def settings(self) -> str:
        return self.limits.describe()

    def apply(self, batch: Batch, events: Events) -> None:
        conn = batch.conn
        mine: list[Any] = [e for _, e in events if type(e) in _HANDLERS]
        batch.usernames.load(conn, (e.actor_id for e in mine if isinstance(e, Order.Placed)))
        changed = bulk.fold(conn, orders, events, _HANDLERS, (Order.Placed,))
        revised = [key for key, row in changed.items() if row.pop("_revised", False)]
        for row in changed.values():
            creator = row.pop("_username", None)  # the creator's UUID, for a row to name
            if creator is not None:
                row["created_by_username"] = batch.usernames.name(creator)
            if row.pop("_judge", False):
                self._judge(row)
        self._write_lines(conn, mine, changed)
        bulk.write(conn, orders, changed)
        write_search(conn, changed, revised)
        batch.hold("order", changed.values())
        batch.touch("order", *changed)
        batch.touch("order_created", *changed.new)

    def _judge(self, row: Row) -> None:
        lines = [UnusualLine(item["product_name"], item["unit"], Decimal(str(item["quantity"])))
                 for item in row["items"]]
        reasons = self.limits.doubts(row["total_price"], lines, row["delivery_date"],
                                     row["created_day"])
        row["unusual_reasons"] = reasons
        row["is_unusual"] = bool(reasons)

    @staticmethod
    def _write_lines(conn: sa.Connection, mine: list[Any], changed: dict[str, Row]) -> None:
        """Orders whose lines were set in the batch: their final lines, deleted and written
        again (lines of orders placed in this batch have nothing to delete); orders only
        delivered or cancelled: their lines closed in one UPDATE."""
        placed = {uuid_text(e.originator_id) for e in mine if isinstance(e, Order.Placed)}
        rewritten = {uuid_text(e.originator_id) for e in mine
                     if isinstance(e, Order.Placed | Order.Revised) and "_lines" in
                     changed[uuid_text(e.originator_id)]}
        bulk.delete(conn, order_lines.c.order_id, rewritten - placed)
        bulk.insert(conn, order_lines, [
            line for oid in sorted(rewritten) for line in changed[oid].pop("_lines")])
        closed = sorted({oid for oid, row in changed.items() if row.pop("_closed", False)}
                        - rewritten)
        for chunk in bulk.chunks(closed):
            conn.execute(order_lines.update().where(order_lines.c.order_id.in_(chunk))
                         .values(is_open=False))


def _placed(rows: dict[str, Row], event: Order.Placed) -> Row:
    placed_on = event.placed_at or event.timestamp
    row = rows[uuid_text(event.originator_id)] = {
        "id": uuid_text(event.originator_id), "order_number": event.order_number,
        "local_id": uuid_text(event.local_id) if event.local_id else None,
        "client_name": event.client_name, "client_phone": event.client_phone,
        "delivery_address": event.delivery_address, "delivery_date": event.delivery_date,
        "delivery_status": DeliveryStatus.NOUVELLE.value,
        "payment_status": event.payment_status, "priority": event.priority,
        "payments_total": 0, "marked_paid": event.payment_status == PaymentStatus.PAYEE.value,
        "returned_value": 0,
        "urgency": PRIORITY_URGENCY[Priority(event.priority)], "notes": event.notes,
        "created_by": uuid_text(event.actor_id), "created_by_username": "",
        "_username": event.actor_id,
        "created_at": placed_on, "created_day": placed_on.date(),
        "updated_at": event.timestamp, "version": 1,
        "search_text": search_key(event.order_number, event.client_name, event.client_phone),
        "customer_id": uuid_text(event.customer_id) if event.customer_id else None,
        "credit_exceeded": event.credit_exceeded,
        "_judge": True}
    _set_lines(row, event.lines)
    return row


def _set_lines(row: Row, lines: list[OrderLine]) -> None:
    items = [plain(line) for line in lines]  # each with its subtotal, computed once here
    row["items"] = items
    row["total_price"] = sum(item["subtotal"] for item in items)
    _settle(row)
    is_open = row["delivery_status"] not in FINAL  # a StrEnum member is equal to its value
    row["_lines"] = [
        {"order_id": row["id"], "line_no": n, "product_id": item["product_id"],
         "product_name": line.product_name, "quantity_milli": to_milli(line.quantity),
         "subtotal": item["subtotal"], "is_open": is_open}
        for n, (line, item) in enumerate(zip(lines, items, strict=True))]


def _settle(row: Row) -> None:
    """Paid, due and payment status from the payments, the total and the goods returned (as
    `Order` does)."""
    net = row["total_price"] - row["returned_value"]
    paid = net if row["marked_paid"] else row["payments_total"]
    row["amount_paid"], row["amount_due"] = paid, max(0, net - paid)
    row["payment_status"] = (PaymentStatus.PAYEE.value if row["marked_paid"] else
                             payment_status_of(paid, net).value)
    row["over_credit_limit"] = row["credit_exceeded"] and row["amount_due"] > 0


def _payment_changed(rows: dict[str, Row], event: Order.PaymentChanged) -> Row:
    row = _update(rows, event, marked_paid=event.to_status == PaymentStatus.PAYEE.value)
    _settle(row)
    return row


def _payment_received(rows: dict[str, Row], event: Order.PaymentReceived) -> Row:
    row = _update(rows, event)
    row["payments_total"] += event.amount
    _settle(row)
    return row


def _payments_reversed(rows: dict[str, Row], event: Order.PaymentsReversed) -> Row:
    row = _update(rows, event, marked_paid=False)
    row["payments_total"] -= event.amount
    _settle(row)
    return row


def _returned(rows: dict[str, Row], event: Order.Returned) -> Row:
    row = _update(rows, event)
    row["returned_value"] += event.value
    _settle(row)
    return row


def _update(rows: dict[str, Row], event: Order.Event, **values: Any) -> Row:
    row = rows[uuid_text(event.originator_id)]
    row.update(values, updated_at=event.timestamp, version=event.originator_version)
    return row


def _revised(rows: dict[str, Row], event: Order.Revised) -> Row:
    values = {k: v for k, v in event.changes.items() if k != "lines"}
    if "priority" in values:
        values["urgency"] = PRIORITY_URGENCY[Priority(values["priority"])]
    row = _update(rows, event, _judge=True, _revised=True, **values)
    if "lines" in event.changes:
        _set_lines(row, event.changes["lines"])
    row["search_text"] = search_key(row["order_number"], row["client_name"], row["client_phone"])
    return row


def _status_changed(rows: dict[str, Row], event: Order.StatusChanged) -> Row:
    row = _update(rows, event, delivery_status=event.to_status)
    if event.to_status in FINAL:
        row["_closed"] = True
        for line in row.get("_lines", ()):
            line["is_open"] = False
    return row


_HANDLERS: dict[type, bulk.Handler] = {
    Order.Placed: _placed,
    Order.Revised: _revised,
    Order.StatusChanged: _status_changed,
    Order.PaymentChanged: _payment_changed,
    Order.PaymentReceived: _payment_received,
    Order.PaymentsReversed: _payments_reversed,
    Order.CustomerLinked: lambda rows, event: _update(
        rows, event, customer_id=uuid_text(event.customer_id)),
    Order.ConflictSettled: _update,
    Order.Returned: _returned,
    Order.VoiceNoteAttached: _update,
}
