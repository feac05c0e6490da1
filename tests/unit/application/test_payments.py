"""Payments: recorded once per phone's `local_id`, never above what is due."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.payments import NewPayment
from domain.errors import NotFound, Overpayment, PaymentReferenceUsed
from domain.order import Order
from domain.values import PaymentMethod, PaymentStatus
from tests.unit.application.conftest import Shop


def test_a_payment_lowers_what_the_order_owes(shop: Shop) -> None:
    order_id = shop.order((shop.product(price=500), "2"))
    shop.services.payments.record(shop.vendeur, order_id,
                                  NewPayment(uuid4(), 400, PaymentMethod.ESPECES))
    order: Order = shop.store.repository.get(order_id)
    assert (order.amount_due, order.payment_status) == (600, PaymentStatus.PARTIELLE)


def test_the_same_payment_sent_twice_is_recorded_once(shop: Shop) -> None:
    order_id = shop.order((shop.product(price=500), "2"))
    payment = NewPayment(uuid4(), 400, PaymentMethod.ESPECES)
    first = shop.services.payments.record(shop.vendeur, order_id, payment)
    again = shop.services.payments.record(shop.vendeur, order_id, payment)
    assert (again.id, again.created) == (first.id, False)
    assert shop.store.repository.get(order_id).amount_due == 600


def test_a_payment_above_what_is_due_is_refused(shop: Shop) -> None:
    order_id = shop.order((shop.product(price=500), "1"))
    with pytest.raises(Overpayment):
        shop.services.payments.record(shop.vendeur, order_id,
                                      NewPayment(uuid4(), 600, PaymentMethod.ESPECES))


def test_a_transfer_reference_pays_only_once(shop: Shop) -> None:
    milk = shop.product(price=500)
    first, second = shop.order((milk, "1")), shop.order((milk, "1"))
    shop.services.payments.record(shop.vendeur, first, NewPayment(
        uuid4(), 500, PaymentMethod.ORANGE_MONEY, "OM-123"))
    with pytest.raises(PaymentReferenceUsed):
        shop.services.payments.record(shop.vendeur, second, NewPayment(
            uuid4(), 500, PaymentMethod.ORANGE_MONEY, "om-123 "))


def test_a_vendeur_pays_only_his_own_orders(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"), by=shop.manager)
    with pytest.raises(NotFound):
        shop.services.payments.record(shop.vendeur, order_id,
                                      NewPayment(uuid4(), 100, PaymentMethod.ESPECES))
