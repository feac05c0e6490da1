"""The payments ledger: money received, by order, by vendor, by day, by method; a vendeur sees
the payments on his own orders only."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.errors import NotFound
from domain.permissions import Action, Actor, may_see_order
from projections.cash_closings import cash_payments
from projections.db import Database
from projections.orders import orders
from projections.payments import payments
from projections.queries.paging import Page, PageRequest, Reader, Row, ordered


class PaymentRow(TypedDict):
    """A payment in the contract's shape."""

    id: str
    order_id: str
    order_number: str
    amount: int
    method: str
    reference: str
    received_at: datetime
    received_by: str
    received_by_username: str
    local_id: str
    created_at: datetime
    reversed_at: datetime | None
    after_closing: bool


PAYMENT_FIELDS = tuple(PaymentRow.__annotations__)


@dataclass(frozen=True)
class PaymentFilters:
    """What the payments list may be narrowed to: who received them, the day, the method."""

    created_by: UUID | None = None
    day: date | None = None
    method: str | None = None
    order_id: UUID | None = None
    reversed: bool | None = None  # True: only the reversed ones; False: only those standing


# A payment with its flag of the cash closings' view: recorded after its day was closed for the
# vendor who took it (false while that view has not seen it yet).
AFTER_CLOSING = sa.func.coalesce(cash_payments.c.after_closing, sa.false()).label("after_closing")
WITH_FLAG = payments.outerjoin(cash_payments, cash_payments.c.id == payments.c.id)


def flagged() -> sa.Select[Any]:
    return sa.select(payments, AFTER_CLOSING).select_from(WITH_FLAG)


class PaymentLedger:
    """Payments an actor may read: all for managers and admin, own orders' for a vendeur."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def list(self, actor: Actor, request: PageRequest,
             filters: PaymentFilters) -> Page[PaymentRow]:
        actor.require(Action.READ_OWN_ORDERS)
        query = flagged()
        if not actor.may(Action.READ_ALL_ORDERS):
            query = query.join(orders, orders.c.id == payments.c.order_id).where(
                orders.c.created_by == str(actor.user_id))
        columns = {"received_at": payments.c.received_at, "amount": payments.c.amount,
                   "created_at": payments.c.created_at}
        order = ordered(columns, request.ordering or "-received_at", [payments.c.id])
        page = self._reader.page(query.where(*payment_filters(filters)), order, request)
        return Page(page.count, [payment_public(row) for row in page.results])

    def for_order(self, actor: Actor, order_id: UUID, request: PageRequest) -> Page[PaymentRow]:
        """The order's payments, oldest first, if the actor may read the order."""
        actor.require(Action.READ_OWN_ORDERS)
        owner = self._reader.one(sa.select(orders.c.created_by)
                                 .where(orders.c.id == str(order_id)))
        if owner is None or not may_see_order(actor, owner["created_by"]):
            raise NotFound("Commande introuvable.")
        if request.ordering is None:
            request = PageRequest(request.page, request.page_size, "received_at")
        return self.list(actor, request, PaymentFilters(order_id=order_id))

    def standing_of(self, order_id: UUID) -> builtins.list[PaymentRow]:
        """The order's payments not reversed, oldest first, for whoever may read the order
        (the caller checked it: its receipt)."""
        rows = self._reader.by_ids(
            flagged().where(payments.c.reversed_at.is_(None))
            .order_by(payments.c.received_at, payments.c.id), payments.c.order_id, [order_id])
        return [payment_public(row) for row in rows]

    def get(self, payment_id: UUID) -> PaymentRow | None:
        """A payment just recorded by the asking actor (the answer to his POST)."""
        row = self._reader.one(flagged().where(payments.c.id == str(payment_id)))
        return payment_public(row) if row else None


def payment_filters(filters: PaymentFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    values: tuple[tuple[Any, object], ...] = (
        (payments.c.received_by, filters.created_by), (payments.c.method, filters.method),
        (payments.c.order_id, filters.order_id), (payments.c.received_day, filters.day))
    for column, value in values:
        if value:
            where.append(column == (value if isinstance(value, date) else str(value)))
    if filters.reversed is not None:
        where.append(payments.c.reversed_at.is_not(None) if filters.reversed
                     else payments.c.reversed_at.is_(None))
    return where


def payment_public(row: Row) -> PaymentRow:
    shown = {name: row[name] for name in PAYMENT_FIELDS}
    shown["after_closing"] = bool(shown["after_closing"])
    return cast(PaymentRow, shown)
