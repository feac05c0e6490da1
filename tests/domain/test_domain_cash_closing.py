"""Cash closing: one per vendor and day (its id says so), counted amounts whole and bounded by
known method, no day to come; a correction keeps the first count and needs its reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from domain_builders import ACTOR
from hypothesis import given
from hypothesis import strategies as st

from domain.cash_closing import METHODS, CashClosing, counted_amounts
from domain.errors import InvalidInput, OutOfRange
from domain.values import MAX_ORDER_TOTAL

TODAY = date(2026, 11, 29)
VENDOR = uuid4()


def closed(counted: Any, day: date = TODAY, note: Any = "") -> CashClosing:
    return CashClosing.close(vendor_id=VENDOR, day=day, today=TODAY, counted=counted,
                             expected={}, note=note, actor_id=ACTOR)


def test_a_vendor_day_has_one_closing_id() -> None:
    assert CashClosing.id_for(VENDOR, TODAY) == closed({"especes": 1}).id
    assert CashClosing.id_for(VENDOR, TODAY - timedelta(days=1)) != closed({}).id
    assert CashClosing.id_for(uuid4(), TODAY) != closed({}).id


@given(st.dictionaries(st.sampled_from(METHODS), st.integers(0, MAX_ORDER_TOTAL)))
def test_counted_amounts_name_every_method_and_keep_what_was_given(
        given_amounts: dict[str, int]) -> None:
    counted = closed(given_amounts).counted
    assert set(counted) == set(METHODS)
    assert counted == {m: given_amounts.get(m, 0) for m in METHODS}


@given(st.sampled_from(METHODS), st.one_of(
    st.integers(max_value=-1), st.integers(min_value=MAX_ORDER_TOTAL + 1), st.floats(),
    st.text(), st.booleans(), st.none()))
def test_an_amount_that_is_not_whole_fcfa_in_range_is_refused(method: str,
                                                               amount: object) -> None:
    with pytest.raises((InvalidInput, OutOfRange)):
        counted_amounts({method: amount})


@given(st.text(min_size=1).filter(lambda key: key not in METHODS))
def test_an_unknown_method_is_refused_in_french(key: str) -> None:
    with pytest.raises(InvalidInput, match="Moyen de paiement inconnu"):
        counted_amounts({key: 100})


def test_a_day_to_come_or_before_2020_is_refused() -> None:
    with pytest.raises(InvalidInput, match="à venir"):
        closed({}, day=TODAY + timedelta(days=1))
    with pytest.raises(OutOfRange):
        closed({}, day=date(2019, 12, 31))


def test_a_correction_replaces_the_count_and_keeps_the_first_in_the_log() -> None:
    closing = closed({"especes": 1000}, note="  manque 500  ")
    closing.correct({"especes": 1500}, " billet retrouvé ", ACTOR)

    assert closing.counted["especes"] == 1500
    first, correction = closing.collect_events()
    assert isinstance(first, CashClosing.Closed)
    assert first.counted["especes"] == 1000
    assert first.note == "manque 500"
    assert isinstance(correction, CashClosing.Corrected)
    assert correction.reason == "billet retrouvé"


@pytest.mark.parametrize("reason", ["", "   ", None, 3, "x" * 1001])
def test_a_correction_without_a_plain_reason_is_refused(reason: object) -> None:
    closing = closed({"especes": 1000})
    with pytest.raises(InvalidInput):
        closing.correct({"especes": 1500}, reason, ACTOR)
    assert closing.counted["especes"] == 1000
