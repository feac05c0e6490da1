"""Prices per customer kind: validated like the base price, read back at any moment of the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from domain_builders import ACTOR, DAIRY, a_product
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.catalogue import Product, price_at
from domain.errors import InvalidInput, OutOfRange
from domain.pricing import KINDS
from domain.values import MAX_UNIT_PRICE

MODEST = settings(max_examples=60, deadline=None)
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PRODUCT = uuid4()


def test_setting_kind_prices_records_the_whole_map_after_the_change():
    product = a_product(unit_price=500)

    product.set_kind_prices({"revendeur": 450, "hotel": 520}, ACTOR)

    [changed] = product.collect_events()
    assert isinstance(changed, Product.KindPricesSet)
    assert changed.prices == {"hotel": 520, "revendeur": 450}
    assert product.price_for("revendeur") == 450
    assert product.price_for("hotel") == 520


def test_a_kind_without_its_own_price_and_no_customer_pay_the_base_price():
    product = a_product(unit_price=500)
    product.set_kind_prices({"revendeur": 450}, ACTOR)

    assert product.price_for("maquis") == 500
    assert product.price_for(None) == 500


@pytest.mark.parametrize("sent", [{"revendeur": None}, {}])
def test_null_or_absent_removes_a_kind_price(sent):
    product = a_product(unit_price=500)
    product.set_kind_prices({"revendeur": 450, "hotel": 520}, ACTOR)
    product.collect_events()

    product.set_kind_prices({"hotel": 520, **sent}, ACTOR)

    [changed] = product.collect_events()
    assert changed.prices == {"hotel": 520}
    assert product.price_for("revendeur") == 500


def test_setting_the_same_kind_prices_again_records_nothing():
    product = a_product(unit_price=500)
    product.set_kind_prices({"revendeur": 450}, ACTOR)
    product.collect_events()

    product.set_kind_prices({"revendeur": 450, "hotel": None}, ACTOR)

    assert product.collect_events() == []


@pytest.mark.parametrize("bad", [-1, 2.5, Decimal("450"), "450", True])
def test_a_kind_price_must_be_a_whole_non_negative_number_of_fcfa(bad):
    product = a_product(unit_price=500)

    with pytest.raises(InvalidInput, match="revendeur"):
        product.set_kind_prices({"revendeur": bad}, ACTOR)

    assert product.collect_events() == []
    assert product.prices_by_kind == {}


def test_a_kind_price_above_the_price_limit_is_out_of_range():
    with pytest.raises(OutOfRange):
        a_product().set_kind_prices({"hotel": MAX_UNIT_PRICE + 1}, ACTOR)


def test_an_unknown_customer_kind_is_refused():
    with pytest.raises(InvalidInput, match="grossiste"):
        a_product().set_kind_prices({"revendeur": 450, "grossiste": 400}, ACTOR)


# --- the price at a moment --------------------------------------------------------------------


def registered(at: datetime, price: int) -> Product.Registered:
    return Product.Registered(
        originator_id=PRODUCT, originator_version=1, timestamp=at, originator_topic="",
        name="Lait", category_id=DAIRY, unit="litre", unit_price=price,
        min_stock_level=Decimal(0), barcode=None, expiration_date=None, actor_id=ACTOR)


def kind_prices_set(at: datetime, version: int, prices: dict[str, int]) -> Product.KindPricesSet:
    return Product.KindPricesSet(originator_id=PRODUCT, originator_version=version,
                                 timestamp=at, prices=prices, actor_id=ACTOR)


def revised(at: datetime, version: int, price: int) -> Product.Revised:
    return Product.Revised(originator_id=PRODUCT, originator_version=version, timestamp=at,
                           changes={"unit_price": price}, actor_id=ACTOR)


LOG = [registered(T0, 500),
       kind_prices_set(T0 + timedelta(hours=1), 2, {"revendeur": 450}),
       revised(T0 + timedelta(hours=2), 3, 550),
       kind_prices_set(T0 + timedelta(hours=3), 4, {"revendeur": 480})]


@pytest.mark.parametrize(("hours", "kind", "expected"), [
    (0.5, "revendeur", 500),   # before the reseller price existed: the base price
    (1, "revendeur", 450),     # at the very instant of the change: the new price holds
    (1.5, "revendeur", 450),
    (2.5, "revendeur", 450),   # the base price moved, the reseller price did not
    (2.5, "hotel", 550),
    (2.5, None, 550),
    (3, "revendeur", 480),
    (0.5, None, 500),
])
def test_the_price_at_a_moment_is_the_kind_price_valid_then_else_the_base_price(
        hours, kind, expected):
    assert price_at(LOG, T0 + timedelta(hours=hours), kind) == expected


def test_the_instant_before_a_kind_price_change_still_has_the_old_price():
    assert price_at(LOG, T0 + timedelta(hours=1) - timedelta(microseconds=1), "revendeur") == 500


def test_before_its_registration_a_product_has_no_price_for_any_kind():
    assert price_at(LOG, T0 - timedelta(seconds=1), "revendeur") is None


prices_maps = st.dictionaries(st.sampled_from(KINDS), st.integers(0, MAX_UNIT_PRICE))


@MODEST
@given(base=st.integers(0, MAX_UNIT_PRICE), changes=st.lists(prices_maps, max_size=5),
       kind=st.sampled_from((*KINDS, None)))
def test_the_price_now_read_from_the_log_is_the_products_own_price(base, changes, kind):
    product = a_product(unit_price=base)
    events: list = [registered(T0, base)]
    for n, prices in enumerate(changes):
        product.set_kind_prices(prices, ACTOR)
        events.append(kind_prices_set(T0 + timedelta(minutes=n + 1), n + 2,
                                      product.prices_by_kind))

    assert price_at(events, T0 + timedelta(days=1), kind) == product.price_for(kind)
    expected = changes[-1].get(kind, base) if changes and kind else base
    assert product.price_for(kind) == expected


def test_a_product_loaded_from_a_snapshot_taken_before_kind_prices_pays_its_base_price():
    product = a_product(unit_price=500)
    snapshot = Product.Snapshot.take(product)
    old_state = {k: v for k, v in snapshot.state.items() if k != "_kind_prices"}
    old = type(snapshot)(originator_id=snapshot.originator_id,
                         originator_version=snapshot.originator_version,
                         timestamp=snapshot.timestamp, topic=snapshot.topic, state=old_state)

    loaded = old.mutate(None)

    assert loaded.price_for("revendeur") == 500
    loaded.set_kind_prices({"revendeur": 450}, ACTOR)
    assert loaded.price_for("revendeur") == 450


def test_the_refusal_of_unknown_kinds_repeats_a_few_of_them_briefly():
    sent = {f"{n}{'x' * 5000}": 1 for n in range(100)}

    with pytest.raises(InvalidInput) as refused:
        a_product().set_kind_prices(sent, ACTOR)

    assert len(str(refused.value)) < 300
