"""Dates, amounts and totals beyond what the views hold are refused in French, logging
nothing; the largest allowed ones are projected, summed in reports and rebuilt alike."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.read_side import assert_rebuild_gives_same_rows
from tests.sync import SYNC

BILLION = 1_000_000_000
BAD_DATES = ["0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31"]


def refused_422(api: Api, who: str, method: str, path: str, body: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    answer = api.call(who, method, path, json=body)
    assert answer.status_code == 422, answer.text
    assert "hors limites" in str(answer.json()["detail"]), answer.text
    assert log_length(api.gapal) == before


@pytest.mark.parametrize("day", BAD_DATES)
def test_dates_outside_2000_to_2099_are_422_in_french(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory, day: str) -> None:
    milk, category = catalogue["milk"]["id"], catalogue["category"]["id"]
    order = place_order()
    refused_422(api, "vendeur", "POST", "/api/orders/", {
        "client_name": "Awa", "delivery_date": day,
        "items": [{"product_id": milk, "quantity": 1}]})
    refused_422(api, "admin", "PATCH", f"/api/orders/{order['id']}/", {"delivery_date": day})
    refused_422(api, "admin", "POST", "/api/products/", {
        "name": "Dèguè", "category_id": category, "unit": "pot", "unit_price": 300,
        "expiration_date": day})
    refused_422(api, "admin", "PATCH", f"/api/products/{milk}/", {"expiration_date": day})
    refused_422(api, "admin", "POST", "/api/stock/entry/", {
        "product_id": milk, "quantity": 1, "expiration_date": day})


def test_a_synced_delivery_date_outside_the_window_is_rejected(
        api: Api, catalogue: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    [result] = sync(api, catalogue["milk"]["id"], 1, delivery_date="9999-12-31")
    assert result["status"] == "rejected", result
    assert result["error"]["code"] == "invalid_input", result
    assert log_length(api.gapal) == before


def sync(api: Api, product_id: str, quantity: float, **data: Any) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    answer = api.call("vendeur", "POST", SYNC, json={
        "device_id": str(uuid.uuid4()), "client_time": now, "events": [{
            "event_id": str(uuid.uuid4()), "local_id": str(uuid.uuid4()),
            "type": "order_created", "occurred_at": now, "data": {
                "client_name": "Awa", "items": [{"product_id": product_id,
                                                 "quantity": quantity}], **data}}]})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_largest_totals_are_projected_summed_and_rebuilt_and_beyond_is_refused(
        api: Api, catalogue: dict[str, Any]) -> None:
    dear = api.call("admin", "POST", "/api/products/", json={
        "name": "Troupeau entier", "category_id": catalogue["category"]["id"], "unit": "lot",
        "unit_price": BILLION, "stock_quantity": 10_000_000})
    assert dear.status_code == 201, dear.text
    dear_id = dear.json()["id"]
    for _ in range(3):
        placed = api.call("gestionnaire_commandes", "POST", "/api/orders/", json={
            "client_name": "Grossiste", "payment_status": "payee",
            "items": [{"product_id": dear_id, "quantity": 1000}]})
        assert placed.status_code == 201, placed.text
        assert placed.json()["total_price"] == 1000 * BILLION
        delivered = api.call("admin", "PATCH", f"/api/orders/{placed.json()['id']}/status/",
                             json={"delivery_status": "livree"})
        assert delivered.status_code == 200, delivered.text
    summary = api.call("admin", "GET", "/api/reports/summary/")
    assert summary.status_code == 200, summary.text
    assert summary.json()["revenue_total"] == 3000 * BILLION

    before = log_length(api.gapal)
    beyond = api.call("gestionnaire_commandes", "POST", "/api/orders/", json={
        "client_name": "Grossiste", "items": [{"product_id": dear_id, "quantity": 1000.001}]})
    assert beyond.status_code == 400, beyond.text
    assert beyond.json()["code"] == "out_of_range"
    assert "hors limites" in beyond.json()["detail"]
    [result] = sync(api, dear_id, 1001)
    assert result["status"] == "rejected", result
    assert result["error"]["code"] == "out_of_range", result
    assert log_length(api.gapal) == before
    assert_rebuild_gives_same_rows(api.gapal)


@pytest.mark.parametrize("path", ["/api/stock/movements/", "/api/audit/", "/api/orders/"])
def test_date_filters_at_the_ends_of_the_calendar_answer_200(api: Api, path: str) -> None:
    answer = api.call("admin", "GET", path,
                      params={"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["count"] > 0 or path == "/api/orders/"
