"""The upgrade to lots: stock recorded before lots becomes one lot « stock initial » through a
new event, never a rewrite; run twice, it changes nothing; a replay gives the same product."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from application.store import GapalStore
from application.upgrades import introduce_lots
from domain.catalogue import Product
from domain.lots import INITIAL_LOT_CODE

ACTOR = UUID(int=7)
TODAY = date(2026, 1, 5)


def a_store_with_stock_from_before_lots() -> tuple[GapalStore, Product]:
    store = GapalStore({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    cream = Product.register(name="Crème fraîche", category_id=uuid4(), unit="pot",
                             unit_price=900, min_stock_level=Decimal(1), barcode=None,
                             expiration_date=date(2030, 12, 6), actor_id=ACTOR)
    cream._stock_received(  # as recorded before lots: no lot, no takes
        movement_id=uuid4(), quantity=Decimal(12), stock_after=Decimal(12), reason="Réception",
        expiration_date=None, actor_id=ACTOR, lots=None, takes=None, expiry_after=None)
    empty = Product.register(name="Lait caillé", category_id=uuid4(), unit="sachet",
                             unit_price=300, min_stock_level=Decimal(1), barcode=None,
                             expiration_date=None, actor_id=ACTOR)
    store.save(cream, empty)
    return store, cream


def test_pre_lot_stock_becomes_one_initial_lot_with_the_product_expiry() -> None:
    store, cream = a_store_with_stock_from_before_lots()
    events_before = list(store.events.get(cream.id))

    assert introduce_lots(store, TODAY) == 1

    upgraded: Product = store.repository.get(cream.id)
    [lot] = upgraded.lots
    assert (lot.lot_code, lot.remaining, lot.expiration_date) == (
        INITIAL_LOT_CODE, Decimal(12), date(2030, 12, 6))
    assert upgraded.unlotted == 0
    events_after = list(store.events.get(cream.id))
    assert events_after[:len(events_before)] == events_before  # history untouched
    assert isinstance(events_after[-1], Product.LotsIntroduced)


def test_the_upgrade_run_again_changes_nothing() -> None:
    store, cream = a_store_with_stock_from_before_lots()
    introduce_lots(store, TODAY)
    version = store.repository.get(cream.id).version

    assert introduce_lots(store, TODAY) == 0
    assert store.repository.get(cream.id).version == version


def test_a_product_reloaded_from_its_snapshot_keeps_its_lots() -> None:
    store = GapalStore({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    milk = Product.register(name="Lait", category_id=uuid4(), unit="L", unit_price=500,
                            min_stock_level=Decimal(1), barcode=None, expiration_date=None,
                            actor_id=ACTOR)
    for day in range(1, 61):  # past the snapshotting interval (50 events)
        milk.receive_stock(uuid4(), Decimal(2), "Réception", date(2030, 1, day % 28 + 1),
                           ACTOR, today=date(2029, 12, 1), unit_cost=250)
        store.save(milk)
    assert store.snapshots is not None
    assert list(store.snapshots.get(milk.id))

    reloaded: Product = store.repository.get(milk.id)

    assert reloaded.lots == milk.lots
    assert len(reloaded.lots) == 60
