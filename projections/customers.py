"""Customers view: each customer as a row, with a folded search text (name and phones)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.customer import Customer
from projections import bulk
from projections.db import UTCDateTime, metadata, search_key, uuid_text
from projections.framework import Batch, Events, Row, View

customers = sa.Table(
    "view_customers", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("phone", sa.String(32), nullable=False, index=True),
    sa.Column("other_phones", sa.JSON, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False, index=True),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("credit_limit", sa.BigInteger, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False, index=True),
    sa.Column("local_id", sa.String(36)),
    sa.Column("created_by", sa.String(36), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
)


class CustomersView(View):
    """Customers folded from their events (their balances are read from the orders)."""

    name = "customers"
    tables = (customers,)
    reads = (Customer.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        changed = bulk.fold(batch.conn, customers, events, _HANDLERS, (Customer.Registered,))
        bulk.write(batch.conn, customers, changed)


def _registered(rows: dict[str, Row], event: Customer.Registered) -> Row:
    row = rows[uuid_text(event.originator_id)] = {
        "id": uuid_text(event.originator_id), "name": event.name, "phone": event.phone,
        "other_phones": list(event.other_phones), "kind": event.kind, "address": event.address,
        "credit_limit": event.credit_limit,
        "is_active": True, "local_id": uuid_text(event.local_id) if event.local_id else None,
        "created_by": uuid_text(event.actor_id), "created_at": event.timestamp,
        "updated_at": event.timestamp, "version": 1, "search_text": _search_text_of(event)}
    return row


def _search_text_of(source: Any) -> str:
    """Name and phones, folded: `kabore` finds Kaboré, `70 12` his number."""
    if isinstance(source, dict):
        return search_key(source["name"], source["phone"], *source["other_phones"])
    return search_key(source.name, source.phone, *source.other_phones)


def _update(rows: dict[str, Row], event: Customer.Event, **values: Any) -> Row:
    row = rows[uuid_text(event.originator_id)]
    row.update(values, updated_at=event.timestamp, version=event.originator_version)
    row["search_text"] = _search_text_of(row)
    return row


_HANDLERS: dict[type, bulk.Handler] = {
    Customer.Registered: _registered,
    Customer.Revised: lambda rows, event: _update(rows, event, **event.changes),
    Customer.Deactivated: lambda rows, event: _update(rows, event, is_active=False),
    Customer.Reactivated: lambda rows, event: _update(rows, event, is_active=True),
}
