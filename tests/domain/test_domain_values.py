"""Values: quantities, subtotals, Burkina phone numbers and order numbers."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.values import burkina_phone, order_number, positive_quantity, quantity, subtotal

MODEST = settings(max_examples=80, deadline=None)

thousandths = st.integers(min_value=-10**9, max_value=10**9)


# --- quantity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("2", Decimal("2.000")),
        ("0.5", Decimal("0.500")),
        ("1.25", Decimal("1.250")),
        ("0.125", Decimal("0.125")),
        ("1.2500", Decimal("1.250")),
        (3, Decimal("3.000")),
        (0.1, Decimal("0.100")),
        (Decimal("7.5"), Decimal("7.500")),
        ("-1.5", Decimal("-1.500")),
        ("0", Decimal("0.000")),
    ],
)
def test_quantity_is_an_exact_decimal_with_three_places(given_value, expected):
    exact = quantity(given_value)

    assert exact == expected
    assert isinstance(exact, Decimal)
    assert exact.as_tuple().exponent == -3


@pytest.mark.parametrize("finer", ["0.0001", "1.2345", 0.0005, "1e-4", 0.1 + 0.2])
def test_quantity_refuses_more_than_three_decimals_rather_than_rounding(finer):
    with pytest.raises(InvalidInput):
        quantity(finer)


@pytest.mark.parametrize("nonsense", ["", "deux", "1,5", "NaN", "Infinity", "-inf", "1e30", True])
def test_quantity_refuses_what_is_not_a_finite_reasonable_number(nonsense):
    with pytest.raises(InvalidInput):
        quantity(nonsense)


@MODEST
@given(thousandths)
def test_any_quantity_with_at_most_three_decimals_is_kept_exactly(n):
    written = Decimal(n).scaleb(-3)

    assert quantity(written) == written
    assert quantity(str(written)) == written
    assert quantity(written).as_tuple().exponent == -3


@MODEST
@given(thousandths, st.integers(min_value=1, max_value=9), st.integers(min_value=4, max_value=8))
def test_any_quantity_finer_than_a_thousandth_is_refused(n, last_digit, places):
    finer = Decimal(n).scaleb(-3) + Decimal(last_digit).scaleb(-places)

    with pytest.raises(InvalidInput):
        quantity(finer)


def test_positive_quantity_accepts_the_smallest_step():
    assert positive_quantity("0.001") == Decimal("0.001")


@pytest.mark.parametrize("not_positive", ["0", "0.000", "-0", "-0.001", "-3"])
def test_positive_quantity_refuses_zero_and_below(not_positive):
    with pytest.raises(InvalidInput):
        positive_quantity(not_positive)


@MODEST
@given(thousandths)
def test_positive_quantity_accepts_exactly_the_quantities_above_zero(n):
    written = Decimal(n).scaleb(-3)

    if n > 0:
        assert positive_quantity(written) == written
    else:
        with pytest.raises(InvalidInput):
            positive_quantity(written)


# --- subtotal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit_price", "expected"),
    [
        ("2", 500, 1000),
        ("0.5", 1, 1),  # a half goes up
        ("1.5", 1, 2),
        ("2.5", 1, 3),  # not banker's rounding
        ("0.001", 499, 0),
        ("0.001", 500, 1),
        ("0.333", 1500, 500),  # 499.5
        ("1.234", 750, 926),  # 925.5
        ("3", 0, 0),
    ],
)
def test_subtotal_rounds_halves_up_to_whole_fcfa(amount, unit_price, expected):
    assert subtotal(Decimal(amount), unit_price) == expected


@MODEST
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**6))
def test_subtotal_is_the_nearest_whole_fcfa_with_halves_up(n, unit_price):
    amount = Decimal(n).scaleb(-3)
    exact_thousandths = n * unit_price

    result = subtotal(amount, unit_price)

    assert isinstance(result, int)
    assert result == (2 * exact_thousandths + 1000) // 2000
    assert abs(Decimal(result) - amount * unit_price) <= Decimal("0.5")


# --- burkina_phone ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("+226 70 12 34 56", "+22670123456"),
        ("76 45 12 89", "+22676451289"),
        ("00226 71 22 33 44", "+22671223344"),
        ("+22678901234", "+22678901234"),
        ("70.12.34.56", "+22670123456"),
        ("70-12-34-56", "+22670123456"),
    ],
)
def test_a_burkina_phone_written_any_usual_way_is_normalised(written, normalised):
    assert burkina_phone(written) == normalised


@pytest.mark.parametrize(
    "wrong",
    [
        "70 12 34 5",  # 7 digits
        "70 12 34 567",  # 9 digits
        "+226 70 12 34 5",
        "+226 70 12 34 567",
        "70 12 AB 56",
        "soixante-dix",
        "",
        "+33 6 12 34 56 78",
        "226 70 12 34 56",  # country code without + or 00 is ambiguous
        "٧٠١٢٣٤٥٦",  # eight digits, but not ASCII ones
    ],
)
def test_a_phone_that_is_not_eight_digits_with_optional_226_is_refused(wrong):
    with pytest.raises(InvalidInput):
        burkina_phone(wrong)


digits8 = st.text(alphabet="0123456789", min_size=8, max_size=8)


@MODEST
@given(
    digits8,
    st.sampled_from(["", "+226", "00226", "+226 ", "00226 "]),
    st.lists(st.sampled_from([" ", ".", "-"]), min_size=8, max_size=8),
)
def test_any_eight_digits_with_any_prefix_and_separators_normalise_to_plus_226(
    digits, prefix, separators
):
    written = prefix + "".join(d + s for d, s in zip(digits, separators, strict=True))

    assert burkina_phone(written) == "+226" + digits


def is_00226_and_eight_digits(digits: str) -> bool:
    return len(digits) == 13 and digits.startswith("00226")


@MODEST
@given(
    st.text(alphabet="0123456789", min_size=1, max_size=14)
    .filter(lambda d: len(d) != 8 and not is_00226_and_eight_digits(d))
)
def test_a_number_without_exactly_eight_local_digits_is_refused(digits):
    with pytest.raises(InvalidInput):
        burkina_phone(digits)


@MODEST
@given(st.text(max_size=20))
def test_whatever_is_typed_a_phone_is_either_refused_or_plus_226_and_eight_ascii_digits(raw):
    try:
        normalised = burkina_phone(raw)
    except InvalidInput:
        return
    assert re.fullmatch(r"\+226[0-9]{8}", normalised, flags=re.ASCII)


# --- order_number -----------------------------------------------------------------------------

ORDER_NUMBER = re.compile(r"\d{6}-[0-9A-HJKMNP-TV-Z]{6}")


def test_an_order_number_starts_with_the_day_and_ends_with_six_readable_characters():
    number = order_number(UUID("ffffffff-ffff-4fff-bfff-ffffffffffff"), date(2024, 6, 15))

    assert number == "240615-ZZZZZZ"


@MODEST
@given(st.uuids(), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_an_order_number_is_short_readable_and_the_same_for_the_same_id_and_day(order_id, day):
    number = order_number(order_id, day)

    assert len(number) <= 14
    assert ORDER_NUMBER.fullmatch(number)
    assert number.startswith(f"{day:%y%m%d}-")
    assert order_number(UUID(str(order_id)), day) == number


@MODEST
@given(st.uuids(), st.integers(min_value=0, max_value=29), st.dates())
def test_ids_that_differ_in_their_leading_thirty_bits_get_distinct_order_numbers(
    order_id, bit, day
):
    other_id = UUID(int=order_id.int ^ (1 << (98 + bit)))

    assert order_number(order_id, day) != order_number(other_id, day)


@MODEST
@given(st.lists(st.uuids(), min_size=2, max_size=20, unique_by=lambda u: u.int >> 98), st.dates())
def test_distinct_ids_get_distinct_order_numbers_on_the_same_day(order_ids, day):
    numbers = {order_number(order_id, day) for order_id in order_ids}

    assert len(numbers) == len(order_ids)


def test_ids_sharing_their_leading_thirty_bits_share_a_number_which_the_store_must_refuse():
    # 30 bits of the id make the number, so distinct ids can collide (about one in a billion
    # per pair on a day): the application has to catch it as DuplicateOrderNumber.
    one, other = UUID(int=0), UUID(int=1)

    assert order_number(one, date(2024, 6, 15)) == order_number(other, date(2024, 6, 15))
