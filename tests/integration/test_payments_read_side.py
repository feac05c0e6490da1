"""The payments read side: old logs (an order marked paid whole, before payments) still
project as paid in full, and a rebuild from a log of payments gives the very same rows."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import pytest

from domain.order import Order
from tests.api import fast_world
from tests.conftest import BACKENDS, Api, OrderFactory
from tests.read_side import assert_rebuild_gives_same_rows, caught_up

api, catalogue = fast_world.api, fast_world.catalogue  # the fast world's fixtures
MANAGER = "gestionnaire_commandes"


def marked_paid_the_old_way(api: Api, order_id: str) -> None:
    """What `PATCH …/payment/` wrote before payments: one `PaymentChanged` to `payee`."""
    store = api.gapal.store
    order = store.repository.get(UUID(order_id))
    assert isinstance(order, Order)
    order._payment_changed(from_status="non_payee", to_status="payee",
                           actor_id=order.created_by)
    store.save(order)
    caught_up(api.gapal)


def get(api: Api, path: str, **params: Any) -> Any:
    answer = api.call("admin", "GET", path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_marked_paid_by_an_old_event_has_paid_its_total(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(quantity=4)
    marked_paid_the_old_way(api, order["id"])

    shown = get(api, f"/api/orders/{order['id']}/")
    assert (shown["payment_status"], shown["amount_paid"], shown["amount_due"]) == (
        "payee", 2000, 0)
    assert get(api, "/api/reports/summary/")["paid_total"] == 2000
    over = api.call(MANAGER, "POST", f"/api/orders/{order['id']}/payments/", json={
        "amount": 1, "method": "especes", "local_id": str(uuid.uuid4())})
    assert over.json()["code"] == "overpayment"
    unpaid = api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                      json={"payment_status": "non_payee"})
    assert unpaid.status_code == 200, unpaid.text  # a mark, not money recorded: undone
    assert (unpaid.json()["amount_paid"], unpaid.json()["payment_status"]) == (0, "non_payee")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_rebuild_gives_the_same_payment_and_order_rows(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    partly, whole, old = (place_order("vendeur", quantity=4) for _ in range(3))
    for amount, method, reference in ((500, "orange_money", "OM-1"), (700, "especes", None)):
        answer = api.call("vendeur", "POST", f"/api/orders/{partly['id']}/payments/", json={
            "amount": amount, "method": method, "reference": reference,
            "local_id": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.text
    api.call(MANAGER, "PATCH", f"/api/orders/{whole['id']}/payment/",
             json={"payment_status": "payee"})
    marked_paid_the_old_way(api, old["id"])
    api.call(MANAGER, "PATCH", f"/api/orders/{partly['id']}/", json={
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 6}]})

    rows = assert_rebuild_gives_same_rows(api.gapal, view_by_view=True)

    assert len(rows["view_payments"]) == 3
    shown = [get(api, f"/api/orders/{o['id']}/") for o in (partly, whole, old)]
    assert [(o["amount_paid"], o["amount_due"], o["payment_status"]) for o in shown] == [
        (1200, 1800, "partielle"), (2000, 0, "payee"), (2000, 0, "payee")]
