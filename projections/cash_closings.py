"""Cash closings view: each vendor's payments by day (its own copy, flagged `after_closing`
when the log recorded them after that day's closing) and the closings with their corrections.

`after_closing` follows log order alone, so a rebuild gives the same flags."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from domain.cash_closing import CashClosing
from domain.order import Order
from projections import bulk
from projections.db import UTCDateTime, metadata, uuid_text
from projections.framework import Batch, Events, View

Row = dict[str, Any]

cash_payments = sa.Table(
    "view_cash_payments", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("vendor_id", sa.String(36), nullable=False, index=True),
    sa.Column("vendor_username", sa.String(150), nullable=False),
    sa.Column("day", sa.Date, nullable=False, index=True),
    sa.Column("method", sa.String(20), nullable=False),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("order_number", sa.String(14), nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("after_closing", sa.Boolean, nullable=False),
    sa.Column("reversed", sa.Boolean, nullable=False),
)

cash_closings = sa.Table(
    "view_cash_closings", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("vendor_id", sa.String(36), nullable=False, index=True),
    sa.Column("vendor_username", sa.String(150), nullable=False),
    sa.Column("day", sa.Date, nullable=False, index=True),
    sa.Column("counted", sa.JSON, nullable=False),
    sa.Column("expected_seen", sa.JSON, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("closed_by", sa.String(36), nullable=False),
    sa.Column("closed_by_username", sa.String(150), nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=False),
    # Each correction: counted, reason, corrected_by(_username), corrected_at (ISO), oldest first.
    sa.Column("corrections", sa.JSON, nullable=False),
)


class CashClosingsView(View):
    """Payments by vendor and day, and the days closed; a payment projected while its day is
    closed is `after_closing` (a late difference)."""

    name = "cash_closings"
    tables = (cash_payments, cash_closings)
    reads = (CashClosing.Event, Order.Event)

    def apply(self, batch: Batch, events: Events) -> None:
        mine = [e for _, e in events if isinstance(
            e, Order.PaymentReceived | Order.PaymentsReversed | CashClosing.Closed
            | CashClosing.Corrected)]
        if not mine:
            return
        batch.usernames.load(batch.conn, {e.actor_id for e in mine}
                             | {e.vendor_id for e in mine if isinstance(e, CashClosing.Closed)})
        closings = self._closings_touched(batch.conn, mine)
        closed = self._days_closed(batch.conn, mine) | {
            (row["vendor_id"], row["day"]) for row in closings.values()}
        paid: dict[str, Row] = {}
        reversed_ids: list[str] = []
        for e in mine:
            if isinstance(e, Order.PaymentReceived):
                row = payment_row(batch, e)
                row["after_closing"] = (row["vendor_id"], row["day"]) in closed
                paid[row["id"]] = row
            elif isinstance(e, Order.PaymentsReversed):
                ids = [str(p["payment_id"]) for p in e.payments]
                for payment_id in ids:
                    if payment_id in paid:
                        paid[payment_id]["reversed"] = True
                reversed_ids += [i for i in ids if i not in paid]
            elif isinstance(e, CashClosing.Closed):
                row = closing_row(batch, e)
                closings[row["id"]] = row
                closed.add((row["vendor_id"], row["day"]))
            else:
                add_correction(batch, closings[uuid_text(e.originator_id)], e)
        bulk.insert(batch.conn, cash_payments, paid.values())
        if reversed_ids:
            batch.conn.execute(cash_payments.update()
                               .where(cash_payments.c.id.in_(reversed_ids))
                               .values(reversed=True))
        bulk.upsert(batch.conn, cash_closings, closings.values())

    @staticmethod
    def _closings_touched(conn: sa.Connection, events: list[Any]) -> dict[str, Row]:
        """The stored closings this batch corrects (a new one is added as it comes)."""
        ids = {uuid_text(e.originator_id) for e in events
               if isinstance(e, CashClosing.Corrected)}
        return {key: dict(row) for key, row in bulk.load(conn, cash_closings, ids).items()}

    @staticmethod
    def _days_closed(conn: sa.Connection, events: list[Any]) -> set[tuple[str, date]]:
        """The (vendor, day) pairs of this batch's payments that were closed before it."""
        pairs = {(uuid_text(e.actor_id), e.received_at.date()) for e in events
                 if isinstance(e, Order.PaymentReceived)}
        if not pairs:
            return set()
        found = conn.execute(sa.select(cash_closings.c.vendor_id, cash_closings.c.day).where(
            cash_closings.c.vendor_id.in_({v for v, _ in pairs}),
            cash_closings.c.day.in_({d for _, d in pairs})))
        return {(row.vendor_id, row.day) for row in found} & pairs


def payment_row(batch: Batch, e: Any) -> Row:
    return {"id": uuid_text(e.payment_id), "vendor_id": uuid_text(e.actor_id),
            "vendor_username": batch.usernames.name(e.actor_id),
            "day": e.received_at.date(), "method": e.method, "amount": e.amount,
            "order_number": e.order_number, "received_at": e.received_at,
            "recorded_at": e.timestamp, "after_closing": False, "reversed": False}


def closing_row(batch: Batch, e: CashClosing.Closed) -> Row:
    return {"id": uuid_text(e.originator_id), "vendor_id": uuid_text(e.vendor_id),
            "vendor_username": batch.usernames.name(e.vendor_id), "day": e.day,
            "counted": dict(e.counted), "expected_seen": dict(e.expected), "note": e.note,
            "closed_by": uuid_text(e.actor_id),
            "closed_by_username": batch.usernames.name(e.actor_id), "closed_at": e.timestamp,
            "corrections": []}


def add_correction(batch: Batch, row: Row, e: CashClosing.Corrected) -> None:
    row["counted"] = dict(e.counted)
    row["corrections"] = [*row["corrections"], {
        "counted": dict(e.counted), "reason": e.reason, "corrected_by": uuid_text(e.actor_id),
        "corrected_by_username": batch.usernames.name(e.actor_id),
        "corrected_at": e.timestamp.isoformat().replace("+00:00", "Z")}]
