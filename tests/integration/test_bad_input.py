"""Bad input of every kind gets a clear 4xx (French `detail` for business errors), never a 500,
a stack trace or SQL in the body, and never a write: the event log does not grow."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gapal.bootstrap import bootstrap, ensure_admin
from tests.conftest import (
    ADMIN_PASSWORD,
    BACKENDS,
    FAST_PASSWORDS,
    ROLES,
    Api,
    drop_schema,
    fresh_schema_url,
    log_length,
    make_settings,
    require_postgres,
    served,
)

HUGE = "x" * 100_000
UNKNOWN = str(uuid.UUID(int=0xDEADBEEF))
LEAKS = re.compile(r"Traceback|File \"|sqlalchemy|psycopg|sqlite3|SELECT |INSERT |UPDATE |"
                   r"DELETE FROM|password_hash|\$argon2", re.IGNORECASE)
FRENCH = re.compile(r"[éèêàâçîôûù«»]|introuvable|inconnu|invalide|refus|insuffisant|"
                    r"illisible|interdit|commande|produit|stock|utilisateur", re.IGNORECASE)


@dataclass
class World:
    """One running API for the whole module, with a few things to point at."""

    api: Api
    ids: dict[str, str] = field(default_factory=dict)

    def path(self, template: str) -> str:
        """Puts the ids in place of `{milk}`, `{order}`, `{unknown}`..."""
        text = template.replace("{unknown}", UNKNOWN)
        for name, value in self.ids.items():
            text = text.replace(f"{{{name}}}", value)
        return text


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp("bad_input")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'gapal.db'}"
    else:
        require_postgres()
        url = fresh_schema_url()
    gapal = bootstrap(make_settings(url, tmp), passwords=FAST_PASSWORDS)
    gapal.start()
    try:
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        with served(gapal, raise_server_exceptions=False) as client:
            api = Api(client, gapal, {})
            api.tokens["admin"] = api.login("admin", ADMIN_PASSWORD)
            for role in ROLES[:-1]:
                api.user(role, username=role)
            yield World(api, populate(api))
    finally:
        gapal.close()
        if request.param != "sqlite":
            drop_schema(url)


def populate(api: Api) -> dict[str, str]:
    def ok(answer: Any) -> dict[str, Any]:
        assert answer.status_code in (200, 201), answer.text
        body: dict[str, Any] = answer.json()
        return body

    category = ok(api.call("admin", "POST", "/api/categories/", json={"name": "Lait frais"}))
    milk = ok(api.call("admin", "POST", "/api/products/", json={
        "name": "Lait frais (1 L)", "category_id": category["id"], "unit": "L",
        "unit_price": 500, "min_stock_level": 2, "stock_quantity": 10}))
    archived = ok(api.call("admin", "POST", "/api/products/", json={
        "name": "Dèguè (ancien)", "category_id": category["id"], "unit": "pot",
        "unit_price": 300}))
    ok(api.call("admin", "DELETE", f"/api/products/{archived['id']}/"))
    order = ok(api.call("gestionnaire_commandes", "POST", "/api/orders/", json={
        "client_name": "Awa Bationo", "items": [{"product_id": milk["id"], "quantity": 1}]}))
    delivered = ok(api.call("gestionnaire_commandes", "POST", "/api/orders/", json={
        "client_name": "Issa Ouédraogo", "items": [{"product_id": milk["id"], "quantity": 2}]}))
    ok(api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{delivered['id']}/status/",
                json={"delivery_status": "livree"}))
    vendeur = ok(api.call("admin", "GET", "/api/users/?search=vendeur"))["results"][0]
    return {"milk": milk["id"], "archived": archived["id"], "category": category["id"],
            "order": order["id"], "delivered": delivered["id"], "user": vendeur["id"]}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    status: int
    code: str | None = None
    body: Any = None
    raw: str | bytes | None = None
    who: str | None = "admin"
    headers: dict[str, str] = field(default_factory=dict)


def order(**fields: Any) -> dict[str, Any]:
    return {"client_name": "Awa Bationo",
            "items": [{"product_id": "{milk}", "quantity": 1}], **fields}


def item(**fields: Any) -> dict[str, Any]:
    return order(items=[{"product_id": "{milk}", "quantity": 1, **fields}])


def product(**fields: Any) -> dict[str, Any]:
    return {"name": "Yaourt nature", "category_id": "{category}", "unit": "pot",
            "unit_price": 350, **fields}


def entry(**fields: Any) -> dict[str, Any]:
    return {"product_id": "{milk}", "quantity": 1, **fields}


def user(**fields: Any) -> dict[str, Any]:
    return {"username": "nouveau", "email": "n@gapal.bf", "password": "password-123",
            "role": "vendeur", **fields}


JSON = {"Content-Type": "application/json"}
CASES = [
    # Malformed JSON: 400 {"detail", "code"}
    Case("truncated json", "POST", "/api/orders/", 400, "malformed_json",
         raw='{"client_name": "Awa", "items": ['),
    Case("single quotes", "POST", "/api/products/", 400, "malformed_json", raw="{'name': 'x'}"),
    Case("bare word", "PATCH", "/api/orders/{order}/status/", 400, "malformed_json", raw="livree"),
    Case("trailing comma", "POST", "/api/stock/entry/", 400, "malformed_json",
         raw='{"product_id": "{milk}", "quantity": 1,}'),
    Case("login truncated", "POST", "/api/auth/login/", 400, "malformed_json",
         raw='{"username": "admin", "password": ', who=None),
    Case("nested 100 000 deep", "POST", "/api/orders/", 400, raw="[" * 100_000 + "]" * 100_000),
    Case("not utf-8", "POST", "/api/orders/", 400, raw=b'{"client_name": "\xff\xfe"}'),
    # Wrong types
    Case("quantity as word", "POST", "/api/orders/", 422, body=item(quantity="beaucoup")),
    Case("quantity as bool", "POST", "/api/orders/", 422, body=item(quantity=True)),
    Case("items as string", "POST", "/api/orders/", 422, body=order(items="lait")),
    Case("items of numbers", "POST", "/api/orders/", 422, body=order(items=[1, 2])),
    Case("client_name as number", "POST", "/api/orders/", 422, body=order(client_name=123)),
    Case("body is a list", "POST", "/api/orders/", 422, body=[order()]),
    Case("unit_price as word", "POST", "/api/products/", 422, body=product(unit_price="cher")),
    Case("unit_price with cents", "POST", "/api/products/", 422, body=product(unit_price=1.5)),
    Case("unit_price too big", "POST", "/api/products/", 422, body=product(unit_price=10**30)),
    Case("category_id as number", "POST", "/api/products/", 422, body=product(category_id=42)),
    Case("expiration date as word", "POST", "/api/products/", 422,
         body=product(expiration_date="demain")),
    Case("impossible delivery date", "POST", "/api/orders/", 422,
         body=order(delivery_date="2026-02-30")),
    Case("phone not from Burkina", "POST", "/api/orders/", 422, body=order(client_phone="12")),
    Case("phone 33 characters", "POST", "/api/orders/", 422,
         body=order(client_phone="7" * 33)),
    Case("status as number", "PATCH", "/api/orders/{order}/status/", 422,
         body={"delivery_status": 1}),
    Case("version as word", "PATCH", "/api/orders/{order}/", 422,
         body={"notes": "x", "version": "deux"}),
    Case("role as number", "POST", "/api/users/", 422, body=user(role=5)),
    # Missing fields
    Case("empty order", "POST", "/api/orders/", 422, body={}),
    Case("order without items", "POST", "/api/orders/", 422, body={"client_name": "Awa"}),
    Case("order with no item", "POST", "/api/orders/", 422, body=order(items=[])),
    Case("item without quantity", "POST", "/api/orders/", 422,
         body=order(items=[{"product_id": "{milk}"}])),
    Case("order without client", "POST", "/api/orders/", 422,
         body={"items": [{"product_id": "{milk}", "quantity": 1}]}),
    Case("product without category", "POST", "/api/products/", 422,
         body={"name": "Yaourt", "unit": "pot", "unit_price": 300}),
    Case("entry without product", "POST", "/api/stock/entry/", 422, body={"quantity": 1}),
    Case("exit without reason", "POST", "/api/stock/exit/", 422, body=entry()),
    Case("status without status", "PATCH", "/api/orders/{order}/status/", 422, body={}),
    Case("payment without status", "PATCH", "/api/orders/{order}/payment/", 422, body={}),
    Case("user without password", "POST", "/api/users/", 422,
         body={"username": "sans", "role": "vendeur"}),
    Case("no body at all", "POST", "/api/stock/entry/", 422),
    # Negative, zero, more than 3 decimals, not finite
    Case("order quantity 0", "POST", "/api/orders/", 422, body=item(quantity=0)),
    Case("order quantity -1", "POST", "/api/orders/", 422, body=item(quantity=-1)),
    Case("order quantity 4 decimals", "POST", "/api/orders/", 422, body=item(quantity=1.2345)),
    Case("order quantity NaN", "POST", "/api/orders/", 422,
         raw='{"client_name": "A", "items": [{"product_id": "{milk}", "quantity": NaN}]}'),
    Case("order quantity Infinity", "POST", "/api/orders/", 422,
         raw='{"client_name": "A", "items": [{"product_id": "{milk}", "quantity": Infinity}]}'),
    Case("order quantity 1e-400", "POST", "/api/orders/", 422, body=item(quantity="1e-400")),
    Case("entry quantity 0", "POST", "/api/stock/entry/", 422, body=entry(quantity=0)),
    Case("entry quantity -2", "POST", "/api/stock/entry/", 422, body=entry(quantity=-2)),
    Case("entry quantity 4 decimals", "POST", "/api/stock/entry/", 422,
         body=entry(quantity=0.0001)),
    Case("exit quantity -1", "POST", "/api/stock/exit/", 422,
         body=entry(quantity=-1, reason="casse")),
    Case("adjustment below zero", "POST", "/api/stock/adjustment/", 422,
         body=entry(quantity=-1, reason="inventaire")),
    Case("adjustment 4 decimals", "POST", "/api/stock/adjustment/", 422,
         body=entry(quantity=2.5001, reason="inventaire")),
    Case("negative price", "POST", "/api/products/", 422, body=product(unit_price=-5)),
    Case("negative initial stock", "POST", "/api/products/", 422,
         body=product(stock_quantity=-1)),
    Case("negative threshold", "POST", "/api/products/", 422, body=product(min_stock_level=-1)),
    # Unknown enum values
    Case("unknown delivery status", "PATCH", "/api/orders/{order}/status/", 422,
         body={"delivery_status": "expediee"}),
    Case("unknown payment status", "PATCH", "/api/orders/{order}/payment/", 422,
         body={"payment_status": "gratuit"}),
    Case("unknown priority", "POST", "/api/orders/", 422, body=order(priority="urgente")),
    Case("unknown payment at creation", "POST", "/api/orders/", 422,
         body=order(payment_status="credit")),
    Case("unknown role", "POST", "/api/users/", 422, body=user(role="chef")),
    Case("unknown status filter", "GET", "/api/orders/?delivery_status=livree,perdue", 422),
    Case("unknown movement filter", "GET", "/api/stock/movements/?movement_type=vol", 422),
    # Huge strings (100 000 characters)
    Case("huge client_name", "POST", "/api/orders/", 422, body=order(client_name=HUGE)),
    Case("huge notes", "POST", "/api/orders/", 422, body=order(notes=HUGE)),
    Case("huge delivery_address", "POST", "/api/orders/", 422,
         body=order(delivery_address=HUGE)),
    Case("huge product name", "POST", "/api/products/", 422, body=product(name=HUGE)),
    Case("huge category name", "POST", "/api/categories/", 422, body={"name": HUGE}),
    Case("huge exit reason", "POST", "/api/stock/exit/", 422, body=entry(reason=HUGE)),
    Case("huge username", "POST", "/api/users/", 422, body=user(username=HUGE)),
    Case("huge login", "POST", "/api/auth/login/", 422,
         body={"username": HUGE, "password": HUGE}, who=None),
    Case("huge notes on update", "PATCH", "/api/orders/{order}/", 422, body={"notes": HUGE}),
    Case("huge search", "GET", f"/api/orders/?search={'k' * 5000}", 422),
    Case("huge idempotency key", "POST", "/api/orders/", 422, body=order(),
         headers={"Idempotency-Key": "k" * 201}),
    # U+0000: PostgreSQL text cannot hold it; once logged it would stop the projections
    Case("NUL in client_name", "POST", "/api/orders/", 422, body=order(client_name="Awa\x00")),
    Case("NUL in notes", "PATCH", "/api/orders/{order}/", 422, body={"notes": "a\x00b"}),
    Case("NUL in category", "POST", "/api/categories/", 422, body={"name": "Lait\x00"}),
    Case("NUL in login", "POST", "/api/auth/login/", 422,
         body={"username": "ad\x00min", "password": "x"}, who=None),
    Case("NUL in search", "GET", "/api/products/?search=a%00b", 422),
    Case("NUL in audit filter", "GET", "/api/audit/?event_type=%00", 422),
    # Unknown ids in paths: 404 not_found
    Case("unknown order", "GET", "/api/orders/{unknown}/", 404, "not_found"),
    Case("unknown order status", "PATCH", "/api/orders/{unknown}/status/", 404, "not_found",
         body={"delivery_status": "livree"}),
    Case("unknown order payment", "PATCH", "/api/orders/{unknown}/payment/", 404, "not_found",
         body={"payment_status": "payee"}),
    Case("unknown order update", "PATCH", "/api/orders/{unknown}/", 404, "not_found",
         body={"notes": "x"}),
    Case("unknown order history", "GET", "/api/orders/{unknown}/history/", 404, "not_found"),
    Case("unknown order as it was", "GET", "/api/orders/{unknown}/?version=1", 404, "not_found"),
    Case("unknown product", "GET", "/api/products/{unknown}/", 404, "not_found"),
    Case("unknown product update", "PATCH", "/api/products/{unknown}/", 404, "not_found",
         body={"unit_price": 600}),
    Case("unknown product archive", "DELETE", "/api/products/{unknown}/", 404, "not_found"),
    Case("unknown product history", "GET", "/api/products/{unknown}/history/", 404, "not_found"),
    Case("unknown category", "GET", "/api/categories/{unknown}/", 404, "not_found"),
    Case("unknown category update", "PATCH", "/api/categories/{unknown}/", 404, "not_found",
         body={"name": "x"}),
    Case("unknown category delete", "DELETE", "/api/categories/{unknown}/", 404, "not_found"),
    Case("unknown user", "GET", "/api/users/{unknown}/", 404, "not_found"),
    Case("unknown user update", "PATCH", "/api/users/{unknown}/", 404, "not_found",
         body={"phone": "70123456"}),
    Case("unknown user deactivate", "DELETE", "/api/users/{unknown}/", 404, "not_found"),
    Case("product id as order", "GET", "/api/orders/{milk}/", 404, "not_found"),
    Case("product id delivered", "PATCH", "/api/orders/{milk}/status/", 404, "not_found",
         body={"delivery_status": "livree"}),
    Case("order id as product", "GET", "/api/products/{order}/", 404, "not_found"),
    Case("entry on unknown product", "POST", "/api/stock/entry/", 404, "not_found",
         body=entry(product_id=UNKNOWN)),
    Case("entry on an order", "POST", "/api/stock/entry/", 404, "not_found",
         body=entry(product_id="{order}")),
    Case("vendeur reads another's order", "GET", "/api/orders/{order}/", 404, "not_found",
         who="vendeur"),
    # Ids that are not UUIDs: 422
    Case("order id 123", "GET", "/api/orders/123/", 422),
    Case("order id word", "PATCH", "/api/orders/not-a-uuid/status/", 422,
         body={"delivery_status": "livree"}),
    Case("product id word", "GET", "/api/products/abc/", 422),
    Case("category id word", "DELETE", "/api/categories/abc/", 422),
    Case("user id 1", "DELETE", "/api/users/1/", 422),
    Case("item product id word", "POST", "/api/orders/", 422, body=item(product_id="lait")),
    Case("created_by filter word", "GET", "/api/orders/?created_by=moi", 422),
    Case("audit aggregate word", "GET", "/api/audit/?aggregate_id=xyz", 422),
    # Unknown or unusable things inside a valid body: business errors
    Case("unknown product in order", "POST", "/api/orders/", 400, "unknown_product",
         body=item(product_id=UNKNOWN)),
    Case("category as product in order", "POST", "/api/orders/", 400, "unknown_product",
         body=item(product_id="{category}")),
    Case("unknown product among good ones", "POST", "/api/orders/", 400, "unknown_product",
         body=order(items=[{"product_id": "{milk}", "quantity": 1},
                           {"product_id": UNKNOWN, "quantity": 1}])),
    Case("unknown category for product", "POST", "/api/products/", 400, "unknown_category",
         body=product(category_id=UNKNOWN)),
    Case("stock set on product", "PATCH", "/api/products/{milk}/", 400, "stock_is_moved_not_set",
         body={"stock_quantity": 3}),
    Case("archived product in order", "POST", "/api/orders/", 409, "product_archived",
         body=item(product_id="{archived}")),
    Case("entry on archived product", "POST", "/api/stock/entry/", 409, "product_archived",
         body=entry(product_id="{archived}")),
    Case("exit beyond stock", "POST", "/api/stock/exit/", 409, "insufficient_stock",
         body=entry(quantity=1000, reason="casse")),
    Case("deliver twice", "PATCH", "/api/orders/{delivered}/status/", 409, "invalid_transition",
         body={"delivery_status": "livree"}),
    Case("delivered back to new", "PATCH", "/api/orders/{delivered}/status/", 409,
         "invalid_transition", body={"delivery_status": "nouvelle"}),
    Case("items of delivered order", "PATCH", "/api/orders/{delivered}/", 409, "order_locked",
         body={"items": [{"product_id": "{milk}", "quantity": 5}]}),
    Case("stale version", "PATCH", "/api/orders/{order}/", 409, "version_conflict",
         body={"notes": "x", "version": 999}),
    Case("duplicate username", "POST", "/api/users/", 409, "duplicate_username",
         body=user(username="admin")),
    Case("username with spaces", "POST", "/api/users/", 400, "invalid_input",
         body=user(username="   ")),
    # Pagination out of range
    Case("page_size 1000", "GET", "/api/orders/?page_size=1000", 422),
    Case("page_size 201 on products", "GET", "/api/products/?page_size=201", 422),
    Case("page_size 0", "GET", "/api/stock/movements/?page_size=0", 422),
    Case("page 0", "GET", "/api/users/?page=0", 422),
    Case("page -1", "GET", "/api/audit/?page=-1", 422),
    Case("page_size word", "GET", "/api/categories/?page_size=beaucoup", 422),
    Case("page beyond any number", "GET", "/api/orders/?page=99999999999999999999", 422),
    Case("version 0", "GET", "/api/orders/{order}/?version=0", 422),
    Case("at as word", "GET", "/api/orders/{order}/?at=hier", 422),
    Case("date filter impossible", "GET", "/api/orders/?date_from=2026-13-45", 422),
    Case("boolean filter word", "GET", "/api/products/?low_stock=peut-etre", 422),
]


def fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        return world.path(value)
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


def send(world: World, case: Case) -> Any:
    kwargs: dict[str, Any] = {"headers": dict(case.headers)}
    if case.raw is not None:
        kwargs["content"] = world.path(case.raw) if isinstance(case.raw, str) else case.raw
        kwargs["headers"].update(JSON)
    elif case.body is not None:
        kwargs["content"] = json.dumps(fill(case.body, world))
        kwargs["headers"].update(JSON)
    return world.api.call(case.who, case.method, world.path(case.path), **kwargs)


def assert_clean_refusal(answer: Any, case: Case) -> None:
    text = answer.text
    assert answer.status_code == case.status, (case.name, answer.status_code, text[:500])
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    assert len(text) < 5_000, (case.name, "the body echoes the input back", len(text))
    assert not LEAKS.search(text), (case.name, text[:500])
    assert HUGE[:1000] not in text
    body = answer.json()
    assert "detail" in body, body
    if case.status == 422 and isinstance(body["detail"], list):
        assert body["detail"], body
        return
    assert isinstance(body["detail"], str), body
    assert body["detail"].strip()
    assert FRENCH.search(body["detail"]), (case.name, "detail is not French", body["detail"])
    assert isinstance(body.get("code"), str), body
    if case.code is not None:
        assert body["code"] == case.code, (case.name, body)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_cleanly_and_writes_nothing(world: World, case: Case) -> None:
    gapal = world.api.gapal
    before = log_length(gapal)
    answer = send(world, case)
    assert_clean_refusal(answer, case)
    assert log_length(gapal) == before, (case.name, "the event log grew")


def test_the_world_still_works_after_all_that(world: World) -> None:
    """No refused input left the projections stuck: a good write is read back at once."""
    placed = world.api.call("vendeur", "POST", "/api/orders/", json=fill(order(), world))
    assert placed.status_code == 201, placed.text
    seen = world.api.call("vendeur", "GET", f"/api/orders/{placed.json()['id']}/")
    assert seen.status_code == 200, seen.text
    health = world.api.call(None, "GET", "/api/health/").json()
    assert health["projections"]["read_models"]["lag"] == 0


def test_an_instant_without_offset_is_read_as_utc(world: World) -> None:
    """`?at=` without an offset is Koudougou time (UTC+0), not a 500."""
    order_id = world.ids["order"]
    naive = world.api.call("admin", "GET", f"/api/orders/{order_id}/?at=2999-01-01T00:00:00")
    aware = world.api.call("admin", "GET", f"/api/orders/{order_id}/?at=2999-01-01T00:00:00Z")
    assert naive.status_code == 200, naive.text
    assert naive.json() == aware.json()
    before = world.api.call("admin", "GET", f"/api/orders/{order_id}/?at=2000-01-01T00:00:00")
    assert before.status_code == 404, before.text
    assert before.json()["code"] == "not_found"
