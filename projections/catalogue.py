"""Catalogue view: categories and products with stock, reserved and available quantities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from domain.catalogue import Category, Product
from projections.db import UTCDateTime, metadata, search_key, to_milli
from projections.framework import Batch, View

categories = sa.Table(
    "view_categories", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
)

products = sa.Table(
    "view_products", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("category_id", sa.String(36), nullable=False, index=True),
    sa.Column("unit", sa.String(50), nullable=False),
    sa.Column("unit_price", sa.BigInteger, nullable=False),
    sa.Column("barcode", sa.String(64)),
    sa.Column("stock_milli", sa.BigInteger, nullable=False),
    sa.Column("reserved_milli", sa.BigInteger, nullable=False),
    sa.Column("min_stock_milli", sa.BigInteger, nullable=False),
    sa.Column("expiration_date", sa.Date),
    sa.Column("is_active", sa.Boolean, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
    sa.Column("search_text", sa.Text, nullable=False),
)

view = View("catalogue", [categories, products])


@view.on(Category.Created)
def _category_created(event: Category.Created, batch: Batch) -> None:
    batch.conn.execute(categories.insert().values(
        id=str(event.originator_id), name=event.name, description=event.description,
        is_active=True, created_at=event.timestamp, version=1,
        search_text=search_key(event.name),
    ))


@view.on(Category.Revised)
def _category_revised(event: Category.Revised, batch: Batch) -> None:
    values = dict(event.changes)
    if "name" in values:
        values["search_text"] = search_key(values["name"])
    _update_category(event, batch, **values)


@view.on(Category.Removed)
def _category_removed(event: Category.Removed, batch: Batch) -> None:
    _update_category(event, batch, is_active=False)


def _update_category(event: Category.Event, batch: Batch, **values: Any) -> None:
    batch.conn.execute(categories.update().where(categories.c.id == str(event.originator_id))
                       .values(version=event.originator_version, **values))


@view.on(Product.Registered)
def _product_registered(event: Product.Registered, batch: Batch) -> None:
    batch.conn.execute(products.insert().values(
        id=str(event.originator_id), name=event.name, category_id=str(event.category_id),
        unit=event.unit, unit_price=event.unit_price, barcode=event.barcode, stock_milli=0,
        reserved_milli=0, min_stock_milli=to_milli(event.min_stock_level),
        expiration_date=event.expiration_date, is_active=True, version=1,
        created_at=event.timestamp, updated_at=event.timestamp,
        search_text=search_key(event.name, event.barcode),
    ))
    batch.touch("product", event.originator_id)
    batch.touch("product_created", event.originator_id)
    batch.touch("listing", event.originator_id)


@view.on(Product.Revised)
def _product_revised(event: Product.Revised, batch: Batch) -> None:
    values = {("min_stock_milli" if k == "min_stock_level" else k):
              (to_milli(v) if k == "min_stock_level" else str(v) if k == "category_id" else v)
              for k, v in event.changes.items()}
    _update_product(event, batch, **values)
    if set(event.changes) - {"min_stock_level"}:  # a threshold is stock news, not the listing
        batch.touch("listing", event.originator_id)
    row = batch.conn.execute(sa.select(products.c.name, products.c.barcode)
                             .where(products.c.id == str(event.originator_id))).one()
    _update_product(event, batch, search_text=search_key(row.name, row.barcode))


@view.on(Product.Archived)
def _archived(event: Product.Archived, batch: Batch) -> None:
    _update_product(event, batch, is_active=False)
    batch.touch("listing", event.originator_id)


@view.on(Product.Restored)
def _restored(event: Product.Restored, batch: Batch) -> None:
    _update_product(event, batch, is_active=True)
    batch.touch("listing", event.originator_id)


@view.on(Product.StockReceived)
def _received(event: Product.StockReceived, batch: Batch) -> None:
    values: dict[str, Any] = {"stock_milli": to_milli(event.stock_after)}
    if event.expiration_date is not None:
        values["expiration_date"] = event.expiration_date
    _update_product(event, batch, **values)


@view.on(Product.StockIssued, Product.StockAdjusted)
def _stock_set(event: Product.StockIssued | Product.StockAdjusted, batch: Batch) -> None:
    _update_product(event, batch, stock_milli=to_milli(event.stock_after))


def _update_product(event: Product.Event, batch: Batch, **values: Any) -> None:
    batch.conn.execute(products.update().where(products.c.id == str(event.originator_id))
                       .values(version=event.originator_version, updated_at=event.timestamp,
                               **values))
    batch.touch("product", event.originator_id)


def refresh_reserved(batch: Batch, product_ids: Iterable[UUID], reserved: sa.ScalarSelect[Any],
                     at: Any) -> None:
    """Sets `reserved_milli` of these products from `reserved`, a correlated sum of open lines."""
    ids = [str(pid) for pid in product_ids]
    if ids:
        batch.conn.execute(products.update().where(products.c.id.in_(ids))
                           .values(reserved_milli=reserved, updated_at=at))
        for pid in product_ids:
            batch.touch("product", pid)
