"""A phone's order sync over HTTP: the orders changed since its cursor, and 304 when none did."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BACKENDS, Api, OrderFactory

MANAGER = "gestionnaire_commandes"


def changed(api: Api, since: str, who: str = "vendeur") -> list[dict[str, Any]]:
    answer = api.call(who, "GET", "/api/orders/",
                      params={"updated_since": since, "ordering": "updated_at"})
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_updated_since_lists_the_vendors_orders_changed_after_it_oldest_change_first(
        api: Api, place_order: OrderFactory) -> None:
    first = place_order("vendeur", client_name="Awa")
    second = place_order("vendeur", client_name="Bintou")
    place_order(MANAGER, client_name="Commande du bureau")
    answer = api.call(MANAGER, "PATCH", f"/api/orders/{first['id']}/status/",
                      json={"delivery_status": "en_preparation"})
    assert answer.status_code == 200, answer.text
    assert [(o["client_name"], o["delivery_status"])
            for o in changed(api, second["updated_at"])] == [("Awa", "en_preparation")]


def test_ordering_by_updated_at_lists_the_oldest_change_first(
        api: Api, place_order: OrderFactory) -> None:
    placed = {name: place_order("vendeur", client_name=name) for name in "ABCD"}
    for name in "BDAC":
        paid = api.call(MANAGER, "PATCH", f"/api/orders/{placed[name]['id']}/payment/",
                        json={"payment_status": "payee"})
        assert paid.status_code == 200, paid.text
    since = placed["A"]["created_at"]
    assert [o["client_name"] for o in changed(api, since)] == list("BDAC")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_unchanged_order_list_answers_304_to_its_etag(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order("vendeur")
    query = {"updated_since": order["updated_at"], "ordering": "updated_at"}
    first = api.call("vendeur", "GET", "/api/orders/", params=query)
    assert first.json()["results"] == []
    etag = first.headers["ETag"]
    unchanged = api.call("vendeur", "GET", "/api/orders/", params=query,
                         headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
             json={"payment_status": "payee"})
    moved = api.call("vendeur", "GET", "/api/orders/", params=query,
                     headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert [o["payment_status"] for o in moved.json()["results"]] == ["payee"]


def test_a_malformed_updated_since_is_a_validation_error(api: Api) -> None:
    answer = api.call("vendeur", "GET", "/api/orders/", params={"updated_since": "hier"})
    assert answer.status_code == 422


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"])
def test_an_updated_since_at_the_calendars_ends_is_answered(
        api: Api, place_order: OrderFactory, since: str) -> None:
    place_order("vendeur")
    expected = 1 if since.startswith("0001") else 0
    assert len(changed(api, since)) == expected
