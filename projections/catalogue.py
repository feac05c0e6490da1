"""Catalogue view: categories and products with their stock on the shelf (the reserved
quantities are the stock view's)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.catalogue import Category, Product
from projections import bulk
from projections.db import UTCDateTime, metadata, search_key, to_milli, uuid_text
from projections.framework import Batch, Events, Row, View

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
    sa.Column("min_stock_milli", sa.BigInteger, nullable=False),
    sa.Column("expiration_date", sa.Date),
    sa.Column("is_active", sa.Boolean, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("prices_by_kind", sa.JSON, nullable=False),  # {"revendeur": 450}: kinds with one
)

# A threshold is stock news, not the listing: the vendors' catalogue does not change with it.
_NOT_LISTING = frozenset({"min_stock_level"})


class CatalogueView(View):
    """Categories and products folded from their events; tells which products changed and
    which of them changed in the vendors' listing."""

    name = "catalogue"
    tables = (categories, products)
    reads = (Category.Event, Product.Event)

    def apply(self, batch: Batch, events: Events) -> None:
        conn = batch.conn
        bulk.write(conn, categories, bulk.fold(conn, categories, events, _CATEGORY_HANDLERS,
                                               (Category.Created,)))
        changed = bulk.fold(conn, products, events, _PRODUCT_HANDLERS, (Product.Registered,))
        bulk.write(conn, products, changed)
        batch.hold("product", changed.values())
        batch.touch("product", *changed)
        batch.touch("product_created", *changed.new)
        batch.touch("listing", *(uuid_text(e.originator_id) for _, e in events
                                 if isinstance(e, Product.Event) and _in_listing(e)))


def _in_listing(event: Product.Event) -> bool:
    if isinstance(event, Product.Revised):
        return bool(set(event.changes) - _NOT_LISTING)
    return isinstance(event, Product.Registered | Product.Archived | Product.Restored
                      | Product.KindPricesSet)


def _category_created(rows: dict[str, Row], event: Category.Created) -> Row:
    row = rows[uuid_text(event.originator_id)] = {
        "id": uuid_text(event.originator_id), "name": event.name, "description": event.description,
        "is_active": True, "created_at": event.timestamp, "version": 1,
        "search_text": search_key(event.name)}
    return row


def _category(rows: dict[str, Row], event: Category.Event, **values: Any) -> Row:
    row = rows[uuid_text(event.originator_id)]
    row.update(values, version=event.originator_version)
    row["search_text"] = search_key(row["name"])
    return row


_CATEGORY_HANDLERS: dict[type, bulk.Handler] = {
    Category.Created: _category_created,
    Category.Revised: lambda rows, event: _category(rows, event, **event.changes),
    Category.Removed: lambda rows, event: _category(rows, event, is_active=False),
}


def _registered(rows: dict[str, Row], event: Product.Registered) -> Row:
    row = rows[uuid_text(event.originator_id)] = {
        "id": uuid_text(event.originator_id), "name": event.name,
        "category_id": uuid_text(event.category_id), "unit": event.unit,
        "unit_price": event.unit_price, "barcode": event.barcode, "stock_milli": 0,
        "min_stock_milli": to_milli(event.min_stock_level),
        "expiration_date": event.expiration_date, "is_active": True, "version": 1,
        "created_at": event.timestamp, "updated_at": event.timestamp,
        "search_text": search_key(event.name, event.barcode), "prices_by_kind": {}}
    return row


def _product(rows: dict[str, Row], event: Product.Event, **values: Any) -> Row:
    row = rows[uuid_text(event.originator_id)]
    row.update(values, version=event.originator_version, updated_at=event.timestamp)
    return row


def _revised(rows: dict[str, Row], event: Product.Revised) -> Row:
    row = _product(rows, event, **{_COLUMNS.get(k, k): _value(k, v)
                                   for k, v in event.changes.items()})
    row["search_text"] = search_key(row["name"], row["barcode"])
    return row


_COLUMNS = {"min_stock_level": "min_stock_milli"}


def _value(name: str, value: Any) -> Any:
    if name == "min_stock_level":
        return to_milli(value)
    return str(value) if name == "category_id" else value


def _received(rows: dict[str, Row], event: Product.StockReceived) -> Row:
    row = _stock_set(rows, event)
    if getattr(event, "lots", None) is None and event.expiration_date is not None:
        row["expiration_date"] = event.expiration_date  # before lots: the entry's date
    return row


def _stock_set(rows: dict[str, Row], event: Any) -> Row:
    """The stock after the movement; since lots, the expiry shown is the first open lot's."""
    row = _product(rows, event, stock_milli=to_milli(event.stock_after))
    if getattr(event, "lots", None) is not None:
        row["expiration_date"] = event.expiry_after
    return row


_PRODUCT_HANDLERS: dict[type, bulk.Handler] = {
    Product.Registered: _registered,
    Product.Revised: _revised,
    Product.KindPricesSet: lambda rows, event: _product(rows, event,
                                                        prices_by_kind=dict(event.prices)),
    Product.Archived: lambda rows, event: _product(rows, event, is_active=False),
    Product.Restored: lambda rows, event: _product(rows, event, is_active=True),
    Product.StockReceived: _received,
    Product.StockIssued: _stock_set,
    Product.StockAdjusted: _stock_set,
    Product.LotsIntroduced: _stock_set,
    Product.StockWrittenOff: _stock_set,
    Product.StockReturned: _stock_set,
}
