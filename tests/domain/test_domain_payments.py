"""Payments on an order: amounts add up to at most the total, each `local_id` pays once, the
payment status follows the money, and old "marked paid" logs still mean "paid in full"."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from domain_builders import ACTOR, a_client, a_product, an_order, bring_to, event_names
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import (
    InvalidInput,
    OrderCancelled,
    Overpayment,
    TotalBelowPaid,
)
from domain.limits import CreditCheck
from domain.order import Order, OrderLine
from domain.payments import Payment, normal_reference
from domain.values import DeliveryStatus, PaymentMethod, PaymentStatus

NOW = datetime(2024, 6, 20, 10, 0, tzinfo=UTC)
ESPECES, ORANGE = PaymentMethod.ESPECES, PaymentMethod.ORANGE_MONEY


def an_order_of(total: int) -> Order:
    """An order of one line whose total is `total` FCFA."""
    return an_order((a_product(unit_price=total, stock=10), 1))


def pay(order: Order, amount: int, local_id: UUID | None = None,
        method: PaymentMethod = ESPECES, reference: str = "") -> bool:
    payment = Payment.of(order.id, local_id or uuid4(), amount, method, reference, NOW)
    return order.receive_payment(payment, ACTOR)


def test_payments_add_up_and_the_status_follows_the_money():
    order = an_order_of(5000)

    pay(order, 2000)
    assert (order.amount_paid, order.amount_due) == (2000, 3000)
    assert order.payment_status is PaymentStatus.PARTIELLE
    pay(order, 3000)

    assert (order.amount_paid, order.amount_due) == (5000, 0)
    assert order.payment_status is PaymentStatus.PAYEE
    assert event_names(order.collect_events()) == ["PaymentReceived", "PaymentReceived"]


def test_the_same_local_id_pays_once():
    order = an_order_of(5000)
    local_id = uuid4()

    assert pay(order, 2000, local_id) is True
    assert pay(order, 2000, local_id) is False

    assert order.amount_paid == 2000
    assert order.payment_for(local_id) == Payment.id_for(order.id, local_id)


def test_an_overpayment_is_refused_and_says_what_is_still_due():
    order = an_order_of(5000)
    pay(order, 4000)
    order.collect_events()

    with pytest.raises(Overpayment) as refusal:
        pay(order, 1500)

    assert "1\u202f000 FCFA" in refusal.value.detail
    assert refusal.value.extra == {"amount_due": 1000}
    assert order.collect_events() == []


def test_a_cancelled_order_takes_no_payment():
    order = an_order_of(5000)
    order.change_status(DeliveryStatus.ANNULEE, ACTOR)

    with pytest.raises(OrderCancelled):
        pay(order, 1000)


@pytest.mark.parametrize("method", [PaymentMethod.ORANGE_MONEY, PaymentMethod.MOOV_MONEY,
                                    PaymentMethod.VIREMENT])
def test_mobile_money_and_transfers_need_a_reference(method):
    with pytest.raises(InvalidInput, match="référence"):
        Payment.of(uuid4(), uuid4(), 1000, method, "   ", NOW)


@pytest.mark.parametrize("amount", [0, -5, True])
def test_an_amount_is_a_positive_whole_number(amount):
    with pytest.raises(InvalidInput):
        Payment.of(uuid4(), uuid4(), amount, ESPECES, None, NOW)


def test_a_reference_is_kept_trimmed():
    assert normal_reference("  MP241120.1532.A12345 ") == "MP241120.1532.A12345"
    assert normal_reference("PP  123   45") == "PP 123 45"


def test_marking_paid_records_the_rest_as_one_cash_payment():
    order = an_order_of(5000)
    pay(order, 1500)
    order.collect_events()

    order.change_payment(PaymentStatus.PAYEE, ACTOR, NOW)

    (rest,) = order.collect_events()
    assert isinstance(rest, Order.PaymentReceived)
    assert (rest.amount, rest.method, rest.received_at) == (3500, "especes", NOW)
    assert order.payment_status is PaymentStatus.PAYEE


def test_an_order_placed_paid_records_its_total_as_a_payment():
    order = an_order((a_product(unit_price=750, stock=10), 2), paid=True)

    assert order.amount_paid == 1500
    assert len(order.payments) == 1


def test_marking_unpaid_reverses_the_payments_and_names_their_references():
    order = an_order_of(5000)
    pay(order, 1000)
    order.receive_payment(Payment.of(order.id, uuid4(), 500, PaymentMethod.ORANGE_MONEY,
                                     "MP-1", NOW), ACTOR)

    released = order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW)

    assert released == ["MP-1"]
    assert (order.amount_paid, order.amount_due, order.payment_status) == (
        0, 5000, PaymentStatus.NON_PAYEE)
    assert order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW) == []  # nothing left
    pay(order, 5000)
    assert order.payment_status is PaymentStatus.PAYEE


def test_partial_cannot_be_set_it_follows_the_payments():
    with pytest.raises(InvalidInput, match="partielle"):
        an_order_of(5000).change_payment(PaymentStatus.PARTIELLE, ACTOR, NOW)


def test_items_cannot_bring_the_total_below_what_was_paid():
    product = a_product(unit_price=1000, stock=10)
    order = an_order((product, 3))
    pay(order, 2500)

    with pytest.raises(TotalBelowPaid):
        order.revise({"lines": [OrderLine.of(product, Decimal(2))]}, ACTOR)
    order.revise({"lines": [OrderLine.of(product, Decimal(4))]}, ACTOR)

    assert (order.amount_paid, order.amount_due) == (2500, 1500)


def test_an_order_marked_paid_by_an_old_event_paid_its_total():
    """Logs written before payments: `PaymentChanged` to `payee` means all of it was paid."""
    order = an_order_of(5000)
    order._payment_changed(from_status="non_payee", to_status="payee", actor_id=ACTOR)

    assert (order.amount_paid, order.amount_due) == (5000, 0)
    assert order.payment_status is PaymentStatus.PAYEE
    with pytest.raises(Overpayment):
        pay(order, 1)


def test_a_delivered_order_takes_payment_at_the_door():
    product = a_product(unit_price=1000, stock=10)
    order = an_order((product, 2))
    bring_to(order, DeliveryStatus.LIVREE, [product])

    pay(order, 2000, method=ORANGE, reference="OM-1")

    assert order.payment_status is PaymentStatus.PAYEE


# A payment as a phone may send it: which of a few local ids, how much.
sends = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 4000)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(total=st.integers(1, 10_000), sent=sends)
def test_any_sequence_of_payments_sums_its_distinct_payments_within_the_total(total, sent):
    """Re-sent or reordered, payments count once each; what would overpay is refused."""
    order = an_order_of(total)
    local_ids = [uuid4() for _ in range(6)]
    accepted: dict[UUID, int] = {}
    for index, amount in sent:
        local_id = local_ids[index]
        try:
            recorded = pay(order, amount, local_id)
        except Overpayment:
            assert local_id not in accepted
            assert amount > total - sum(accepted.values())
            continue
        assert recorded is (local_id not in accepted)
        accepted.setdefault(local_id, amount)

        paid = sum(accepted.values())
        assert order.amount_paid == paid <= total
        assert order.amount_due == total - paid
        assert order.payment_status is (PaymentStatus.PAYEE if paid == total
                                        else PaymentStatus.PARTIELLE)
    if not accepted:
        assert order.payment_status is PaymentStatus.NON_PAYEE


def test_a_free_order_is_marked_paid_whole_with_no_money_recorded():
    order = an_order((a_product(unit_price=1, stock=10), Decimal("0.001")))  # total 0 FCFA

    order.change_payment(PaymentStatus.PAYEE, ACTOR, NOW)

    assert order.payment_status is PaymentStatus.PAYEE
    assert event_names(order.collect_events()) == ["PaymentChanged"]
    order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW)
    assert order.payment_status is PaymentStatus.NON_PAYEE


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(st.integers(1, 2000), min_size=0, max_size=5),
       reversals=st.integers(1, 3))
def test_reversing_brings_the_money_to_zero_and_a_new_payment_pays_again(
        amounts: list[int], reversals: int) -> None:
    """Whatever was paid, unmarking reverses exactly the payments standing, once: the order
    owes its whole total, and it may be paid again (its references free again)."""
    order = an_order_of(10_000)
    references = [f"OM-{n}" for n in range(len(amounts))]
    for amount, reference in zip(amounts, references, strict=True):
        pay(order, amount, method=ORANGE, reference=reference)
    order.collect_events()

    released = [order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW)
                for _ in range(reversals)]

    assert released[0] == references
    assert all(more == [] for more in released[1:])
    assert (order.amount_paid, order.amount_due, order.payment_status) == (
        0, 10_000, PaymentStatus.NON_PAYEE)
    assert event_names(order.collect_events()) == (["PaymentsReversed"] if amounts else [])
    assert pay(order, 10_000)
    assert order.payment_status is PaymentStatus.PAYEE


def placed_for_customer(total: int, balance_before: int, limit: int,
                        paid: bool = False) -> Order:
    product = a_product(unit_price=total, stock=10)
    return Order.place(
        order_id=uuid4(), day=NOW.date(), client=a_client(),
        lines=[OrderLine.of(product, Decimal(1))],
        payment_status=PaymentStatus.PAYEE if paid else PaymentStatus.NON_PAYEE,
        local_id=None, actor_id=ACTOR, customer_id=uuid4(),
        credit=CreditCheck(balance_before, limit, "Maquis Le Baobab"))


def test_an_order_over_credit_records_it_and_stays_over_while_it_owes():
    order = placed_for_customer(2000, balance_before=2000, limit=3000)
    placed = order.collect_events()[0]
    assert (placed.balance_after, placed.credit_limit, placed.credit_exceeded,
            placed.customer_name) == (4000, 3000, True, "Maquis Le Baobab")
    assert order.over_credit_limit
    pay(order, 1000)
    assert order.over_credit_limit  # still owes 1 000
    pay(order, 1000)
    assert not order.over_credit_limit
    order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW)
    assert order.over_credit_limit


def test_an_order_within_credit_or_paid_at_once_is_not_over():
    assert not placed_for_customer(1000, balance_before=2000, limit=3000).over_credit_limit
    assert not placed_for_customer(1000, balance_before=9000, limit=0,
                                   paid=True).over_credit_limit
    assert placed_for_customer(1, balance_before=0, limit=0).over_credit_limit  # cash only
