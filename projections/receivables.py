"""Receivables: what each customer still owes, aged by the day each order was placed, and a
customer's statement (his orders and payments with a running balance). SQL on the order board,
the customers and the payments, never the event log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from domain.errors import NotFound
from domain.values import DeliveryStatus
from projections.customers import customers
from projections.db import Database, UTCDateTime
from projections.orders import OWING, orders
from projections.payments import payments

# The ageing buckets: (field, first day of age, last day of age or None for "and older").
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("days_0_7", 0, 7), ("days_8_30", 8, 30), ("days_31_60", 31, 60), ("days_over_60", 61, None))
BUCKET_NAMES = tuple(name for name, _, _ in BUCKETS)


@dataclass(frozen=True)
class ReceivableFilters:
    as_of: date
    over_limit: bool | None = None
    kind: str | None = None

    @property
    def narrowed(self) -> bool:
        return self.over_limit is not None or self.kind is not None


@dataclass(frozen=True)
class Receivable:
    """One line of the receivables: a customer (or, `customer_id` None, the orders placed
    without one: « Sans client »)."""

    customer_id: str | None
    name: str
    phone: str
    kind: str | None
    credit_limit: int | None
    balance: int
    over_limit: bool
    oldest_debt_at: datetime | None
    orders_count: int
    buckets: dict[str, int]


@dataclass(frozen=True)
class ReceivableTotals:
    balance: int
    buckets: dict[str, int]


@dataclass(frozen=True)
class ReceivablesReport:
    as_of: date
    results: list[Receivable]
    no_customer: Receivable | None
    totals: ReceivableTotals


def _bucket_sums(as_of: date) -> list[sa.ColumnElement[Any]]:
    """Sum of `amount_due` per age bucket; an order placed after `as_of` is 0 days old."""
    day, due = orders.c.created_day, orders.c.amount_due
    sums: list[sa.ColumnElement[Any]] = []
    for name, first, last in BUCKETS:
        newest = as_of - timedelta(days=first)  # age >= first  <=> day <= as_of - first
        conditions = [] if first == 0 else [day <= newest]
        if last is not None:
            conditions.append(day >= as_of - timedelta(days=last))
        condition = sa.and_(*conditions) if conditions else sa.true()
        sums.append(sa.func.coalesce(sa.func.sum(sa.case((condition, due), else_=0)), 0)
                    .label(name))
    return sums


def receivables(db: Database, filters: ReceivableFilters) -> ReceivablesReport:
    """Per customer who owes: his balance by age, his credit limit and whether he is over it,
    biggest balance first; the orders without customer on a line of their own (left out when
    the list is narrowed by `kind` or `over_limit`); the totals of the lines shown."""
    owed = sa.func.sum(orders.c.amount_due)
    oldest = sa.type_coerce(sa.func.min(orders.c.created_at), UTCDateTime())
    per_customer = (sa.select(orders.c.customer_id, owed.label("balance"),
                              oldest.label("oldest"), sa.func.count().label("count"),
                              *_bucket_sums(filters.as_of))
                    .where(OWING).group_by(orders.c.customer_id).subquery())
    query = (sa.select(per_customer, customers.c.name, customers.c.phone, customers.c.kind,
                       customers.c.credit_limit)
             .join(customers, customers.c.id == per_customer.c.customer_id, isouter=True))
    lines: list[Receivable] = []
    no_customer: Receivable | None = None
    with db.reader.connect() as conn:
        for row in conn.execute(query).mappings():
            line = _line(row)
            if row["customer_id"] is None:
                no_customer = line
            elif row["name"] is not None:
                lines.append(line)
    if filters.kind is not None:
        lines = [line for line in lines if line.kind == filters.kind]
    if filters.over_limit is not None:
        lines = [line for line in lines if line.over_limit == filters.over_limit]
    if filters.narrowed:
        no_customer = None
    lines.sort(key=lambda line: (-line.balance, line.name.casefold(), line.customer_id or ""))
    shown = [*lines, *([no_customer] if no_customer else [])]
    totals = ReceivableTotals(sum(line.balance for line in shown),
                              {name: sum(line.buckets[name] for line in shown)
                               for name in BUCKET_NAMES})
    return ReceivablesReport(filters.as_of, lines, no_customer, totals)


def _line(row: Any) -> Receivable:
    balance = int(row["balance"])
    limit = None if row["customer_id"] is None else int(row["credit_limit"] or 0)
    return Receivable(
        customer_id=row["customer_id"], name=row["name"] or "Sans client",
        phone=row["phone"] or "", kind=row["kind"], credit_limit=limit, balance=balance,
        over_limit=limit is not None and balance > limit, oldest_debt_at=row["oldest"],
        orders_count=int(row["count"]),
        buckets={name: int(row[name]) for name in BUCKET_NAMES})


@dataclass(frozen=True)
class Debtor:
    customer_id: str
    name: str
    balance: int
    oldest_debt_at: datetime | None


def receivables_total(db: Database) -> int:
    """What every order not cancelled still owes, with or without a customer."""
    query = sa.select(sa.func.coalesce(sa.func.sum(orders.c.amount_due), 0)).where(OWING)
    with db.reader.connect() as conn:
        return int(conn.execute(query).scalar_one())


def top_debtors(db: Database, top: int = 5) -> list[Debtor]:
    owed = sa.func.sum(orders.c.amount_due)
    oldest = sa.type_coerce(sa.func.min(orders.c.created_at), UTCDateTime())
    query = (sa.select(orders.c.customer_id, sa.func.max(customers.c.name), owed, oldest)
             .join(customers, customers.c.id == orders.c.customer_id)
             .where(OWING).group_by(orders.c.customer_id)
             .order_by(owed.desc(), orders.c.customer_id).limit(top))
    with db.reader.connect() as conn:
        return [Debtor(cid, name, int(balance), moment)
                for cid, name, balance, moment in conn.execute(query)]


# --- statements ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementEntry:
    """One line of a statement: `kind` is `order`, `payment`, `cancellation` (an order
    cancelled: what it still owed is taken back) or `marked_paid` (an order marked paid before
    payments were recorded one by one)."""

    at: datetime
    kind: str
    order_id: str
    order_number: str
    debit: int
    credit: int
    balance: int = 0
    method: str | None = None
    reference: str | None = None
    delivery_status: str | None = None


@dataclass(frozen=True)
class Statement:
    customer_id: str
    name: str
    phone: str
    kind: str
    credit_limit: int
    date_from: date | None
    date_to: date | None
    opening_balance: int
    closing_balance: int
    total_debit: int
    total_credit: int
    entries: list[StatementEntry] = field(default_factory=list)


KIND_ORDER = {"order": 0, "marked_paid": 1, "payment": 2, "cancellation": 3}


def statement(db: Database, customer_id: str, date_from: date | None,
              date_to: date | None) -> Statement:
    """The customer's orders (debit: their total) and payments (credit), in time order, each
    with the running balance; what was due before `date_from` is the opening balance, and the
    closing balance is what he owed at the end of `date_to` (today's balance when the period
    reaches today)."""
    with db.reader.connect() as conn:
        who = conn.execute(sa.select(customers).where(customers.c.id == customer_id)
                           ).mappings().one_or_none()
        if who is None:
            raise NotFound("Client introuvable.")
        his_orders = list(conn.execute(sa.select(
            orders.c.id, orders.c.order_number, orders.c.total_price, orders.c.amount_paid,
            orders.c.payments_total, orders.c.delivery_status, orders.c.created_at,
            orders.c.updated_at).where(orders.c.customer_id == customer_id)).mappings())
        his_payments = list(conn.execute(
            sa.select(payments).join(orders, orders.c.id == payments.c.order_id)
            .where(orders.c.customer_id == customer_id,
                   payments.c.reversed_at.is_(None))).mappings())  # undone: not money held
    entries = _entries(his_orders, his_payments)
    start = datetime.combine(date_from, time.min, UTC) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, UTC) if date_to else None
    opening = sum(e.debit - e.credit for e in entries if start is not None and e.at < start)
    shown: list[StatementEntry] = []
    running = opening
    for entry in entries:
        if (start is not None and entry.at < start) or (end is not None and entry.at >= end):
            continue
        running += entry.debit - entry.credit
        shown.append(StatementEntry(**{**vars(entry), "balance": running}))
    return Statement(
        customer_id=customer_id, name=who["name"], phone=who["phone"], kind=who["kind"],
        credit_limit=int(who["credit_limit"]), date_from=date_from, date_to=date_to,
        opening_balance=opening, closing_balance=running,
        total_debit=sum(e.debit for e in shown), total_credit=sum(e.credit for e in shown),
        entries=shown)


def _entries(his_orders: list[Any], his_payments: list[Any]) -> list[StatementEntry]:
    entries: list[StatementEntry] = []
    for order in his_orders:
        oid, number, status = order["id"], order["order_number"], order["delivery_status"]
        entries.append(StatementEntry(order["created_at"], "order", oid, number,
                                      int(order["total_price"]), 0, delivery_status=status))
        marked = int(order["amount_paid"]) - int(order["payments_total"])
        if marked > 0:  # paid whole by the old `PaymentChanged`, no payment rows
            entries.append(StatementEntry(order["updated_at"], "marked_paid", oid, number,
                                          0, marked, delivery_status=status))
        if status == DeliveryStatus.ANNULEE.value:
            owed = int(order["total_price"]) - int(order["amount_paid"])
            entries.append(StatementEntry(order["updated_at"], "cancellation", oid, number,
                                          0, owed, delivery_status=status))
    for payment in his_payments:
        entries.append(StatementEntry(
            payment["received_at"], "payment", payment["order_id"], payment["order_number"],
            0, int(payment["amount"]), method=payment["method"],
            reference=payment["reference"] or None))
    entries.sort(key=lambda e: (e.at, KIND_ORDER[e.kind], e.order_number))
    return entries
