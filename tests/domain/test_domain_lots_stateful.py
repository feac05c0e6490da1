"""Random sequences of stock commands over lots, while days pass, keep the lot invariants.

Commands: entries (each a lot with its own expiry and cost), exits, deliveries of orders,
counted adjustments (of a lot or of the whole product), write-offs (`pertes`) and returns of
delivered orders (restocked or not). A plain model of every lot is kept beside the products.
Invariants: no lot below zero; the lots sum to the product's stock; deliveries and exits take
the earliest non-expired lots and never an expired one; the losses equal the write-offs.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from domain_builders import ACTOR, DAIRY, DAY, a_client, movement_ids_for
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from domain.catalogue import Product
from domain.errors import InsufficientStock, InvalidInput
from domain.lots import LossReason, Lot
from domain.order import Order, OrderLine
from domain.returns import GoodsReturn, ReturnRefused, return_goods
from domain.values import PaymentStatus, subtotal

PRODUCTS = 2

index = st.integers(0, PRODUCTS - 1)
amounts = st.one_of(st.integers(1, 20).map(Decimal),
                    st.integers(1, 20_000).map(lambda n: Decimal(n).scaleb(-3)))
shelf_days = st.integers(0, 10)
costs = st.one_of(st.none(), st.integers(0, 2_000))
reasons = st.sampled_from(list(LossReason))


def fefo_key(lot: Lot) -> tuple[bool, date, date]:
    return (lot.expiration_date is None, lot.expiration_date or date.max, lot.received_at)


class LotsOverTime(RuleBasedStateMachine):
    delivered = Bundle("delivered")

    def __init__(self) -> None:
        super().__init__()
        self.today = DAY
        self.products: list[Product] = []
        self.expected_losses: list[int] = []  # value of every write-off, in FCFA
        self.write_offs: list[Product.StockWrittenOff] = []

    @initialize()
    def two_dairy_products(self) -> None:
        for i in range(PRODUCTS):
            self.products.append(Product.register(
                name=f"Produit {i}", category_id=DAIRY, unit="pot", unit_price=300 + 100 * i,
                min_stock_level=Decimal(0), barcode=None, expiration_date=None, actor_id=ACTOR))
        self.record()

    # --- plumbing -----------------------------------------------------------------------------

    def record(self, *aggregates: Any) -> list[Any]:
        events = []
        for aggregate in [*self.products, *aggregates]:
            events += aggregate.collect_events()
        self.write_offs += [e for e in events if isinstance(e, Product.StockWrittenOff)]
        return events

    def sellable(self, product: Product) -> Decimal:
        return sum((lot.remaining for lot in product.lots if not lot.is_expired(self.today)),
                   Decimal(0))

    def open_lots(self, product: Product) -> list[Lot]:
        return [lot for lot in product.lots if lot.remaining > 0]

    def check_fefo(self, before: list[Lot], takes: list[dict[str, Any]]) -> None:
        """Every lot taken from was unexpired, and every unexpired lot expiring before the
        last one taken from was emptied by this movement."""
        by_id = {lot.lot_id: lot for lot in before}
        taken = [by_id[UUID(str(t["lot_id"]))] for t in takes]
        assert not any(lot.is_expired(self.today) for lot in taken)
        last = max(fefo_key(lot) for lot in taken)
        moved = {UUID(str(t["lot_id"])): -Decimal(str(t["quantity"])) for t in takes}
        for lot in before:
            if lot.remaining > 0 and not lot.is_expired(self.today) and fefo_key(lot) < last:
                assert moved.get(lot.lot_id) == lot.remaining, "an earlier lot was skipped"

    # --- commands -----------------------------------------------------------------------------

    @rule(days=st.integers(1, 4))
    def days_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule(i=index, amount=amounts, keeps=shelf_days, cost=costs)
    def receive(self, i: int, amount: Decimal, keeps: int, cost: int | None) -> None:
        self.products[i].receive_stock(uuid4(), amount, "Réception", self.today + timedelta(keeps),
                                       ACTOR, today=self.today, unit_cost=cost)
        self.record()

    @rule(i=index, amount=amounts, ago=st.integers(1, 5))
    def an_expiry_in_the_past_is_refused(self, i: int, amount: Decimal, ago: int) -> None:
        with pytest.raises(InvalidInput):
            self.products[i].receive_stock(uuid4(), amount, "Réception",
                                           self.today - timedelta(ago), ACTOR, today=self.today)
        assert self.record() == []

    @rule(i=index, amount=amounts)
    def issue(self, i: int, amount: Decimal) -> None:
        product = self.products[i]
        before = product.lots
        if amount > self.sellable(product):
            with pytest.raises(InsufficientStock):
                product.issue_stock(uuid4(), amount, "Sortie", None, ACTOR, today=self.today)
            assert self.record() == []
            return
        product.issue_stock(uuid4(), amount, "Sortie", None, ACTOR, today=self.today)
        [issued] = self.record()
        self.check_fefo(before, issued.takes)

    @rule(target=delivered, amounts_=st.lists(amounts, min_size=PRODUCTS, max_size=PRODUCTS))
    def deliver_an_order(self, amounts_: list[Decimal]) -> Any:
        lines = [OrderLine.of(p, a) for p, a in zip(self.products, amounts_, strict=True)]
        order = Order.place(order_id=uuid4(), day=DAY, client=a_client(), lines=lines,
                            payment_status=PaymentStatus.NON_PAYEE, local_id=None,
                            actor_id=ACTOR)
        order.collect_events()
        before = {p.id: p.lots for p in self.products}
        products = {p.id: p for p in self.products}
        if any(a > self.sellable(p) for p, a in zip(self.products, amounts_, strict=True)):
            with pytest.raises(InsufficientStock):
                order.deliver(products, movement_ids_for(order), ACTOR, self.today)
            assert self.record(order) == []
            return order  # never delivered: any return of it is refused
        order.deliver(products, movement_ids_for(order), ACTOR, self.today)
        for event in self.record(order):
            if isinstance(event, Product.StockIssued):
                self.check_fefo(before[event.originator_id], event.takes)
        return order

    @rule(i=index, data=st.data(), counted=st.one_of(st.just(Decimal(0)), amounts))
    def count_a_lot(self, i: int, data: st.DataObject, counted: Decimal) -> None:
        lots = self.products[i].lots
        if not lots:
            return
        lot = data.draw(st.sampled_from(lots), label="lot")
        self.products[i].adjust_stock(uuid4(), counted, "Inventaire", ACTOR, today=self.today,
                                      lot_id=lot.lot_id)
        self.record()
        assert next(x for x in self.products[i].lots if x.lot_id == lot.lot_id).remaining == (
            counted)

    @rule(i=index, counted=st.one_of(st.just(Decimal(0)), amounts))
    def count_the_whole_product(self, i: int, counted: Decimal) -> None:
        self.products[i].adjust_stock(uuid4(), counted, "Inventaire", ACTOR, today=self.today)
        self.record()
        assert self.products[i].stock_quantity == counted

    @rule(i=index, data=st.data(), amount=amounts, reason=reasons)
    def write_off(self, i: int, data: st.DataObject, amount: Decimal,
                  reason: LossReason) -> None:
        product = self.products[i]
        lots = self.open_lots(product)
        if not lots:
            return
        lot = data.draw(st.sampled_from(lots), label="lot")
        if amount > lot.remaining:
            with pytest.raises(InsufficientStock):
                product.write_off(uuid4(), lot.lot_id, amount, reason.value, "", ACTOR,
                                  today=self.today)
            assert self.record() == []
            return
        value = product.write_off(uuid4(), lot.lot_id, amount, reason.value, "", ACTOR,
                                  today=self.today)
        assert value == subtotal(amount, lot.unit_cost or 0)
        self.expected_losses.append(value)
        self.record()

    @rule(order=delivered, data=st.data(), restock=st.booleans())
    def return_part_of_an_order(self, order: Order, data: st.DataObject, restock: bool) -> None:
        i = data.draw(index, label="product")
        product = self.products[i]
        amount = data.draw(amounts, label="returned")
        goods = GoodsReturn(uuid4(), {product.id: amount}, "Client absent", restock)
        delivered = order.quantities_by_product()[product.id] if order.delivered_lots else 0
        already = sum((Decimal(str(line["quantity"])) for line in order.returned_lines
                       if line["product_id"] == product.id), Decimal(0))
        if amount > delivered - already:
            with pytest.raises(ReturnRefused):
                return_goods(order, {p.id: p for p in self.products}, goods, ACTOR, self.today)
            assert self.record(order) == []
            return
        stock_before = product.stock_quantity
        due_before = order.amount_due
        value = return_goods(order, {p.id: p for p in self.products}, goods, ACTOR, self.today)
        events = self.record(order)
        losses = [e for e in events if isinstance(e, Product.StockWrittenOff)]
        self.expected_losses += [e.value for e in losses]
        kept_out = sum((e.quantity for e in losses), Decimal(0))
        assert product.stock_quantity == stock_before + amount - kept_out
        assert (kept_out == amount) if not restock else True
        assert order.amount_due == max(0, due_before - value)

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def no_lot_is_ever_below_zero(self) -> None:
        for product in self.products:
            assert all(lot.remaining >= 0 for lot in product.lots)

    @invariant()
    def the_lots_sum_to_the_stock(self) -> None:
        for product in self.products:
            assert sum((lot.remaining for lot in product.lots), Decimal(0)) == (
                product.stock_quantity)

    @invariant()
    def the_losses_are_the_sum_of_the_write_offs(self) -> None:
        assert sum(e.value for e in self.write_offs) == sum(self.expected_losses)


def test_lots_keep_their_invariants_under_any_sequence_of_stock_commands():
    run_state_machine_as_test(
        LotsOverTime,
        settings=settings(max_examples=60, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
