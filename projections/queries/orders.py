"""The order board: orders listed, searched and read, a vendeur seeing only his own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from application.history import plain
from domain.errors import NotFound
from domain.limits import OrderLimits, UnusualLine
from domain.order import Order
from domain.permissions import Action, Actor, may_see_order
from projections.db import Database
from projections.order_search import order_search
from projections.orders import orders
from projections.queries.paging import (
    Page,
    PageRequest,
    Reader,
    Row,
    Sorted,
    ordered,
    searched_with_phones,
)


class OrderRow(TypedDict):
    """An order in the contract's shape: the HTTP answers and the WebSocket news alike."""

    id: str
    order_number: str
    local_id: str | None
    client_name: str
    client_phone: str
    delivery_address: str
    delivery_date: date | None
    delivery_status: str
    payment_status: str
    priority: str
    total_price: int
    amount_paid: int
    amount_due: int
    returned_value: int
    notes: str
    items: list[dict[str, Any]]
    created_by: str
    created_by_username: str
    created_at: datetime
    updated_at: datetime
    version: int
    customer_id: str | None
    unusual_reasons: list[str]
    over_credit_limit: bool


ORDER_FIELDS = tuple(OrderRow.__annotations__)
ORDERINGS: dict[str, ColumnElement[Any]] = {
    "created_at": orders.c.created_at, "delivery_date": orders.c.delivery_date,
    "priority": orders.c.urgency, "total_price": orders.c.total_price,
    "order_number": orders.c.order_number, "client_name": orders.c.client_name,
    "updated_at": orders.c.updated_at}
DEFAULT_ORDERING = "-created_at"
# What a page of search results can be counted, sorted and cut on in `view_order_search` alone.
SEARCH_ORDERINGS: dict[str, ColumnElement[Any]] = {"created_at": order_search.c.created_at}


@dataclass(frozen=True)
class OrderFilters:
    """What the order list may be narrowed to."""

    delivery_status: list[str] | None = None
    payment_status: str | None = None
    priority: str | None = None
    created_by: UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    delivery_date_from: date | None = None
    delivery_date_to: date | None = None
    search: str | None = None
    updated_since: datetime | None = None
    unusual: bool | None = None
    customer_id: UUID | None = None
    over_credit_limit: bool | None = None


def order_public(row: Row) -> OrderRow:
    """An order row in the contract's shape, without the board's internal columns."""
    return cast(OrderRow, {name: row[name] for name in ORDER_FIELDS})


class OrderBoard:
    """The orders an actor may read: all for managers, his own for a vendeur, none for stock."""

    def __init__(self, db: Database, limits: OrderLimits | None = None) -> None:
        self._reader = Reader(db)
        self.limits = limits or OrderLimits()

    def list(self, actor: Actor, request: PageRequest, filters: OrderFilters) -> Page[OrderRow]:
        actor.require(Action.READ_OWN_ORDERS)
        if not actor.may(Action.READ_ALL_ORDERS):  # whatever `created_by` asked for
            filters = replace(filters, created_by=actor.user_id)
        ordering = request.ordering or DEFAULT_ORDERING
        if searched_alone(filters, ordering):
            page = self._reader.page_by_keys(*search_pages(filters, ordering), request,
                                             sa.select(orders), orders.c.id)
        else:
            order = ordered(ORDERINGS, ordering, [orders.c.id])
            page = self._reader.page(sa.select(orders).where(*order_filters(filters)), order,
                                     request)
        return Page(page.count, [order_public(row) for row in page.results])

    def get(self, actor: Actor, order_id: UUID) -> OrderRow:
        """The order if the actor may read it; a vendeur never learns of others' orders."""
        actor.require(Action.READ_OWN_ORDERS)
        row = self._reader.one(sa.select(orders).where(orders.c.id == str(order_id)))
        if row is None or not may_see_order(actor, row["created_by"]):
            raise NotFound("Commande introuvable.")
        return order_public(row)

    def visible(self, actor: Actor, order_ids: Iterable[UUID]) -> dict[str, OrderRow]:
        """Several orders by id, in one query: those the actor may read (a sync's answer)."""
        actor.require(Action.READ_OWN_ORDERS)
        rows = self._reader.by_ids(sa.select(orders), orders.c.id, order_ids)
        return {row["id"]: order_public(row) for row in rows
                if may_see_order(actor, row["created_by"])}

    def many(self, order_ids: Iterable[UUID]) -> dict[str, OrderRow]:
        """Several orders by id, for no one in particular (the publisher's batch), by id."""
        rows = self._reader.by_ids(sa.select(orders), orders.c.id, order_ids)
        return {row["id"]: order_public(row) for row in rows}

    def as_it_was(self, order: Order, creator_name: str) -> OrderRow:
        """An order rebuilt from the log, in the board's shape, judged by the same bounds."""
        return past_order(order, creator_name, self.limits)


def past_order(order: Order, creator_name: str, limits: OrderLimits) -> OrderRow:
    """An order rebuilt from the log, in the board's shape."""
    lines = [UnusualLine(line.product_name, line.unit, line.quantity) for line in order.lines]
    return {
        "id": str(order.id), "order_number": order.order_number,
        "local_id": str(order.local_id) if order.local_id else None,
        "client_name": order.client_name, "client_phone": order.client_phone,
        "delivery_address": order.delivery_address, "delivery_date": order.delivery_date,
        "delivery_status": order.delivery_status.value,
        "payment_status": order.payment_status.value, "priority": order.priority.value,
        "total_price": order.total_price, "amount_paid": order.amount_paid,
        "amount_due": order.amount_due, "returned_value": order.returned_value,
        "notes": order.notes,
        "items": [plain(line) for line in order.lines], "created_by": str(order.created_by),
        "created_by_username": creator_name, "created_at": order.placed_on,
        "updated_at": order.modified_on, "version": order.version,
        "customer_id": str(order.customer_id) if order.customer_id else None,
        "unusual_reasons": limits.doubts(order.total_price, lines, order.delivery_date,
                                         order.placed_on.date()),
        "over_credit_limit": order.over_credit_limit,
    }


def searched_alone(filters: OrderFilters, ordering: str) -> bool:
    """Whether a search is narrowed and sorted by nothing `view_order_search` lacks: its
    count and its page's ids are then read there, the page's 50 whole rows alone on the board
    (a count of `ka` read the 69 MB board at 100 000 orders)."""
    others = replace(filters, search=None, created_by=None)
    field = ordering.lstrip("-")
    return bool(filters.search) and others == OrderFilters() and (
        field in SEARCH_ORDERINGS or field not in ORDERINGS)


def search_keys(filters: OrderFilters) -> sa.Select[tuple[str]]:
    """The ids of the orders the search (and `created_by`, if asked) finds."""
    where = searched_with_phones(order_search.c.search_text, filters.search)
    if filters.created_by:
        where.append(order_search.c.created_by == str(filters.created_by))
    return sa.select(order_search.c.id).where(*where)


def search_pages(filters: OrderFilters, ordering: str) -> tuple[Sorted, Sorted]:
    """The ids the search finds in the page's order: as one query (an index in that order may
    be walked), and as all found first then sorted (`OFFSET 0` keeps PostgreSQL from merging
    the two), for a rare term."""
    keys = search_keys(filters)
    found = keys.add_columns(order_search.c.created_at).offset(0).subquery()
    return (Sorted(keys, ordered(SEARCH_ORDERINGS, ordering, [order_search.c.id])),
            Sorted(sa.select(found.c.id),
                   ordered({"created_at": found.c.created_at}, ordering, [found.c.id])))


def order_filters(filters: OrderFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.search:  # the ids the search finds, read in `view_order_search`
        where.append(orders.c.id.in_(search_keys(OrderFilters(search=filters.search))))
    for column, value in ((orders.c.payment_status, filters.payment_status),
                          (orders.c.priority, filters.priority),
                          (orders.c.created_by, filters.created_by),
                          (orders.c.customer_id, filters.customer_id)):
        if value:
            where.append(column == str(value))
    if filters.delivery_status:
        where.append(orders.c.delivery_status.in_(filters.delivery_status))
    for column, low, high in ((orders.c.created_day, filters.date_from, filters.date_to),
                              (orders.c.delivery_date, filters.delivery_date_from,
                               filters.delivery_date_to)):
        if low:
            where.append(column >= low)
        if high:
            where.append(column <= high)
    if filters.updated_since is not None:
        where.append(orders.c.updated_at > filters.updated_since)
    if filters.unusual is not None:
        where.append(orders.c.is_unusual.is_(filters.unusual))
    if filters.over_credit_limit is not None:
        where.append(orders.c.over_credit_limit.is_(filters.over_credit_limit))
    return where
