"""The catalogue as read: categories with their product counts, products with their stock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import Action, Actor
from projections.catalogue import categories, products
from projections.db import Database, from_milli
from projections.queries.paging import Page, PageRequest, Reader, Row, ordered, searched
from projections.stock import stock

# A product's last change: its own events, or the orders reserving it (the stock view).
PRODUCT_UPDATED_AT = sa.case((stock.c.updated_at > products.c.updated_at, stock.c.updated_at),
                             else_=products.c.updated_at)


class CategoryRow(TypedDict):
    """A category and how many active products it holds."""

    id: str
    name: str
    description: str
    product_count: int


class ProductRow(TypedDict):
    """A product in the contract's shape: the HTTP answers and the WebSocket news alike."""

    id: str
    name: str
    category_id: str
    category_name: str
    unit: str
    unit_price: int
    prices_by_kind: dict[str, int]
    barcode: str | None
    stock_quantity: Decimal
    reserved_quantity: Decimal
    available_quantity: Decimal
    min_stock_level: Decimal
    is_low_stock: bool
    expiration_date: date | None
    is_active: bool
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ProductFilters:
    """What the product list may be narrowed to."""

    search: str | None = None
    category_id: UUID | None = None
    is_active: bool | None = None
    low_stock: bool | None = None
    updated_since: datetime | None = None


class Catalogue:
    """Categories and products, for every role that may read the catalogue."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def categories(self, actor: Actor, request: PageRequest,
                   search: str | None = None) -> Page[CategoryRow]:
        actor.require(Action.READ_CATALOGUE)
        order = ordered({"name": categories.c.name}, request.ordering, [categories.c.name])
        query = _categories().where(*searched(categories.c.search_text, search))
        page = self._reader.page(query, order, request)
        return Page(page.count, [category_shape(row) for row in page.results])

    def category(self, actor: Actor, category_id: UUID) -> CategoryRow | None:
        actor.require(Action.READ_CATALOGUE)
        return self._category(category_id)

    def _category(self, category_id: UUID) -> CategoryRow | None:
        row = self._reader.one(_categories().where(categories.c.id == str(category_id)))
        return category_shape(row) if row else None

    def active_product_count(self, category_id: UUID) -> int:
        found = self._category(category_id)
        return found["product_count"] if found else 0

    def products(self, actor: Actor, request: PageRequest,
                 filters: ProductFilters) -> Page[ProductRow]:
        actor.require(Action.READ_CATALOGUE)
        order = ordered({"name": products.c.name, "unit_price": products.c.unit_price,
                         "stock_quantity": products.c.stock_milli,
                         "expiration_date": products.c.expiration_date,
                         "updated_at": PRODUCT_UPDATED_AT},
                        request.ordering, [products.c.name, products.c.id])
        return self._products(_products().where(*product_filters(filters)), order, request)

    def low_stock(self, actor: Actor, request: PageRequest) -> Page[ProductRow]:
        actor.require(Action.READ_CATALOGUE)
        # stock / threshold, lowest first; an empty product without threshold counts as 0 (NULL
        # would sort first on SQLite and last on PostgreSQL)
        urgency = sa.func.coalesce(
            products.c.stock_milli * 1.0 / sa.func.nullif(products.c.min_stock_milli, 0), 0)
        query = _products().where(products.c.is_active,
                                  products.c.stock_milli <= products.c.min_stock_milli)
        return self._products(query, [urgency.asc(), products.c.name], request)

    def _products(self, query: sa.Select[Any], order: list[Any],
                  request: PageRequest) -> Page[ProductRow]:
        page = self._reader.page(query, order, request)
        return Page(page.count, [product_shape(row) for row in page.results])

    def product(self, actor: Actor, product_id: UUID) -> ProductRow | None:
        actor.require(Action.READ_CATALOGUE)
        row = self._reader.one(_products().where(products.c.id == str(product_id)))
        return product_shape(row) if row else None

    def many(self, product_ids: Iterable[UUID]) -> dict[str, ProductRow]:
        """Several products by id, for no one in particular (the publisher's batch), by id."""
        rows = self._reader.by_ids(_products(), products.c.id, product_ids)
        return {row["id"]: product_shape(row) for row in rows}


def _categories() -> sa.Select[Any]:
    count = (sa.select(sa.func.count()).where(products.c.category_id == categories.c.id,
                                               products.c.is_active).scalar_subquery())
    return sa.select(categories, count.label("product_count")).where(categories.c.is_active)


def _products() -> sa.Select[Any]:
    """Products with their category's name and the stock view's reserved quantity; a
    product changes when its reservations do (`updated_at`, for the vendors' sync)."""
    columns = [c for c in products.c if c.name != "updated_at"]
    return (sa.select(*columns, PRODUCT_UPDATED_AT.label("updated_at"),
                      sa.func.coalesce(stock.c.reserved_milli, 0).label("reserved_milli"),
                      categories.c.name.label("category_name"))
            .join(categories, categories.c.id == products.c.category_id, isouter=True)
            .join(stock, stock.c.product_id == products.c.id, isouter=True))


def product_filters(filters: ProductFilters) -> list[Any]:
    """Archived products only when asked for, or for the catalogue's sync (`updated_since`)."""
    where = [*searched(products.c.search_text, filters.search)]
    is_active = filters.is_active
    if is_active is None and filters.updated_since is None:
        is_active = True
    if filters.category_id:
        where.append(products.c.category_id == str(filters.category_id))
    if is_active is not None:
        where.append(products.c.is_active == is_active)
    if filters.low_stock is not None:
        low = products.c.stock_milli <= products.c.min_stock_milli
        where.append(low if filters.low_stock else sa.not_(low))
    if filters.updated_since is not None:
        where.append(sa.or_(products.c.updated_at > filters.updated_since,
                            stock.c.updated_at > filters.updated_since))
    return where


def category_shape(row: Row) -> CategoryRow:
    return {"id": row["id"], "name": row["name"], "description": row["description"],
            "product_count": int(row["product_count"])}


def product_shape(row: Row) -> ProductRow:
    stock_now, reserved = from_milli(row["stock_milli"]), from_milli(row["reserved_milli"])
    minimum = from_milli(row["min_stock_milli"])
    return cast(ProductRow, {
        "id": row["id"], "name": row["name"], "category_id": row["category_id"],
        "category_name": row.get("category_name") or "", "unit": row["unit"],
        "unit_price": row["unit_price"], "prices_by_kind": row["prices_by_kind"],
        "barcode": row["barcode"], "stock_quantity": stock_now,
        "reserved_quantity": reserved, "available_quantity": stock_now - reserved,
        "min_stock_level": minimum, "is_low_stock": stock_now <= minimum,
        "expiration_date": row["expiration_date"], "is_active": row["is_active"],
        "version": row["version"], "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    })
