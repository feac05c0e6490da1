"""Who may do what: every route of the app against every role, as the roles table of API.md says.

One world for the whole module (an admin, one user per role, a catalogue, an order of a manager
and one of the vendeur); a case that consumes its target (a deletion, a status move) gets a fresh
one. A refusal is 403 `permission_denied` (404 `not_found` for an order a vendeur did not
create, 401 without a token) and writes nothing.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.api import fast_world
from tests.conftest import BACKENDS, Api, database_on, log_length

V, GC, GS, A = "vendeur", "gestionnaire_commandes", "gestionnaire_stocks", "admin"
ANONYMOUS = "anonyme"
WHO = [V, GC, GS, A, ANONYMOUS]
_serial = itertools.count()

Ids = dict[str, str]


@dataclass(frozen=True)
class World:
    api: Api
    ids: Ids


@dataclass(frozen=True)
class Case:
    """An endpoint, the status each role gets (vendeur, commandes, stocks, admin), its body."""

    name: str
    method: str
    path: str
    statuses: tuple[int, int, int, int]
    body: Callable[[Ids], dict[str, Any]] | None = None
    fresh: Callable[[World], Ids] = field(default=lambda world: {})


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}"


def created(api: Api, path: str, body: dict[str, Any], who: str = A) -> str:
    answer = api.call(who, "POST", path, json=body)
    assert answer.status_code == 201, answer.text
    new_id: str = answer.json()["id"]
    return new_id


def new_user(world: World) -> Ids:
    name = unique("cible")
    return {"user": created(world.api, "/api/users/", {
        "username": name, "email": f"{name}@gapal.bf", "password": "password-123",
        "role": V, "phone": ""})}


def new_category(world: World) -> Ids:
    return {"category": created(world.api, "/api/categories/", {"name": unique("Vide")})}


def new_product(world: World) -> Ids:
    return {"product": created(world.api, "/api/products/", product_body(world.ids))}


def new_orders(world: World) -> Ids:
    """A fresh order of the manager and a fresh order of the vendeur."""
    return {"order": created(world.api, "/api/orders/", order_body(world.ids), who=GC),
            "own_order": created(world.api, "/api/orders/", order_body(world.ids), who=V)}


def closing_body(ids: Ids) -> dict[str, Any]:
    return {"vendor_id": ids["user"], "day": ids["today"], "counted": {"especes": 0}}


def closed_day(world: World) -> Ids:
    """A new vendeur whose (empty) day the admin closed."""
    ids = {**world.ids, **new_user(world)}
    answer = world.api.call(A, "POST", "/api/cash-closings/", json=closing_body(ids))
    assert answer.status_code == 201, answer.text
    return {"user": ids["user"]}


def new_verification(world: World) -> Ids:
    answer = world.api.call(A, "POST", "/api/audit/verify/")
    assert answer.status_code == 202, answer.text
    return {"verification": answer.json()["id"]}


def new_lot(world: World) -> Ids:
    """A fresh lot of milk (a stock entry), to write some of it off."""
    answer = world.api.call(A, "POST", "/api/stock/entry/", json={
        "product_id": world.ids["milk"], "quantity": 10, "reason": "Collecte"})
    assert answer.status_code == 201, answer.text
    return {"lot": answer.json()["lots"][0]["lot_id"]}


def delivered_order(world: World) -> Ids:
    """A fresh order of the manager, delivered, so that part of it may come back."""
    order = created(world.api, "/api/orders/", order_body(world.ids), who=GC)
    answer = world.api.call(A, "PATCH", f"/api/orders/{order}/status/",
                            json={"delivery_status": "livree"})
    assert answer.status_code == 200, answer.text
    return {"delivered": order}


def return_body(ids: Ids) -> dict[str, Any]:
    return {"lines": [{"product_id": ids["milk"], "quantity": 0.5}], "restock": True}


def write_off_body(ids: Ids) -> dict[str, Any]:
    return {"product_id": ids["milk"], "lot_id": ids["lot"], "quantity": 1, "reason": "casse"}


def customer_body(_: Ids) -> dict[str, Any]:
    return {"name": unique("Maquis"), "phone": f"7{next(_serial):07d}", "kind": "maquis"}


def product_body(ids: Ids) -> dict[str, Any]:
    return {"name": unique("Yaourt"), "category_id": ids["category"], "unit": "pot",
            "unit_price": 300, "min_stock_level": 1}


def order_body(ids: Ids) -> dict[str, Any]:
    return {"client_name": "Awa Bationo", "items": [{"product_id": ids["milk"], "quantity": 1}]}


def sync_body(_: Ids) -> dict[str, Any]:
    return {"device_id": str(uuid.uuid4()), "client_time": datetime.now(UTC).isoformat(),
            "events": []}


def payment_body(_: Ids) -> dict[str, Any]:
    return {"local_id": str(uuid.uuid4()), "amount": 100, "method": "especes"}


def user_body(_: Ids) -> dict[str, Any]:
    name = unique("nouveau")
    return {"username": name, "email": f"{name}@gapal.bf", "password": "password-123",
            "role": V, "phone": ""}


def stock_body(**extra: Any) -> Callable[[Ids], dict[str, Any]]:
    return lambda ids: {"product_id": ids["milk"], "quantity": 1, **extra}


def constant(body: dict[str, Any]) -> Callable[[Ids], dict[str, Any]]:
    return lambda _: body


EVERYONE = (200, 200, 200, 200)
ADMIN_ONLY = (403, 403, 403, 200)
CATALOGUE_WRITE = (403, 403, 200, 200)
STOCK = (403, 403, 200, 200)
STOCK_WRITE = (403, 403, 201, 201)
ORDERS_OF_OTHERS = (404, 200, 403, 200)   # the order was placed by gestionnaire_commandes
OWN_ORDER_READ = (200, 200, 403, 200)     # the vendeur's own order
OWN_ORDER_WRITE = (403, 200, 403, 200)    # a vendeur updates own orders through sync only
CUSTOMERS_READ = (200, 200, 403, 200)     # the vendeur in the brief shape
CASH_READ = (200, 200, 403, 200)          # a vendeur: his own days only
CASH_WRITE = (403, 201, 403, 201)         # closings and corrections by the office

CASES = [
    Case("auth me", "GET", "/api/auth/me/", EVERYONE),
    Case("users list", "GET", "/api/users/", ADMIN_ONLY),
    Case("users create", "POST", "/api/users/", (403, 403, 403, 201), user_body),
    Case("users get", "GET", "/api/users/{user}/", ADMIN_ONLY),
    Case("users patch", "PATCH", "/api/users/{user}/", ADMIN_ONLY,
         constant({"phone": "70 00 00 01"})),
    Case("users put", "PUT", "/api/users/{user}/", ADMIN_ONLY, constant({"email": "x@gapal.bf"})),
    Case("users delete", "DELETE", "/api/users/{user}/", ADMIN_ONLY, fresh=new_user),
    Case("categories list", "GET", "/api/categories/", EVERYONE),
    Case("categories create", "POST", "/api/categories/", (403, 403, 201, 201),
         lambda _: {"name": unique("Fromages")}),
    Case("categories get", "GET", "/api/categories/{category}/", EVERYONE),
    Case("categories patch", "PATCH", "/api/categories/{category}/", CATALOGUE_WRITE,
         constant({"description": "Lait de vache et de chèvre"})),
    Case("categories put", "PUT", "/api/categories/{category}/", CATALOGUE_WRITE,
         constant({"name": "Lait frais", "description": ""})),
    Case("categories delete", "DELETE", "/api/categories/{category}/", (403, 403, 204, 204),
         fresh=new_category),
    Case("products list", "GET", "/api/products/", EVERYONE),
    Case("products create", "POST", "/api/products/", (403, 403, 201, 201), product_body),
    Case("products get", "GET", "/api/products/{milk}/", EVERYONE),
    Case("products patch", "PATCH", "/api/products/{milk}/", CATALOGUE_WRITE,
         constant({"unit_price": 500})),
    Case("products put", "PUT", "/api/products/{milk}/", CATALOGUE_WRITE,
         constant({"min_stock_level": 2})),
    Case("products delete", "DELETE", "/api/products/{product}/", CATALOGUE_WRITE,
         fresh=new_product),
    Case("products kind prices", "PUT", "/api/products/{product}/prices/", CATALOGUE_WRITE,
         constant({"revendeur": 450}), fresh=new_product),
    Case("products low-stock", "GET", "/api/products/low-stock/", EVERYONE),
    Case("products history", "GET", "/api/products/{milk}/history/", EVERYONE),
    Case("orders list", "GET", "/api/orders/", (200, 200, 403, 200)),
    Case("orders create", "POST", "/api/orders/", (201, 201, 403, 201), order_body),
    Case("orders get", "GET", "/api/orders/{order}/", ORDERS_OF_OTHERS),
    Case("orders get own", "GET", "/api/orders/{own_order}/", OWN_ORDER_READ),
    Case("orders get as it was", "GET", "/api/orders/{order}/?version=1", ORDERS_OF_OTHERS),
    Case("orders patch", "PATCH", "/api/orders/{order}/", ORDERS_OF_OTHERS,
         constant({"notes": "Appeler avant"})),
    Case("orders put", "PUT", "/api/orders/{order}/", ORDERS_OF_OTHERS,
         constant({"client_name": "Awa Bationo", "priority": "haute"})),
    Case("orders patch own", "PATCH", "/api/orders/{own_order}/", OWN_ORDER_WRITE,
         constant({"notes": "Appeler avant"})),
    Case("orders status", "PATCH", "/api/orders/{order}/status/", ORDERS_OF_OTHERS,
         constant({"delivery_status": "en_preparation"}), fresh=new_orders),
    Case("orders status own", "PATCH", "/api/orders/{own_order}/status/", OWN_ORDER_WRITE,
         constant({"delivery_status": "en_preparation"}), fresh=new_orders),
    Case("orders payment", "PATCH", "/api/orders/{order}/payment/", ORDERS_OF_OTHERS,
         constant({"payment_status": "payee"}), fresh=new_orders),
    Case("orders payment own", "PATCH", "/api/orders/{own_order}/payment/", OWN_ORDER_WRITE,
         constant({"payment_status": "payee"}), fresh=new_orders),
    Case("orders history", "GET", "/api/orders/{order}/history/", ORDERS_OF_OTHERS),
    Case("orders history own", "GET", "/api/orders/{own_order}/history/", OWN_ORDER_READ),
    Case("stock movements", "GET", "/api/stock/movements/", STOCK),
    Case("stock entry", "POST", "/api/stock/entry/", STOCK_WRITE, stock_body()),
    Case("stock exit", "POST", "/api/stock/exit/", STOCK_WRITE, stock_body(reason="Casse")),
    Case("stock adjustment", "POST", "/api/stock/adjustment/", STOCK_WRITE,
         stock_body(reason="Inventaire")),
    Case("products lots", "GET", "/api/products/{milk}/lots/", EVERYONE),
    Case("stock write-off", "POST", "/api/stock/write-off/", STOCK_WRITE, write_off_body,
         fresh=new_lot),
    Case("reports losses", "GET", "/api/reports/losses/", (403, 200, 200, 200)),
    # A vendeur records the returns of his own orders from the phone (sync), never here.
    Case("orders returns", "POST", "/api/orders/{delivered}/returns/", (404, 201, 403, 201),
         return_body, fresh=delivered_order),
    Case("audit", "GET", "/api/audit/", ADMIN_ONLY),
    Case("audit seal", "GET", "/api/audit/seal/", ADMIN_ONLY),
    Case("audit verify", "POST", "/api/audit/verify/", (403, 403, 403, 202)),
    Case("audit verification", "GET", "/api/audit/verify/{verification}/", ADMIN_ONLY,
         fresh=new_verification),
    Case("customers list", "GET", "/api/customers/", CUSTOMERS_READ),
    Case("customers create", "POST", "/api/customers/", (201, 201, 403, 201), customer_body),
    Case("customers get", "GET", "/api/customers/{customer}/", CUSTOMERS_READ),
    Case("customers patch", "PATCH", "/api/customers/{customer}/", (403, 200, 403, 200),
         constant({"address": "Secteur 7", "credit_limit": 20000})),
    Case("customers statement", "GET", "/api/customers/{customer}/statement/",
         (403, 200, 403, 200)),
    Case("orders sync", "POST", "/api/orders/sync/", (200, 200, 403, 200), sync_body),
    Case("orders payments", "GET", "/api/orders/{order}/payments/", ORDERS_OF_OTHERS),
    Case("orders payments own", "GET", "/api/orders/{own_order}/payments/", OWN_ORDER_READ),
    Case("orders pay", "POST", "/api/orders/{order}/payments/", (404, 201, 403, 201),
         payment_body, fresh=new_orders),
    Case("orders pay own", "POST", "/api/orders/{own_order}/payments/", (201, 201, 403, 201),
         payment_body, fresh=new_orders),
    Case("orders receipt", "GET", "/api/orders/{order}/receipt/", ORDERS_OF_OTHERS),
    Case("orders receipt own", "GET", "/api/orders/{own_order}/receipt/", OWN_ORDER_READ),
    Case("orders voice notes", "GET", "/api/orders/{order}/voice-notes/", ORDERS_OF_OTHERS),
    Case("payments list", "GET", "/api/payments/", (200, 200, 403, 200)),
    Case("reports summary", "GET", "/api/reports/summary/", (403, 200, 403, 200)),
    Case("reports receivables", "GET", "/api/reports/receivables/", (403, 200, 403, 200)),
    Case("reports csv", "GET", "/api/reports/orders/csv/", (403, 200, 403, 200)),
    Case("reports pdf", "GET", "/api/reports/orders/pdf/", (403, 200, 403, 200)),
    Case("users unlock", "POST", "/api/users/{user}/unlock/", ADMIN_ONLY),
    Case("notifications list", "GET", "/api/notifications/", EVERYONE),
    Case("notifications unread", "GET", "/api/notifications/unread-count/", EVERYONE),
    Case("notifications read all", "POST", "/api/notifications/read-all/", EVERYONE),
    Case("cash closings list", "GET", "/api/cash-closings/?day={today}", CASH_READ),
    Case("cash closing get own", "GET", "/api/cash-closings/{vendeur}/{today}/", CASH_READ),
    Case("cash closing get other", "GET", "/api/cash-closings/{manager}/{today}/",
         ORDERS_OF_OTHERS),
    Case("cash closing pdf own", "GET", "/api/cash-closings/{vendeur}/{today}/pdf/", CASH_READ),
    Case("cash closing close", "POST", "/api/cash-closings/", CASH_WRITE, closing_body,
         fresh=new_user),
    Case("cash closing correct", "POST", "/api/cash-closings/{user}/{today}/corrections/",
         CASH_WRITE, constant({"counted": {"especes": 0}, "reason": "Recompté"}),
         fresh=closed_day),
]

# Routes whose rule depends on more than the role (a recipient, a file, no sign-in at all):
# their own module tests who may call them.
RULES_TESTED_ELSEWHERE = {
    ("POST", "/api/auth/login/"): "tests/api/test_auth.py",
    ("POST", "/api/auth/refresh/"): "tests/api/test_auth.py",
    ("GET", "/api/health/"): "tests/api/test_audit_health.py",
    ("POST", "/api/notifications/{}/read/"): "tests/api/test_notifications.py",
    ("POST", "/api/orders/{}/voice-notes/"): "tests/api/test_voice_notes.py",
    ("GET", "/api/voice-notes/{}/audio/"): "tests/api/test_voice_notes.py",
}


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The module's world, on SQLite and on PostgreSQL (every case runs on both)."""
    folder = tmp_path_factory.mktemp("rbac")
    with database_on(request.param, folder) as url:
        yield from world_on(url, folder)


def world_on(database_url: str, folder: Path) -> Iterator[World]:
    for api in fast_world.fresh_api(database_url, folder):
        catalogue = fast_world.catalogue_of(api)
        ids = {"category": catalogue["category"]["id"], "milk": catalogue["milk"]["id"]}
        answer = api.call(A, "POST", "/api/stock/adjustment/", json={
            "product_id": ids["milk"], "quantity": 1000, "reason": "Stock pour les essais"})
        assert answer.status_code == 201, answer.text
        world = World(api, ids)
        ids.update(new_user(world))
        ids.update(new_orders(world))
        ids["customer"] = created(api, "/api/customers/", customer_body(ids))
        ids["today"] = datetime.now(UTC).date().isoformat()
        ids["vendeur"] = api.call(V, "GET", "/api/auth/me/").json()["id"]
        ids["manager"] = api.call(GC, "GET", "/api/auth/me/").json()["id"]
        yield world


def expected(case: Case, who: str) -> int:
    return 401 if who == ANONYMOUS else case.statuses[WHO.index(who)]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name.replace(" ", "-"))
def test_each_role_gets_exactly_what_the_roles_table_allows(world: World, case: Case,
                                                            who: str) -> None:
    api = world.api
    ids = {**world.ids, **case.fresh(world)}
    path = case.path.format(**ids)
    body = case.body(ids) if case.body else None
    before = log_length(api.gapal)
    answer = api.call(None if who == ANONYMOUS else who, case.method, path, json=body)
    status = expected(case, who)
    assert answer.status_code == status, f"{who} {case.method} {path}: {answer.text}"
    if status >= 400:
        refusal = answer.json()
        assert refusal["code"] == {401: "not_authenticated", 403: "permission_denied",
                                   404: "not_found"}[status]
        assert refusal["detail"]
        assert log_length(api.gapal) == before, "a refused request wrote to the log"


def template(path: str) -> str:
    """`/api/orders/{own_order}/?version=1`, `/api/orders/{order_id}/`: `/api/orders/{}/`."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?", maxsplit=1)[0])


def test_the_matrix_covers_every_route_of_the_app(world: World) -> None:
    """A route added without a rule in this matrix (or a module named here) fails this test."""
    schema = world.api.call(None, "GET", "/openapi.json").json()
    routes = {(method.upper(), template(path)) for path, operations in schema["paths"].items()
              for method in operations if method in ("get", "post", "put", "patch", "delete")}
    covered = {(case.method, template(case.path)) for case in CASES}
    assert routes - covered - set(RULES_TESTED_ELSEWHERE) == set()
    assert covered <= routes, "a case names a route the app does not have"
    root = Path(__file__).resolve().parents[2]
    for (method, path), module in RULES_TESTED_ELSEWHERE.items():
        assert (method, path) in routes
        assert (root / module).is_file()


def test_a_vendeur_sees_only_own_orders_in_the_list(world: World) -> None:
    listed = world.api.call(V, "GET", "/api/orders/").json()["results"]
    assert listed
    assert {order["created_by_username"] for order in listed} == {V}
    everything = world.api.call(A, "GET", "/api/orders/").json()["results"]
    assert {order["created_by_username"] for order in everything} >= {V, GC}
