"""Products' price histories, kept in memory: an offline order is priced as of when it was made
without replaying each product's whole log (every stock movement) for every line."""

from __future__ import annotations

import threading
from datetime import datetime
from uuid import UUID

from application.store import GapalStore
from domain.base import GapalAggregate
from domain.catalogue import Product, price_at

PRICE_CHANGES = (Product.Registered, Product.Revised, Product.KindPricesSet)


class PriceHistories:
    """Each product's price changes and the version they were read up to; a product loaded at
    a later version brings its history up to date by reading only the events after that."""

    def __init__(self, store: GapalStore) -> None:
        self._store = store
        self._kept: dict[UUID, tuple[int, list[GapalAggregate.Event]]] = {}
        self._lock = threading.Lock()

    def price_at(self, product: Product, at: datetime, kind: str | None) -> int | None:
        """The product's price for a customer of `kind` at the moment `at`, as
        its events up to `product`'s version say (None: it had none yet)."""
        changes = [change for change in self._changes(product)
                   if change.originator_version <= product.version]
        return price_at(changes, at, kind)

    def _changes(self, product: Product) -> list[GapalAggregate.Event]:
        with self._lock:
            read_to, changes = self._kept.get(product.id, (0, []))
        if read_to >= product.version:
            return changes
        later = []
        for event in self._store.events.get(product.id, gt=read_to):
            read_to = event.originator_version
            if isinstance(event, PRICE_CHANGES):
                later.append(event)
        with self._lock:
            kept_to = self._kept.get(product.id, (0, []))[0]
            if kept_to < read_to:
                self._kept[product.id] = (read_to, [*changes, *later])
        return [*changes, *later]
