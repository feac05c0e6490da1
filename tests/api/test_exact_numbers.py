"""JSON numbers are read from their text as decimals: a quantity finer than 3 decimals is refused
(422), never rounded by binary floating point into one that passes."""

from __future__ import annotations

from typing import Any

import pytest

from api.app import ROUTES
from api.common import ExactNumbersRoute
from tests.conftest import BACKENDS, Api, log_length

TOO_FINE = "0.1000000000000000000000001"
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_stock_entry_finer_than_three_decimals_is_refused_and_writes_nothing(
        api: Api, catalogue: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    body = f'{{"product_id": "{catalogue["milk"]["id"]}", "quantity": {TOO_FINE}}}'

    answer = api.call("gestionnaire_stocks", "POST", "/api/stock/entry/", content=body,
                      headers=JSON)

    assert answer.status_code == 422, answer.text
    assert "3 décimales" in answer.text
    assert log_length(api.gapal) == before


def test_an_order_line_finer_than_three_decimals_is_refused(
        api: Api, catalogue: dict[str, Any]) -> None:
    line = f'{{"product_id": "{catalogue["milk"]["id"]}", "quantity": {TOO_FINE}}}'
    body = f'{{"client_name": "Awa", "items": [{line}]}}'

    answer = api.call("vendeur", "POST", "/api/orders/", content=body, headers=JSON)

    assert answer.status_code == 422, answer.text


def test_plain_json_numbers_from_the_apps_are_read_exactly(
        api: Api, catalogue: dict[str, Any]) -> None:
    """What the dashboard and the phone send: 2.5 litres, a price written 600.0."""
    product_id = catalogue["milk"]["id"]
    line = f'{{"product_id": "{product_id}", "quantity": 2.5}}'
    body = f'{{"client_name": "Awa", "items": [{line}]}}'
    placed = api.call("vendeur", "POST", "/api/orders/", content=body, headers=JSON)
    price = api.call("gestionnaire_stocks", "PATCH", f"/api/products/{product_id}/",
                     content='{"unit_price": 600.0}', headers=JSON)

    assert placed.status_code == 201, placed.text
    assert placed.json()["items"][0]["quantity"] == 2.5
    assert placed.json()["total_price"] == 1250
    assert price.status_code == 200, price.text
    assert price.json()["unit_price"] == 600


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_beyond_json_are_refused_cleanly(
        api: Api, catalogue: dict[str, Any], number: str) -> None:
    body = f'{{"product_id": "{catalogue["milk"]["id"]}", "quantity": {number}}}'

    answer = api.call("gestionnaire_stocks", "POST", "/api/stock/entry/", content=body,
                      headers=JSON)

    assert answer.status_code == 422, answer.text



def test_every_router_but_health_reads_exact_numbers() -> None:
    assert all(module.router.route_class is ExactNumbersRoute for module in ROUTES)
