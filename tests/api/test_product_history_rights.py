"""A product's history follows the roles table: everyone reads its catalogue events (prices,
names), only the roles that read stock see its movements (quantity, stock after, reason, who)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BACKENDS, Api

MOVEMENTS = {"Product.StockReceived", "Product.StockIssued", "Product.StockAdjusted"}


def history(api: Api, who: str, product_id: str) -> list[dict[str, Any]]:
    answer = api.call(who, "GET", f"/api/products/{product_id}/history/")
    assert answer.status_code == 200, answer.text
    events: list[dict[str, Any]] = answer.json()["results"]
    return events


def moved(api: Api, product_id: str) -> None:
    for path, body in (("exit", {"quantity": 1, "reason": "Casse"}),
                       ("adjustment", {"quantity": 8, "reason": "Inventaire"})):
        answer = api.call("gestionnaire_stocks", "POST", f"/api/stock/{path}/",
                          json={"product_id": product_id, **body})
        assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("who", ["vendeur", "gestionnaire_commandes"])
def test_roles_that_may_not_read_stock_see_no_movement_in_a_product_history(
        api: Api, catalogue: dict[str, Any], who: str) -> None:
    milk = catalogue["milk"]["id"]
    moved(api, milk)

    events = history(api, who, milk)

    assert [e["event_type"] for e in events] == ["Product.Registered"]
    assert "Casse" not in str(events)


@pytest.mark.parametrize("who", ["gestionnaire_stocks", "admin"])
def test_roles_that_read_stock_see_every_movement_in_a_product_history(
        api: Api, catalogue: dict[str, Any], who: str) -> None:
    milk = catalogue["milk"]["id"]
    moved(api, milk)

    events = history(api, who, milk)

    movements = [e for e in events if e["event_type"] in MOVEMENTS]
    assert [(m["data"]["quantity"], m["data"]["stock_after"]) for m in movements] == [
        (10, 10), (1, 9), (-1, 8)]
    assert movements[1]["data"]["reason"] == "Casse"
    assert movements[1]["username"] == "gestionnaire_stocks"
