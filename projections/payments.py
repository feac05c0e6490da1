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
)


class PaymentsView(View):
    """Each `PaymentReceived` inserted as it is (payments are never changed nor removed)."""

    name = "payments"
    tables = (payments,)

    def apply(self, batch: Batch, events: Events) -> None:
        mine: list[Any] = [e for _, e in events if isinstance(e, Order.PaymentReceived)]
        if not mine:
            return
        names = batch.usernames
        names.load(batch.conn, {e.actor_id for e in mine})
        bulk.insert(batch.conn, payments, [{
            "id": uuid_text(e.payment_id), "order_id": uuid_text(e.originator_id),
            "order_number": e.order_number, "amount": e.amount, "method": e.method,
            "reference": e.reference, "received_at": e.received_at,
            "received_day": e.received_at.date(), "received_by": uuid_text(e.actor_id),
            "received_by_username": names.name(e.actor_id), "local_id": uuid_text(e.local_id),
            "created_at": e.timestamp,
        } for e in mine])
