"""Unusual orders: the bounds beyond which the dashboard shows an order as "À vérifier"."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.limits import (
    CreditCheck,
    OrderLimits,
    UnusualLine,
    credit_sentence,
    fr_quantity,
    parse_quantity_bounds,
)

LIMITS = OrderLimits()
DAY = date(2026, 11, 29)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10_000_000), places=3)
units = st.sampled_from(["sachet", "pot", "L", "bouteille", "bidon", "kg", "carton"])


def sachets(quantity: int | str) -> UnusualLine:
    return UnusualLine("Gapal (sachet 0,5 L)", "sachet", Decimal(quantity))


def test_the_defaults_are_the_phones() -> None:
    """mobile/src/ui/wizard/limits.ts: 500 000 FCFA; 200, 200, 100, 100, 50, else 200; 30 days."""
    assert LIMITS.total_fcfa == 500_000
    assert dict(LIMITS.quantity_by_unit) == {
        "sachet": 200, "pot": 200, "L": 100, "bouteille": 100, "bidon": 50}
    assert LIMITS.quantity_other_units == 200
    assert LIMITS.days_ahead == 30


def test_a_usual_order_raises_no_doubt() -> None:
    assert LIMITS.doubts(25_000, [sachets(100)], DAY + timedelta(days=2), DAY) == []


def test_the_issues_order_raises_three_doubts_in_french() -> None:
    """1 000 000 sachets (250 000 000 FCFA) delivered on 01/01/2020."""
    doubts = LIMITS.doubts(250_000_000, [sachets(1_000_000)], date(2020, 1, 1), DAY)
    assert doubts == [
        "Total de 250\u202f000\u202f000 FCFA, plus de 500\u202f000 FCFA.",
        "1\u202f000\u202f000 sachet de Gapal (sachet 0,5 L) : c’est beaucoup (plus de 200).",
        "Livraison le 01/01/2020 : date déjà passée le jour de la commande (29/11/2026).",
    ]


def test_the_bounds_themselves_are_usual() -> None:
    at_bounds = [UnusualLine(unit, unit, bound) for unit, bound in LIMITS.quantity_by_unit.items()]
    assert LIMITS.doubts(500_000, at_bounds, DAY + timedelta(days=30), DAY) == []
    assert LIMITS.doubts(500_000, at_bounds, DAY, DAY) == []


def test_one_past_each_bound_is_unusual() -> None:
    assert len(LIMITS.doubts(500_001, [], None, DAY)) == 1
    assert len(LIMITS.doubts(0, [UnusualLine("Bidon", "bidon", Decimal("50.001"))], None, DAY)) == 1
    assert "plus de 30 jours" in LIMITS.doubts(0, [], DAY + timedelta(days=31), DAY)[0]
    assert "passée" in LIMITS.doubts(0, [], DAY - timedelta(days=1), DAY)[0]


def test_an_order_without_delivery_date_is_not_doubted_for_it() -> None:
    assert LIMITS.doubts(100, [sachets(1)], None, DAY) == []


@given(quantity=quantities, unit=units)
def test_a_line_is_doubted_exactly_when_over_its_units_bound(quantity: Decimal, unit: str) -> None:
    doubts = LIMITS.doubts(0, [UnusualLine("Produit", unit, quantity)], None, DAY)
    bound = LIMITS.quantity_by_unit.get(unit, Decimal(200))
    assert (len(doubts) == 1) == (quantity > bound)
    if doubts:
        assert doubts[0].startswith(f"{fr_quantity(quantity)} {unit} de Produit")


@given(total=st.integers(min_value=0, max_value=10**12))
def test_the_total_is_doubted_exactly_above_its_bound(total: int) -> None:
    assert bool(LIMITS.doubts(total, [], None, DAY)) == (total > 500_000)


@given(created=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)),
       shift=st.integers(min_value=-400, max_value=400))
def test_the_delivery_date_is_judged_against_the_creation_day(created: date, shift: int) -> None:
    """Not against "today": the same order gets the same doubts whenever it is judged."""
    doubts = LIMITS.doubts(0, [], created + timedelta(days=shift), created)
    assert bool(doubts) == (shift < 0 or shift > 30)


@given(bound=st.integers(min_value=0, max_value=1000), quantity=quantities)
def test_configured_bounds_replace_the_defaults(bound: int, quantity: Decimal) -> None:
    limits = OrderLimits(quantity_by_unit={"sachet": Decimal(bound)})
    doubts = limits.doubts(0, [sachets(str(quantity))], None, DAY)
    assert bool(doubts) == (quantity > bound)


@given(quantity=quantities)
def test_french_quantities_read_back(quantity: Decimal) -> None:
    text = fr_quantity(quantity)
    assert Decimal(text.replace("\u202f", "").replace(",", ".")) == quantity
    assert "." not in text


def test_bounds_by_unit_are_read_from_their_setting() -> None:
    assert parse_quantity_bounds("sachet=300, bidon = 20,,") == {
        "sachet": Decimal(300), "bidon": Decimal(20)}
    assert parse_quantity_bounds("") == {}


@pytest.mark.parametrize("text", ["sachet", "sachet=beaucoup", "=3", "sachet=-1", "sachet=NaN"])
def test_unreadable_bounds_by_unit_are_refused_in_french(text: str) -> None:
    with pytest.raises(InvalidInput, match="Seuil par unité illisible"):
        parse_quantity_bounds(text)


def test_negative_bounds_are_refused() -> None:
    with pytest.raises(InvalidInput):
        OrderLimits(total_fcfa=-1)


def test_the_description_changes_with_any_bound() -> None:
    described = {OrderLimits().describe(), OrderLimits(total_fcfa=1).describe(),
                 OrderLimits(days_ahead=1).describe(),
                 OrderLimits(quantity_other_units=Decimal(1)).describe(),
                 OrderLimits(quantity_by_unit={"sachet": Decimal(1)}).describe()}
    assert len(described) == 5


@settings(max_examples=300, deadline=None)
@given(before=st.integers(0, 10**9), limit=st.integers(0, 10**9), due=st.integers(0, 10**9))
def test_an_order_is_over_credit_when_it_owes_and_the_balance_passes_the_limit(
        before: int, limit: int, due: int) -> None:
    check = CreditCheck(before, limit, "Maquis")
    assert check.balance_after(due) == before + due
    assert check.exceeded_by(due) is (due > 0 and before + due > limit)
    assert not check.exceeded_by(0)  # an order paid at once takes nothing
    if limit == 0:  # cash only: any order left unpaid is over
        assert check.exceeded_by(due) is (due > 0)


def test_the_credit_sentence_says_who_owes_how_much_against_what_limit() -> None:
    assert credit_sentence("Maquis Le Baobab", 125_000, 100_000, "261129-ABCDEF") == (
        "Crédit dépassé : Maquis Le Baobab doit 125\u202f000 FCFA (limite 100\u202f000 FCFA) "
        "après la commande 261129-ABCDEF")
