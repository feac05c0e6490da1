"""Upgrades of the log run at start: new events that bring old aggregates to today's model,
never a rewrite of history (a rebuild replays them like any other)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from application.store import GapalStore
from application.unit_of_work import Decision, execute, load
from domain.catalogue import Product
from domain.permissions import SYSTEM

PAGE = 1_000


def introduce_lots(store: GapalStore, today: date) -> int:
    """Each product holding stock from before lots gets its lot « stock initial »
    (`LotsIntroduced`, on `today`); run again, it changes nothing. Returns the products
    upgraded."""
    upgraded = 0
    for product_id in product_ids(store):
        if _introduce(store, product_id, today):
            upgraded += 1
    return upgraded


def _introduce(store: GapalStore, product_id: UUID, today: date) -> bool:
    def decide() -> Decision:
        product = load(store, Product, product_id, "Produit")
        product.introduce_lots(SYSTEM.user_id, today)
        return Decision(product.id, [product] if product.pending_events else [])

    return execute(store, decide).position is not None


def product_ids(store: GapalStore) -> Iterator[UUID]:
    """Every product ever registered, read from the log by event topic, page by page."""
    topic = get_topic(Product.Registered)
    start: int | None = None
    while True:
        page = store.recorder.select_notifications(start, PAGE, topics=[topic],
                                                   inclusive_of_start=start is None)
        yield from (UUID(str(n.originator_id)) for n in page)
        if len(page) < PAGE:
            return
        start = page[-1].id
