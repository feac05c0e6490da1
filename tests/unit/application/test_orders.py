"""Orders: placed at today's prices, managed by the office, delivered out of stock at once."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from application.idempotency import RequestKey
from application.orders import NewOrder
from domain.catalogue import Product
from domain.errors import IdempotencyKeyReused, InsufficientStock, NotFound, PermissionDenied
from domain.values import DeliveryStatus, PaymentStatus
from tests.unit.application.conftest import Shop, a_client


def test_an_order_is_placed_at_the_catalogue_s_price_with_a_number(shop: Shop) -> None:
    milk = shop.product(price=500)
    order = shop.services.orders.get(shop.vendeur, shop.order((milk, "3")))
    assert order.total_price == 1500
    assert order.order_number
    assert order.created_by == shop.vendeur.user_id


def test_the_same_local_id_never_places_two_orders(shop: Shop) -> None:
    milk = shop.product()
    new = NewOrder(client=a_client(), items=[(milk, Decimal(1))], local_id=uuid4())
    first = shop.services.orders.place(shop.vendeur, new)
    again = shop.services.orders.place(shop.vendeur, new)
    assert (again.id, again.created) == (first.id, False)


def test_a_retried_keyed_order_returns_its_first_answer(shop: Shop) -> None:
    milk = shop.product()
    new = NewOrder(client=a_client(), items=[(milk, Decimal(1))])
    key = RequestKey("cle-1", "POST /api/orders/", "digest-1")
    first = shop.services.orders.place(shop.vendeur, new, key)
    assert shop.services.orders.place(shop.vendeur, new, key).id == first.id


def test_a_key_sent_again_with_another_request_is_refused(shop: Shop) -> None:
    milk = shop.product()
    new = NewOrder(client=a_client(), items=[(milk, Decimal(1))])
    shop.services.orders.place(shop.vendeur, new, RequestKey("cle-1", "POST", "digest-1"))
    with pytest.raises(IdempotencyKeyReused):
        shop.services.orders.place(shop.vendeur, new, RequestKey("cle-1", "POST", "digest-2"))


def test_delivery_takes_every_line_out_of_stock(shop: Shop) -> None:
    milk = shop.product(stock="10")
    order_id = shop.order((milk, "4"))
    shop.services.orders.change_status(shop.manager, order_id, DeliveryStatus.LIVREE)
    assert shop.store.repository.get(milk).stock_quantity == Decimal(6)


def test_delivery_refuses_when_one_item_is_short_and_moves_nothing(shop: Shop) -> None:
    milk, gapal = shop.product(stock="10"), shop.product("Gapal", stock="1")
    order_id = shop.order((milk, "4"), (gapal, "2"))
    with pytest.raises(InsufficientStock):
        shop.services.orders.change_status(shop.manager, order_id, DeliveryStatus.LIVREE)
    product: Product = shop.store.repository.get(milk)
    assert product.stock_quantity == Decimal(10)


def test_a_vendeur_may_not_manage_orders(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"))
    with pytest.raises(PermissionDenied):
        shop.services.orders.change_payment(shop.vendeur, order_id, PaymentStatus.PAYEE)


def test_a_vendeur_never_learns_of_another_s_order(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"), by=shop.manager)
    with pytest.raises(NotFound):
        shop.services.orders.get(shop.vendeur, order_id)
