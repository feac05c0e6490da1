"""Orders: placing, the delivery life cycle, payment, editing lines, and all-or-nothing delivery."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal
from itertools import pairwise
from itertools import product as pairs
from uuid import uuid4

import pytest
from domain_builders import (
    ACTOR,
    DAY,
    a_client,
    a_product,
    an_order,
    bring_to,
    event_names,
    movement_ids_for,
    qty,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.catalogue import Product
from domain.errors import InsufficientStock, InvalidInput, InvalidTransition, OrderLocked
from domain.order import Order, OrderLine, VoiceNote
from domain.values import DeliveryStatus, PaymentStatus, Priority, order_number

S = DeliveryStatus
NOW = datetime(2024, 6, 20, 10, 0, tzinfo=UTC)
NOUVELLE, EN_PREPARATION, EN_COURS, LIVREE, ANNULEE = (
    S.NOUVELLE, S.EN_PREPARATION, S.EN_COURS, S.LIVREE, S.ANNULEE,
)

# The contract's table, written out rather than computed.
ALLOWED = {
    (NOUVELLE, EN_PREPARATION), (NOUVELLE, EN_COURS), (NOUVELLE, LIVREE),
    (EN_PREPARATION, EN_COURS), (EN_PREPARATION, LIVREE),
    (EN_COURS, LIVREE),
    (NOUVELLE, ANNULEE), (EN_PREPARATION, ANNULEE), (EN_COURS, ANNULEE),
}
REFUSED = sorted(set(pairs(DeliveryStatus, DeliveryStatus)) - ALLOWED)


def an_order_at(status: DeliveryStatus) -> tuple[Order, list[Product]]:
    """An order of 2 L of milk (500 F) and 3 pots of yogurt (400 F), brought to `status`."""
    milk = a_product("Lait", unit_price=500, stock=10)
    yogurt = a_product("Yaourt", unit_price=400, stock=10, unit="pot")
    order = an_order((milk, 2), (yogurt, 3))
    bring_to(order, status, [milk, yogurt])
    return order, [milk, yogurt]


def move(order: Order, to: DeliveryStatus, products: list[Product]) -> None:
    """A manager's command: `livree` goes through a delivery, the rest is a status change."""
    if to is LIVREE:
        order.deliver({p.id: p for p in products}, movement_ids_for(order), ACTOR, DAY)
    else:
        order.change_status(to, ACTOR)


# --- placing ----------------------------------------------------------------------------------


def test_a_placed_order_is_new_priced_and_numbered():
    milk, yogurt = a_product("Lait", unit_price=500), a_product("Yaourt", unit_price=375)
    order_id = uuid4()

    order = Order.place(
        order_id=order_id, day=DAY, client=a_client(priority=Priority.HAUTE),
        lines=[OrderLine.of(milk, qty("1.5")), OrderLine.of(yogurt, qty("0.5"))],
        payment_status=PaymentStatus.NON_PAYEE, local_id=None, actor_id=ACTOR,
    )

    assert order.delivery_status is NOUVELLE
    assert order.payment_status is PaymentStatus.NON_PAYEE
    assert order.priority is Priority.HAUTE
    assert order.order_number == order_number(order_id, DAY)
    assert order.total_price == 750 + 188  # 187.5 rounds up
    assert order.created_by == ACTOR
    [placed] = order.collect_events()
    assert isinstance(placed, Order.Placed)
    assert placed.priority == "haute"
    assert placed.lines == order.lines


def test_an_order_without_lines_is_refused():
    with pytest.raises(InvalidInput):
        Order.place(
            order_id=uuid4(), day=DAY, client=a_client(), lines=[],
            payment_status=PaymentStatus.NON_PAYEE, local_id=None, actor_id=ACTOR,
        )


def test_an_order_from_a_phone_is_numbered_from_its_local_id_so_the_phone_knows_it_offline():
    local_id = uuid4()

    order = Order.place(
        order_id=Order.id_for_local_id(local_id), day=DAY, client=a_client(),
        lines=[OrderLine.of(a_product(), qty(1))], payment_status=PaymentStatus.NON_PAYEE,
        local_id=local_id, actor_id=ACTOR,
    )

    assert order.local_id == local_id
    assert order.order_number == order_number(local_id, DAY)


def test_the_same_phone_local_id_always_names_the_same_order():
    local_id = uuid4()

    assert Order.id_for_local_id(local_id) == Order.id_for_local_id(local_id)
    assert Order.id_for_local_id(local_id) != Order.id_for_local_id(uuid4())


def test_a_line_keeps_the_price_it_was_ordered_at():
    milk = a_product("Lait", unit_price=500, stock=5)
    order = an_order((milk, 2))

    milk.revise({"unit_price": 600}, ACTOR)

    assert order.lines[0].unit_price == 500
    assert order.total_price == 1000


# --- life cycle -------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "to"), sorted(ALLOWED))
def test_an_allowed_move_changes_the_status_and_records_it(current, to):
    order, products = an_order_at(current)

    move(order, to, products)

    assert order.delivery_status is to
    changed = [e for e in order.collect_events() if isinstance(e, Order.StatusChanged)]
    assert [(e.from_status, e.to_status, e.actor_id) for e in changed] == [
        (current.value, to.value, ACTOR)
    ]


@pytest.mark.parametrize(("current", "to"), REFUSED)
def test_any_other_move_is_refused_as_an_invalid_transition(current, to):
    order, products = an_order_at(current)
    stock_before = [p.stock_quantity for p in products]

    with pytest.raises(InvalidTransition) as refused:
        move(order, to, products)

    assert refused.value.extra == {"from": current.value, "to": to.value}
    assert order.delivery_status is current
    assert order.collect_events() == []
    assert [p.stock_quantity for p in products] == stock_before
    assert all(p.collect_events() == [] for p in products)


@pytest.mark.parametrize("final", [LIVREE, ANNULEE])
def test_a_final_order_refuses_every_status(final):
    order, products = an_order_at(final)

    for to in DeliveryStatus:
        with pytest.raises(InvalidTransition):
            move(order, to, products)

    assert order.delivery_status is final
    assert order.is_final
    assert order.collect_events() == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list(DeliveryStatus)), max_size=8))
def test_whatever_the_moves_asked_the_status_only_goes_forward_or_to_annulee_then_stays(moves):
    order, products = an_order_at(NOUVELLE)
    expected = NOUVELLE

    for to in moves:
        if (expected, to) in ALLOWED:
            move(order, to, products)
            expected = to
        else:
            with pytest.raises(InvalidTransition):
                move(order, to, products)
        assert order.delivery_status is expected

    statuses = [NOUVELLE] + [
        S(e.to_status) for e in order.collect_events() if isinstance(e, Order.StatusChanged)
    ]
    assert all(pair in ALLOWED for pair in pairwise(statuses))
    assert all(s not in (LIVREE, ANNULEE) for s in statuses[:-1])


# --- payment ----------------------------------------------------------------------------------


def test_an_order_marked_paid_by_an_old_event_can_be_marked_unpaid_again():
    order = an_order((a_product(), 1))
    order._payment_changed(from_status="non_payee", to_status="payee", actor_id=ACTOR)
    order.collect_events()

    order.change_payment(PaymentStatus.NON_PAYEE, ACTOR, NOW)

    assert order.payment_status is PaymentStatus.NON_PAYEE
    (unpaid,) = order.collect_events()
    assert (unpaid.from_status, unpaid.to_status) == ("payee", "non_payee")


@pytest.mark.parametrize("status", [PaymentStatus.NON_PAYEE, PaymentStatus.PAYEE])
def test_setting_the_payment_it_already_has_records_nothing(status):
    order = an_order((a_product(), 1), paid=status is PaymentStatus.PAYEE)

    order.change_payment(status, ACTOR, NOW)

    assert order.payment_status is status
    assert order.collect_events() == []


def test_a_delivered_order_can_still_be_marked_paid():
    order, _ = an_order_at(LIVREE)

    order.change_payment(PaymentStatus.PAYEE, ACTOR, NOW)

    assert order.payment_status is PaymentStatus.PAYEE
    assert order.delivery_status is LIVREE
    assert event_names(order.collect_events()) == ["PaymentReceived"]


# --- voice notes and settled conflicts -------------------------------------------------------


def a_voice_note(local_id=None) -> VoiceNote:
    local_id = local_id or uuid4()
    return VoiceNote(note_id=VoiceNote.id_for(uuid4(), local_id), local_id=local_id,
                     content_type="audio/mp4", size_bytes=1024, duration_seconds=None,
                     sha256="0" * 64)


def test_a_voice_note_is_attached_once_even_if_the_phone_sends_it_again():
    order = an_order((a_product(), 1))
    note = a_voice_note()

    first, again = order.attach_voice_note(note, ACTOR), order.attach_voice_note(note, ACTOR)

    assert (first, again) == (True, False)
    assert order.voice_note_ids == [note.note_id]
    [attached] = order.collect_events()
    assert isinstance(attached, Order.VoiceNoteAttached)
    assert (attached.local_id, attached.size_bytes, attached.sha256) == (
        note.local_id, 1024, "0" * 64,
    )


def test_settled_conflicts_are_recorded_without_changing_the_order():
    order = an_order((a_product(), 1))
    before = copy.deepcopy(order)
    conflicts = [{"field": "notes", "client_value": "a", "server_value": "b", "kept": "server"}]

    order.record_conflicts(conflicts, device_id=uuid4(), sync_event_id=uuid4(), actor_id=ACTOR)
    order.record_conflicts([], device_id=uuid4(), sync_event_id=uuid4(), actor_id=ACTOR)

    [settled] = order.collect_events()
    assert isinstance(settled, Order.ConflictSettled)
    assert settled.conflicts == conflicts
    assert state_of(order) == state_of(before)


def state_of(order: Order) -> dict:
    return {k: v for k, v in vars(order).items() if k not in ("_version", "_modified_on")}


# --- editing lines ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [NOUVELLE, EN_PREPARATION])
def test_lines_can_be_edited_while_the_order_is_new_or_being_prepared(status):
    order, (milk, _) = an_order_at(status)
    new_lines = [OrderLine.of(milk, qty("4.5"))]

    order.revise({"lines": new_lines}, ACTOR)

    assert order.lines == new_lines
    assert order.total_price == 2250
    [revised] = order.collect_events()
    assert isinstance(revised, Order.Revised)
    assert revised.changes == {"lines": new_lines}


@pytest.mark.parametrize("status", [EN_COURS, LIVREE, ANNULEE])
def test_lines_are_locked_once_the_order_has_left(status):
    order, (milk, _) = an_order_at(status)
    lines_before = list(order.lines)

    with pytest.raises(OrderLocked):
        order.revise({"lines": [OrderLine.of(milk, qty(1))], "notes": "vite"}, ACTOR)

    assert order.lines == lines_before
    assert order.notes == ""
    assert order.collect_events() == []


def test_the_lines_cannot_be_emptied():
    order, _ = an_order_at(NOUVELLE)

    with pytest.raises(InvalidInput):
        order.revise({"lines": []}, ACTOR)
    assert order.collect_events() == []


def test_revising_client_details_records_only_what_changed():
    order, _ = an_order_at(NOUVELLE)

    order.revise({"client_name": order.client_name, "priority": "haute", "notes": "Portail bleu",
                  "delivery_status": "livree"}, ACTOR)

    assert order.priority is Priority.HAUTE
    assert order.notes == "Portail bleu"
    assert order.delivery_status is NOUVELLE
    [revised] = order.collect_events()
    assert revised.changes == {"priority": "haute", "notes": "Portail bleu"}


# --- delivery ---------------------------------------------------------------------------------


def test_delivery_takes_every_line_out_of_stock_and_marks_the_order_delivered():
    milk, yogurt = a_product("Lait", stock="10"), a_product("Yaourt", stock="6", unit="pot")
    order = an_order((milk, "2.5"), (yogurt, 6))
    movement_ids = movement_ids_for(order)

    order.deliver({milk.id: milk, yogurt.id: yogurt}, movement_ids, ACTOR, DAY)

    assert order.delivery_status is LIVREE
    assert (milk.stock_quantity, yogurt.stock_quantity) == (qty("7.5"), qty(0))
    [milk_out], [yogurt_out] = milk.collect_events(), yogurt.collect_events()
    assert isinstance(milk_out, Product.StockIssued)
    assert (milk_out.movement_id, milk_out.quantity, milk_out.order_id) == (
        movement_ids[0], qty("2.5"), order.id,
    )
    assert order.order_number in milk_out.reason
    assert (yogurt_out.movement_id, yogurt_out.quantity) == (movement_ids[1], qty(6))
    [delivered] = order.collect_events()
    assert {(t["product_id"], t["quantity"]) for t in delivered.takes} == {
        (milk.id, qty("2.5")), (yogurt.id, qty(6))}
    assert (delivered.from_status, delivered.to_status) == ("nouvelle", "livree")


def test_delivery_sums_the_lines_of_the_same_product_into_one_movement():
    milk = a_product("Lait", stock="5")
    order = an_order((milk, 2), (milk, 3))

    order.deliver({milk.id: milk}, [uuid4()], ACTOR, DAY)

    assert milk.stock_quantity == qty(0)
    [issued] = milk.collect_events()
    assert issued.quantity == qty(5)


def test_delivery_refuses_when_one_item_is_short():
    milk, yogurt = a_product("Lait", stock="10"), a_product("Yaourt", stock="2")
    order = an_order((milk, 3), (yogurt, "2.5"))
    products = {milk.id: milk, yogurt.id: yogurt}
    before = copy.deepcopy([order, milk, yogurt])

    with pytest.raises(InsufficientStock) as refused:
        order.deliver(products, movement_ids_for(order), ACTOR, DAY)

    assert refused.value.extra["shortages"] == [{
        "product_id": str(yogurt.id), "product_name": "Yaourt",
        "requested": qty("2.5"), "available": qty(2),
    }]
    assert [order, milk, yogurt] == before
    assert [order.collect_events(), milk.collect_events(), yogurt.collect_events()] == [[], [], []]


def test_delivery_refuses_when_lines_of_one_product_together_exceed_its_stock():
    milk = a_product("Lait", stock="4")
    order = an_order((milk, 2), (milk, 3))

    with pytest.raises(InsufficientStock) as refused:
        order.deliver({milk.id: milk}, [uuid4()], ACTOR, DAY)

    [shortage] = refused.value.extra["shortages"]
    assert (shortage["requested"], shortage["available"]) == (qty(5), qty(4))
    assert milk.stock_quantity == qty(4)
    assert order.delivery_status is NOUVELLE


def test_delivery_lists_every_product_that_is_short():
    milk, yogurt, cheese = (a_product("Lait", stock=1), a_product("Yaourt", stock=9),
                            a_product("Fromage", stock=0))
    order = an_order((milk, 2), (yogurt, 1), (cheese, 1))

    with pytest.raises(InsufficientStock) as refused:
        order.deliver({p.id: p for p in (milk, yogurt, cheese)}, movement_ids_for(order), ACTOR,
                      DAY)

    assert [s["product_name"] for s in refused.value.extra["shortages"]] == ["Lait", "Fromage"]
    assert yogurt.stock_quantity == qty(9)
    assert yogurt.collect_events() == []


@pytest.mark.parametrize("how_many_ids", [0, 1, 3])
def test_delivery_with_the_wrong_number_of_movement_ids_changes_nothing(how_many_ids):
    milk, yogurt = a_product("Lait", stock="10"), a_product("Yaourt", stock="10")
    order = an_order((milk, 1), (milk, 1), (yogurt, 1))  # three lines, two products
    before = copy.deepcopy([order, milk, yogurt])

    with pytest.raises(ValueError, match="movement"):
        order.deliver({milk.id: milk, yogurt.id: yogurt},
                      [uuid4() for _ in range(how_many_ids)], ACTOR, DAY)

    assert [order, milk, yogurt] == before


def test_a_cancelled_order_cannot_be_delivered_and_keeps_the_stock():
    order, (milk, yogurt) = an_order_at(ANNULEE)

    with pytest.raises(InvalidTransition):
        order.deliver({milk.id: milk, yogurt.id: yogurt}, movement_ids_for(order), ACTOR, DAY)

    assert (milk.stock_quantity, yogurt.stock_quantity) == (qty(10), qty(10))


quantities = st.integers(min_value=1, max_value=5_000).map(lambda n: Decimal(n).scaleb(-3))


@settings(max_examples=60, deadline=None)
@given(
    stocks=st.lists(st.integers(0, 8_000).map(lambda n: Decimal(n).scaleb(-3)),
                    min_size=3, max_size=3),
    lines=st.lists(st.tuples(st.integers(0, 2), quantities), min_size=1, max_size=6),
)
def test_delivery_is_all_or_nothing_whatever_the_stock_and_lines(stocks, lines):
    products = [a_product(f"Produit {i}", stock=str(s)) for i, s in enumerate(stocks)]
    order = an_order(*[(products[i], str(amount)) for i, amount in lines])
    needed = [sum((a for i, a in lines if i == k), Decimal(0)) for k in range(3)]
    before = copy.deepcopy([order, *products])

    try:
        order.deliver({p.id: p for p in products}, movement_ids_for(order), ACTOR, DAY)
    except InsufficientStock as refused:
        short = {s["product_name"] for s in refused.extra["shortages"]}
        assert short == {f"Produit {k}" for k in range(3) if needed[k] > stocks[k]}
        assert [order, *products] == before
    else:
        assert all(needed[k] <= stocks[k] for k in range(3))
        assert order.delivery_status is LIVREE
        assert [p.stock_quantity for p in products] == [s - n for s, n in zip(stocks, needed,
                                                                              strict=True)]
    assert all(p.stock_quantity >= 0 for p in products)
