"""Products and their stock: it moves only through recorded movements and never goes below zero."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from domain_builders import ACTOR, DAIRY, DAY, a_product, event_names, qty
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.catalogue import Category, Product, price_at
from domain.errors import InsufficientStock, InvalidInput, ProductArchived
from domain.order import OrderLine

MODEST = settings(max_examples=60, deadline=None)

# --- registration -----------------------------------------------------------------------------


def test_a_registered_product_starts_active_with_no_stock():
    product = Product.register(
        name="Yaourt nature 50 cl", category_id=DAIRY, unit="pot", unit_price=400,
        min_stock_level=Decimal("5.5"), barcode="", expiration_date=None, actor_id=ACTOR,
    )

    assert product.is_active
    assert product.stock_quantity == Decimal("0.000")
    assert product.min_stock_level == Decimal("5.500")
    assert product.barcode is None
    [registered] = product.collect_events()
    assert isinstance(registered, Product.Registered)
    assert registered.actor_id == ACTOR


@pytest.mark.parametrize("bad_price", [-1, 2.5, Decimal("500"), "500", True])
def test_a_product_price_must_be_a_whole_non_negative_number_of_fcfa(bad_price):
    with pytest.raises(InvalidInput):
        Product.register(
            name="Lait", category_id=DAIRY, unit="litre", unit_price=bad_price,
            min_stock_level=Decimal(0), barcode=None, expiration_date=None, actor_id=ACTOR,
        )


def test_revising_a_product_records_only_what_really_changed():
    product = a_product("Lait frais 1 L", unit_price=500)

    product.revise({"name": "Lait frais 1 L", "unit_price": 550, "stock_quantity": 99}, ACTOR)

    [revised] = product.collect_events()
    assert revised.changes == {"unit_price": 550}
    assert product.unit_price == 550
    assert product.stock_quantity == Decimal("0.000")


def test_revising_a_product_with_nothing_new_records_nothing():
    product = a_product(unit_price=500)

    product.revise({"unit_price": 500}, ACTOR)

    assert product.collect_events() == []


def test_revising_a_product_price_to_a_fraction_is_refused():
    product = a_product(unit_price=500)

    with pytest.raises(InvalidInput):
        product.revise({"unit_price": 499.5}, ACTOR)
    assert product.collect_events() == []


# --- stock movements --------------------------------------------------------------------------


def test_receiving_stock_adds_to_it_and_records_the_stock_after():
    product = a_product(stock="10")
    movement_id = uuid4()

    product.receive_stock(movement_id, Decimal("2.5"), "Livraison de la ferme", None, ACTOR,
                          today=DAY)

    assert product.stock_quantity == qty("12.5")
    [received] = product.collect_events()
    assert isinstance(received, Product.StockReceived)
    assert (received.movement_id, received.quantity, received.stock_after) == (
        movement_id, qty("2.5"), qty("12.5"),
    )


@pytest.mark.parametrize("amount", ["0", "-1", "0.0001"])
def test_receiving_a_non_positive_or_too_fine_amount_is_refused(amount):
    product = a_product(stock="10")

    with pytest.raises(InvalidInput):
        product.receive_stock(uuid4(), Decimal(amount), "?", None, ACTOR, today=DAY)
    assert product.stock_quantity == qty("10")
    assert product.collect_events() == []


def test_issuing_stock_takes_it_out():
    product = a_product(stock="10")
    order_id = uuid4()

    product.issue_stock(uuid4(), Decimal("10"), "Vente au comptoir", order_id, ACTOR, today=DAY)

    assert product.stock_quantity == qty("0")
    [issued] = product.collect_events()
    assert isinstance(issued, Product.StockIssued)
    assert (issued.quantity, issued.stock_after, issued.order_id) == (qty("10"), qty(0), order_id)


def test_issuing_more_than_the_stock_is_refused_and_says_what_is_short():
    product = a_product("Fromage frais", stock="3")

    with pytest.raises(InsufficientStock) as refused:
        product.issue_stock(uuid4(), Decimal("3.001"), "Vente", None, ACTOR, today=DAY)

    assert refused.value.extra["shortages"] == [{
        "product_id": str(product.id), "product_name": "Fromage frais",
        "requested": qty("3.001"), "available": qty("3"),
    }]
    assert product.stock_quantity == qty("3")
    assert product.collect_events() == []


def test_adjusting_stock_sets_the_counted_amount_and_records_the_signed_difference():
    product = a_product(stock="10")

    product.adjust_stock(uuid4(), Decimal("7.25"), "Inventaire : casse", ACTOR, today=DAY)
    product.adjust_stock(uuid4(), Decimal("8"), "Inventaire : recompté", ACTOR, today=DAY)

    assert product.stock_quantity == qty("8")
    down, up = product.collect_events()
    assert isinstance(down, Product.StockAdjusted)
    assert (down.quantity, down.stock_after) == (qty("-2.75"), qty("7.25"))
    assert (up.quantity, up.stock_after) == (qty("0.75"), qty("8"))


def test_adjusting_to_the_same_count_still_records_the_count_with_no_difference():
    product = a_product(stock="4")

    product.adjust_stock(uuid4(), Decimal("4"), "Inventaire", ACTOR, today=DAY)

    [adjusted] = product.collect_events()
    assert adjusted.quantity == qty(0)
    assert product.stock_quantity == qty("4")


@pytest.mark.parametrize("counted", ["-0.001", "-5"])
def test_adjusting_stock_below_zero_is_refused(counted):
    product = a_product(stock="4")

    with pytest.raises(InvalidInput):
        product.adjust_stock(uuid4(), Decimal(counted), "Inventaire", ACTOR, today=DAY)
    assert product.stock_quantity == qty("4")
    assert product.collect_events() == []


amounts = st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n).scaleb(-3))
movements = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), amounts),
        st.tuples(st.just("issue"), amounts),
        st.tuples(st.just("adjust"), st.integers(0, 100_000).map(lambda n: Decimal(n).scaleb(-3))),
    ),
    max_size=25,
)


@MODEST
@given(movements)
def test_whatever_the_movements_stock_never_goes_below_zero_and_reconciles(moves):
    product = a_product()
    expected = Decimal("0.000")

    for kind, amount in moves:
        if kind == "receive":
            product.receive_stock(uuid4(), amount, "Réception", None, ACTOR, today=DAY)
            expected += amount
        elif kind == "issue":
            if amount > expected:
                with pytest.raises(InsufficientStock):
                    product.issue_stock(uuid4(), amount, "Sortie", None, ACTOR, today=DAY)
            else:
                product.issue_stock(uuid4(), amount, "Sortie", None, ACTOR, today=DAY)
                expected -= amount
        else:
            product.adjust_stock(uuid4(), amount, "Inventaire", ACTOR, today=DAY)
            expected = amount
        assert product.stock_quantity >= 0
        assert product.stock_quantity == expected

    signed = {Product.StockReceived: 1, Product.StockIssued: -1, Product.StockAdjusted: 1}
    running = Decimal(0)
    for movement in product.collect_events():
        running += signed[type(movement)] * movement.quantity
        assert movement.stock_after == running
    assert running == product.stock_quantity


# --- archiving --------------------------------------------------------------------------------


def test_an_archived_product_refuses_to_be_ordered():
    product = a_product(stock="10", archived=True)

    with pytest.raises(ProductArchived):
        OrderLine.of(product, Decimal(1))


def test_a_restored_product_can_be_ordered_again_at_its_current_price():
    product = a_product("Lait caillé", unit_price=300, archived=True)

    product.restore(ACTOR)
    line = OrderLine.of(product, Decimal("1.5"))

    assert line == OrderLine(product.id, "Lait caillé", "litre", qty("1.5"), 300)
    assert line.subtotal == 450
    assert event_names(product.collect_events()) == ["Restored"]


def test_archiving_or_restoring_twice_records_it_once():
    product = a_product()

    product.archive(ACTOR)
    product.archive(ACTOR)
    product.restore(ACTOR)
    product.restore(ACTOR)

    assert event_names(product.collect_events()) == ["Archived", "Restored"]


@pytest.mark.parametrize("amount", ["0", "-2", "0.0005"])
def test_a_line_must_order_a_positive_quantity(amount):
    with pytest.raises(InvalidInput):
        OrderLine.of(a_product(), Decimal(amount))


# --- categories -------------------------------------------------------------------------------


def test_a_category_records_its_revisions_and_removal_once():
    category = Category(name="Yaourts", description="", actor_id=ACTOR)

    category.revise({"name": "Yaourts", "description": "Nature et sucrés"}, ACTOR)
    category.remove(ACTOR)
    category.remove(ACTOR)

    assert event_names(category.collect_events()) == ["Created", "Revised", "Removed"]
    assert category.description == "Nature et sucrés"
    assert not category.is_active


# --- the price at a moment --------------------------------------------------------------------


def test_an_order_placed_at_the_very_instant_of_a_price_change_pays_the_new_price():
    product = Product.register(
        name="Lait frais 1 L", category_id=DAIRY, unit="litre", unit_price=500,
        min_stock_level=Decimal(2), barcode=None, expiration_date=None, actor_id=ACTOR)
    product.revise({"unit_price": 600}, ACTOR)
    registered, revised = product.collect_events()
    tick = timedelta(microseconds=1)

    assert price_at([registered, revised], registered.timestamp - tick) is None
    assert price_at([registered, revised], registered.timestamp) == 500
    assert price_at([registered, revised], revised.timestamp - tick) == 500
    assert price_at([registered, revised], revised.timestamp) == 600
    assert price_at([registered, revised], revised.timestamp + tick) == 600
