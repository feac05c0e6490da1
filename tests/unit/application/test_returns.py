"""Returns: goods given back from a delivered order, back on the shelf if asked."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from application.returns import NewReturn
from domain.returns import ReturnRefused
from domain.values import DeliveryStatus
from tests.unit.application.conftest import Shop


def delivered(shop: Shop, product_id: UUID, quantity: str) -> UUID:
    order_id = shop.order((product_id, quantity))
    shop.services.orders.change_status(shop.manager, order_id, DeliveryStatus.LIVREE)
    return order_id


def test_goods_returned_to_the_shelf_are_back_in_stock_and_no_longer_due(shop: Shop) -> None:
    milk = shop.product(price=500, stock="10")
    order_id = delivered(shop, milk, "4")
    shop.services.returns.record(shop.manager, order_id,
                                 NewReturn([(milk, Decimal(1))], "Abîmé", restock=True))
    assert shop.store.repository.get(milk).stock_quantity == Decimal(7)
    assert shop.store.repository.get(order_id).amount_due == 1500


def test_a_phone_s_return_sent_twice_is_recorded_once(shop: Shop) -> None:
    milk = shop.product(stock="10")
    order_id = delivered(shop, milk, "4")
    goods = NewReturn([(milk, Decimal(1))], "Abîmé", restock=True, local_id=uuid4())
    shop.services.returns.record(shop.manager, order_id, goods)
    again = shop.services.returns.record(shop.manager, order_id, goods)
    assert not again.created
    assert shop.store.repository.get(milk).stock_quantity == Decimal(7)


def test_an_order_not_delivered_takes_no_return(shop: Shop) -> None:
    milk = shop.product(stock="10")
    order_id = shop.order((milk, "4"))
    with pytest.raises(ReturnRefused):
        shop.services.returns.record(shop.manager, order_id,
                                     NewReturn([(milk, Decimal(1))], "Abîmé", restock=True))
