"""Categories and products: CRUD, stock only through movements, filters, history and ETags."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BACKENDS, Api, OrderFactory

PRODUCT_FIELDS = {
    "id", "name", "category_id", "category_name", "unit", "unit_price", "prices_by_kind",
    "barcode", "stock_quantity", "reserved_quantity", "available_quantity", "min_stock_level",
    "is_low_stock", "expiration_date", "is_active", "version", "created_at", "updated_at",
}
CATEGORY_FIELDS = {"id", "name", "description", "product_count"}
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
Json = dict[str, Any]


def category(api: Api, name: str = "Yaourts", description: str = "") -> dict[str, Any]:
    answer = api.call("gestionnaire_stocks", "POST", "/api/categories/",
                      json={"name": name, "description": description})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def product(api: Api, category_id: str, name: str, **fields: Any) -> dict[str, Any]:
    body = {"name": name, "category_id": category_id, "unit": "pot", "unit_price": 300,
            "min_stock_level": 2, **fields}
    answer = api.call("gestionnaire_stocks", "POST", "/api/products/", json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def products(api: Api, who: str = "vendeur", **params: Any) -> list[str]:
    answer = api.call(who, "GET", "/api/products/", params=params)
    assert answer.status_code == 200, answer.text
    return [p["name"] for p in answer.json()["results"]]


def patch(api: Api, product_id: str, **changes: Any) -> Any:
    return api.call("gestionnaire_stocks", "PATCH", f"/api/products/{product_id}/", json=changes)


def archive(api: Api, product_id: str) -> dict[str, Any]:
    answer = api.call("gestionnaire_stocks", "DELETE", f"/api/products/{product_id}/")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def get(api: Api, path: str, who: str = "vendeur") -> Any:
    return api.call(who, "GET", path)


# Categories


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_category_is_created_read_revised_and_deleted(api: Api) -> None:
    created = category(api, "Yaourts", "Pots et sachets")
    assert set(created) == CATEGORY_FIELDS
    assert created["name"] == "Yaourts"
    assert created["description"] == "Pots et sachets"
    assert created["product_count"] == 0
    path = f"/api/categories/{created['id']}/"
    assert get(api, path).json() == created
    renamed = api.call("gestionnaire_stocks", "PATCH", path, json={"name": "Yaourts nature"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Yaourts nature"
    assert renamed.json()["description"] == "Pots et sachets"
    replaced = api.call("admin", "PUT", path, json={"name": "Yaourt", "description": "Sucré"})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json() == {**created, "name": "Yaourt", "description": "Sucré"}
    assert api.call("gestionnaire_stocks", "DELETE", path).status_code == 204
    assert get(api, path).status_code == 404
    listed = get(api, "/api/categories/").json()["results"]
    assert created["id"] not in [c["id"] for c in listed]


def test_the_category_list_is_paginated_and_ordered_by_name(api: Api, catalogue: Json) -> None:
    for name in ("Yaourts", "Beurre", "Miel"):
        category(api, name)
    body = get(api, "/api/categories/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert [c["name"] for c in body["results"]] == ["Beurre", "Lait frais", "Miel", "Yaourts"]
    page = get(api, "/api/categories/?page_size=3&page=2").json()
    assert [c["name"] for c in page["results"]] == ["Yaourts"]
    assert page["next"] is None
    assert page["previous"] is not None


def test_product_count_counts_the_active_products_only(api: Api, catalogue: Json) -> None:
    path = f"/api/categories/{catalogue['category']['id']}/"
    assert catalogue["category"]["product_count"] == 0
    assert get(api, path).json()["product_count"] == 2
    archive(api, catalogue["gapal"]["id"])
    assert get(api, path).json()["product_count"] == 1
    listed = get(api, "/api/categories/").json()["results"]
    assert listed[0]["product_count"] == 1


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_category_with_active_products_cannot_be_deleted(api: Api, catalogue: Json) -> None:
    path = f"/api/categories/{catalogue['category']['id']}/"
    refused = api.call("gestionnaire_stocks", "DELETE", path)
    assert refused.status_code == 409
    assert refused.json()["code"] == "category_not_empty"
    assert get(api, path).status_code == 200
    archive(api, catalogue["milk"]["id"])
    assert api.call("gestionnaire_stocks", "DELETE", path).json()["code"] == "category_not_empty"
    archive(api, catalogue["gapal"]["id"])
    assert api.call("gestionnaire_stocks", "DELETE", path).status_code == 204
    assert get(api, path).status_code == 404


def test_no_product_can_join_a_deleted_category(api: Api) -> None:
    gone = category(api, "Ancienne")
    api.call("admin", "DELETE", f"/api/categories/{gone['id']}/")
    answer = api.call("gestionnaire_stocks", "POST", "/api/products/", json={
        "name": "Fromage", "category_id": gone["id"], "unit": "pièce", "unit_price": 1000,
        "min_stock_level": 1})
    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_category"


def test_a_product_in_an_unknown_category_is_refused(api: Api) -> None:
    answer = api.call("gestionnaire_stocks", "POST", "/api/products/", json={
        "name": "Fromage", "category_id": UNKNOWN_ID, "unit": "pièce", "unit_price": 1000,
        "min_stock_level": 1})
    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_category"
    assert "Fromage" not in products(api)


def test_an_unknown_category_is_not_found(api: Api) -> None:
    path = f"/api/categories/{UNKNOWN_ID}/"
    assert get(api, path).json()["code"] == "not_found"
    assert api.call("admin", "PATCH", path, json={"name": "X"}).status_code == 404
    assert api.call("admin", "DELETE", path).status_code == 404


def test_a_category_name_cannot_be_empty(api: Api) -> None:
    answer = api.call("admin", "POST", "/api/categories/", json={"name": ""})
    assert answer.status_code == 422


def test_a_renamed_category_shows_in_its_products(api: Api, catalogue: Json) -> None:
    api.call("admin", "PATCH", f"/api/categories/{catalogue['category']['id']}/",
             json={"name": "Lait de vache"})
    milk = get(api, f"/api/products/{catalogue['milk']['id']}/").json()
    assert milk["category_name"] == "Lait de vache"


def test_the_category_search_ignores_accents(api: Api) -> None:
    category(api, "Produits fermentés")
    category(api, "Yaourts")
    answer = get(api, "/api/categories/?search=FERMENTES").json()
    assert [c["name"] for c in answer["results"]] == ["Produits fermentés"]


# Products: creation and shape


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_product_has_exactly_the_contract_fields(api: Api) -> None:
    shelf = category(api, "Yaourts")
    created = product(api, shelf["id"], "Yaourt nature (pot)", unit_price=350, min_stock_level=3,
                      barcode="6190001000063", expiration_date="2026-12-01", stock_quantity=12.5)
    assert set(created) == PRODUCT_FIELDS
    assert created["name"] == "Yaourt nature (pot)"
    assert created["category_id"] == shelf["id"]
    assert created["category_name"] == "Yaourts"
    assert created["unit"] == "pot"
    assert created["unit_price"] == 350
    assert created["barcode"] == "6190001000063"
    assert created["stock_quantity"] == 12.5
    assert created["reserved_quantity"] == 0
    assert created["available_quantity"] == 12.5
    assert created["min_stock_level"] == 3
    assert created["is_low_stock"] is False
    assert created["expiration_date"] == "2026-12-01"
    assert created["is_active"] is True
    assert isinstance(created["version"], int)
    assert created["created_at"].endswith(("Z", "+00:00"))
    assert get(api, f"/api/products/{created['id']}/").json() == created


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_initial_stock_is_recorded_as_an_entree_movement(api: Api) -> None:
    shelf = category(api)
    created = product(api, shelf["id"], "Yaourt sucré", stock_quantity=7.25)
    answer = api.call("gestionnaire_stocks", "GET", "/api/stock/movements/",
                      params={"product_id": created["id"]})
    assert answer.status_code == 200, answer.text
    movements = answer.json()["results"]
    assert len(movements) == 1
    entry = movements[0]
    assert entry["movement_type"] == "entree"
    assert entry["quantity"] == 7.25
    assert entry["stock_after"] == 7.25
    assert entry["product_id"] == created["id"]
    assert entry["product_name"] == "Yaourt sucré"
    assert entry["order_id"] is None
    assert entry["username"] == "gestionnaire_stocks"


def test_a_product_without_initial_stock_has_no_movement(api: Api) -> None:
    created = product(api, category(api)["id"], "Beurre de karité")
    assert created["stock_quantity"] == 0
    assert created["is_low_stock"] is True
    movements = api.call("admin", "GET", "/api/stock/movements/",
                         params={"product_id": created["id"]}).json()
    assert movements["count"] == 0


def test_is_low_stock_includes_the_threshold_itself(api: Api) -> None:
    shelf = category(api)["id"]
    assert product(api, shelf, "Au seuil", min_stock_level=4, stock_quantity=4)["is_low_stock"]
    assert not product(api, shelf, "Au-dessus", min_stock_level=4,
                       stock_quantity=4.001)["is_low_stock"]


def test_reserved_and_available_follow_open_orders(api: Api, place_order: OrderFactory,
                                                   catalogue: Json) -> None:
    path = f"/api/products/{catalogue['milk']['id']}/"
    order = place_order(quantity=2.5)
    milk = get(api, path).json()
    assert milk["stock_quantity"] == 10
    assert milk["reserved_quantity"] == 2.5
    assert milk["available_quantity"] == 7.5
    place_order(quantity=9)
    assert get(api, path).json()["available_quantity"] == -1.5
    api.call("admin", "PATCH", f"/api/orders/{order['id']}/status/",
             json={"delivery_status": "annulee"})
    milk = get(api, path).json()
    assert milk["reserved_quantity"] == 9
    assert milk["available_quantity"] == 1


INVALID_PRODUCT_FIELDS: list[tuple[str, Any]] = [
    ("unit_price", -1), ("unit_price", 12.5), ("unit_price", "cher"), ("stock_quantity", -2),
    ("stock_quantity", 1.0005), ("min_stock_level", -1), ("name", ""), ("unit", ""),
    ("expiration_date", "31/12/2026"),
]


def test_an_invalid_product_is_refused_and_not_written(api: Api) -> None:
    shelf = category(api)
    for field, value in INVALID_PRODUCT_FIELDS:
        body = {"name": "Fromage", "category_id": shelf["id"], "unit": "pièce",
                "unit_price": 1000, "min_stock_level": 1, field: value}
        answer = api.call("gestionnaire_stocks", "POST", "/api/products/", json=body)
        assert answer.status_code == 422, (field, value, answer.text)
    assert products(api, category_id=shelf["id"]) == []


def test_an_unknown_product_is_not_found(api: Api) -> None:
    answer = get(api, f"/api/products/{UNKNOWN_ID}/")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert patch(api, UNKNOWN_ID, unit_price=1).status_code == 404
    assert get(api, f"/api/products/{UNKNOWN_ID}/history/").status_code == 404


# Barcodes


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_active_barcode_is_unique_until_its_holder_is_archived(api: Api) -> None:
    shelf = category(api)["id"]
    first = product(api, shelf, "Yaourt A", barcode="6190001000070")
    body = {"name": "Yaourt B", "category_id": shelf, "unit": "pot", "unit_price": 300,
            "min_stock_level": 1, "barcode": "6190001000070"}
    refused = api.call("gestionnaire_stocks", "POST", "/api/products/", json=body)
    assert refused.status_code == 409
    assert refused.json()["code"] == "duplicate_barcode"
    assert products(api, category_id=shelf) == ["Yaourt A"]
    archive(api, first["id"])
    allowed = api.call("gestionnaire_stocks", "POST", "/api/products/", json=body)
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["barcode"] == "6190001000070"


def test_a_product_cannot_take_a_barcode_in_use(api: Api) -> None:
    shelf = category(api)["id"]
    product(api, shelf, "Yaourt A", barcode="6190001000070")
    second = product(api, shelf, "Yaourt B", barcode="6190001000087")
    answer = patch(api, second["id"], barcode="6190001000070")
    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_barcode"
    assert get(api, f"/api/products/{second['id']}/").json()["barcode"] == "6190001000087"


def test_an_archived_product_cannot_come_back_with_a_barcode_taken_since(api: Api) -> None:
    shelf = category(api)["id"]
    old = product(api, shelf, "Yaourt A", barcode="6190001000070")
    archive(api, old["id"])
    product(api, shelf, "Yaourt B", barcode="6190001000070")
    answer = patch(api, old["id"], is_active=True)
    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_barcode"
    assert get(api, f"/api/products/{old['id']}/").json()["is_active"] is False


def test_a_changed_or_cleared_barcode_is_free_again(api: Api) -> None:
    shelf = category(api)["id"]
    first = product(api, shelf, "Yaourt A", barcode="6190001000070")
    second = product(api, shelf, "Yaourt B", barcode="6190001000087")
    assert patch(api, first["id"], barcode="6190001000094").status_code == 200
    assert patch(api, second["id"], barcode=None).json()["barcode"] is None
    product(api, shelf, "Yaourt C", barcode="6190001000070")
    product(api, shelf, "Yaourt D", barcode="6190001000087")


def test_products_without_barcode_never_collide(api: Api) -> None:
    shelf = category(api)["id"]
    product(api, shelf, "Sans code 1")
    product(api, shelf, "Sans code 2", barcode="")
    product(api, shelf, "Sans code 3", barcode=None)
    assert len(products(api, category_id=shelf)) == 3


# Revising and archiving


def test_stock_is_never_set_by_put_or_patch(api: Api, catalogue: Json) -> None:
    path = f"/api/products/{catalogue['milk']['id']}/"
    for method in ("PATCH", "PUT"):
        answer = api.call("gestionnaire_stocks", method, path,
                          json={"stock_quantity": 3, "unit_price": 900})
        assert answer.status_code == 400, answer.text
        assert answer.json()["code"] == "stock_is_moved_not_set"
        assert "/api/stock/adjustment/" in answer.text
    milk = get(api, path).json()
    assert milk["stock_quantity"] == 10
    assert milk["unit_price"] == 500
    assert milk["version"] == catalogue["milk"]["version"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_price_change_is_kept_in_the_product_history(api: Api, catalogue: Json) -> None:
    milk = catalogue["milk"]
    answer = patch(api, milk["id"], unit_price=550)
    assert answer.status_code == 200, answer.text
    assert answer.json()["unit_price"] == 550
    assert answer.json()["version"] > milk["version"]
    history = get(api, f"/api/products/{milk['id']}/history/", who="gestionnaire_stocks")
    assert history.status_code == 200, history.text
    body = history.json()
    assert set(body) == {"count", "next", "previous", "results"}
    events = body["results"]
    assert all(e["aggregate_id"] == milk["id"] for e in events)
    assert [e["aggregate_version"] for e in events] == list(range(1, len(events) + 1))
    registered, revised = events[0], events[-1]
    assert registered["data"]["unit_price"] == 500
    assert revised["event_type"].endswith("Revised")
    assert revised["data"]["changes"]["unit_price"] == 550
    assert revised["username"] == "gestionnaire_stocks"
    assert revised["aggregate_version"] == answer.json()["version"]
    assert any(e["data"].get("quantity") == 10 for e in events)


def test_patch_changes_only_the_fields_it_is_given(api: Api, catalogue: Json) -> None:
    milk = catalogue["milk"]
    other = category(api, "Lait de chèvre")
    answer = patch(api, milk["id"], name="Lait frais (1 L)", min_stock_level=4,
                   expiration_date="2026-12-24", category_id=other["id"], unit="litre")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body == {**milk, "name": "Lait frais (1 L)", "min_stock_level": 4,
                    "expiration_date": "2026-12-24", "category_id": other["id"],
                    "category_name": "Lait de chèvre", "unit": "litre",
                    "version": body["version"], "updated_at": body["updated_at"]}
    assert body["updated_at"] > milk["updated_at"]
    assert get(api, f"/api/categories/{other['id']}/").json()["product_count"] == 1


def test_a_product_is_revised_and_archived_without_the_trailing_slash(api: Api,
                                                                     catalogue: Json) -> None:
    path = f"/api/products/{catalogue['gapal']['id']}"
    revised = api.call("gestionnaire_stocks", "PATCH", path, json={"unit_price": 260})
    assert revised.status_code == 200, revised.text
    assert revised.json()["unit_price"] == 260
    archived = api.call("gestionnaire_stocks", "DELETE", path)
    assert archived.status_code == 200, archived.text
    assert archived.json()["is_active"] is False


def test_put_revises_a_product_too(api: Api, catalogue: Json) -> None:
    answer = api.call("admin", "PUT", f"/api/products/{catalogue['gapal']['id']}/", json={
        "name": "Gapal (sachet 0,5 L)", "category_id": catalogue["category"]["id"],
        "unit": "sachet", "unit_price": 275, "min_stock_level": 1})
    assert answer.status_code == 200, answer.text
    assert answer.json()["unit_price"] == 275


def test_a_raised_threshold_makes_a_product_low_on_stock(api: Api, catalogue: Json) -> None:
    answer = patch(api, catalogue["milk"]["id"], min_stock_level=10)
    assert answer.json()["is_low_stock"] is True


def test_a_product_cannot_move_to_an_unknown_category(api: Api, catalogue: Json) -> None:
    answer = patch(api, catalogue["milk"]["id"], category_id=UNKNOWN_ID)
    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_category"


def test_a_patch_with_a_stale_version_is_a_conflict(api: Api, catalogue: Json) -> None:
    milk = catalogue["milk"]
    assert patch(api, milk["id"], unit_price=600, version=milk["version"]).status_code == 200
    stale = patch(api, milk["id"], unit_price=700, version=milk["version"])
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert get(api, f"/api/products/{milk['id']}/").json()["unit_price"] == 600


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_delete_archives_the_product(api: Api, catalogue: Json) -> None:
    gapal_id = catalogue["gapal"]["id"]
    answer = api.call("admin", "DELETE", f"/api/products/{gapal_id}/")
    assert answer.status_code == 200, answer.text
    assert answer.json()["is_active"] is False
    kept = get(api, f"/api/products/{gapal_id}/")
    assert kept.status_code == 200
    assert kept.json()["is_active"] is False
    assert kept.json()["stock_quantity"] == 5
    assert products(api, is_active="false") == ["Gapal (sachet 0,5 L)"]
    assert products(api, is_active="true") == ["Lait frais de vache (1 L)"]


def test_archived_products_leave_the_default_list(api: Api, catalogue: Json) -> None:
    archive(api, catalogue["gapal"]["id"])
    assert products(api) == ["Lait frais de vache (1 L)"]
    assert get(api, "/api/products/").json()["count"] == 1


def test_an_archived_product_can_be_restored(api: Api, catalogue: Json) -> None:
    archive(api, catalogue["gapal"]["id"])
    answer = patch(api, catalogue["gapal"]["id"], is_active=True)
    assert answer.status_code == 200, answer.text
    assert answer.json()["is_active"] is True
    assert len(products(api)) == 2


# Permissions


@pytest.mark.parametrize("role", ["vendeur", "gestionnaire_commandes"])
def test_only_stock_managers_and_admins_change_the_catalogue(api: Api, catalogue: Json,
                                                             role: str) -> None:
    milk = f"/api/products/{catalogue['milk']['id']}/"
    shelf = f"/api/categories/{catalogue['category']['id']}/"
    writes = [
        ("POST", "/api/products/", {"name": "Intrus", "category_id": catalogue["category"]["id"],
                                    "unit": "L", "unit_price": 1, "min_stock_level": 0}),
        ("PUT", milk, {"unit_price": 1}), ("PATCH", milk, {"unit_price": 1}),
        ("PATCH", milk, {"stock_quantity": 1}), ("DELETE", milk, None),
        ("POST", "/api/categories/", {"name": "Intruse"}), ("PATCH", shelf, {"name": "X"}),
        ("PUT", shelf, {"name": "X"}), ("DELETE", shelf, None),
    ]
    for method, path, body in writes:
        answer = api.call(role, method, path, json=body)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["code"] == "permission_denied"
    assert get(api, milk).json() == get(api, milk, "admin").json()
    assert get(api, milk).json()["unit_price"] == 500
    assert len(products(api)) == 2
    assert get(api, "/api/categories/").json()["count"] == 1


def test_a_vendeur_reads_the_catalogue(api: Api, catalogue: Json) -> None:
    for path in ("/api/products/", "/api/categories/", "/api/products/low-stock/",
                 f"/api/products/{catalogue['milk']['id']}/",
                 f"/api/categories/{catalogue['category']['id']}/",
                 f"/api/products/{catalogue['milk']['id']}/history/"):
        assert get(api, path, "vendeur").status_code == 200, path


def test_the_catalogue_needs_a_token(api: Api, catalogue: Json) -> None:
    for path in ("/api/products/", "/api/categories/", "/api/products/low-stock/"):
        answer = api.client.get(path)
        assert answer.status_code == 401
        assert answer.json()["code"] == "not_authenticated"


# Filters and ordering


@pytest.fixture
def shelves(api: Api) -> dict[str, Any]:
    """Two categories, five products with different prices, stocks and dates (and the two
    products of the shared world archived, so that they stay out of the way)."""
    for old in api.call("admin", "GET", "/api/products/").json()["results"]:
        archive(api, old["id"])
    fresh, fermented = category(api, "Lait frais"), category(api, "Produits fermentés")
    made = {
        "milk": product(api, fresh["id"], "Lait frais de vache (1 L)", unit="L", unit_price=500,
                        min_stock_level=20, stock_quantity=30, barcode="6190001000018",
                        expiration_date="2026-11-26"),
        "goat": product(api, fresh["id"], "Lait frais de chèvre (1 L)", unit="L",
                        unit_price=700, min_stock_level=5, stock_quantity=2,
                        barcode="6190001000032", expiration_date="2026-11-25"),
        "gapal": product(api, fermented["id"], "Gapal (sachet 0,5 L)", unit="sachet",
                         unit_price=250, min_stock_level=40, stock_quantity=100,
                         barcode="6190001000049", expiration_date="2026-11-28"),
        "degue": product(api, fermented["id"], "Dèguè (pot 0,5 L)", unit_price=300,
                         min_stock_level=30, stock_quantity=3, barcode="6190001000056",
                         expiration_date="2026-11-30"),
        "curd": product(api, fermented["id"], "Lait caillé (sachet)", unit="sachet",
                        unit_price=200, min_stock_level=10, stock_quantity=12,
                        expiration_date="2026-11-27"),
    }
    return {"fresh": fresh, "fermented": fermented, **made}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_search_finds_names_and_barcodes_ignoring_accents(api: Api, shelves: Json) -> None:
    for query in ("degue", "DÈGUÈ", "dègue", "Degue (pot"):
        assert products(api, search=query) == ["Dèguè (pot 0,5 L)"], query
    assert products(api, search="chevre") == ["Lait frais de chèvre (1 L)"]
    assert products(api, search="caille") == ["Lait caillé (sachet)"]
    assert products(api, search="6190001000049") == ["Gapal (sachet 0,5 L)"]
    assert products(api, search="000018") == ["Lait frais de vache (1 L)"]
    assert products(api, search="fromage") == []


def test_the_search_treats_like_wildcards_as_text(api: Api, shelves: Json) -> None:
    assert products(api, search="%") == []
    assert products(api, search="_") == []


def test_the_list_filters_by_category(api: Api, shelves: Json) -> None:
    assert products(api, category_id=shelves["fresh"]["id"]) == [
        "Lait frais de chèvre (1 L)", "Lait frais de vache (1 L)"]
    assert len(products(api, category_id=shelves["fermented"]["id"])) == 3


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_list_filters_low_stock(api: Api, shelves: Json) -> None:
    assert products(api, low_stock="true") == ["Dèguè (pot 0,5 L)", "Lait frais de chèvre (1 L)"]
    assert products(api, low_stock="false") == [
        "Gapal (sachet 0,5 L)", "Lait caillé (sachet)", "Lait frais de vache (1 L)"]


def test_filters_combine(api: Api, shelves: Json) -> None:
    assert products(api, low_stock="true", category_id=shelves["fresh"]["id"]) == [
        "Lait frais de chèvre (1 L)"]
    assert products(api, search="lait", category_id=shelves["fermented"]["id"]) == [
        "Lait caillé (sachet)"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_updated_since_lists_what_changed_after_including_archived(api: Api,
                                                                   shelves: Json) -> None:
    since = get(api, f"/api/products/{shelves['curd']['id']}/").json()["updated_at"]
    patch(api, shelves["milk"]["id"], unit_price=525)
    archive(api, shelves["gapal"]["id"])
    answer = api.call("vendeur", "GET", "/api/products/", params={"updated_since": since})
    assert answer.status_code == 200, answer.text
    changed = {p["name"]: p for p in answer.json()["results"]}
    assert set(changed) == {"Lait frais de vache (1 L)", "Gapal (sachet 0,5 L)"}
    assert changed["Gapal (sachet 0,5 L)"]["is_active"] is False
    assert changed["Lait frais de vache (1 L)"]["unit_price"] == 525


def test_updated_since_accepts_an_offset_and_answers_nothing_when_nothing_changed(
        api: Api, shelves: Json) -> None:
    latest = max(p["updated_at"] for p in get(api, "/api/products/?page_size=200")
                 .json()["results"])
    with_offset = latest.replace("Z", "+00:00")
    assert products(api, updated_since=with_offset) == []
    assert products(api, updated_since="2000-01-01T00:00:00Z") != []


def test_a_malformed_updated_since_is_a_validation_error(api: Api) -> None:
    assert get(api, "/api/products/?updated_since=hier").status_code == 422


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+23:59", "0001-01-01", "1970-01-01"])
def test_an_updated_since_before_the_calendar_lists_every_product(
        api: Api, catalogue: Json, since: str) -> None:
    assert len(products(api, updated_since=since)) == 2


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("since", ["9999-12-31T23:59:59-23:59", "9999-12-31"])
def test_an_updated_since_beyond_the_calendar_lists_nothing(
        api: Api, catalogue: Json, since: str) -> None:
    assert products(api, updated_since=since) == []


ORDERINGS = {
    "name": ["degue", "gapal", "curd", "goat", "milk"],
    "-name": ["milk", "goat", "curd", "gapal", "degue"],
    "unit_price": ["curd", "gapal", "degue", "milk", "goat"],
    "-unit_price": ["goat", "milk", "degue", "gapal", "curd"],
    "stock_quantity": ["goat", "degue", "curd", "milk", "gapal"],
    "-stock_quantity": ["gapal", "milk", "curd", "degue", "goat"],
    "expiration_date": ["goat", "milk", "curd", "gapal", "degue"],
    "-expiration_date": ["degue", "gapal", "curd", "milk", "goat"],
}


def test_the_list_orders_by_the_requested_field(api: Api, shelves: Json) -> None:
    for ordering, expected in ORDERINGS.items():
        names = [shelves[key]["name"] for key in expected]
        assert products(api, ordering=ordering) == names, ordering


def test_the_product_list_is_paginated(api: Api, shelves: Json) -> None:
    first = api.call("vendeur", "GET", "/api/products/", params={"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    last = api.call("vendeur", "GET", "/api/products/", params={"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None


# Low stock


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_low_stock_lists_active_products_most_urgent_first(api: Api) -> None:
    shelf = category(api)["id"]
    product(api, shelf, "Presque (4/5)", min_stock_level=5, stock_quantity=4)
    product(api, shelf, "Au seuil (5/5)", min_stock_level=5, stock_quantity=5)
    product(api, shelf, "Bas (1/10)", min_stock_level=10, stock_quantity=1)
    product(api, shelf, "Vide (0/5)", min_stock_level=5)
    product(api, shelf, "Vide sans seuil (0/0)", min_stock_level=0)
    product(api, shelf, "Assez (6/5)", min_stock_level=5, stock_quantity=6)
    archived = product(api, shelf, "Archivé (0/5)", min_stock_level=5)
    archive(api, archived["id"])
    answer = get(api, "/api/products/low-stock/")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [p["name"] for p in body["results"]] == [
        "Vide (0/5)", "Vide sans seuil (0/0)", "Bas (1/10)", "Presque (4/5)", "Au seuil (5/5)"]
    assert all(set(p) == PRODUCT_FIELDS and p["is_low_stock"] for p in body["results"])


def test_low_stock_works_without_the_trailing_slash(api: Api, catalogue: Json) -> None:
    patch(api, catalogue["gapal"]["id"], min_stock_level=5)
    names = [p["name"] for p in get(api, "/api/products/low-stock").json()["results"]]
    assert names == ["Gapal (sachet 0,5 L)"]


# ETag


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_unchanged_catalogue_answers_304_to_its_etag(api: Api, catalogue: Json) -> None:
    first = get(api, "/api/products/")
    etag = first.headers["ETag"]
    assert etag
    unchanged = api.call("vendeur", "GET", "/api/products/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["ETag"] == etag
    patch(api, catalogue["milk"]["id"], unit_price=600)
    changed = api.call("vendeur", "GET", "/api/products/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.json()["results"][1]["unit_price"] == 600
    again = api.call("vendeur", "GET", "/api/products/",
                     headers={"If-None-Match": changed.headers["ETag"]})
    assert again.status_code == 304


def test_the_etag_changes_with_stock_and_archiving(api: Api, catalogue: Json) -> None:
    etags = [get(api, "/api/products/").headers["ETag"]]
    api.call("gestionnaire_stocks", "POST", "/api/stock/entry/",
             json={"product_id": catalogue["milk"]["id"], "quantity": 1})
    etags.append(get(api, "/api/products/").headers["ETag"])
    archive(api, catalogue["gapal"]["id"])
    etags.append(get(api, "/api/products/?updated_since=2000-01-01T00:00:00Z").headers["ETag"])
    assert len(set(etags)) == 3


def test_an_etag_among_several_or_a_stale_one(api: Api, catalogue: Json) -> None:
    etag = get(api, "/api/products/").headers["ETag"]
    listed = api.call("vendeur", "GET", "/api/products/",
                      headers={"If-None-Match": f'"stale", {etag}'})
    assert listed.status_code == 304
    stale = api.call("vendeur", "GET", "/api/products/", headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200
    assert stale.json()["count"] == 2


def test_the_etag_depends_on_the_filters(api: Api, catalogue: Json) -> None:
    everything = get(api, "/api/products/").headers["ETag"]
    searched = api.call("vendeur", "GET", "/api/products/?search=gapal",
                        headers={"If-None-Match": everything})
    assert searched.status_code == 200
    assert [p["name"] for p in searched.json()["results"]] == ["Gapal (sachet 0,5 L)"]
