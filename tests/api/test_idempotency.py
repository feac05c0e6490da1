"""`Idempotency-Key` belongs to one user on one endpoint, and to one request body."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from application.idempotency import KEY_LIFETIME
from domain.clock import MovableClock
from tests.api.test_orders import items, listed, ok, refused
from tests.api.test_stock import movements, post, stock_of
from tests.conftest import BACKENDS, Api, log_length

KEY = {"Idempotency-Key": "telephone-awa-7"}


def at(movement: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(movement["created_at"])


def order(api: Api, catalogue: dict[str, Any], client: str = "Awa", who: str = "admin") -> Any:
    return api.call(who, "POST", "/api/orders/", headers=KEY,
                    json={"client_name": client, "items": items(catalogue, milk=1)})


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_key_used_on_a_stock_entry_is_free_for_an_order(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    entry = ok(post(api, "entry", milk, 2, who="admin", headers=KEY), 201)

    placed = ok(order(api, catalogue), 201)

    assert placed["client_name"] == "Awa"
    assert placed["id"] != entry["id"]
    assert listed(api)["count"] == 1
    assert stock_of(api, milk) == 12


def test_the_same_key_on_an_entry_then_an_exit_moves_the_stock_twice(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    entry = ok(post(api, "entry", milk, 2, headers=KEY), 201)
    exit_ = ok(post(api, "exit", milk, 2, reason="Casse", headers=KEY), 201)
    assert exit_["id"] != entry["id"]
    assert exit_["movement_type"] == "sortie"
    assert stock_of(api, milk) == 10


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_same_key_with_another_order_is_refused_and_changes_nothing(
        api: Api, catalogue: dict[str, Any]) -> None:
    first = ok(order(api, catalogue, "Awa"), 201)
    length = log_length(api.gapal)

    body = refused(order(api, catalogue, "Fatimata"), 422, "idempotency_key_reused")

    assert "Idempotency-Key" in body["detail"]
    assert log_length(api.gapal) == length
    assert [o["id"] for o in listed(api)["results"]] == [first["id"]]
    assert ok(order(api, catalogue, "Awa"), 201) == first


def test_the_same_key_with_another_stock_quantity_is_refused_and_changes_nothing(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    ok(post(api, "entry", milk, 2, headers=KEY), 201)
    length = log_length(api.gapal)

    refused(post(api, "entry", milk, 3, headers=KEY), 422, "idempotency_key_reused")

    assert log_length(api.gapal) == length
    assert stock_of(api, milk) == 12


def test_a_retry_that_spells_the_same_body_differently_is_the_same_request(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]["id"]
    first = ok(post(api, "entry", milk, 2, headers=KEY), 201)
    again = api.call("gestionnaire_stocks", "POST", "/api/stock/entry/",
                     headers={**KEY, "Content-Type": "application/json"},
                     content=f'{{ "quantity": 2,  "product_id": "{milk}", "reason": "" }}')
    assert ok(again, 201) == first
    assert stock_of(api, milk) == 12


def clock_at(api: Api, clock: MovableClock, moment: datetime) -> None:
    """Gapal's clock set to `moment`; its users sign in anew (their tokens were of another
    time). The log's own times, which date the receipts, stay the machine's."""
    clock.set(moment)
    api.sign_in_again()


def test_a_key_older_than_its_lifetime_makes_a_new_effect(
        api: Api, catalogue: dict[str, Any], clock: MovableClock) -> None:
    milk = catalogue["milk"]["id"]
    first = ok(post(api, "entry", milk, 2, headers=KEY), 201)
    clock_at(api, clock, at(first) + KEY_LIFETIME + timedelta(seconds=1))

    renewed = ok(post(api, "entry", milk, 3, headers=KEY), 201)
    clock_at(api, clock, at(renewed))  # the renewed key is fresh again

    assert renewed["id"] != first["id"]
    assert ok(post(api, "entry", milk, 3, headers=KEY), 201) == renewed
    assert stock_of(api, milk) == 15
    assert len(movements(api, product_id=milk, movement_type="entree")) == 3
