"""Payments: one row per payment received on an order, with who received it and when."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.order import Order
from projections import bulk
from projections.db import UTCDateTime, metadata, uuid_text
from projections.framework import Batch, Events, View

payments = sa.Table(
    "view_payments", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("order_id", sa.String(36), nullable=False, index=True),
    sa.Column("order_number", sa.String(14), nullable=False),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("method", sa.String(20), nullable=False, index=True),
    sa.Column("reference", sa.String(100), nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False, index=True),
    sa.Column("received_day", sa.Date, nullable=False, index=True),
    sa.Column("received_by", sa.String(36), nullable=False, index=True),
    sa.Column("received_by_username", sa.String(150), nullable=False),
    sa.Column("local_id", sa.String(36), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # When the payment was cancelled (the order marked `non_payee` again), by whom; null while
    # it stands. Reversed payments stay listed, and count in no total.
    sa.Column("reversed_at", UTCDateTime),
    sa.Column("reversed_by", sa.String(36)),
)


class PaymentsView(View):
    """Each `PaymentReceived` inserted as it is; `PaymentsReversed` marks them reversed (a
    payment is never removed)."""

    name = "payments"
    tables = (payments,)
    reads = (Order.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        mine: list[Any] = [e for _, e in events if isinstance(e, Order.PaymentReceived)]
        if mine:
            names = batch.usernames
            names.load(batch.conn, {e.actor_id for e in mine})
            bulk.insert(batch.conn, payments, [{
                "id": uuid_text(e.payment_id), "order_id": uuid_text(e.originator_id),
                "order_number": e.order_number, "amount": e.amount, "method": e.method,
                "reference": e.reference, "received_at": e.received_at,
                "received_day": e.received_at.date(), "received_by": uuid_text(e.actor_id),
                "received_by_username": names.name(e.actor_id),
                "local_id": uuid_text(e.local_id), "created_at": e.timestamp,
                "reversed_at": None, "reversed_by": None,
            } for e in mine])
        # In log order, after the inserts: a payment received and reversed in one batch is
        # inserted first.
        for _, event in events:
            if isinstance(event, Order.PaymentsReversed):
                ids = [str(p["payment_id"]) for p in event.payments]
                batch.conn.execute(payments.update().where(payments.c.id.in_(ids)).values(
                    reversed_at=event.timestamp, reversed_by=uuid_text(event.actor_id)))
