"""The customer book: customers with what they owe, read from the orders at query time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.errors import NotFound
from domain.permissions import Action, Actor
from projections.customers import customers
from projections.db import Database, UTCDateTime
from projections.orders import OWING, orders
from projections.queries.paging import (
    Page,
    PageRequest,
    Reader,
    Row,
    ordered,
    searched_with_phones,
)

# What an order still owes: its total less the payments received, unless it was cancelled.
OWED = orders.c.amount_due


class CustomerBrief(TypedDict):
    """What a vendeur reads of a customer (and what his phone keeps)."""

    id: str
    name: str
    phone: str
    kind: str
    balance: int
    is_active: bool
    updated_at: datetime


class CustomerRow(CustomerBrief):
    """A customer in the managers' shape: every field, the balance and the oldest debt."""

    other_phones: list[str]
    address: str
    credit_limit: int
    oldest_debt_at: datetime | None
    local_id: str | None
    created_at: datetime
    version: int


BRIEF_FIELDS = tuple(CustomerBrief.__annotations__)


@dataclass(frozen=True)
class CustomerFilters:
    """What the customer list may be narrowed to."""

    search: str | None = None
    kind: str | None = None
    is_active: bool | None = None
    updated_since: datetime | None = None
    over_limit: bool | None = None


@dataclass(frozen=True)
class UnlinkedOrder:
    """An order placed without a customer, for `gapal customers link`."""

    id: UUID
    order_number: str
    client_name: str
    client_phone: str


def customer_balances(conn: sa.Connection, customer_ids: Iterable[str]
                      ) -> dict[str, tuple[int, datetime | None]]:
    """Per customer: what his orders still owe (not cancelled, less the payments received)
    and when the oldest of them was placed. Customers who owe nothing are absent."""
    wanted = sorted(set(customer_ids))
    found: dict[str, tuple[int, datetime | None]] = {}
    for start in range(0, len(wanted), 500):
        query = (sa.select(orders.c.customer_id, sa.func.sum(OWED),
                           sa.type_coerce(sa.func.min(orders.c.created_at), UTCDateTime()))
                 .where(orders.c.customer_id.in_(wanted[start:start + 500]), OWING)
                 .group_by(orders.c.customer_id))
        for customer_id, owed, oldest in conn.execute(query):
            found[customer_id] = (int(owed or 0), oldest)
    return found


# A customer changes for his phone's sync when he does, or when one of his orders does (his
# balance): the newest of the two.
LAST_ORDER_CHANGE = (sa.select(sa.func.max(orders.c.updated_at))
                     .where(orders.c.customer_id == customers.c.id).scalar_subquery())


# What each customer owes, for the filter « au-delà de la limite » (as `customer_balances`).
OWED_NOW = (sa.select(sa.func.coalesce(sa.func.sum(OWED), 0))
            .where(orders.c.customer_id == customers.c.id, OWING).scalar_subquery())


class CustomerBook:
    """Customers for those who may read them: every field for managers, the brief for vendeurs."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def page(self, actor: Actor, request: PageRequest,
             filters: CustomerFilters) -> Page[CustomerRow | CustomerBrief]:
        actor.require(Action.READ_CUSTOMERS)
        if filters.over_limit is not None:  # it tells the limit, which vendeurs do not read
            actor.require(Action.MANAGE_CUSTOMERS)
        order = ordered({"name": customers.c.name, "created_at": customers.c.created_at,
                         "updated_at": customers.c.updated_at},
                        request.ordering, [customers.c.name, customers.c.id])
        page = self._reader.page(sa.select(customers).where(*customer_filters(filters)), order,
                                 request)
        return Page(page.count, self._shaped(actor, page.results))

    def get(self, actor: Actor, customer_id: UUID) -> CustomerRow | CustomerBrief:
        actor.require(Action.READ_CUSTOMERS)
        row = self._reader.one(sa.select(customers).where(customers.c.id == str(customer_id)))
        if row is None:
            raise NotFound("Client introuvable.")
        return self._shaped(actor, [row])[0]

    def balance_of(self, customer_id: UUID) -> int:
        """What the customer's orders still owe, as the order board knows it (the credit
        check of a new order: `application.orders.CreditQueries`)."""
        with self._reader.db.reader.connect() as conn:
            owed = customer_balances(conn, [str(customer_id)]).get(str(customer_id))
        return owed[0] if owed else 0

    def unlinked_orders(self) -> list[UnlinkedOrder]:
        """Orders without a customer that have a phone, oldest first (for the command line)."""
        query = (sa.select(orders.c.id, orders.c.order_number, orders.c.client_name,
                           orders.c.client_phone)
                 .where(orders.c.customer_id.is_(None), orders.c.client_phone != "")
                 .order_by(orders.c.created_at, orders.c.id))
        with self._reader.db.reader.connect() as conn:
            return [UnlinkedOrder(UUID(r.id), r.order_number, r.client_name, r.client_phone)
                    for r in conn.execute(query)]

    def _shaped(self, actor: Actor, rows: list[Row]) -> list[CustomerRow | CustomerBrief]:
        with self._reader.db.reader.connect() as conn:
            balances = customer_balances(conn, [row["id"] for row in rows])
            changes = order_changes(conn, [row["id"] for row in rows])
        full = actor.may(Action.MANAGE_CUSTOMERS)
        shaped = [customer_shape(row, balances.get(row["id"], (0, None)), changes.get(row["id"]))
                  for row in rows]
        return [row if full else brief(row) for row in shaped]


def order_changes(conn: sa.Connection, customer_ids: list[str]) -> dict[str, datetime]:
    """When each customer's orders last changed (his balance may have)."""
    if not customer_ids:
        return {}
    query = (sa.select(orders.c.customer_id,
                       sa.type_coerce(sa.func.max(orders.c.updated_at), UTCDateTime()))
             .where(orders.c.customer_id.in_(customer_ids)).group_by(orders.c.customer_id))
    return {cid: moment for cid, moment in conn.execute(query) if moment is not None}


def customer_filters(filters: CustomerFilters) -> list[ColumnElement[bool]]:
    """Deactivated customers only when asked for, or for the phones' sync (`updated_since`)."""
    where = searched_with_phones(customers.c.search_text, filters.search)
    is_active = filters.is_active
    if is_active is None and filters.updated_since is None:
        is_active = True
    if is_active is not None:
        where.append(customers.c.is_active == is_active)
    if filters.kind:
        where.append(customers.c.kind == filters.kind)
    if filters.over_limit is not None:
        over = customers.c.credit_limit < OWED_NOW
        where.append(over if filters.over_limit else sa.not_(over))
    if filters.updated_since is not None:
        where.append(sa.or_(customers.c.updated_at > filters.updated_since,
                            filters.updated_since < LAST_ORDER_CHANGE))
    return where


def customer_shape(row: Row, balance: tuple[int, datetime | None],
                   orders_changed: datetime | None) -> CustomerRow:
    updated_at = row["updated_at"]
    if orders_changed is not None and orders_changed > updated_at:
        updated_at = orders_changed
    return cast(CustomerRow, {
        "id": row["id"], "name": row["name"], "phone": row["phone"], "kind": row["kind"],
        "balance": balance[0], "is_active": row["is_active"], "updated_at": updated_at,
        "other_phones": list(row["other_phones"]), "address": row["address"],
        "credit_limit": row["credit_limit"], "oldest_debt_at": balance[1],
        "local_id": row["local_id"], "created_at": row["created_at"], "version": row["version"],
    })


def brief(row: CustomerRow) -> CustomerBrief:
    return cast(CustomerBrief, {name: row[name] for name in BRIEF_FIELDS})  # type: ignore[literal-required]

