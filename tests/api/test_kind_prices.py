"""Prices per customer kind over HTTP: set by stock managers, listed with the catalogue, taken
by the orders of a customer of that kind (offline orders: the price valid when taken), and the
revenue read back by customer kind."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, log_length
from tests.sync import Phone, new_local_id, order_data

STOCKS, MANAGER = "gestionnaire_stocks", "gestionnaire_commandes"


def set_prices(api: Api, product_id: str, prices: dict[str, Any],
               who: str = STOCKS) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call(who, "PUT", f"/api/products/{product_id}/prices/",
                                       json=prices))
    return body


def customer(api: Api, kind: str, phone: str = "70 12 34 56") -> str:
    created = ok(api.call(MANAGER, "POST", "/api/customers/", json={
        "name": f"Client {kind}", "phone": phone, "kind": kind}), 201)
    customer_id: str = created["id"]
    return customer_id


def order(api: Api, product_id: str, customer_id: str | None = None,
          quantity: float = 2) -> dict[str, Any]:
    body: dict[str, Any] = {"client_name": "Awa", "items": [
        {"product_id": product_id, "quantity": quantity}]}
    if customer_id:
        body["customer_id"] = customer_id
    placed: dict[str, Any] = ok(api.call(MANAGER, "POST", "/api/orders/", json=body), 201)
    return placed


def unit_prices(placed: dict[str, Any]) -> list[int]:
    return [item["unit_price"] for item in placed["items"]]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_stock_manager_sets_kind_prices_that_everyone_reads_with_the_catalogue(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]

    answer = set_prices(api, milk, {"revendeur": 450, "hotel": 520})

    assert answer["prices_by_kind"] == {"hotel": 520, "revendeur": 450}
    assert answer["unit_price"] == 500
    listed = {p["id"]: p for p in ok(api.call("vendeur", "GET", "/api/products/"))["results"]}
    assert listed[milk]["prices_by_kind"] == {"hotel": 520, "revendeur": 450}
    assert listed[catalogue["gapal"]["id"]]["prices_by_kind"] == {}
    assert set_prices(api, milk, {"hotel": 520, "revendeur": None},
                      who="admin")["prices_by_kind"] == {"hotel": 520}
    history = ok(api.call("admin", "GET", f"/api/products/{milk}/history/"))["results"]
    assert [e["data"]["prices"] for e in history if e["event_type"] == "Product.KindPricesSet"] \
        == [{"hotel": 520, "revendeur": 450}, {"hotel": 520}]


@pytest.mark.parametrize(("body", "status", "code", "words"), [
    ({"grossiste": 400}, 400, "invalid_input", "Type de client inconnu"),
    ({"revendeur": -1}, 422, None, None),
    ({"revendeur": 450.5}, 422, None, None),
    ({"revendeur": 1_000_000_001}, 422, None, None),
])
def test_bad_kind_prices_are_refused_and_change_nothing(
        api: Api, catalogue: dict[str, Any], body: dict[str, Any], status: int,
        code: str | None, words: str | None) -> None:
    milk = catalogue["milk"]["id"]
    set_prices(api, milk, {"hotel": 520})
    before = log_length(api.gapal)

    answer = refused(api.call(STOCKS, "PUT", f"/api/products/{milk}/prices/", json=body),
                     status, code)

    if words:
        assert words in answer["detail"]
    assert log_length(api.gapal) == before
    assert ok(api.call("vendeur", "GET", f"/api/products/{milk}/"))["prices_by_kind"] == {
        "hotel": 520}


def test_setting_prices_of_an_unknown_product_is_404(api: Api) -> None:
    refused(api.call(STOCKS, "PUT", "/api/products/00000000-0000-4000-8000-000000000000/prices/",
                     json={"revendeur": 1}), 404)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_takes_the_price_of_its_customers_kind_else_the_base_price(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    set_prices(api, milk, {"revendeur": 450})
    reseller = customer(api, "revendeur")
    hotel = customer(api, "hotel", phone="76 45 12 89")

    resold = order(api, milk, reseller)
    assert unit_prices(resold) == [450]
    assert resold["total_price"] == 900
    assert unit_prices(order(api, milk, hotel)) == [500]
    assert unit_prices(order(api, milk)) == [500]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_items_added_to_an_order_take_its_customers_kind_price_and_kept_lines_keep_theirs(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    set_prices(api, milk, {"revendeur": 450})
    set_prices(api, gapal, {"revendeur": 200})
    placed = order(api, milk, customer(api, "revendeur"))
    set_prices(api, milk, {"revendeur": 400, "hotel": 300})

    revised = ok(api.call(MANAGER, "PATCH", f"/api/orders/{placed['id']}/", json={"items": [
        {"product_id": milk, "quantity": 2}, {"product_id": gapal, "quantity": 1}]}))

    assert unit_prices(revised) == [450, 200]
    assert revised["total_price"] == 1100


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_resellers_offline_order_takes_the_reseller_price_valid_when_it_was_taken(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    reseller = customer(api, "revendeur")
    set_prices(api, milk, {"revendeur": 450})
    time.sleep(1)  # a clear second between the two prices
    set_prices(api, milk, {"revendeur": 400})
    changes = [e for e in ok(api.call("admin", "GET", f"/api/products/{milk}/history/"))[
        "results"] if e["event_type"] == "Product.KindPricesSet"]
    changed_at = datetime.fromisoformat(changes[-1]["occurred_at"])
    phone = Phone(api, "vendeur", skew=timedelta(hours=2))  # its raw times all look later
    before, after = new_local_id(), new_local_id()

    taken_before, taken_after = phone.send(
        phone.created(before, order_data(milk, 2, customer_id=reseller),
                      at=changed_at - timedelta(seconds=0.6) + phone.skew),
        phone.created(after, order_data(milk, 2, customer_id=reseller)))["results"]

    assert unit_prices(taken_before["order"]) == [450]
    assert taken_before["order"]["total_price"] == 900
    assert unit_prices(taken_after["order"]) == [400]
    set_prices(api, milk, {"revendeur": 300})
    kept = ok(api.call(MANAGER, "GET", f"/api/orders/{taken_before['order']['id']}/"))
    assert unit_prices(kept) == [450]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_summary_gives_the_revenue_by_customer_kind_with_a_no_customer_bucket(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    set_prices(api, milk, {"revendeur": 450})
    reseller = customer(api, "revendeur")
    delivered = [order(api, milk, reseller), order(api, milk, quantity=1),
                 order(api, milk, customer(api, "hotel", phone="76 45 12 89"), quantity=1)]
    order(api, milk, reseller, quantity=1)  # not delivered: ordered, not yet revenue
    for placed in delivered:
        ok(api.call(MANAGER, "PATCH", f"/api/orders/{placed['id']}/status/",
                    json={"delivery_status": "livree"}))

    summary = ok(api.call(MANAGER, "GET", "/api/reports/summary/"))

    rows = {row["kind"]: row for row in summary["by_customer_kind"]}
    assert list(rows) == ["boutique", "maquis", "hotel", "cantine", "particulier", "revendeur",
                          "sans_client"]
    assert (rows["revendeur"]["orders"], rows["revendeur"]["revenue"]) == (2, 900)
    assert (rows["hotel"]["orders"], rows["hotel"]["revenue"]) == (1, 500)
    assert (rows["sans_client"]["orders"], rows["sans_client"]["revenue"]) == (1, 500)
    assert rows["maquis"] == {"kind": "maquis", "orders": 0, "revenue": 0}
    assert sum(row["revenue"] for row in rows.values()) == summary["revenue_total"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_items_a_phone_adds_to_a_resellers_order_take_the_reseller_price(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    set_prices(api, gapal, {"revendeur": 200})
    phone = Phone(api, "vendeur")
    local_id = new_local_id()

    _, added = phone.send(
        phone.created(local_id, order_data(milk, 2, customer_id=customer(api, "revendeur"))),
        phone.updated(local_id, {"items": [{"product_id": milk, "quantity": 2},
                                           {"product_id": gapal, "quantity": 3}]}, 1))["results"]

    assert added["status"] == "applied"
    assert unit_prices(added["order"]) == [500, 200]
    assert added["order"]["total_price"] == 1600
