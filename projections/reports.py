"""Reports on the order board: totals, counts by status and by day, best sellers, and the
filtered orders streamed in batches. SQL aggregates on the read models, never the event log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.customer import CustomerKind
from domain.values import DeliveryStatus
from projections.catalogue import products
from projections.customers import customers
from projections.db import Database, from_milli
from projections.orders import order_lines, orders
from projections.queries.orders import OrderFilters, order_filters
from projections.receivables import (
    Debtor,
    ReceivableFilters,
    ReceivablesReport,
    Statement,
    receivables,
    receivables_total,
    statement,
    top_debtors,
)

STREAM_BATCH = 1000
MAX_FILLED_DAYS = 732  # beyond two years of empty days, `by_day` keeps the days with orders only
REPORT_COLUMNS = ("order_number", "created_at", "client_name", "client_phone", "delivery_status",
                  "payment_status", "priority", "total_price", "amount_paid", "amount_due",
                  "created_by_username", "items")


@dataclass(frozen=True)
class ReportFilters:
    """What every report may be narrowed to: creation days (inclusive), payment, statuses,
    priority."""

    date_from: date | None = None
    date_to: date | None = None
    payment_status: str | None = None
    delivery_status: tuple[str, ...] = ()
    priority: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        return order_filters(OrderFilters(
            delivery_status=list(self.delivery_status) or None,
            payment_status=self.payment_status, priority=self.priority,
            date_from=self.date_from, date_to=self.date_to))


@dataclass(frozen=True)
class Totals:
    """Money of the filtered orders: `amount` leaves cancelled orders out, `revenue_total`
    counts delivered orders only, `paid_total` the money received (payments, partial ones
    included) on every order (of which `paid_cancelled` on cancelled orders), `unpaid_total`
    what is still due on the orders that are not cancelled; so
    `amount == paid_total - paid_cancelled + unpaid_total`."""

    orders_count: int
    amount: int
    revenue_total: int
    paid_total: int
    unpaid_total: int
    paid_cancelled: int


@dataclass(frozen=True)
class DayFigures:
    date: date
    orders: int
    revenue: int


@dataclass(frozen=True)
class ProductFigures:
    product_id: str
    name: str
    quantity: Decimal
    revenue: int


@dataclass(frozen=True)
class KindFigures:
    """Orders of the customers of one kind (`sans_client`: orders without customer) and the
    revenue of the delivered ones."""

    kind: str
    orders: int
    revenue: int


NO_CUSTOMER = "sans_client"


@dataclass(frozen=True)
class Summary:
    totals: Totals
    by_status: dict[str, int]
    by_day: list[DayFigures]
    top_products: list[ProductFigures]
    by_customer_kind: list[KindFigures]


def _sum_if(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)


_DELIVERED = orders.c.delivery_status == DeliveryStatus.LIVREE.value
_NOT_CANCELLED = orders.c.delivery_status != DeliveryStatus.ANNULEE.value


class Reports:
    """Report queries on the reader engine: one aggregate query per figure, rows in batches."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def totals(self, filters: ReportFilters) -> Totals:
        price, paid, due = orders.c.total_price, orders.c.amount_paid, orders.c.amount_due
        query = sa.select(
            sa.func.count(), _sum_if(_NOT_CANCELLED, price), _sum_if(_DELIVERED, price),
            sa.func.coalesce(sa.func.sum(paid), 0), _sum_if(_NOT_CANCELLED, due),
            _sum_if(sa.not_(_NOT_CANCELLED), paid),
        ).where(*filters.where())
        with self.db.reader.connect() as conn:
            row = conn.execute(query).one()
        return Totals(*(int(value) for value in row))

    def summary(self, filters: ReportFilters, top: int = 10) -> Summary:
        return Summary(self.totals(filters), self.by_status(filters), self.by_day(filters),
                       self.top_products(filters, top), self.by_customer_kind(filters))

    def receivables(self, filters: ReceivableFilters) -> ReceivablesReport:
        return receivables(self.db, filters)

    def receivables_total(self) -> int:
        return receivables_total(self.db)

    def top_debtors(self, top: int = 5) -> list[Debtor]:
        return top_debtors(self.db, top)

    def statement(self, customer_id: str, date_from: date | None,
                  date_to: date | None) -> Statement:
        return statement(self.db, customer_id, date_from, date_to)

    def by_status(self, filters: ReportFilters) -> dict[str, int]:
        """Orders per delivery status, every status named (zero when none)."""
        query = (sa.select(orders.c.delivery_status, sa.func.count()).where(*filters.where())
                 .group_by(orders.c.delivery_status))
        with self.db.reader.connect() as conn:
            counts = {status: int(count) for status, count in conn.execute(query)}
        return {status.value: counts.get(status.value, 0) for status in DeliveryStatus}

    def by_day(self, filters: ReportFilters) -> list[DayFigures]:
        """Orders and delivered revenue per creation day, the days between without orders at 0."""
        day = orders.c.created_day
        query = (sa.select(day, sa.func.count(), _sum_if(_DELIVERED, orders.c.total_price))
                 .where(*filters.where()).group_by(day).order_by(day))
        with self.db.reader.connect() as conn:
            found = {row[0]: DayFigures(row[0], int(row[1]), int(row[2]))
                     for row in conn.execute(query)}
        return _every_day(found, filters.date_from, filters.date_to)

    def by_customer_kind(self, filters: ReportFilters) -> list[KindFigures]:
        """Orders and delivered revenue per kind of customer (his kind today), every kind named,
        then the orders without customer."""
        kind = sa.func.coalesce(customers.c.kind, NO_CUSTOMER)
        query = (sa.select(kind, sa.func.count(), _sum_if(_DELIVERED, orders.c.total_price))
                 .select_from(orders)
                 .join(customers, customers.c.id == orders.c.customer_id, isouter=True)
                 .where(*filters.where()).group_by(kind))
        with self.db.reader.connect() as conn:
            found = {row[0]: KindFigures(row[0], int(row[1]), int(row[2]))
                     for row in conn.execute(query)}
        return [found.get(name, KindFigures(name, 0, 0))
                for name in (*(k.value for k in CustomerKind), NO_CUSTOMER)]

    def top_products(self, filters: ReportFilters, top: int = 10) -> list[ProductFigures]:
        """Best sellers by amount ordered (cancelled orders left out), then by quantity."""
        revenue = sa.func.sum(order_lines.c.subtotal)
        quantity = sa.func.sum(order_lines.c.quantity_milli)
        name = sa.func.coalesce(sa.func.max(products.c.name),
                                sa.func.max(order_lines.c.product_name))
        query = (sa.select(order_lines.c.product_id, name, quantity, revenue)
                 .join(orders, orders.c.id == order_lines.c.order_id)
                 .join(products, products.c.id == order_lines.c.product_id, isouter=True)
                 .where(*filters.where(), _NOT_CANCELLED)
                 .group_by(order_lines.c.product_id)
                 .order_by(revenue.desc(), quantity.desc(), order_lines.c.product_id)
                 .limit(top))
        with self.db.reader.connect() as conn:
            return [ProductFigures(pid, label, from_milli(int(milli)), int(amount))
                    for pid, label, milli, amount in conn.execute(query)]

    def orders(self, filters: ReportFilters,
               batch_size: int = STREAM_BATCH) -> Iterator[dict[str, Any]]:
        """The filtered orders, oldest first, fetched `batch_size` rows at a time (a server-side
        cursor on PostgreSQL), so a year of orders never sits in memory at once."""
        columns = [orders.c[name] for name in REPORT_COLUMNS]
        query = (sa.select(*columns).where(*filters.where())
                 .order_by(orders.c.created_at, orders.c.order_number))
        with self.db.reader.connect() as conn:
            result = conn.execution_options(yield_per=batch_size).execute(query)
            for row in result.mappings():
                yield dict(row)


def _every_day(found: dict[date, DayFigures], date_from: date | None,
               date_to: date | None) -> list[DayFigures]:
    """The asked period day by day (a chart wants its empty days), or from the first to the
    last day with orders when the period is open or longer than `MAX_FILLED_DAYS`."""
    if not found and not (date_from and date_to):
        return []
    first = date_from or min(found)
    last = date_to or max(found)
    if (last - first).days > MAX_FILLED_DAYS:
        if not found:
            return []
        first, last = max(first, min(found)), min(last, max(found))
    if (last - first).days > MAX_FILLED_DAYS:
        return [found[day] for day in sorted(found)]
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [found.get(day, DayFigures(day, 0, 0)) for day in days]
