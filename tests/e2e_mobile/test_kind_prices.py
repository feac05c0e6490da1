"""Prices per customer kind on the phone: a reseller's order taken offline shows and totals the
reseller price of the cached catalogue, and the server, at sync, prices it at the reseller price
valid when it was taken, though the price changed meanwhile."""

from __future__ import annotations

import random
import re
from typing import Any
from uuid import uuid4

import httpx

from tests.e2e_mobile.conftest import Office, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, VendorApp

NBSP = "\u00a0"
STOCKS = ("issouf.stock", "stock-gapal-2026")


def as_stock_manager(base: str, method: str, path: str, **kwargs: Any) -> Any:
    login = httpx.post(f"{base}/api/auth/login/", timeout=10,
                       json={"username": STOCKS[0], "password": STOCKS[1]})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access']}"}
    answer = httpx.request(method, f"{base}{path}", headers=headers, timeout=20, **kwargs)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def fcfa(amount: str) -> str:
    return f"{amount.replace(' ', NBSP)}{NBSP}FCFA"


def test_a_resellers_offline_order_takes_the_reseller_price_valid_when_it_was_taken(
        page: Any, context: Any, server: str, office: Office) -> None:
    tag = uuid4().hex[:4].upper()
    product_name = f"Lait caillé revendeur {tag} (1 L)"
    [category, *_] = as_stock_manager(server, "GET", "/api/categories/")["results"]
    product = as_stock_manager(server, "POST", "/api/products/", json={
        "name": product_name, "category_id": category["id"], "unit": "L", "unit_price": 600,
        "min_stock_level": 0, "stock_quantity": 50})
    as_stock_manager(server, "PUT", f"/api/products/{product['id']}/prices/",
                     json={"revendeur": 450, "hotel": 650})
    reseller = f"Revendeuse Kaboré {tag}"
    created = office.call("POST", "/api/customers/", json={
        "name": reseller, "phone": f"76 {random.randrange(10**6):06d}", "kind": "revendeur"})
    assert created.status_code == 201, created.text

    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()

    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Chercher un client connu").fill(reseller)
    page.get_by_role("button", name=f"Choisir {reseller}").click()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill(product_name.split(" (", maxsplit=1)[0])
    row = page.locator("li.product").filter(has_text=product_name)
    row.get_by_text(f"{fcfa('450')} / L").wait_for()  # the reseller's price, not 600
    row.get_by_text("prix revendeur").wait_for()
    for _ in range(2):
        page.get_by_role("button", name=f"Ajouter : {product_name}", exact=True).click()
    page.locator(".running-total").get_by_text(fcfa("900")).wait_for()
    shoot(page, "60-prix-revendeur")
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()
    flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
    number = re.findall(r"\d{6}-\w{6}", flash.inner_text())[0]
    app.expect_state(number, PENDING)

    # While the phone is offline, the office lowers the reseller price: the order keeps 450.
    page.wait_for_timeout(1000)
    as_stock_manager(server, "PUT", f"/api/products/{product['id']}/prices/",
                     json={"revendeur": 400})
    context.set_offline(False)
    app.expect_state(number, SYNCED)
    shoot(page, "61-commande-revendeur-synchronisee")

    [order] = office.orders_of(reseller)
    assert order["order_number"] == number
    assert [(i["product_id"], i["unit_price"]) for i in order["items"]] == [(product["id"], 450)]
    assert order["total_price"] == 900
    history = office.call("GET", f"/api/orders/{order['id']}/history/").json()["results"]
    assert not [e for e in history if e["event_type"] == "Order.ConflictSettled"]
