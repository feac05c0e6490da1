"""Customers created offline: `customer_created` applied once, merged into the active customer
of the same phone (and said so), and orders that name them by their `local_id`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
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


def customer_created(device: Phone, local_id: str, event_id: str | None = None,
                     **data: Any) -> dict[str, Any]:
    return {"event_id": event_id or str(uuid.uuid4()), "local_id": local_id,
            "type": "customer_created", "occurred_at": device.clock().isoformat(),
            "data": {"name": "Maquis Le Baobab", "phone": "70 12 34 56", "kind": "maquis",
                     **data}}


def customers(api: Api) -> list[dict[str, Any]]:
    answer = api.call(MANAGER, "GET", "/api/customers/", params={"is_active": "true"})
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["results"]
    return found


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_customer_created_offline_is_applied_once_whatever_is_sent_again(api: Api) -> None:
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    event = customer_created(phone, local_id, address="Secteur 3")
    [result] = phone.send(event)["results"]
    assert result["status"] == "applied", result
    assert result["order"] is None
    customer = result["customer"]
    assert (customer["name"], customer["phone"], customer["kind"]) == (
        "Maquis Le Baobab", "+22670123456", "maquis")
    assert set(customer) == {"id", "name", "phone", "kind", "balance", "is_active",
                             "updated_at"}  # a vendeur reads the brief
    full = api.call(MANAGER, "GET", f"/api/customers/{customer['id']}/").json()
    assert (full["local_id"], full["address"]) == (local_id, "Secteur 3")
    before = log_length(api.gapal)
    [again] = phone.send(event)["results"]
    [other_id] = phone.send(customer_created(phone, local_id))["results"]
    assert (again["status"], again["customer"]["id"]) == ("duplicate", customer["id"])
    assert (other_id["status"], other_id["customer"]["id"]) == ("duplicate", customer["id"])
    assert log_length(api.gapal) == before
    assert len(customers(api)) == 1


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_customer_created_offline_with_a_known_phone_is_merged_into_the_known_one(
        api: Api, catalogue: dict[str, Any]) -> None:
    known = api.call(MANAGER, "POST", "/api/customers/", json={
        "name": "Maquis du Rail", "phone": "+22670123456", "kind": "maquis"}).json()
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    created = customer_created(phone, local_id, phone="0022670123456")
    order = phone.created(new_local_id(), {**order_data(catalogue["milk"]["id"]),
                                           "client_name": "", "client_phone": None,
                                           "customer_local_id": local_id})
    merged, placed = phone.send(created, order)["results"]
    assert merged["status"] == "merged", merged
    assert merged["customer"]["id"] == known["id"]
    assert merged["conflicts"] == [{"field": "name", "client_value": "Maquis Le Baobab",
                                    "server_value": "Maquis du Rail", "kept": "server"}]
    assert placed["status"] == "applied", placed
    assert placed["order"]["customer_id"] == known["id"]
    assert placed["order"]["client_name"] == "Maquis du Rail"
    assert [c["id"] for c in customers(api)] == [known["id"]]
    [resent] = phone.send(created)["results"]
    assert (resent["status"], resent["customer"]["id"]) == ("duplicate", known["id"])
    later_order = phone.created(new_local_id(), {**order_data(catalogue["gapal"]["id"]),
                                                 "customer_local_id": local_id})
    [later] = phone.send(later_order)["results"]
    assert later["order"]["customer_id"] == known["id"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_offline_order_names_a_customer_created_in_the_same_batch(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    order = phone.created(new_local_id(), {**order_data(catalogue["milk"]["id"], quantity=3),
                                           "client_name": "", "client_phone": None,
                                           "customer_local_id": local_id})
    created, placed = phone.send(customer_created(phone, local_id), order)["results"]
    assert placed["status"] == "applied", placed
    customer_id = created["customer"]["id"]
    assert (placed["order"]["customer_id"], placed["order"]["client_phone"]) == (
        customer_id, "+22670123456")
    balance = api.call("vendeur", "GET", f"/api/customers/{customer_id}/").json()["balance"]
    assert balance == 1500


def test_an_offline_order_naming_an_unknown_customer_is_rejected_and_nothing_is_written(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    before = log_length(api.gapal)
    [by_local] = phone.send(phone.created(new_local_id(), {
        **order_data(catalogue["milk"]["id"]), "customer_local_id": new_local_id()}))["results"]
    [by_id] = phone.send(phone.created(new_local_id(), {
        **order_data(catalogue["milk"]["id"]), "customer_id": str(uuid.uuid4())}))["results"]
    for result in (by_local, by_id):
        assert result["status"] == "rejected"
        assert result["error"]["code"] == "unknown_customer"
    assert log_length(api.gapal) == before


def test_bad_offline_customers_are_rejected_one_by_one(api: Api) -> None:
    phone = Phone(api, "vendeur")
    before = log_length(api.gapal)
    results = phone.send(customer_created(phone, new_local_id(), phone="12"),
                         customer_created(phone, new_local_id(), name=""),
                         customer_created(phone, new_local_id(), kind="banque"),
                         customer_created(phone, new_local_id(), credit_limit=5000),
                         customer_created(phone, new_local_id(), other_phones="70"),
                         {**customer_created(phone, new_local_id()), "occurred_at": (
                             phone.clock() + timedelta(days=2)).isoformat()})["results"]
    assert [r["status"] for r in results] == ["rejected"] * 6
    assert [r["error"]["code"] for r in results] == [
        "invalid_input", "invalid_input", "invalid_input", "permission_denied", "invalid_input",
        "invalid_time"]
    assert all(r["customer"] is None for r in results)
    assert log_length(api.gapal) == before
    stock = Phone(api, "gestionnaire_stocks")
    assert stock.post(stock.body([customer_created(stock, new_local_id())])).status_code == 403
