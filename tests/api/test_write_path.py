"""The write path reads what a command needs, once: aggregates kept in memory are brought up
to date from the log (so another process's writes count), a fresh order looks nothing up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from unittest.mock import patch
from uuid import UUID, uuid4

import pytest

from application.order_decisions import ORDER_NUMBER
from application.orders import NewOrder
from application.sync import PhoneEvent
from application.unit_of_work import load
from domain.base import Claim
from domain.catalogue import Product
from domain.errors import DuplicateOrderNumber
from domain.order import ClientDetails, Order
from domain.permissions import SYSTEM
from domain.receipts import SyncReceipt
from domain.values import order_number
from gapal.bootstrap import bootstrap
from tests.conftest import FAST_PASSWORDS, Api, log_length

CLIENT = ClientDetails("Awa Bationo", "", "", None, "")


@contextmanager
def reads_of(api: Api) -> Iterator[list[UUID]]:
    """The aggregates whose events (or snapshots) the event store is asked for meanwhile."""
    store = api.gapal.store
    asked: list[UUID] = []
    recorders = [store.recorder, *([store.snapshots.recorder] if store.snapshots else [])]
    originals = [recorder.select_events for recorder in recorders]

    def counting(select: Callable[..., Any]) -> Callable[..., Any]:
        def select_events(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
            asked.append(originator_id)
            return select(originator_id, *args, **kwargs)
        return select_events

    for recorder, original in zip(recorders, originals, strict=True):
        recorder.select_events = counting(original)  # type: ignore[method-assign]
    try:
        yield asked
    finally:
        for recorder in recorders:
            del recorder.select_events


def two_lines(catalogue: dict[str, Any]) -> NewOrder:
    return NewOrder(CLIENT, [(UUID(catalogue["milk"]["id"]), Decimal(2)),
                             (UUID(catalogue["gapal"]["id"]), Decimal(1))])


def test_a_fresh_order_reads_only_its_products_once_each(
        api: Api, catalogue: dict[str, Any]) -> None:
    orders = api.gapal.services.orders
    orders.place(SYSTEM, two_lines(catalogue))
    with reads_of(api) as asked:
        orders.place(SYSTEM, two_lines(catalogue))
    assert sorted(map(str, asked)) == sorted([catalogue["milk"]["id"], catalogue["gapal"]["id"]])


def test_a_number_already_taken_is_still_refused_and_nothing_is_saved(
        api: Api, catalogue: dict[str, Any]) -> None:
    taken_by = uuid4()
    order_id = uuid4()
    number = order_number(order_id, datetime.now(UTC).date())
    api.gapal.store.save(Claim.claim(ORDER_NUMBER, number, taken_by, SYSTEM.user_id))
    before = log_length(api.gapal)
    with patch("application.orders.uuid4", return_value=order_id), \
            pytest.raises(DuplicateOrderNumber):
        api.gapal.services.orders.place(SYSTEM, two_lines(catalogue))
    assert log_length(api.gapal) == before


def test_a_product_kept_in_memory_counts_another_process_s_writes(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = UUID(catalogue["milk"]["id"])
    here = api.gapal.store
    kept = load(here, Product, milk).stock_quantity
    other = bootstrap(api.gapal.settings, passwords=FAST_PASSWORDS)
    try:
        other.services.stock.receive(SYSTEM, milk, Decimal(7), "Livraison de la ferme")
    finally:
        other.close()
    assert load(here, Product, milk).stock_quantity == kept + 7
    with reads_of(api) as asked:
        load(here, Product, milk)
    assert asked == [milk]  # kept in memory: only the events after its version are read


def test_an_order_placed_offline_asks_the_log_once_for_each_new_id(
        api: Api, catalogue: dict[str, Any]) -> None:
    sync = api.gapal.services.sync
    lines = [{"product_id": catalogue["milk"]["id"], "quantity": "2"}]

    def offline_order() -> PhoneEvent:
        return PhoneEvent(uuid4(), uuid4(), "order_created", datetime.now(UTC),
                          {"client_name": "Awa Bationo", "items": lines})

    sync.apply(SYSTEM, uuid4(), timedelta(0), [offline_order()])
    phone = offline_order()
    with reads_of(api) as asked:
        (result,) = sync.apply(SYSTEM, uuid4(), timedelta(0), [phone])
    assert result.status == "applied"
    order = load(api.gapal.store, Order, Order.id_for_local_id(phone.local_id))
    claim = Claim.id_for(ORDER_NUMBER, order.order_number)
    new_ids = [SyncReceipt.id_for(phone.event_id), order.id, claim]
    assert sorted(map(str, asked)) == sorted(map(str, [*new_ids, UUID(lines[0]["product_id"])]))
