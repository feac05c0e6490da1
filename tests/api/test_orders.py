"""Orders over HTTP: placing, finding, revising, moving on, delivering, paying, and the past."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.read_side import assert_rebuild_gives_same_rows

ORDER_FIELDS = {
    "id", "order_number", "local_id", "client_name", "client_phone", "delivery_address",
    "delivery_date", "delivery_status", "payment_status", "priority", "total_price",
    "amount_paid", "amount_due", "notes", "items", "created_by", "created_by_username",
    "created_at", "updated_at", "version", "customer_id",
    "unusual_reasons", "over_credit_limit", "returned_value",
}
ITEM_FIELDS = {"product_id", "product_name", "unit", "quantity", "unit_price", "subtotal"}
MANAGER = "gestionnaire_commandes"


def user_id(api: Api, who: str) -> str:
    me: str = ok(api.call(who, "GET", "/api/auth/me/"))["id"]
    return me


def listed(api: Api, who: str = MANAGER, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call(who, "GET", "/api/orders/", params=params))
    return body


def numbers(page: dict[str, Any]) -> list[str]:
    return [order["order_number"] for order in page["results"]]


def product(api: Api, product_id: str) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call("admin", "GET", f"/api/products/{product_id}/"))
    return body


def move(api: Api, order: dict[str, Any], status: str, who: str = MANAGER) -> Any:
    return api.call(who, "PATCH", f"/api/orders/{order['id']}/status/",
                    json={"delivery_status": status})


def movements_of(api: Api, order_id: str) -> list[dict[str, Any]]:
    page = ok(api.call("admin", "GET", "/api/stock/movements/", params={"order_id": order_id}))
    results: list[dict[str, Any]] = page["results"]
    return results


def items(catalogue: dict[str, Any], **quantities: float) -> list[dict[str, Any]]:
    return [{"product_id": catalogue[name]["id"], "quantity": q} for name, q in quantities.items()]


# Placing an order


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_placed_order_answers_201_with_every_field_of_the_contract(
        api: Api, catalogue: dict[str, Any]) -> None:
    answer = api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Awa Bationo", "client_phone": "+226 70 12 34 56",
        "delivery_address": "Secteur 5, Koudougou", "delivery_date": "2030-01-15",
        "priority": "haute", "notes": "Sonner deux fois",
        "items": items(catalogue, milk=2.5, gapal=0.123)})
    order = ok(answer, 201)
    assert set(order) == ORDER_FIELDS
    uuid.UUID(order["id"])
    assert 0 < len(order["order_number"]) <= 14
    assert order["local_id"] is None
    assert order["client_name"] == "Awa Bationo"
    assert re.sub(r"\D", "", order["client_phone"]).endswith("70123456")
    assert order["delivery_address"] == "Secteur 5, Koudougou"
    assert order["delivery_date"] == "2030-01-15"
    assert order["delivery_status"] == "nouvelle"
    assert order["payment_status"] == "non_payee"
    assert order["priority"] == "haute"
    assert order["notes"] == "Sonner deux fois"
    assert order["created_by"] == user_id(api, "vendeur")
    assert order["created_by_username"] == "vendeur"
    assert order["version"] >= 1
    assert datetime.fromisoformat(order["created_at"]).utcoffset() is not None
    milk, gapal = order["items"]
    assert set(milk) == ITEM_FIELDS
    assert milk == {"product_id": catalogue["milk"]["id"],
                    "product_name": "Lait frais de vache (1 L)", "unit": "L", "quantity": 2.5,
                    "unit_price": 500, "subtotal": 1250}
    assert gapal == {"product_id": catalogue["gapal"]["id"], "product_name": "Gapal (sachet 0,5 L)",
                     "unit": "sachet", "quantity": 0.123, "unit_price": 250, "subtotal": 31}
    assert order["total_price"] == 1250 + 31
    assert ok(api.call("vendeur", "GET", f"/api/orders/{order['id']}/")) == order


def test_an_order_defaults_to_moyenne_priority_and_unpaid(place_order: OrderFactory) -> None:
    order = place_order()
    assert order["priority"] == "moyenne"
    assert order["payment_status"] == "non_payee"
    assert order["delivery_status"] == "nouvelle"


def test_an_order_may_be_placed_already_paid(place_order: OrderFactory) -> None:
    assert place_order(payment_status="payee")["payment_status"] == "payee"


def test_the_total_is_computed_by_the_server_never_taken_from_the_client(
        api: Api, catalogue: dict[str, Any]) -> None:
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "total_price": 1, "items": [
            {"product_id": catalogue["milk"]["id"], "quantity": 3, "unit_price": 1,
             "subtotal": 1}]}), 201)
    assert order["items"][0]["unit_price"] == 500
    assert order["items"][0]["subtotal"] == 1500
    assert order["total_price"] == 1500


def test_order_numbers_are_unique_and_short(place_order: OrderFactory) -> None:
    found = {place_order()["order_number"] for _ in range(5)}
    assert len(found) == 5
    assert all(len(number) <= 14 for number in found)


@pytest.mark.parametrize("phone", ["+226 70 12 34 56", "76 45 12 89", "00226 71 22 33 44",
                                   "70123456"])
def test_a_burkina_phone_written_any_usual_way_is_accepted(
        api: Api, catalogue: dict[str, Any], phone: str) -> None:
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "client_phone": phone, "items": items(catalogue, milk=1)}), 201)
    assert re.sub(r"\D", "", order["client_phone"]).endswith(re.sub(r"\D", "", phone)[-8:])


def test_a_null_phone_is_no_phone_not_a_500(api: Api, catalogue: dict[str, Any]) -> None:
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "client_phone": None, "items": items(catalogue, milk=1)}), 201)
    assert order["client_phone"] == ""


@pytest.mark.parametrize("phone", ["12345", "+33 6 12 34 56 78", "70 12 34 5x", "+226 7012345",
                                   "0022670123456789"])
def test_a_phone_that_is_not_a_burkina_number_is_refused_with_422(
        api: Api, catalogue: dict[str, Any], phone: str) -> None:
    before = log_length(api.gapal)
    answer = api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "client_phone": phone, "items": items(catalogue, milk=1)})
    assert answer.status_code == 422, answer.text
    assert isinstance(answer.json()["detail"], list)
    assert log_length(api.gapal) == before


def test_an_order_without_items_is_refused_with_422(api: Api, catalogue: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    for body in ({"client_name": "Awa", "items": []}, {"client_name": "Awa"}):
        answer = api.call(MANAGER, "POST", "/api/orders/", json=body)
        assert answer.status_code == 422, answer.text
    assert log_length(api.gapal) == before
    assert listed(api)["count"] == 0


@pytest.mark.parametrize("quantity", [0, -1, 1.0005, "beaucoup", 1e300])
def test_an_item_quantity_must_be_positive_with_at_most_3_decimals(
        api: Api, catalogue: dict[str, Any], quantity: Any) -> None:
    before = log_length(api.gapal)
    answer = api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": items(catalogue, milk=quantity)})
    assert answer.status_code == 422, answer.text
    assert log_length(api.gapal) == before


def test_an_order_for_an_unknown_product_is_refused_and_nothing_is_written(
        api: Api, catalogue: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    answer = api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": [
            {"product_id": catalogue["milk"]["id"], "quantity": 1},
            {"product_id": str(uuid.uuid4()), "quantity": 1}]})
    assert answer.status_code in (400, 404, 409, 422), answer.text
    assert answer.json()["detail"]
    assert log_length(api.gapal) == before
    assert listed(api)["count"] == 0


def test_an_order_for_an_archived_product_is_refused(api: Api, catalogue: dict[str, Any]) -> None:
    ok(api.call("gestionnaire_stocks", "DELETE", f"/api/products/{catalogue['gapal']['id']}/"))
    before = log_length(api.gapal)
    answer = api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": items(catalogue, gapal=1)})
    assert answer.status_code in (400, 409), answer.text
    assert answer.json()["code"]
    assert log_length(api.gapal) == before
    assert listed(api)["count"] == 0


def test_the_same_local_id_twice_answers_200_with_the_same_order_and_makes_only_one(
        api: Api, catalogue: dict[str, Any]) -> None:
    local_id = str(uuid.uuid4())
    body = {"client_name": "Awa", "local_id": local_id, "items": items(catalogue, milk=1)}
    first = ok(api.call("vendeur", "POST", "/api/orders/", json=body), 201)
    assert first["local_id"] == local_id
    length = log_length(api.gapal)
    again = ok(api.call("vendeur", "POST", "/api/orders/", json=body), 200)
    assert again == first
    assert log_length(api.gapal) == length
    assert listed(api)["count"] == 1


def test_the_same_idempotency_key_from_the_same_user_returns_the_first_answer(
        api: Api, catalogue: dict[str, Any]) -> None:
    key = {"Idempotency-Key": "commande-42"}
    body = {"client_name": "Awa", "items": items(catalogue, milk=1)}
    first = api.call("vendeur", "POST", "/api/orders/", json=body, headers=key)
    assert first.status_code == 201, first.text
    length = log_length(api.gapal)
    again = api.call("vendeur", "POST", "/api/orders/", json=body, headers=key)
    assert again.status_code == first.status_code
    assert again.json() == first.json()
    assert log_length(api.gapal) == length
    assert listed(api)["count"] == 1
    assert product(api, catalogue["milk"]["id"])["reserved_quantity"] == 1


def test_the_same_idempotency_key_from_another_user_makes_its_own_order(
        api: Api, catalogue: dict[str, Any]) -> None:
    key = {"Idempotency-Key": "commande-42"}
    body = {"client_name": "Awa", "items": items(catalogue, milk=1)}
    mine = ok(api.call("vendeur", "POST", "/api/orders/", json=body, headers=key), 201)
    theirs = ok(api.call(MANAGER, "POST", "/api/orders/", json=body, headers=key), 201)
    assert theirs["id"] != mine["id"]
    assert theirs["created_by_username"] == MANAGER
    assert listed(api)["count"] == 2


def test_an_idempotency_key_longer_than_200_characters_is_refused(
        api: Api, catalogue: dict[str, Any]) -> None:
    answer = api.call("vendeur", "POST", "/api/orders/", headers={"Idempotency-Key": "k" * 201},
                      json={"client_name": "Awa", "items": items(catalogue, milk=1)})
    assert 400 <= answer.status_code < 500
    assert listed(api)["count"] == 0


def test_the_order_path_works_without_its_trailing_slash(api: Api,
                                                          catalogue: dict[str, Any]) -> None:
    order = ok(api.call(MANAGER, "POST", "/api/orders", json={
        "client_name": "Awa", "items": items(catalogue, milk=1)}), 201)
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}"))["id"] == order["id"]


# Listing, filtering, searching, ordering


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_order_list_is_paginated_newest_first_with_links(
        api: Api, place_order: OrderFactory) -> None:
    placed = [place_order(client_name=f"Client {n}") for n in range(3)]
    first = listed(api, page_size=2)
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 3
    assert [o["id"] for o in first["results"]] == [placed[2]["id"], placed[1]["id"]]
    assert first["previous"] is None
    assert first["next"] is not None
    assert set(first["results"][0]) == ORDER_FIELDS
    second = ok(api.call(MANAGER, "GET", first["next"]))
    assert [o["id"] for o in second["results"]] == [placed[0]["id"]]
    assert second["next"] is None
    assert second["previous"] is not None
    back = ok(api.call(MANAGER, "GET", second["previous"]))
    assert back["results"] == first["results"]


def test_a_page_size_over_200_is_refused(api: Api) -> None:
    assert api.call(MANAGER, "GET", "/api/orders/", params={"page_size": 201}).status_code == 422


def test_orders_are_filtered_by_delivery_status_as_a_comma_list(
        api: Api, place_order: OrderFactory) -> None:
    new, preparing, leaving = place_order(), place_order(), place_order()
    ok(move(api, preparing, "en_preparation"))
    ok(move(api, leaving, "en_cours"))
    assert set(numbers(listed(api, delivery_status="nouvelle"))) == {new["order_number"]}
    assert set(numbers(listed(api, delivery_status="en_preparation,en_cours"))) == {
        preparing["order_number"], leaving["order_number"]}
    assert listed(api, delivery_status="livree")["count"] == 0


def test_an_unknown_delivery_status_filter_is_not_a_server_error(api: Api) -> None:
    answer = api.call(MANAGER, "GET", "/api/orders/", params={"delivery_status": "perdue"})
    assert 400 <= answer.status_code < 500


def test_orders_are_filtered_by_payment_status_and_priority(
        api: Api, place_order: OrderFactory) -> None:
    paid_urgent = place_order(payment_status="payee", priority="haute")
    unpaid_low = place_order(priority="basse")
    assert numbers(listed(api, payment_status="payee")) == [paid_urgent["order_number"]]
    assert numbers(listed(api, payment_status="non_payee")) == [unpaid_low["order_number"]]
    assert numbers(listed(api, priority="basse")) == [unpaid_low["order_number"]]
    assert numbers(listed(api, priority="haute")) == [paid_urgent["order_number"]]
    assert listed(api, priority="moyenne")["count"] == 0


def test_orders_are_filtered_by_their_creator(api: Api, place_order: OrderFactory) -> None:
    by_seller = place_order(who="vendeur")
    place_order(who=MANAGER)
    assert numbers(listed(api, created_by=user_id(api, "vendeur"))) == [by_seller["order_number"]]


def test_orders_are_filtered_by_creation_day(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    day = datetime.fromisoformat(order["created_at"]).astimezone(UTC).date()
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    assert listed(api, date_from=day, date_to=day)["count"] == 1
    assert listed(api, date_from=before, date_to=after)["count"] == 1
    assert listed(api, date_to=before)["count"] == 0
    assert listed(api, date_from=after)["count"] == 0


def test_orders_are_filtered_by_delivery_date(api: Api, place_order: OrderFactory) -> None:
    early = place_order(delivery_date="2030-03-01")
    late = place_order(delivery_date="2030-03-10")
    place_order()
    assert numbers(listed(api, delivery_date_from="2030-03-05")) == [late["order_number"]]
    assert numbers(listed(api, delivery_date_to="2030-03-05")) == [early["order_number"]]
    assert set(numbers(listed(api, delivery_date_from="2030-03-01",
                              delivery_date_to="2030-03-10"))) == {
        early["order_number"], late["order_number"]}


def test_the_search_finds_a_client_name_without_accents_or_case(
        api: Api, place_order: OrderFactory) -> None:
    kabore = place_order(client_name="Adama Kaboré")
    place_order(client_name="Awa Bationo")
    assert numbers(listed(api, search="kabore")) == [kabore["order_number"]]
    assert numbers(listed(api, search="KABORÉ")) == [kabore["order_number"]]


def test_the_search_finds_an_order_number_and_a_phone(api: Api,
                                                     place_order: OrderFactory) -> None:
    wanted = place_order(client_phone="76 45 12 89")
    other = place_order(client_phone="70 11 22 33")
    assert numbers(listed(api, search=wanted["order_number"])) == [wanted["order_number"]]
    assert numbers(listed(api, search=wanted["order_number"].lower())) == [
        wanted["order_number"]]
    assert numbers(listed(api, search="76451289")) == [wanted["order_number"]]
    for written in ("76 45 12 89", "+226 76 45 12 89", "00226 76451289", "76-45-12"):
        assert numbers(listed(api, search=written)) == [wanted["order_number"]], written
    assert numbers(listed(api, search="70112233")) == [other["order_number"]]


def test_the_search_treats_like_wildcards_as_plain_text(api: Api,
                                                        place_order: OrderFactory) -> None:
    place_order(client_name="Awa")
    assert listed(api, search="%")["count"] == 0
    assert listed(api, search="_")["count"] == 0


def test_ordering_by_priority_is_by_urgency_not_alphabet(api: Api,
                                                         place_order: OrderFactory) -> None:
    for priority in ("moyenne", "haute", "basse"):
        place_order(priority=priority)

    def priorities(ordering: str) -> list[str]:
        return [o["priority"] for o in listed(api, ordering=ordering)["results"]]

    assert priorities("priority") == ["basse", "moyenne", "haute"]
    assert priorities("-priority") == ["haute", "moyenne", "basse"]


def test_ordering_by_creation_time_both_ways(api: Api, place_order: OrderFactory) -> None:
    placed = [place_order()["id"] for _ in range(3)]
    assert [o["id"] for o in listed(api)["results"]] == placed[::-1]
    assert [o["id"] for o in listed(api, ordering="-created_at")["results"]] == placed[::-1]
    assert [o["id"] for o in listed(api, ordering="created_at")["results"]] == placed


@pytest.mark.parametrize("field", ["total_price", "order_number", "client_name", "delivery_date"])
def test_ordering_by_a_field_both_ways(api: Api, place_order: OrderFactory, field: str) -> None:
    place_order(client_name="Boureima", quantity=2, delivery_date="2030-01-02")
    place_order(client_name="Zalissa", quantity=1, delivery_date="2030-01-03")
    place_order(client_name="Awa", quantity=3, delivery_date="2030-01-01")
    ascending = [o[field] for o in listed(api, ordering=field)["results"]]
    descending = [o[field] for o in listed(api, ordering=f"-{field}")["results"]]
    assert ascending == sorted(ascending)
    assert len(set(ascending)) == 3
    assert descending == ascending[::-1]


def test_a_vendeur_lists_only_own_orders_whatever_the_filter(
        api: Api, place_order: OrderFactory) -> None:
    mine = place_order(who="vendeur")
    other_seller = api.user("vendeur")["username"]
    place_order(who=other_seller)
    place_order(who=MANAGER)
    assert numbers(listed(api, "vendeur")) == [mine["order_number"]]
    assert numbers(listed(api, "vendeur", created_by=user_id(api, MANAGER))) == [
        mine["order_number"]]
    assert listed(api, MANAGER)["count"] == 3
    assert listed(api, "admin")["count"] == 3


def test_a_vendeur_gets_404_for_an_order_someone_else_placed(
        api: Api, place_order: OrderFactory) -> None:
    theirs = place_order(who=MANAGER)
    mine = place_order(who="vendeur")
    refused(api.call("vendeur", "GET", f"/api/orders/{theirs['id']}/"), 404, "not_found")
    refused(api.call("vendeur", "GET", f"/api/orders/{theirs['id']}/history/"), 404,
            "not_found")
    refused(api.call("vendeur", "GET", f"/api/orders/{theirs['id']}/",
                     params={"version": 1}), 404, "not_found")
    assert ok(api.call("vendeur", "GET", f"/api/orders/{mine['id']}/"))["id"] == mine["id"]


def test_an_unknown_order_is_404(api: Api) -> None:
    refused(api.call(MANAGER, "GET", f"/api/orders/{uuid.uuid4()}/"), 404, "not_found")
    refused(api.call(MANAGER, "PATCH", f"/api/orders/{uuid.uuid4()}/status/",
                     json={"delivery_status": "annulee"}), 404, "not_found")


def test_a_vendeur_may_not_update_even_an_own_order_over_http(
        api: Api, place_order: OrderFactory) -> None:
    mine = place_order(who="vendeur")
    length = log_length(api.gapal)
    path = f"/api/orders/{mine['id']}"
    refused(api.call("vendeur", "PATCH", f"{path}/", json={"notes": "x"}), 403,
            "permission_denied")
    refused(api.call("vendeur", "PUT", f"{path}/", json={"notes": "x"}), 403,
            "permission_denied")
    refused(api.call("vendeur", "PATCH", f"{path}/status/", json={"delivery_status": "annulee"}),
            403, "permission_denied")
    refused(api.call("vendeur", "PATCH", f"{path}/payment/", json={"payment_status": "payee"}),
            403, "permission_denied")
    assert log_length(api.gapal) == length


def test_a_stock_manager_may_not_read_orders(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    refused(api.call("gestionnaire_stocks", "GET", "/api/orders/"), 403, "permission_denied")
    refused(api.call("gestionnaire_stocks", "GET", f"/api/orders/{order['id']}/"), 403,
            "permission_denied")


# Unusual orders: kept, flagged "À vérifier" on the dashboard


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_unusual_order_is_kept_listed_with_its_reasons_and_filtered(
        api: Api, catalogue: dict[str, Any]) -> None:
    """1 000 000 sachets (250 000 000 FCFA) delivered on 01/01/2020: saved, with three doubts;
    an ordinary order has none. A rebuild from the log gives the very same rows."""
    today = datetime.now(UTC).date()
    huge = ok(api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Awa Bationo", "delivery_date": "2020-01-01",
        "items": items(catalogue, gapal=1_000_000)}), 201)
    usual = ok(api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Issa Ouédraogo", "delivery_date": (today + timedelta(days=2)).isoformat(),
        "items": items(catalogue, gapal=4, milk=2)}), 201)
    day = datetime.fromisoformat(huge["created_at"]).astimezone(UTC).date()
    assert huge["total_price"] == 250_000_000
    assert huge["unusual_reasons"] == [
        "Total de 250\u202f000\u202f000 FCFA, plus de 500\u202f000 FCFA.",
        "1\u202f000\u202f000 sachet de Gapal (sachet 0,5 L) : c’est beaucoup (plus de 200).",
        f"Livraison le 01/01/2020 : date déjà passée le jour de la commande ({day:%d/%m/%Y}).",
    ]
    assert usual["unusual_reasons"] == []
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{huge['id']}/")) == huge
    by_number = {o["order_number"]: o for o in listed(api)["results"]}
    assert by_number[huge["order_number"]]["unusual_reasons"] == huge["unusual_reasons"]
    assert by_number[usual["order_number"]]["unusual_reasons"] == []
    assert numbers(listed(api, unusual="true")) == [huge["order_number"]]
    assert huge["order_number"] not in numbers(listed(api, unusual="false"))
    assert usual["order_number"] in numbers(listed(api, unusual="false"))
    assert numbers(listed(api, "vendeur", unusual="true")) == [huge["order_number"]]
    answer = api.call(MANAGER, "GET", "/api/orders/", params={"unusual": "peut-etre"})
    assert answer.status_code == 422, answer.text
    assert_rebuild_gives_same_rows(api.gapal)
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{huge['id']}/")) == huge


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_revision_judges_the_order_again(api: Api, catalogue: dict[str, Any]) -> None:
    today = datetime.now(UTC).date()
    order = ok(api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Awa Bationo", "items": items(catalogue, gapal=300)}), 201)
    assert [r[:10] for r in order["unusual_reasons"]] == ["300 sachet"]
    order = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "items": items(catalogue, gapal=3), "version": order["version"]}))
    assert order["unusual_reasons"] == []
    far = today + timedelta(days=45)
    order = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "delivery_date": far.isoformat(), "version": order["version"]}))
    assert order["unusual_reasons"] == [
        f"Livraison le {far:%d/%m/%Y} : plus de 30 jours après la commande ({today:%d/%m/%Y})."]
    assert numbers(listed(api, unusual="true")) == [order["order_number"]]
    # A status change leaves the doubts as they were; the order as it was had its own.
    order = ok(move(api, order, "en_preparation"))
    assert len(order["unusual_reasons"]) == 1
    first = ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/", params={"version": 1}))
    assert [r[:10] for r in first["unusual_reasons"]] == ["300 sachet"]
    second = ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/", params={"version": 2}))
    assert second["unusual_reasons"] == []
    assert_rebuild_gives_same_rows(api.gapal)


# Revising


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_manager_revises_client_fields_notes_priority_and_delivery_date(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    revised = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "client_name": "Awa Bationo-Ouédraogo", "client_phone": "76 45 12 89",
        "delivery_address": "Marché central", "notes": "Livrer avant midi",
        "priority": "haute", "delivery_date": "2030-02-01", "version": order["version"]}))
    assert revised["client_name"] == "Awa Bationo-Ouédraogo"
    assert re.sub(r"\D", "", revised["client_phone"]).endswith("76451289")
    assert revised["delivery_address"] == "Marché central"
    assert revised["notes"] == "Livrer avant midi"
    assert revised["priority"] == "haute"
    assert revised["delivery_date"] == "2030-02-01"
    assert revised["version"] > order["version"]
    assert revised["items"] == order["items"]
    assert revised["order_number"] == order["order_number"]
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == revised


def test_a_put_revises_the_order_too(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    revised = ok(api.call("admin", "PUT", f"/api/orders/{order['id']}/", json={
        "client_name": "Rasmata", "client_phone": "70 12 34 56", "delivery_address": "Issouka",
        "delivery_date": None, "priority": "basse", "notes": ""}))
    assert revised["client_name"] == "Rasmata"
    assert revised["priority"] == "basse"
    assert revised["delivery_address"] == "Issouka"


def test_a_bad_phone_in_a_revision_is_refused_with_422(api: Api,
                                                      place_order: OrderFactory) -> None:
    order = place_order()
    answer = api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/",
                      json={"client_phone": "123"})
    assert answer.status_code == 422, answer.text
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == order


def test_a_null_priority_in_a_revision_is_not_a_server_error(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    answer = api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={"priority": None})
    assert answer.status_code < 500, answer.text
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/"))["priority"] == "moyenne"


@pytest.mark.parametrize("status", ["nouvelle", "en_preparation"])
def test_items_may_change_while_the_order_has_not_left_and_totals_follow(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any], status: str) -> None:
    order = place_order(quantity=1)
    if status != "nouvelle":
        ok(move(api, order, status))
    revised = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "items": items(catalogue, milk=3, gapal=2.5)}))
    assert [(i["product_id"], i["quantity"], i["subtotal"]) for i in revised["items"]] == [
        (catalogue["milk"]["id"], 3, 1500), (catalogue["gapal"]["id"], 2.5, 625)]
    assert revised["total_price"] == 2125
    assert product(api, catalogue["milk"]["id"])["reserved_quantity"] == 3
    assert product(api, catalogue["gapal"]["id"])["reserved_quantity"] == 2.5


def test_emptying_the_items_of_an_order_is_refused(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    answer = api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={"items": []})
    assert answer.status_code in (400, 422), answer.text
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/"))["items"] == order["items"]


@pytest.mark.parametrize("status", ["en_cours", "livree", "annulee"])
def test_items_are_locked_once_the_order_has_left(api: Api, place_order: OrderFactory,
                                                  catalogue: dict[str, Any], status: str) -> None:
    order = ok(move(api, place_order(quantity=1), status))
    length = log_length(api.gapal)
    refused(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/",
                     json={"items": items(catalogue, milk=2)}), 409, "order_locked")
    assert log_length(api.gapal) == length
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == order


def test_notes_may_still_change_once_the_order_has_left(api: Api,
                                                       place_order: OrderFactory) -> None:
    order = ok(move(api, place_order(), "en_cours"))
    revised = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/",
                          json={"notes": "Client absent, repasser"}))
    assert revised["notes"] == "Client absent, repasser"


def test_a_stale_version_is_refused_with_409_version_conflict(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    current = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/",
                          json={"notes": "premier", "version": order["version"]}))
    length = log_length(api.gapal)
    refused(api.call("admin", "PATCH", f"/api/orders/{order['id']}/",
                     json={"notes": "second", "version": order["version"]}), 409,
            "version_conflict")
    refused(api.call("admin", "PATCH", f"/api/orders/{order['id']}/status/",
                     json={"delivery_status": "annulee", "version": order["version"]}), 409,
            "version_conflict")
    refused(api.call("admin", "PATCH", f"/api/orders/{order['id']}/payment/",
                     json={"payment_status": "payee", "version": order["version"]}), 409,
            "version_conflict")
    assert log_length(api.gapal) == length
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == current


# Delivery status

ALLOWED = [
    ("nouvelle", "en_preparation"), ("nouvelle", "en_cours"), ("nouvelle", "livree"),
    ("nouvelle", "annulee"), ("en_preparation", "en_cours"), ("en_preparation", "livree"),
    ("en_preparation", "annulee"), ("en_cours", "livree"), ("en_cours", "annulee"),
]
STATUSES = ["nouvelle", "en_preparation", "en_cours", "livree", "annulee"]
PATH_TO = {"nouvelle": [], "en_preparation": ["en_preparation"],
           "en_cours": ["en_preparation", "en_cours"], "livree": ["livree"],
           "annulee": ["annulee"]}


def order_in(api: Api, place_order: OrderFactory, status: str) -> dict[str, Any]:
    order = place_order()
    for step in PATH_TO[status]:
        order = ok(move(api, order, step))
    assert order["delivery_status"] == status
    return order


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_every_allowed_status_move_is_accepted(api: Api, place_order: OrderFactory,
                                               start: str, end: str) -> None:
    order = order_in(api, place_order, start)
    moved = ok(move(api, order, end))
    assert moved["delivery_status"] == end
    assert moved["version"] > order["version"]


@pytest.mark.parametrize("start", STATUSES)
def test_every_other_status_move_is_refused_with_from_and_to(
        api: Api, place_order: OrderFactory, start: str) -> None:
    order = order_in(api, place_order, start)
    length = log_length(api.gapal)
    for end in STATUSES:
        if (start, end) in ALLOWED:
            continue
        body = refused(move(api, order, end), 409, "invalid_transition")
        assert body["from"] == start
        assert body["to"] == end
    assert log_length(api.gapal) == length
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == order


def test_an_unknown_status_is_refused_with_422(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    assert move(api, order, "perdue").status_code == 422


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_delivery_takes_one_sortie_per_item_out_of_stock(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": items(catalogue, milk=2.5, gapal=2)}), 201)
    assert product(api, milk)["reserved_quantity"] == 2.5
    delivered = ok(move(api, order, "livree"))
    assert delivered["delivery_status"] == "livree"
    taken = movements_of(api, order["id"])
    assert sorted((m["product_id"], m["movement_type"], m["quantity"], m["stock_after"],
                   m["order_id"], m["username"]) for m in taken) == sorted([
        (milk, "sortie", 2.5, 7.5, order["id"], MANAGER),
        (gapal, "sortie", 2, 3, order["id"], MANAGER)])
    assert (product(api, milk)["stock_quantity"], product(api, milk)["reserved_quantity"]) == (
        7.5, 0)
    assert (product(api, gapal)["stock_quantity"], product(api, gapal)["reserved_quantity"]) == (
        3, 0)
    assert product(api, milk)["available_quantity"] == 7.5


def test_two_lines_of_one_product_are_delivered_together(
        api: Api, catalogue: dict[str, Any]) -> None:
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": [{"product_id": catalogue["milk"]["id"], "quantity": 6},
                                        {"product_id": catalogue["milk"]["id"], "quantity": 4}]}),
        201)
    assert order["total_price"] == 5000
    ok(move(api, order, "livree"))
    assert product(api, catalogue["milk"]["id"])["stock_quantity"] == 0
    assert sum(m["quantity"] for m in movements_of(api, order["id"])) == 10


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_delivery_short_of_stock_is_refused_and_changes_nothing(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk, gapal = catalogue["milk"], catalogue["gapal"]
    order = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Awa", "items": items(catalogue, gapal=1, milk=12.5)}), 201)
    length = log_length(api.gapal)
    movements = ok(api.call("admin", "GET", "/api/stock/movements/"))
    body = refused(move(api, order, "livree"), 409, "insufficient_stock")
    assert body["shortages"] == [{"product_id": milk["id"], "product_name": milk["name"],
                                  "requested": 12.5, "available": 10}]
    assert log_length(api.gapal) == length
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/")) == order
    assert ok(api.call("admin", "GET", "/api/stock/movements/")) == movements
    assert product(api, milk["id"])["stock_quantity"] == 10
    assert product(api, gapal["id"])["stock_quantity"] == 5
    assert product(api, gapal["id"])["reserved_quantity"] == 1


def test_a_cancelled_order_gives_its_reservation_back_and_takes_no_stock(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(quantity=4)
    ok(move(api, order, "annulee"))
    milk = product(api, catalogue["milk"]["id"])
    assert (milk["stock_quantity"], milk["reserved_quantity"], milk["available_quantity"]) == (
        10, 0, 10)
    assert movements_of(api, order["id"]) == []


def test_reserved_and_available_follow_the_pending_orders(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    milk_id = catalogue["milk"]["id"]

    def milk() -> tuple[float, float, float]:
        found = product(api, milk_id)
        return found["stock_quantity"], found["reserved_quantity"], found["available_quantity"]

    assert milk() == (10, 0, 10)
    first = place_order(quantity=4)
    assert milk() == (10, 4, 6)
    second = place_order(quantity=8)
    assert milk() == (10, 12, -2)
    ok(move(api, second, "en_cours"))
    assert milk() == (10, 12, -2)
    ok(move(api, first, "annulee"))
    assert milk() == (10, 8, 2)
    ok(move(api, second, "livree"))
    assert milk() == (2, 0, 2)
    low = ok(api.call("vendeur", "GET", "/api/products/low-stock/"))
    assert [p["id"] for p in low["results"]] == [milk_id]


# Payment


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_marking_paid_records_the_rest_in_cash_and_the_history_says_who(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    path = f"/api/orders/{order['id']}"
    paid = ok(api.call(MANAGER, "PATCH", f"{path}/payment/", json={"payment_status": "payee"}))
    assert paid["payment_status"] == "payee"
    assert (paid["amount_paid"], paid["amount_due"]) == (order["total_price"], 0)
    assert ok(api.call(MANAGER, "GET", f"{path}/"))["payment_status"] == "payee"
    history = ok(api.call(MANAGER, "GET", f"{path}/history/"))["results"]
    (payment,) = [e for e in history if e["event_type"] == "Order.PaymentReceived"]
    assert (payment["username"], payment["data"]["amount"], payment["data"]["method"]) == (
        MANAGER, order["total_price"], "especes")
    assert datetime.fromisoformat(payment["occurred_at"]).utcoffset() is not None


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_marking_unpaid_after_payments_reverses_them_as_api_md_says(
        api: Api, place_order: OrderFactory) -> None:
    """API.md: `non_payee` ⇄ `payee` both ways. Unmarking reverses the payments recorded
    (one `Order.PaymentsReversed`, who and when in the history); marking paid again works."""
    order = place_order()
    path = f"/api/orders/{order['id']}"
    ok(api.call(MANAGER, "PATCH", f"{path}/payment/", json={"payment_status": "payee"}))

    unpaid = ok(api.call("admin", "PATCH", f"{path}/payment/",
                         json={"payment_status": "non_payee"}))

    assert (unpaid["payment_status"], unpaid["amount_paid"], unpaid["amount_due"]) == (
        "non_payee", 0, order["total_price"])
    assert ok(api.call(MANAGER, "GET", f"{path}/")) == unpaid
    history = ok(api.call(MANAGER, "GET", f"{path}/history/"))["results"]
    (reversal,) = [e for e in history if e["event_type"] == "Order.PaymentsReversed"]
    (received,) = [e for e in history if e["event_type"] == "Order.PaymentReceived"]
    assert reversal["username"] == "admin"
    assert reversal["data"]["amount"] == order["total_price"]
    assert [p["payment_id"] for p in reversal["data"]["payments"]] == [
        received["data"]["payment_id"]]
    again = ok(api.call(MANAGER, "PATCH", f"{path}/payment/", json={"payment_status": "payee"}))
    assert (again["payment_status"], again["amount_paid"]) == ("payee", order["total_price"])


def test_partial_payment_cannot_be_set_by_hand(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    refused(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                     json={"payment_status": "partielle"}), 400, "invalid_input")


def test_an_unknown_payment_status_is_refused_with_422(api: Api,
                                                       place_order: OrderFactory) -> None:
    order = place_order()
    answer = api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                      json={"payment_status": "moitie"})
    assert answer.status_code == 422


def test_a_delivered_order_may_still_be_paid(api: Api, place_order: OrderFactory) -> None:
    order = ok(move(api, place_order(), "livree"))
    paid = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                       json={"payment_status": "payee"}))
    assert (paid["delivery_status"], paid["payment_status"]) == ("livree", "payee")


# History and the past


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_history_lists_every_event_of_the_order_with_who(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={"notes": "appeler"}))
    ok(move(api, order, "en_preparation", who="admin"))
    page = ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/history/"))
    assert page["count"] == 3
    assert page["next"] is None
    history = page["results"]
    assert [(e["aggregate_version"], e["username"]) for e in history] == [
        (1, "vendeur"), (2, MANAGER), (3, "admin")]
    assert {e["aggregate_id"] for e in history} == {order["id"]}
    assert [e["user_id"] for e in history] == [
        user_id(api, "vendeur"), user_id(api, MANAGER), user_id(api, "admin")]
    assert history[0]["data"]["client_name"] == "Awa Bationo"
    assert history[1]["data"] == {"changes": {"notes": "appeler"}}
    assert history[2]["data"] == {"from_status": "nouvelle", "to_status": "en_preparation"}
    assert all(e["aggregate_type"] == history[0]["aggregate_type"] for e in history)
    times = [datetime.fromisoformat(e["occurred_at"]) for e in history]
    assert times == sorted(times)
    mine = ok(api.call("vendeur", "GET", f"/api/orders/{order['id']}/history/"))
    assert len(mine["results"]) == 3


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_is_shown_as_it_was_at_a_version_or_a_moment(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(quantity=1)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "client_name": "Awa Ouédraogo", "items": items(catalogue, milk=2)}))
    now = ok(move(api, order, "en_cours"))
    path = f"/api/orders/{order['id']}/"

    first = ok(api.call(MANAGER, "GET", path, params={"version": 1}))
    assert set(first) == ORDER_FIELDS
    assert first["version"] == 1
    assert (first["client_name"], first["total_price"], first["delivery_status"]) == (
        "Awa Bationo", 500, "nouvelle")
    assert first["items"] == order["items"]
    assert first["order_number"] == order["order_number"]
    assert first["created_by_username"] == MANAGER

    history = ok(api.call(MANAGER, "GET", f"{path}history/"))["results"]
    placed, revised = (datetime.fromisoformat(e["occurred_at"]) for e in history[:2])
    between = placed + (revised - placed) / 2
    old = ok(api.call(MANAGER, "GET", path, params={"at": between.isoformat()}))
    assert (old["version"], old["client_name"], old["total_price"]) == (1, "Awa Bationo", 500)
    later = ok(api.call(MANAGER, "GET", path, params={
        "at": (datetime.fromisoformat(history[-1]["occurred_at"]) + timedelta(seconds=1))
        .isoformat()}))
    assert (later["version"], later["client_name"], later["total_price"],
            later["delivery_status"]) == (now["version"], "Awa Ouédraogo", 1000, "en_cours")


def test_an_order_before_it_existed_is_404(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    before = datetime.fromisoformat(order["created_at"]) - timedelta(days=1)
    refused(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/",
                     params={"at": before.isoformat()}), 404, "not_found")


def test_a_version_below_1_is_refused(api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    answer = api.call(MANAGER, "GET", f"/api/orders/{order['id']}/", params={"version": 0})
    assert answer.status_code == 422


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_version_beyond_a_64_bit_integer_is_refused(
        api: Api, place_order: OrderFactory) -> None:
    path = f"/api/orders/{place_order()['id']}/"
    assert ok(api.call(MANAGER, "GET", path, params={"version": 2**63 - 1}))["version"] == 1
    answer = api.call(MANAGER, "GET", path, params={"version": 2**63})
    assert answer.status_code == 422, answer.text


def test_creation_day_filters_accept_plain_dates_only(api: Api) -> None:
    answer = api.call(MANAGER, "GET", "/api/orders/", params={"date_from": "hier"})
    assert answer.status_code == 422
    assert listed(api, date_from=date.today().isoformat())["count"] == 0
