"""Payments taken offline at delivery: the sync event `payment_received`, recorded exactly once
by the payment's `local_id`, refused with a clear code when it would overpay, reuse a reference
or pay another seller's order; and `payment_status` in `order_updated` under the new rules."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKENDS, Api, log_length
from tests.sync import Phone, catalogue_of, new_local_id, order_data, world_api

MANAGER = "gestionnaire_commandes"


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from world_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return catalogue_of(api)


def paid(phone: Phone, order_local_id: str, amount: int, local_id: str | None = None,
         event_id: str | None = None, **data: Any) -> dict[str, Any]:
    """A `payment_received` event as the phone records it at the door."""
    return {"event_id": event_id or str(uuid.uuid4()), "local_id": local_id or new_local_id(),
            "type": "payment_received", "occurred_at": phone.clock().isoformat(),
            "data": {"order_local_id": order_local_id, "amount": amount, "method": "especes",
                     **data}}


def placed(phone: Phone, catalogue: dict[str, Any], quantity: float = 4) -> str:
    """An order placed offline (4 L of milk: 2 000 FCFA) and synced; its local_id."""
    local_id = new_local_id()
    [result] = phone.send(phone.created(local_id, order_data(catalogue["milk"]["id"],
                                                             quantity)))["results"]
    assert result["status"] == "applied", result
    return local_id


def payments_of(api: Api, order_id: str) -> list[dict[str, Any]]:
    answer = api.call("admin", "GET", f"/api/orders/{order_id}/payments/")
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def rejected(result: dict[str, Any], code: str) -> None:
    assert result["status"] == "rejected", result
    assert result["error"]["code"] == code, result
    assert result["error"]["detail"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_payment_taken_offline_is_applied_once_with_the_order_in_the_result(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur", skew=timedelta(minutes=-7))
    order_local_id = placed(phone, catalogue)
    event = paid(phone, order_local_id, 1500, method="orange_money", reference="OM-DOOR-1")

    [result] = phone.send(event)["results"]

    assert (result["status"], result["local_id"]) == ("applied", event["local_id"])
    order = result["order"]
    assert (order["amount_paid"], order["amount_due"], order["payment_status"]) == (
        1500, 500, "partielle")
    [payment] = payments_of(api, order["id"])
    assert (payment["local_id"], payment["received_by_username"]) == (event["local_id"],
                                                                       "vendeur")
    received = datetime.fromisoformat(payment["received_at"])
    assert abs(received - datetime.now(UTC)) < timedelta(minutes=1)  # clock corrected

    length = log_length(api.gapal)
    [again] = phone.send(event)["results"]  # the answer was lost: sent again
    [new_event] = phone.send({**event, "event_id": str(uuid.uuid4())})["results"]
    assert again["status"] == new_event["status"] == "duplicate"
    assert again["order"]["amount_paid"] == 1500
    assert log_length(api.gapal) == length


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_payment_event_that_would_overpay_or_reuse_a_reference_is_rejected(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    first, second = placed(phone, catalogue), placed(phone, catalogue)
    phone.send(paid(phone, first, 2000, method="moov_money", reference="MM-1"))
    length = log_length(api.gapal)

    over, reused = phone.send(paid(phone, first, 1),
                              paid(phone, second, 500, method="moov_money",
                                   reference="mm-1"))["results"]

    rejected(over, "overpayment")
    rejected(reused, "payment_reference_used")
    assert reused["order"]["amount_paid"] == 0  # the phone sees the order as it is
    assert log_length(api.gapal) == length


def test_a_seller_cannot_pay_another_sellers_order_through_sync(
        api: Api, catalogue: dict[str, Any]) -> None:
    theirs = placed(Phone(api, MANAGER), catalogue)
    phone = Phone(api, "vendeur")

    [result] = phone.send(paid(phone, theirs, 500))["results"]

    rejected(result, "not_found")
    assert result["order"] is None


def test_the_stock_keeper_cannot_sync_at_all(api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "gestionnaire_stocks")
    answer = phone.post(phone.body([paid(phone, new_local_id(), 500)]))
    assert answer.status_code == 403


def test_an_order_placed_elsewhere_is_named_by_its_id(api: Api,
                                                      catalogue: dict[str, Any]) -> None:
    order = api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Awa", "items": [{"product_id": catalogue["milk"]["id"],
                                         "quantity": 2}]}).json()
    phone = Phone(api, "vendeur")
    event = paid(phone, "", 1000)
    event["data"] = {"order_id": order["id"], "amount": 1000, "method": "especes"}

    [result] = phone.send(event)["results"]

    assert result["status"] == "applied", result
    assert result["order"]["payment_status"] == "payee"


@pytest.mark.parametrize("data", [
    {"amount": 0}, {"amount": "500"}, {"method": "troc"}, {"method": "orange_money"},
    {"order_local_id": None}, {"received_at": "2019-06-01T00:00:00Z"},
    {"received_at": "2026-11-23T08:15:00"},
])
def test_a_malformed_payment_event_is_rejected_alone(api: Api, catalogue: dict[str, Any],
                                                     data: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order_local_id = placed(phone, catalogue)
    bad = paid(phone, order_local_id, 500)
    bad["data"] = {**bad["data"], **data}
    good = paid(phone, order_local_id, 700)

    first, second = phone.send(bad, good)["results"]

    assert first["status"] == "rejected", first
    assert first["error"]["code"] in ("invalid_input", "invalid_time"), first
    assert second["status"] == "applied"
    assert second["order"]["amount_paid"] == 700


def test_payee_in_an_order_update_records_the_rest_and_non_payee_reverses_the_payments(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, MANAGER)
    order_local_id = placed(phone, catalogue)
    phone.send(paid(phone, order_local_id, 500))

    [marked] = phone.send(phone.updated(order_local_id, {"payment_status": "payee"},
                                        None))["results"]
    [undone] = phone.send(phone.updated(order_local_id, {"payment_status": "non_payee"},
                                        None))["results"]

    assert marked["status"] == "applied", marked
    assert (marked["order"]["amount_paid"], marked["order"]["payment_status"]) == (2000, "payee")
    assert [p["amount"] for p in payments_of(api, marked["order"]["id"])] == [500, 1500]
    assert undone["status"] == "applied", undone
    assert (undone["order"]["amount_paid"], undone["order"]["payment_status"]) == (
        0, "non_payee")
    assert all(p["reversed_at"] for p in payments_of(api, marked["order"]["id"]))


def test_an_offline_unpaid_mark_older_than_a_payment_at_the_office_loses_to_it(
        api: Api, catalogue: dict[str, Any]) -> None:
    """A payment is a change of `payment_status` for the merge: the phone's older edit of that
    field loses (a conflict kept by the server), not refused nor applied over it."""
    phone = Phone(api, MANAGER)
    # Taken and edited a minute ago, marked unpaid half a minute before the office's payment:
    # the time each request spends in flight is added to its events' (a phone that measures
    # no offset), and with a mark taken just before the payment, that pushed it after.
    minute_ago = phone.clock() - timedelta(minutes=1)
    order_local_id = new_local_id()
    [taken] = phone.send(phone.created(order_local_id, order_data(catalogue["milk"]["id"], 4),
                                       at=minute_ago))["results"]
    assert taken["status"] == "applied", taken
    [sent] = phone.send(phone.updated(order_local_id, {"notes": "Portail bleu"}, 1,
                                      at=minute_ago + timedelta(seconds=1)))["results"]
    offline_at = minute_ago + timedelta(seconds=30)
    office = api.call(MANAGER, "POST", f"/api/orders/{sent['order']['id']}/payments/", json={
        "amount": 500, "method": "especes", "local_id": new_local_id()})
    assert office.status_code == 201, office.text

    [result] = phone.send(phone.updated(order_local_id, {"payment_status": "payee"}, 2,
                                        at=offline_at))["results"]

    assert result["status"] == "merged", result
    assert [(c["field"], c["kept"]) for c in result["conflicts"]] == [
        ("payment_status", "server")]
    assert result["order"]["amount_paid"] == 500


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_taken_offline_over_the_customers_credit_limit_is_applied_and_flagged(
        api: Api, catalogue: dict[str, Any]) -> None:
    answer = api.call(MANAGER, "POST", "/api/customers/", json={
        "name": "Boutique Wend-Kuni", "phone": "76 45 12 89", "credit_limit": 3000})
    assert answer.status_code == 201, answer.text
    customer_id = answer.json()["id"]
    phone = Phone(api, "vendeur")
    results = []
    for _ in range(2):  # 2 000 FCFA each: the second takes the balance to 4 000 > 3 000
        data = {**order_data(catalogue["milk"]["id"], 4), "customer_id": customer_id}
        [result] = phone.send(phone.created(new_local_id(), data))["results"]
        results.append(result)

    assert [r["status"] for r in results] == ["applied", "applied"]
    assert [r["order"]["over_credit_limit"] for r in results] == [False, True]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_orders_of_one_batch_count_each_others_debt_and_payments(
        api: Api, catalogue: dict[str, Any]) -> None:
    """Three orders and a payment taken offline for one customer, sent in one batch: each order
    is judged on the balance the earlier ones left, as if they had been sent one by one."""
    answer = api.call(MANAGER, "POST", "/api/customers/", json={
        "name": "Maquis Le Palmier", "phone": "76 45 12 90", "credit_limit": 3000})
    assert answer.status_code == 201, answer.text
    customer_id = answer.json()["id"]
    phone = Phone(api, "vendeur")
    first, second, third = (new_local_id() for _ in range(3))
    milk = catalogue["milk"]["id"]
    events = [phone.created(first, {**order_data(milk, 4), "customer_id": customer_id}),
              phone.created(second, {**order_data(milk, 4), "customer_id": customer_id}),
              paid(phone, first, 2000),
              phone.created(third, {**order_data(milk, 2), "customer_id": customer_id})]
    results = phone.send(*events)["results"]

    assert [r["status"] for r in results] == ["applied"] * 4, results
    # 2 000 (within 3 000), then 4 000 (over), then the first paid: 2 000 + 1 000 = 3 000
    assert [results[i]["order"]["over_credit_limit"] for i in (0, 1, 3)] == [False, True, False]
