"""Queries on the read models (`get_*`, `list_*`): filtered, searched, ordered and paginated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from projections.audit import audit
from projections.catalogue import categories, products
from projections.db import Database, from_milli, like_pattern
from projections.movements import movements
from projections.orders import orders
from projections.stock import stock
from projections.users import users

MAX_PAGE_SIZE = 200
IN_CHUNK = 500
# A product's last change: its own events, or the orders reserving it (the stock view).
PRODUCT_UPDATED_AT = sa.case((stock.c.updated_at > products.c.updated_at, stock.c.updated_at),
                             else_=products.c.updated_at)


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    page_size: int = 50
    ordering: str | None = None


@dataclass
class Page:
    count: int
    results: list[dict[str, Any]] = field(default_factory=list)


def ordered(columns: Mapping[str, ColumnElement[Any]], ordering: str | None,
            default: Sequence[ColumnElement[Any]]) -> list[ColumnElement[Any]]:
    """DRF-style `ordering=field` / `-field`; unknown fields fall back to the default."""
    if ordering and ordering.lstrip("-") in columns:
        column = columns[ordering.lstrip("-")]
        return [column.desc() if ordering.startswith("-") else column.asc(), *default]
    return list(default)


def searched(column: ColumnElement[str], query: str | None) -> list[ColumnElement[bool]]:
    return [column.like(like_pattern(query), escape="\\")] if query else []


class ReadModels:
    """Read access to every view, on the reader engine."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def page(self, query: sa.Select[Any], order: list[ColumnElement[Any]],
             request: PageRequest) -> Page:
        size = max(1, min(request.page_size, MAX_PAGE_SIZE))
        with self.db.reader.connect() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
            rows = conn.execute(query.order_by(*order).limit(size)
                                .offset((max(request.page, 1) - 1) * size)).mappings().all()
        return Page(int(count or 0), [dict(row) for row in rows])

    def one(self, query: sa.Select[Any]) -> dict[str, Any] | None:
        with self.db.reader.connect() as conn:
            row = conn.execute(query).mappings().one_or_none()
        return dict(row) if row is not None else None

    # Users

    def list_users(self, request: PageRequest, role: str | None = None,
                   is_active: bool | None = None, search: str | None = None) -> Page:
        where = [*searched(users.c.search_text, search)]
        if role:
            where.append(users.c.role == role)
        if is_active is not None:
            where.append(users.c.is_active == is_active)
        order = ordered({"username": users.c.username, "created_at": users.c.created_at,
                         "role": users.c.role}, request.ordering, [users.c.username])
        return self.page(sa.select(users).where(*where), order, request)

    def get_user(self, user_id: UUID) -> dict[str, Any] | None:
        return self.one(sa.select(users).where(users.c.id == str(user_id)))

    # Catalogue

    def _categories(self) -> sa.Select[Any]:
        count = (sa.select(sa.func.count()).where(products.c.category_id == categories.c.id,
                                                   products.c.is_active).scalar_subquery())
        return sa.select(categories, count.label("product_count")).where(categories.c.is_active)

    def list_categories(self, request: PageRequest, search: str | None = None) -> Page:
        order = ordered({"name": categories.c.name}, request.ordering, [categories.c.name])
        query = self._categories().where(*searched(categories.c.search_text, search))
        return self.page(query, order, request)

    def get_category(self, category_id: UUID) -> dict[str, Any] | None:
        return self.one(self._categories().where(categories.c.id == str(category_id)))

    def active_product_count(self, category_id: UUID) -> int:
        found = self.get_category(category_id)
        return int(found["product_count"]) if found else 0

    def _products(self) -> sa.Select[Any]:
        """Products with their category's name and the stock view's reserved quantity; a
        product changes when its reservations do (`updated_at`, for the vendors' sync)."""
        columns = [c for c in products.c if c.name != "updated_at"]
        return (sa.select(*columns, PRODUCT_UPDATED_AT.label("updated_at"),
                          sa.func.coalesce(stock.c.reserved_milli, 0).label("reserved_milli"),
                          categories.c.name.label("category_name"))
                .join(categories, categories.c.id == products.c.category_id, isouter=True)
                .join(stock, stock.c.product_id == products.c.id, isouter=True))

    def list_products(self, request: PageRequest, search: str | None = None,
                      category_id: UUID | None = None, is_active: bool | None = None,
                      low_stock: bool | None = None, updated_since: datetime | None = None,
                      ) -> Page:
        where = [*searched(products.c.search_text, search)]
        if category_id:
            where.append(products.c.category_id == str(category_id))
        if is_active is None and updated_since is None:
            is_active = True  # archived products only when asked for, or for catalogue sync
        if is_active is not None:
            where.append(products.c.is_active == is_active)
        if low_stock is not None:
            low = products.c.stock_milli <= products.c.min_stock_milli
            where.append(low if low_stock else sa.not_(low))
        if updated_since is not None:
            where.append(sa.or_(products.c.updated_at > updated_since,
                                stock.c.updated_at > updated_since))
        order = ordered({"name": products.c.name, "unit_price": products.c.unit_price,
                         "stock_quantity": products.c.stock_milli,
                         "expiration_date": products.c.expiration_date,
                         "updated_at": PRODUCT_UPDATED_AT},
                        request.ordering, [products.c.name, products.c.id])
        page = self.page(self._products().where(*where), order, request)
        page.results = [product_shape(r) for r in page.results]
        return page

    def list_low_stock(self, request: PageRequest) -> Page:
        # stock / threshold, lowest first; an empty product without threshold counts as 0 (NULL
        # would sort first on SQLite and last on PostgreSQL)
        urgency = sa.func.coalesce(
            products.c.stock_milli * 1.0 / sa.func.nullif(products.c.min_stock_milli, 0), 0)
        query = self._products().where(products.c.is_active,
                                       products.c.stock_milli <= products.c.min_stock_milli)
        page = self.page(query, [urgency.asc(), products.c.name], request)
        page.results = [product_shape(r) for r in page.results]
        return page

    def get_product(self, product_id: UUID) -> dict[str, Any] | None:
        row = self.one(self._products().where(products.c.id == str(product_id)))
        return product_shape(row) if row else None

    def catalogue_version(self) -> str:
        """Changes whenever any product changes: the basis of the product list's ETag."""
        with self.db.reader.connect() as conn:
            row = conn.execute(sa.select(sa.func.count(), sa.func.max(products.c.updated_at),
                                         sa.func.sum(products.c.version))).one()
            reserved_at = conn.execute(sa.select(sa.func.max(stock.c.updated_at))).scalar()
        latest = max((at for at in (row[1], reserved_at) if at is not None), default=None)
        return f"{row[0]}-{latest}-{row[2]}"

    # Orders

    def list_orders(self, request: PageRequest, **filters: Any) -> Page:
        columns = {"created_at": orders.c.created_at, "delivery_date": orders.c.delivery_date,
                   "priority": orders.c.urgency, "total_price": orders.c.total_price,
                   "order_number": orders.c.order_number, "client_name": orders.c.client_name}
        order = ordered(columns, request.ordering or "-created_at", [orders.c.id])
        return self.page(sa.select(orders).where(*order_filters(**filters)), order, request)

    def get_order(self, order_id: UUID) -> dict[str, Any] | None:
        return self.one(sa.select(orders).where(orders.c.id == str(order_id)))

    def get_orders(self, order_ids: Iterable[UUID]) -> dict[str, dict[str, Any]]:
        """Several orders by id in one query per chunk (the publisher's batch), by id."""
        return {row["id"]: row for row in self.by_ids(sa.select(orders), orders.c.id, order_ids)}

    def get_products(self, product_ids: Iterable[UUID]) -> dict[str, dict[str, Any]]:
        rows = self.by_ids(self._products(), products.c.id, product_ids)
        return {row["id"]: product_shape(row) for row in rows}

    def by_ids(self, query: sa.Select[Any], column: ColumnElement[str],
               ids: Iterable[UUID]) -> list[dict[str, Any]]:
        """The rows whose `column` is one of `ids`, on one connection, IN lists of 500."""
        wanted = [str(i) for i in ids]
        rows: list[dict[str, Any]] = []
        if not wanted:
            return rows
        with self.db.reader.connect() as conn:
            for start in range(0, len(wanted), IN_CHUNK):
                chunk = wanted[start:start + IN_CHUNK]
                rows += [dict(row) for row in conn.execute(query.where(column.in_(chunk)))
                         .mappings()]
        return rows

    # Stock

    def list_movements(self, request: PageRequest, product_id: UUID | None = None,
                       movement_type: str | None = None, order_id: UUID | None = None,
                       date_from: date | None = None, date_to: date | None = None) -> Page:
        where = day_range(movements.c.created_at, date_from, date_to)
        for column, value in ((movements.c.product_id, product_id),
                              (movements.c.order_id, order_id),
                              (movements.c.movement_type, movement_type)):
            if value:
                where.append(column == str(value))
        page = self.page(sa.select(movements).where(*where), [movements.c.position.desc()],
                         request)
        page.results = [movement_shape(r) for r in page.results]
        return page

    def get_movement(self, movement_id: UUID) -> dict[str, Any] | None:
        row = self.one(sa.select(movements).where(movements.c.id == str(movement_id)))
        return movement_shape(row) if row else None

    # Audit

    def list_audit(self, request: PageRequest, **filters: Any) -> Page:
        where = day_range(audit.c.occurred_at, filters.pop("date_from", None),
                          filters.pop("date_to", None))
        where += [getattr(audit.c, name) == str(value) for name, value in filters.items()
                  if value is not None]
        return self.page(sa.select(audit).where(*where), [audit.c.position.asc()], request)


def order_filters(*, delivery_status: list[str] | None = None, payment_status: str | None = None,
                  priority: str | None = None, created_by: UUID | None = None,
                  date_from: date | None = None, date_to: date | None = None,
                  delivery_date_from: date | None = None, delivery_date_to: date | None = None,
                  search: str | None = None) -> list[ColumnElement[bool]]:
    where = order_search(search)
    if delivery_status:
        where.append(orders.c.delivery_status.in_(delivery_status))
    if payment_status:
        where.append(orders.c.payment_status == payment_status)
    if priority:
        where.append(orders.c.priority == priority)
    if created_by:
        where.append(orders.c.created_by == str(created_by))
    if date_from:
        where.append(orders.c.created_day >= date_from)
    if date_to:
        where.append(orders.c.created_day <= date_to)
    if delivery_date_from:
        where.append(orders.c.delivery_date >= delivery_date_from)
    if delivery_date_to:
        where.append(orders.c.delivery_date <= delivery_date_to)
    return where


_PHONE_LIKE = re.compile(r"^\+?[0-9][0-9\s.\-]*$")


def order_search(query: str | None) -> list[ColumnElement[bool]]:
    """Order number, client name, or a phone written as people write it (`76 45 12 89`):
    phones are kept as `+226XXXXXXXX`, so a phone-like query is also tried without spaces."""
    if not query or not _PHONE_LIKE.match(query.strip()):
        return searched(orders.c.search_text, query)
    compact = re.sub(r"[\s.\-]", "", query)
    if compact.startswith("00226"):
        compact = f"+226{compact[5:]}"
    return [sa.or_(*searched(orders.c.search_text, query),
                   *searched(orders.c.search_text, compact))]


def day_range(column: ColumnElement[Any], date_from: date | None,
              date_to: date | None) -> list[ColumnElement[bool]]:
    """Inclusive days in Africa/Ouagadougou, which is UTC all year round."""
    where = []
    if date_from:
        where.append(column >= datetime.combine(date_from, time(), UTC))
    if date_to and date_to < date.max:  # the last day of the calendar bounds nothing
        where.append(column < datetime.combine(date_to + timedelta(days=1), time(), UTC))
    return where


def product_shape(row: dict[str, Any]) -> dict[str, Any]:
    stock, reserved = from_milli(row["stock_milli"]), from_milli(row["reserved_milli"])
    minimum = from_milli(row["min_stock_milli"])
    return {
        "id": row["id"], "name": row["name"], "category_id": row["category_id"],
        "category_name": row.get("category_name") or "", "unit": row["unit"],
        "unit_price": row["unit_price"], "barcode": row["barcode"], "stock_quantity": stock,
        "reserved_quantity": reserved, "available_quantity": stock - reserved,
        "min_stock_level": minimum, "is_low_stock": stock <= minimum,
        "expiration_date": row["expiration_date"], "is_active": row["is_active"],
        "version": row["version"], "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def movement_shape(row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in row.items() if not k.endswith("_milli") and k != "position"},
            "quantity": from_milli(row["quantity_milli"]),
            "stock_after": from_milli(row["stock_after_milli"])}


ORDER_FIELDS = ("id", "order_number", "local_id", "client_name", "client_phone",
                "delivery_address", "delivery_date", "delivery_status", "payment_status",
                "priority", "total_price", "notes", "items", "created_by", "created_by_username",
                "created_at", "updated_at", "version")


def order_public(row: dict[str, Any]) -> dict[str, Any]:
    """An order row in the contract's shape, without the board's internal columns."""
    return {name: row[name] for name in ORDER_FIELDS}
