"""Customers over HTTP: register, read (every field for managers, the brief for vendeurs),
search without accents, revise, deactivate, the balance read from the orders, and the orders
that name a customer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory, log_length

MANAGER = "gestionnaire_commandes"
BRIEF_FIELDS = {"id", "name", "phone", "kind", "balance", "is_active", "updated_at"}
FULL_FIELDS = BRIEF_FIELDS | {"other_phones", "address", "credit_limit", "oldest_debt_at",
                              "local_id", "created_at", "version"}
CUSTOMERS = "/api/customers/"


def create(api: Api, who: str = MANAGER, **fields: Any) -> dict[str, Any]:
    body = {"name": "Maquis Le Baobab", "phone": "70 12 34 56", "kind": "maquis", **fields}
    created: dict[str, Any] = ok(api.call(who, "POST", CUSTOMERS, json=body), 201)
    return created


def listed(api: Api, who: str = MANAGER, **params: Any) -> dict[str, Any]:
    page: dict[str, Any] = ok(api.call(who, "GET", CUSTOMERS, params=params))
    return page


def names(page: dict[str, Any]) -> list[str]:
    return [c["name"] for c in page["results"]]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_manager_registers_a_customer_and_reads_every_field(api: Api) -> None:
    created = create(api, other_phones=["0022676451289"], address="Secteur 3",
                     credit_limit=50_000)
    assert set(created) == FULL_FIELDS
    assert created["phone"] == "+22670123456"
    assert created["other_phones"] == ["+22676451289"]
    assert (created["kind"], created["credit_limit"], created["is_active"]) == ("maquis", 50_000,
                                                                                True)
    assert (created["balance"], created["oldest_debt_at"]) == (0, None)
    assert ok(api.call("admin", "GET", f"{CUSTOMERS}{created['id']}/")) == created
    assert names(listed(api, "admin")) == ["Maquis Le Baobab"]


@pytest.mark.parametrize(("body", "status", "code", "words"), [
    ({"name": "  "}, 400, "invalid_input", "nom du client est obligatoire"),
    ({"phone": "12 34"}, 400, "invalid_input", "Numéro de téléphone invalide"),
    ({"phone": ""}, 400, "invalid_input", "téléphone du client est obligatoire"),
    ({"kind": "banque"}, 400, "invalid_input", "Type de client inconnu"),
    ({"credit_limit": -1}, 400, "invalid_input", "plafond de crédit"),
    ({"other_phones": ["70123456"]}, 400, "invalid_input", "autres téléphones"),
])
def test_bad_input_is_refused_in_french_and_changes_nothing(
        api: Api, body: dict[str, Any], status: int, code: str, words: str) -> None:
    before = log_length(api.gapal)
    answer = refused(api.call(MANAGER, "POST", CUSTOMERS, json={
        "name": "Awa", "phone": "70123456", **body}), status, code)
    assert words in answer["detail"]
    assert log_length(api.gapal) == before


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_phone_belongs_to_one_active_customer_until_he_is_deactivated(api: Api) -> None:
    first = create(api)
    before = log_length(api.gapal)
    refused(api.call(MANAGER, "POST", CUSTOMERS, json={"name": "Autre", "phone": "+22670123456"}),
            409, "customer_phone_used")
    assert log_length(api.gapal) == before
    other = create(api, name="Boutique Wendkouni", phone="76451289")
    refused(api.call(MANAGER, "PATCH", f"{CUSTOMERS}{other['id']}/",
                     json={"phone": "70 12 34 56"}), 409, "customer_phone_used")
    gone = ok(api.call(MANAGER, "PATCH", f"{CUSTOMERS}{first['id']}/", json={"is_active": False}))
    assert gone["is_active"] is False
    assert names(listed(api)) == ["Boutique Wendkouni"]
    assert names(listed(api, is_active="false")) == ["Maquis Le Baobab"]
    taken = create(api, name="Nouveau Maquis")
    assert taken["phone"] == "+22670123456"
    refused(api.call(MANAGER, "PATCH", f"{CUSTOMERS}{first['id']}/", json={"is_active": True}),
            409, "customer_phone_used")


def test_a_manager_revises_a_customer_and_a_stale_version_is_refused(api: Api) -> None:
    customer = create(api)
    revised = ok(api.call("admin", "PATCH", f"{CUSTOMERS}{customer['id']}/", json={
        "name": "Hôtel Photo Luxe", "kind": "hotel", "credit_limit": 0, "address": "Route de Réo",
        "phone": "+226 71 22 33 44", "version": 1}))
    assert (revised["name"], revised["kind"], revised["phone"], revised["version"]) == (
        "Hôtel Photo Luxe", "hotel", "+22671223344", 2)
    assert names(listed(api, search="hotel photo")) == ["Hôtel Photo Luxe"]
    assert names(listed(api, search="71 22 33 44")) == ["Hôtel Photo Luxe"]
    assert names(listed(api, search="70123456")) == []
    refused(api.call("admin", "PATCH", f"{CUSTOMERS}{customer['id']}/",
                     json={"address": "x", "version": 1}), 409, "version_conflict")
    refused(api.call("admin", "PATCH", f"{CUSTOMERS}{customer['id']}/", json={"kind": "x"}),
            400, "invalid_input")
    create(api, phone="70 12 34 56")  # the old phone was freed by the change


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_search_ignores_accents_and_case_and_finds_phones_as_people_write_them(
        api: Api) -> None:
    create(api, name="Pâtisserie Kaboré", phone="70123456", other_phones=["78 99 00 11"])
    create(api, name="Cantine Zongo", phone="76451289", kind="cantine")
    assert names(listed(api, search="kabore")) == ["Pâtisserie Kaboré"]
    assert names(listed(api, search="PATISSERIE")) == ["Pâtisserie Kaboré"]
    assert names(listed(api, search="76 45 12 89")) == ["Cantine Zongo"]
    assert names(listed(api, search="78990011")) == ["Pâtisserie Kaboré"]
    assert names(listed(api, kind="cantine")) == ["Cantine Zongo"]
    assert names(listed(api, "vendeur", search="zongo")) == ["Cantine Zongo"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_roles_a_vendeur_registers_and_reads_the_brief_stock_sees_nothing(api: Api) -> None:
    mine = create(api, "vendeur", name="Boutique Sawadogo", phone="75000001")
    assert set(mine) == BRIEF_FIELDS
    page = listed(api, "vendeur")
    assert [set(c) for c in page["results"]] == [BRIEF_FIELDS]
    assert set(ok(api.call("vendeur", "GET", f"{CUSTOMERS}{mine['id']}/"))) == BRIEF_FIELDS
    assert set(ok(api.call(MANAGER, "GET", f"{CUSTOMERS}{mine['id']}/"))) == FULL_FIELDS
    refused(api.call("vendeur", "PATCH", f"{CUSTOMERS}{mine['id']}/", json={"name": "X"}), 403)
    refused(api.call("vendeur", "POST", CUSTOMERS, json={
        "name": "Crédit", "phone": "75000002", "credit_limit": 10_000}), 403,
        "permission_denied")
    for method, path in (("GET", CUSTOMERS), ("GET", f"{CUSTOMERS}{mine['id']}/"),
                         ("POST", CUSTOMERS), ("PATCH", f"{CUSTOMERS}{mine['id']}/")):
        refused(api.call("gestionnaire_stocks", method, path,
                         json={"name": "X", "phone": "75000003"}), 403)
    refused(api.call(None, "GET", CUSTOMERS), 401)
    refused(api.call(MANAGER, "GET", f"{CUSTOMERS}{'0' * 8}-0000-0000-0000-{'0' * 12}/"), 404)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_for_a_customer_takes_his_name_and_phone_unless_given(
        api: Api, place_order: OrderFactory) -> None:
    customer = create(api)
    order = place_order(client_name="", client_phone=None, customer_id=customer["id"])
    assert (order["client_name"], order["client_phone"], order["customer_id"]) == (
        "Maquis Le Baobab", "+22670123456", customer["id"])
    own = place_order(who="vendeur", client_name="Le gérant", customer_id=customer["id"])
    assert (own["client_name"], own["client_phone"]) == ("Le gérant", "+22670123456")
    place_order()  # no customer
    page = ok(api.call(MANAGER, "GET", "/api/orders/", params={"customer_id": customer["id"]}))
    assert {o["id"] for o in page["results"]} == {order["id"], own["id"]}
    mine = ok(api.call("vendeur", "GET", "/api/orders/", params={"customer_id": customer["id"]}))
    assert [o["id"] for o in mine["results"]] == [own["id"]]


def test_an_order_names_a_known_active_customer_or_a_client(
        api: Api, catalogue: dict[str, Any]) -> None:
    customer = create(api)
    ok(api.call(MANAGER, "PATCH", f"{CUSTOMERS}{customer['id']}/", json={"is_active": False}))
    items = [{"product_id": catalogue["milk"]["id"], "quantity": 1}]
    before = log_length(api.gapal)
    for body in ({"customer_id": customer["id"]},
                 {"customer_id": "00000000-0000-0000-0000-000000000001"}):
        refused(api.call(MANAGER, "POST", "/api/orders/", json={**body, "items": items}), 400,
                "unknown_customer")
    # Without a customer, client_name stays the required field the contract says (422).
    answer = api.call(MANAGER, "POST", "/api/orders/", json={"items": items})
    assert answer.status_code == 422, answer.text
    assert "client_name" in answer.text
    assert log_length(api.gapal) == before


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_balance_is_what_unpaid_orders_not_cancelled_still_owe(
        api: Api, place_order: OrderFactory) -> None:
    customer = create(api)
    first = place_order(customer_id=customer["id"], quantity=2)  # 1 000 FCFA
    place_order(customer_id=customer["id"], product="gapal", quantity=3)  # 750
    paid = place_order(customer_id=customer["id"], payment_status="payee")
    cancelled = place_order(customer_id=customer["id"], quantity=4)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{cancelled['id']}/status/",
                json={"delivery_status": "annulee"}))
    place_order(quantity=5)  # someone else's
    seen = ok(api.call(MANAGER, "GET", f"{CUSTOMERS}{customer['id']}/"))
    assert seen["balance"] == 1_750
    assert seen["oldest_debt_at"] == first["created_at"]
    assert ok(api.call("vendeur", "GET", f"{CUSTOMERS}{customer['id']}/"))["balance"] == 1_750
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{first['id']}/payment/",
                json={"payment_status": "payee"}))
    after = ok(api.call(MANAGER, "GET", f"{CUSTOMERS}{customer['id']}/"))
    assert after["balance"] == 750
    assert after["oldest_debt_at"] > first["created_at"]
    assert paid["id"] != first["id"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_managers_list_the_customers_over_their_credit_limit(
        api: Api, place_order: OrderFactory) -> None:
    over = create(api, name="Boutique Sur La Limite", phone="70 00 00 01", credit_limit=500)
    within = create(api, name="Hôtel Large", phone="70 00 00 02", credit_limit=100_000)
    cash = create(api, name="Cantine Comptant", phone="70 00 00 03", credit_limit=0)
    create(api, name="Particulier Sans Dette", phone="70 00 00 04", credit_limit=0)
    place_order(customer_id=over["id"], quantity=2)  # 1 000 FCFA > 500
    place_order(customer_id=within["id"], quantity=2)
    place_order(customer_id=cash["id"], quantity=1)  # any debt is over a limit of 0
    assert sorted(names(listed(api, over_limit="true"))) == [
        "Boutique Sur La Limite", "Cantine Comptant"]
    assert sorted(names(listed(api, over_limit="false"))) == [
        "Hôtel Large", "Particulier Sans Dette"]
    refused(api.call("vendeur", "GET", CUSTOMERS, params={"over_limit": "true"}), 403,
            "permission_denied")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_phone_downloads_only_what_changed_and_nothing_when_nothing_did(
        api: Api, place_order: OrderFactory) -> None:
    awa = create(api, name="Awa", phone="70000001")
    create(api, name="Binta", phone="70000002")
    full = api.call("vendeur", "GET", CUSTOMERS, params={"ordering": "updated_at"})
    etag = full.headers["ETag"]
    again = api.call("vendeur", "GET", CUSTOMERS, params={"ordering": "updated_at"},
                     headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    cursor = max(c["updated_at"] for c in full.json()["results"])
    assert listed(api, "vendeur", updated_since=cursor)["count"] == 0
    place_order(customer_id=awa["id"])  # Awa's balance changes: his phone must hear of it
    changed = listed(api, "vendeur", updated_since=cursor)
    assert [(c["name"], c["balance"]) for c in changed["results"]] == [("Awa", 500)]
    ok(api.call(MANAGER, "PATCH", f"{CUSTOMERS}{awa['id']}/", json={"is_active": False}))
    cursor = changed["results"][0]["updated_at"]
    gone = listed(api, "vendeur", updated_since=cursor)
    assert [(c["name"], c["is_active"]) for c in gone["results"]] == [("Awa", False)]
    assert api.call("vendeur", "GET", CUSTOMERS, params={"ordering": "updated_at"},
                    headers={"If-None-Match": etag}).status_code == 200
