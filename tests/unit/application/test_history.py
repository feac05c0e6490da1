"""History: an aggregate's past read from the log, stock movements for stock people only."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.catalogue import Product
from domain.errors import NotFound
from tests.unit.application.conftest import Shop


def test_a_product_as_it_was_before_a_stock_entry(shop: Shop) -> None:
    milk = shop.product(stock="10")
    shop.services.stock.receive(shop.stock_keeper, milk, Decimal(5))
    before = shop.services.history.as_of(Product, milk, version=2)
    assert isinstance(before, Product)
    assert before.stock_quantity == Decimal(10)


def test_a_vendeur_sees_a_product_s_history_without_its_stock_movements(shop: Shop) -> None:
    milk = shop.product(stock="10")
    everything = shop.services.history.product_events(shop.stock_keeper, milk)
    shown = shop.services.history.product_events(shop.vendeur, milk)
    assert len(shown) < len(everything)


def test_nothing_existed_before_its_first_event(shop: Shop) -> None:
    milk = shop.product()
    with pytest.raises(NotFound):
        shop.services.history.as_of(Product, milk, at=datetime(2020, 1, 1, tzinfo=UTC))
