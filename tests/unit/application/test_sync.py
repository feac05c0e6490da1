"""Sync: a phone's events applied in order, exactly once, merged with the office's changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.sync import PhoneEvent, SyncResult
from domain.errors import PermissionDenied
from domain.order import Order
from domain.receipts import SyncReceipt
from domain.values import Priority
from tests.unit.application.conftest import Shop

DEVICE = uuid4()


def placed(product_id: UUID, local_id: UUID | None = None) -> PhoneEvent:
    data = {"client_name": "Awa Ouédraogo", "client_phone": "70123456",
            "items": [{"product_id": str(product_id), "quantity": "2"}]}
    return PhoneEvent(uuid4(), local_id or uuid4(), "order_created",
                      datetime.now(UTC) - timedelta(minutes=5), data)


def updated(local_id: UUID, base_version: int, **data: Any) -> PhoneEvent:
    return PhoneEvent(uuid4(), local_id, "order_updated", datetime.now(UTC), data, base_version)


def synced(shop: Shop, *events: PhoneEvent) -> list[SyncResult]:
    return shop.services.sync.apply(shop.vendeur, DEVICE, timedelta(0), list(events))


def test_an_order_placed_offline_is_applied_with_its_receipt(shop: Shop) -> None:
    event = placed(shop.product(price=500))
    [result] = synced(shop, event)
    assert result.order_id is not None
    order: Order = shop.store.repository.get(result.order_id)
    receipt: SyncReceipt = shop.store.repository.get(SyncReceipt.id_for(event.event_id))
    assert (result.status, order.total_price, receipt.order_id) == ("applied", 1000, order.id)


def test_an_event_sent_again_is_a_duplicate_and_changes_nothing(shop: Shop) -> None:
    event = placed(shop.product())
    [first] = synced(shop, event)
    [again] = synced(shop, event)
    assert (again.status, again.order_id) == ("duplicate", first.order_id)


def test_a_phone_s_edit_is_merged_into_the_order(shop: Shop) -> None:
    local_id = uuid4()
    [made] = synced(shop, placed(shop.product(), local_id))
    [edit] = synced(shop, updated(local_id, 1, priority="haute"))
    assert made.order_id is not None
    order: Order = shop.store.repository.get(made.order_id)
    assert (edit.status, order.priority) == ("applied", Priority.HAUTE)


def test_one_refused_event_never_fails_the_others(shop: Shop) -> None:
    unknown = PhoneEvent(uuid4(), uuid4(), "order_teleported", datetime.now(UTC), {})
    results = synced(shop, unknown, placed(shop.product()))
    assert [r.status for r in results] == ["rejected", "applied"]


def test_a_stock_keeper_may_not_sync_orders(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.sync.apply(shop.stock_keeper, DEVICE, timedelta(0), [])


def test_an_order_judged_on_its_customer_s_balance_waits_for_the_batch_s_earlier_writes(
        shop: Shop) -> None:
    """The balance is read on the read side: the batch's earlier writes must be shown there
    first (`shown`), and only then; an order naming no customer waits for nothing."""
    product = shop.product()
    customer = shop.services.customers.create(shop.manager, {
        "name": "Maquis Le Palmier", "phone": "76 45 12 90"}).id
    waits: list[int] = []

    def for_customer() -> PhoneEvent:
        event = placed(product)
        event.data["customer_id"] = customer
        return event

    results = shop.services.sync.apply(
        shop.vendeur, DEVICE, timedelta(0),
        [for_customer(), placed(product), placed(product), for_customer(), placed(product)],
        waits.append)

    assert [r.status for r in results] == ["applied"] * 5
    assert waits == [results[2].position]  # before the 4th: after the 1st to 3rd, no sooner
