"""Stock over HTTP: entries, exits, counted adjustments, exact quantities, the movement list."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory, log_length

MOVEMENT_FIELDS = {"id", "product_id", "product_name", "movement_type", "quantity", "stock_after",
                   "order_id", "reason", "user_id", "username", "created_at",
                   # extensions since lots: what moved from each lot, a loss's reason, and an
                   # entry's warning
                   "lots", "loss_reason", "warning"}
KEEPER = "gestionnaire_stocks"


def on_both_backends(*values: Any) -> list[Any]:
    """Parameters for a test whose first case runs on both backends, the others on SQLite."""
    return [pytest.param("sqlite", *values),
            pytest.param("postgres", *values, marks=pytest.mark.postgres)]


@pytest.fixture
def milk(catalogue: dict[str, Any]) -> str:
    milk_id: str = catalogue["milk"]["id"]
    return milk_id


def stock_of(api: Api, product_id: str) -> float:
    stock: float = ok(api.call(KEEPER, "GET", f"/api/products/{product_id}/"))["stock_quantity"]
    return stock


def post(api: Api, kind: str, product_id: str, quantity: Any, who: str = KEEPER,
         headers: dict[str, str] | None = None, **fields: Any) -> Any:
    return api.call(who, "POST", f"/api/stock/{kind}/", headers=headers or {},
                    json={"product_id": product_id, "quantity": quantity, **fields})


def movements(api: Api, **params: Any) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = ok(api.call(KEEPER, "GET", "/api/stock/movements/",
                                                params=params))["results"]
    return results


# Entries, exits, adjustments


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_entry_answers_201_with_the_movement_and_raises_the_stock(api: Api, milk: str) -> None:
    entry = ok(post(api, "entry", milk, 2.5, reason="Livraison de la ferme",
                    expiration_date="2030-06-01"), 201)
    assert set(entry) == MOVEMENT_FIELDS
    uuid.UUID(entry["id"])
    assert entry["product_id"] == milk
    assert entry["product_name"] == "Lait frais de vache (1 L)"
    assert entry["movement_type"] == "entree"
    assert entry["quantity"] == 2.5
    assert entry["stock_after"] == 12.5
    assert entry["order_id"] is None
    assert entry["reason"] == "Livraison de la ferme"
    assert entry["username"] == KEEPER
    assert entry["user_id"] == ok(api.call(KEEPER, "GET", "/api/auth/me/"))["id"]
    assert datetime.fromisoformat(entry["created_at"]).utcoffset() is not None
    product = ok(api.call(KEEPER, "GET", f"/api/products/{milk}/"))
    assert product["stock_quantity"] == 12.5
    assert product["expiration_date"] == "2030-06-01"
    assert movements(api, product_id=milk)[0] == entry


def test_an_entry_needs_no_reason(api: Api, milk: str) -> None:
    entry = ok(post(api, "entry", milk, 1), 201)
    assert isinstance(entry["reason"], str)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_exit_answers_201_with_a_positive_quantity_and_lowers_the_stock(
        api: Api, milk: str) -> None:
    exit_ = ok(post(api, "exit", milk, 3.25, reason="Lait tourné", who="admin"), 201)
    assert set(exit_) == MOVEMENT_FIELDS
    assert (exit_["movement_type"], exit_["quantity"], exit_["stock_after"]) == ("sortie", 3.25,
                                                                               6.75)
    assert (exit_["reason"], exit_["username"], exit_["order_id"]) == ("Lait tourné", "admin",
                                                                       None)
    assert stock_of(api, milk) == 6.75


def test_an_exit_may_empty_the_stock_exactly(api: Api, milk: str) -> None:
    assert ok(post(api, "exit", milk, 10, reason="Tout vendu"), 201)["stock_after"] == 0
    assert stock_of(api, milk) == 0


def test_an_exit_beyond_the_stock_is_refused_and_changes_nothing(api: Api, milk: str) -> None:
    length = log_length(api.gapal)
    refused(post(api, "exit", milk, 10.001, reason="Perte"), 409, "insufficient_stock")
    assert stock_of(api, milk) == 10
    assert log_length(api.gapal) == length
    assert [m["movement_type"] for m in movements(api, product_id=milk)] == ["entree"]


def test_an_exit_needs_a_reason(api: Api, milk: str) -> None:
    assert post(api, "exit", milk, 1).status_code == 422
    assert post(api, "exit", milk, 1, reason="").status_code == 422
    assert stock_of(api, milk) == 10


@pytest.mark.parametrize(("database_url", "counted", "difference"), [
    *on_both_backends(7, -3), ("sqlite", 12.5, 2.5), ("sqlite", 0, -10)],
    indirect=["database_url"])
def test_an_adjustment_sets_the_counted_stock_and_records_the_signed_difference(
        api: Api, milk: str, counted: float, difference: float) -> None:
    adjustment = ok(post(api, "adjustment", milk, counted, reason="Inventaire du soir"), 201)
    assert set(adjustment) == MOVEMENT_FIELDS
    assert adjustment["movement_type"] == "ajustement"
    assert adjustment["quantity"] == difference
    assert adjustment["stock_after"] == counted
    assert adjustment["reason"] == "Inventaire du soir"
    assert stock_of(api, milk) == counted


def test_an_adjustment_to_the_same_count_records_a_zero_difference(api: Api, milk: str) -> None:
    adjustment = ok(post(api, "adjustment", milk, 10, reason="Inventaire"), 201)
    assert (adjustment["quantity"], adjustment["stock_after"]) == (0, 10)


def test_an_adjustment_to_a_negative_count_is_refused(api: Api, milk: str) -> None:
    assert post(api, "adjustment", milk, -1, reason="Inventaire").status_code == 422
    assert post(api, "adjustment", milk, 3).status_code == 422
    assert stock_of(api, milk) == 10


@pytest.mark.parametrize("kind", ["entry", "exit"])
def test_a_moved_quantity_must_be_positive_with_at_most_3_decimals(
        api: Api, milk: str, kind: str) -> None:
    length = log_length(api.gapal)
    for quantity in (0, -1, 1.0001, 0.0005, "deux", None, 1e300):
        answer = post(api, kind, milk, quantity, reason="x")
        assert answer.status_code == 422, (quantity, answer.text)
    assert log_length(api.gapal) == length


def test_an_adjustment_with_4_decimals_is_refused(api: Api, milk: str) -> None:
    assert post(api, "adjustment", milk, 9.9999, reason="Inventaire").status_code == 422
    assert stock_of(api, milk) == 10


def test_quantities_are_exact_to_the_thousandth(api: Api, milk: str) -> None:
    ok(post(api, "adjustment", milk, 0, reason="Remise à zéro"), 201)
    for _ in range(10):
        ok(post(api, "entry", milk, 0.001), 201)
    assert stock_of(api, milk) == 0.01
    ok(post(api, "entry", milk, 0.1), 201)
    assert ok(post(api, "entry", milk, 0.2), 201)["stock_after"] == 0.31
    assert ok(post(api, "exit", milk, 0.3, reason="Vente"), 201)["stock_after"] == 0.01
    assert ok(post(api, "exit", milk, 0.009, reason="Vente"), 201)["stock_after"] == 0.001
    assert stock_of(api, milk) == 0.001
    assert ok(post(api, "adjustment", milk, 1.234, reason="Inventaire"), 201)["quantity"] == 1.233


def test_a_large_quantity_keeps_its_thousandths(api: Api, milk: str) -> None:
    entry = ok(post(api, "entry", milk, 123456.789), 201)
    assert entry["stock_after"] == 123466.789
    assert stock_of(api, milk) == 123466.789


def test_an_unknown_product_is_404(api: Api) -> None:
    length = log_length(api.gapal)
    for kind in ("entry", "exit", "adjustment"):
        refused(post(api, kind, str(uuid.uuid4()), 1, reason="x"), 404, "not_found")
    assert log_length(api.gapal) == length


def test_stock_of_an_archived_product_does_not_move(api: Api, milk: str) -> None:
    ok(api.call(KEEPER, "DELETE", f"/api/products/{milk}/"))
    length = log_length(api.gapal)
    answer = post(api, "entry", milk, 1)
    assert answer.status_code == 409, answer.text
    assert log_length(api.gapal) == length


@pytest.mark.parametrize("who", ["vendeur", "gestionnaire_commandes"])
def test_only_stock_keepers_and_admins_move_stock(api: Api, milk: str, who: str) -> None:
    length = log_length(api.gapal)
    refused(post(api, "entry", milk, 1, who=who), 403, "permission_denied")
    refused(post(api, "exit", milk, 1, who=who, reason="x"), 403, "permission_denied")
    refused(post(api, "adjustment", milk, 1, who=who, reason="x"), 403, "permission_denied")
    refused(api.call(who, "GET", "/api/stock/movements/"), 403, "permission_denied")
    assert log_length(api.gapal) == length


# Idempotency


@pytest.mark.parametrize(("database_url", "kind", "quantity", "stock_after"), [
    *on_both_backends("entry", 2, 12), ("sqlite", "exit", 2, 8),
    ("sqlite", "adjustment", 4, 4)], indirect=["database_url"])
def test_a_retried_stock_write_with_the_same_key_moves_the_stock_once(
        api: Api, milk: str, kind: str, quantity: float, stock_after: float) -> None:
    key = {"Idempotency-Key": f"stock-{kind}-1"}
    first = post(api, kind, milk, quantity, reason="Réseau instable", headers=key)
    assert first.status_code == 201, first.text
    length = log_length(api.gapal)
    again = post(api, kind, milk, quantity, reason="Réseau instable", headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert first.json()["stock_after"] == stock_after
    assert log_length(api.gapal) == length
    assert stock_of(api, milk) == stock_after
    assert len(movements(api, product_id=milk)) == 2


def test_the_same_key_from_another_user_is_another_movement(api: Api, milk: str) -> None:
    key = {"Idempotency-Key": "entree-du-matin"}
    mine = ok(post(api, "entry", milk, 1, headers=key), 201)
    theirs = ok(post(api, "entry", milk, 1, who="admin", headers=key), 201)
    assert theirs["id"] != mine["id"]
    assert stock_of(api, milk) == 12


def test_different_keys_are_different_movements(api: Api, milk: str) -> None:
    ok(post(api, "exit", milk, 1, reason="x", headers={"Idempotency-Key": "a"}), 201)
    ok(post(api, "exit", milk, 1, reason="x", headers={"Idempotency-Key": "b"}), 201)
    assert stock_of(api, milk) == 8


# Movement list


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_movement_list_is_newest_first_and_filtered(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    entry = ok(post(api, "entry", milk, 1), 201)
    exit_ = ok(post(api, "exit", gapal, 1, reason="Casse"), 201)
    adjustment = ok(post(api, "adjustment", milk, 9, reason="Inventaire"), 201)
    order = place_order(quantity=2)
    ok(api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{order['id']}/status/",
                json={"delivery_status": "livree"}))

    page = ok(api.call(KEEPER, "GET", "/api/stock/movements/"))
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 6  # the two initial stocks, then the four moves above
    everything = page["results"]
    assert all(set(m) == MOVEMENT_FIELDS for m in everything)
    assert [m["movement_type"] for m in everything] == [
        "sortie", "ajustement", "sortie", "entree", "entree", "entree"]
    assert everything[1:4] == [adjustment, exit_, entry]
    times = [datetime.fromisoformat(m["created_at"]) for m in everything]
    assert times == sorted(times, reverse=True)

    delivered = movements(api, order_id=order["id"])
    assert [(m["product_id"], m["quantity"], m["stock_after"], m["order_id"]) for m in delivered] \
        == [(milk, 2, 7, order["id"])]
    assert [m["id"] for m in movements(api, product_id=gapal)] == [
        exit_["id"], everything[-2]["id"]]
    assert [m["id"] for m in movements(api, movement_type="ajustement")] == [adjustment["id"]]
    assert len(movements(api, movement_type="sortie")) == 2
    assert len(movements(api, product_id=milk, movement_type="entree")) == 2


def test_the_movement_list_filters_by_day(api: Api, milk: str) -> None:
    entry = ok(post(api, "entry", milk, 1), 201)
    day = datetime.fromisoformat(entry["created_at"]).astimezone(UTC).date()
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    assert len(movements(api, date_from=day, date_to=day)) == 3
    assert len(movements(api, date_from=before)) == 3
    assert movements(api, date_to=before) == []
    assert movements(api, date_from=after) == []


def test_the_movement_list_refuses_an_unknown_type(api: Api) -> None:
    answer = api.call(KEEPER, "GET", "/api/stock/movements/", params={"movement_type": "vol"})
    assert answer.status_code == 422


def test_the_movement_list_is_paginated(api: Api, milk: str) -> None:
    for _ in range(3):
        ok(post(api, "entry", milk, 1), 201)
    first = ok(api.call(KEEPER, "GET", "/api/stock/movements/", params={"page_size": 2}))
    assert first["count"] == 5
    assert first["previous"] is None
    last = ok(api.call(KEEPER, "GET", "/api/stock/movements/",
                       params={"page_size": 2, "page": 3}))
    assert last["next"] is None
    assert len(last["results"]) == 1
    middle = ok(api.call(KEEPER, "GET", first["next"]))
    assert {m["id"] for m in middle["results"]}.isdisjoint(m["id"] for m in first["results"])
