"""What the views can hold: quantities, prices, totals, stock levels and dates stay within
ranges a 64-bit sum and a calendar can take, and a command beyond them records nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest
from domain_builders import ACTOR, DAY, a_client, a_product, an_order, qty

from domain.catalogue import Product
from domain.errors import InvalidInput, OutOfRange
from domain.order import Order, OrderLine
from domain.values import (
    MAX_ORDER_TOTAL,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    PaymentStatus,
    quantity,
)

TOO_EARLY, TOO_LATE = date(1999, 12, 31), date(2100, 1, 1)


def test_an_order_may_total_a_thousand_billion_fcfa_but_not_one_more():
    dear = a_product(unit_price=MAX_UNIT_PRICE)
    assert an_order((dear, 1000)).total_price == MAX_ORDER_TOTAL
    cheap = a_product(unit_price=1)
    with pytest.raises(OutOfRange, match="hors limites"):
        an_order((dear, 1000), (cheap, 1))


def test_revising_lines_beyond_the_total_is_refused_and_records_nothing():
    dear = a_product(unit_price=MAX_UNIT_PRICE)
    order = an_order((dear, 1))
    with pytest.raises(OutOfRange):
        order.revise({"lines": [OrderLine.of(dear, qty(1001))]}, ACTOR)
    assert order.collect_events() == []


def test_a_line_orders_at_most_ten_million_units():
    OrderLine.of(a_product(), qty(10_000_000))
    with pytest.raises(OutOfRange):
        OrderLine.of(a_product(), qty("10000000.001"))


def test_a_price_beyond_a_billion_fcfa_is_refused():
    with pytest.raises(OutOfRange):
        a_product(unit_price=MAX_UNIT_PRICE + 1)
    product = a_product()
    with pytest.raises(OutOfRange):
        product.revise({"unit_price": MAX_UNIT_PRICE + 1}, ACTOR)
    assert product.collect_events() == []


def test_stock_never_grows_beyond_a_billion_units():
    product = a_product()
    product.adjust_stock(uuid4(), qty(999_999_999), "Inventaire", ACTOR, today=DAY)
    product.receive_stock(uuid4(), qty(1), "Entrée", None, ACTOR, today=DAY)
    assert product.stock_quantity == MAX_QUANTITY
    product.collect_events()
    with pytest.raises(OutOfRange):
        product.receive_stock(uuid4(), qty("0.001"), "Entrée", None, ACTOR, today=DAY)
    with pytest.raises(OutOfRange):
        product.adjust_stock(uuid4(), MAX_QUANTITY + 1, "Inventaire", ACTOR, today=DAY)
    assert product.collect_events() == []


@pytest.mark.parametrize("amount", ["1000000000.001", "-1000000000.001", "1e30", "-1e30"])
def test_a_quantity_beyond_a_billion_is_refused(amount):
    with pytest.raises(InvalidInput):
        quantity(amount)


@pytest.mark.parametrize("day", [date(1, 1, 1), TOO_EARLY, TOO_LATE, date(9999, 12, 31)])
def test_delivery_and_expiry_dates_stay_between_2000_and_2099(day):
    with pytest.raises(OutOfRange):
        Order.place(order_id=uuid4(), day=date(2026, 11, 29),
                    client=replace(a_client(), delivery_date=day),
                    lines=[OrderLine.of(a_product(), qty(1))],
                    payment_status=PaymentStatus.NON_PAYEE, local_id=None, actor_id=ACTOR)
    with pytest.raises(OutOfRange):
        an_order((a_product(), 1)).revise({"delivery_date": day}, ACTOR)
    with pytest.raises(OutOfRange):
        Product.register(name="Lait", category_id=uuid4(), unit="L", unit_price=500,
                         min_stock_level=qty(1), barcode=None, expiration_date=day,
                         actor_id=ACTOR)
    product = a_product()
    with pytest.raises(OutOfRange):
        product.revise({"expiration_date": day}, ACTOR)
    with pytest.raises(OutOfRange):
        product.receive_stock(uuid4(), qty(1), "Entrée", day, ACTOR, today=DAY)
    assert product.collect_events() == []


def test_the_edges_of_the_date_window_are_accepted():
    for day in (date(2000, 1, 1), date(2099, 12, 31)):
        order = an_order((a_product(), 1))
        order.revise({"delivery_date": day}, ACTOR)
        assert order.delivery_date == day
