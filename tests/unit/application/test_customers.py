"""Customers: one phone is one active customer; orders are linked to them by phone."""

from __future__ import annotations

import pytest

from domain.customer import Customer
from domain.errors import CustomerPhoneUsed, PermissionDenied
from domain.order import Order
from tests.unit.application.conftest import Shop

AWA = {"name": "Awa Ouédraogo", "phone": "70 12 34 56"}


def test_a_vendeur_registers_a_cash_customer(shop: Shop) -> None:
    customer: Customer = shop.store.repository.get(
        shop.services.customers.create(shop.vendeur, AWA).id)
    assert (customer.name, customer.phone, customer.credit_limit) == (
        "Awa Ouédraogo", "+22670123456", 0)


def test_a_phone_an_active_customer_has_is_refused(shop: Shop) -> None:
    shop.services.customers.create(shop.vendeur, AWA)
    with pytest.raises(CustomerPhoneUsed):
        shop.services.customers.create(shop.vendeur, {**AWA, "name": "Awa O."})


def test_a_deactivated_customer_frees_his_phone(shop: Shop) -> None:
    first = shop.services.customers.create(shop.vendeur, AWA).id
    shop.services.customers.revise(shop.manager, first, {"is_active": False})
    assert shop.services.customers.create(shop.vendeur, AWA).id != first


def test_a_vendeur_may_not_grant_credit(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.customers.create(shop.vendeur, {**AWA, "credit_limit": 50_000})


def test_orders_are_linked_to_the_customer_of_a_phone_registered_if_new(shop: Shop) -> None:
    order_id = shop.order((shop.product(), "1"))
    linked = shop.services.customers.link_orders(shop.manager, "70123456", "Awa", [order_id])
    order: Order = shop.store.repository.get(order_id)
    assert (linked.created, linked.linked, order.customer_id) == (True, 1, linked.customer_id)
