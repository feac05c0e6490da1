"""Customer rules: what the log keeps of a customer is always clean (name, `+226` phones,
known kind, whole non-negative credit limit), and bad input is refused in French."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.customer import Customer, CustomerKind
from domain.errors import InvalidInput, OutOfRange

ACTOR = uuid4()
EIGHT_DIGITS = st.text("0123456789", min_size=8, max_size=8)


def registered(**fields: Any) -> Customer:
    return Customer.register(customer_id=uuid4(), fields={"name": "Awa", "phone": "70123456",
                                                          **fields},
                             local_id=None, actor_id=ACTOR)


@given(EIGHT_DIGITS, st.sampled_from(["", "+226", "00226", "+226 "]),
       st.sampled_from([" ", ".", "-", ""]))
def test_a_phone_written_any_usual_way_is_kept_as_plus_226(digits: str, prefix: str,
                                                           sep: str) -> None:
    written = prefix + sep.join(digits[i:i + 2] for i in range(0, 8, 2))
    assert registered(phone=written).phone == f"+226{digits}"


@given(st.text(alphabet=" \t\n", max_size=5))
def test_a_blank_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="nom du client est obligatoire"):
        registered(name=name)


@given(st.integers(max_value=-1))
def test_a_negative_credit_limit_is_refused(limit: int) -> None:
    with pytest.raises(InvalidInput, match="plafond de crédit"):
        registered(credit_limit=limit)


@given(st.text(max_size=20).filter(lambda k: k not in set(CustomerKind)))
def test_an_unknown_kind_is_refused(kind: str) -> None:
    with pytest.raises(InvalidInput, match="Type de client inconnu"):
        registered(kind=kind)


@given(st.sampled_from(list(CustomerKind)), st.integers(min_value=0, max_value=10**12))
def test_every_kind_and_limit_in_range_is_kept(kind: CustomerKind, limit: int) -> None:
    customer = registered(kind=kind.value, credit_limit=limit)
    assert customer.kind is kind
    assert customer.credit_limit == limit


def test_bad_phones_and_absurd_limits_are_refused() -> None:
    for phone in ("", "1234", "+33612345678", "7012345a"):
        with pytest.raises(InvalidInput):
            registered(phone=phone)
    with pytest.raises(InvalidInput, match="autres téléphones"):
        registered(other_phones=["70123456"])
    with pytest.raises(OutOfRange):
        registered(credit_limit=10**13)
    with pytest.raises(InvalidInput):
        registered(credit_limit=True)


def test_a_revision_records_only_what_changed_and_checks_it_too() -> None:
    customer = registered(kind="boutique")
    customer.collect_events()
    customer.revise({"name": " Awa ", "kind": "boutique", "phone": "+226 70 12 34 56"}, ACTOR)
    assert customer.collect_events() == []
    customer.revise({"address": "Secteur 5", "other_phones": ["76 45 12 89", "76451289"]}, ACTOR)
    [revised] = customer.collect_events()
    assert isinstance(revised, Customer.Revised)
    assert revised.changes == {"address": "Secteur 5", "other_phones": ["+22676451289"]}
    with pytest.raises(InvalidInput):
        customer.revise({"kind": "banque"}, ACTOR)
    assert customer.collect_events() == []


def test_deactivation_and_reactivation_are_recorded_once() -> None:
    customer = registered()
    customer.deactivate(ACTOR)
    customer.deactivate(ACTOR)
    customer.reactivate(ACTOR)
    customer.reactivate(ACTOR)
    kinds = [type(e).__name__ for e in customer.collect_events()]
    assert kinds == ["Registered", "Deactivated", "Reactivated"]
