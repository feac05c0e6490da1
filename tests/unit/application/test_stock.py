"""Stock: entries, issues and counts of a product, each a movement with its own id."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from application.idempotency import RequestKey
from domain.catalogue import Product
from domain.errors import InsufficientStock, PermissionDenied
from tests.unit.application.conftest import Shop


def stock_of(shop: Shop, product_id: UUID) -> Decimal:
    product: Product = shop.store.repository.get(product_id)
    return product.stock_quantity


def test_received_stock_is_added(shop: Shop) -> None:
    milk = shop.product(stock="10")
    shop.services.stock.receive(shop.stock_keeper, milk, Decimal(5), "Livraison")
    assert stock_of(shop, milk) == Decimal(15)


def test_a_count_sets_the_stock_to_what_was_counted(shop: Shop) -> None:
    milk = shop.product(stock="10")
    shop.services.stock.adjust(shop.stock_keeper, milk, Decimal(7), "Inventaire")
    assert stock_of(shop, milk) == Decimal(7)


def test_an_issue_beyond_the_stock_is_refused(shop: Shop) -> None:
    milk = shop.product(stock="2")
    with pytest.raises(InsufficientStock):
        shop.services.stock.issue(shop.stock_keeper, milk, Decimal(3), "Casse")
    assert stock_of(shop, milk) == Decimal(2)


def test_a_retried_keyed_entry_is_recorded_once(shop: Shop) -> None:
    milk = shop.product(stock="10")
    key = RequestKey("entree-1", "POST /api/stock/", "digest")
    first = shop.services.stock.receive(shop.stock_keeper, milk, Decimal(5), key=key)
    again = shop.services.stock.receive(shop.stock_keeper, milk, Decimal(5), key=key)
    assert (again.id, again.created, stock_of(shop, milk)) == (first.id, False, Decimal(15))


def test_a_vendeur_may_not_move_stock(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.stock.receive(shop.vendeur, shop.product(), Decimal(1))
