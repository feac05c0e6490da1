"""The API answers on both backends: a quick tour before the detailed suites."""

from __future__ import annotations

import pytest

from tests.conftest import BACKENDS, Api, OrderFactory


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_delivered_takes_its_milk_out_of_stock(api: Api, place_order: OrderFactory,
                                                        catalogue: dict) -> None:
    order = place_order(quantity=2.5)
    assert order["total_price"] == 1250
    answer = api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{order['id']}/status",
                      json={"delivery_status": "livree"})
    assert answer.status_code == 200, answer.text
    milk = api.call("vendeur", "GET", f"/api/products/{catalogue['milk']['id']}/").json()
    assert milk["stock_quantity"] == 7.5
    assert milk["reserved_quantity"] == 0
