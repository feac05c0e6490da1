"""Decisions on loaded orders, the same for the office's edits and a phone's synced ones:
given an order and its products, they change them and return what else they touched."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from application.order_decisions import (
    current_price_for,
    decide_payment_status,
    decide_revision,
    decide_status,
)
from application.unit_of_work import load
from domain.catalogue import Product
from domain.errors import InvalidTransition
from domain.order import Order
from domain.values import DeliveryStatus, PaymentStatus
from tests.unit.application.conftest import Shop, today


def loaded(shop: Shop, order_id: UUID) -> Order:
    return load(shop.store, Order, order_id)


def test_a_revision_keeps_the_prices_ordered_and_prices_the_new_lines_as_told(
        shop: Shop) -> None:
    milk, butter = shop.product(price=500), shop.product("Beurre de karité", price=1200)
    order = loaded(shop, shop.order((milk, "2")))
    milk_product = load(shop.store, Product, milk)
    milk_product.revise({"unit_price": 600}, shop.admin.user_id)
    shop.store.save(milk_product)
    decide_revision(shop.store, order, {"notes": "Portail bleu"},
                    [(milk, Decimal(3)), (butter, Decimal(1))], lambda product: 1000,
                    shop.manager)
    assert [line.unit_price for line in order.lines] == [500, 1000]
    assert order.notes == "Portail bleu"


def test_a_delivery_takes_every_line_out_of_stock_and_returns_the_products(
        shop: Shop) -> None:
    milk, butter = shop.product(stock="10"), shop.product("Beurre", stock="5")
    order = loaded(shop, shop.order((milk, "2"), (butter, "1")))
    for step in (DeliveryStatus.EN_PREPARATION, DeliveryStatus.EN_COURS):
        assert decide_status(shop.store, order, step, shop.manager, today()) == []
    products = decide_status(shop.store, order, DeliveryStatus.LIVREE, shop.manager, today())
    assert all(isinstance(p, Product) for p in products)
    assert sorted(p.stock_quantity for p in products) == [Decimal(4), Decimal(8)]
    assert order.delivery_status is DeliveryStatus.LIVREE


def test_a_delivery_out_of_turn_is_refused(shop: Shop) -> None:
    order = loaded(shop, shop.order((shop.product(), "1")))
    order.change_status(DeliveryStatus.ANNULEE, shop.manager.user_id)
    with pytest.raises(InvalidTransition):
        decide_status(shop.store, order, DeliveryStatus.LIVREE, shop.manager, today())


def test_marking_paid_touches_nothing_else(shop: Shop) -> None:
    order = loaded(shop, shop.order((shop.product(price=500), "2")))
    assert decide_payment_status(shop.store, order, PaymentStatus.PAYEE, shop.manager,
                                 shop.clock.now()) == []
    assert order.amount_due == 0


def test_new_lines_take_the_price_of_the_customer_s_kind() -> None:
    class Shelf:
        def price_for(self, kind: str | None) -> int:
            return {None: 500, "maquis": 450}[kind]

    assert current_price_for("maquis")(Shelf()) == 450  # type: ignore[arg-type]
    assert current_price_for(None)(Shelf()) == 500  # type: ignore[arg-type]
