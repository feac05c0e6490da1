"""Prices per customer kind on the dashboard: a stock manager sets them on the products screen
(French refusals, the history of the prices), and the reports give the revenue by customer kind."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import Backend, login, shoot
from tests.e2e.test_dashboard import unique

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_a_stock_manager_sets_the_reseller_and_hotel_prices_and_sees_their_history(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Fromage peulh")
    product = backend.product(name, stock=10)  # 400 FCFA the pot
    login(page, server, "issouf.stock")
    page.get_by_role("link", name="Produits").click()
    page.get_by_label("Rechercher").fill(name)
    page.get_by_role("button", name=f"Prix par type : {name}").click()
    dialog = page.get_by_role("dialog", name=f"Prix par type de client — {name}")
    dialog.get_by_text("Un type laissé vide paie le prix de base.").wait_for()

    dialog.get_by_label("Revendeur").fill("350,5")
    dialog.get_by_role("button", name="Enregistrer").click()
    dialog.get_by_text("Saisissez un nombre entier, sans virgule.").wait_for()
    assert backend.call("admin", "GET", f"/api/products/{product['id']}/").json()[
        "prices_by_kind"] == {}

    dialog.get_by_label("Revendeur").fill("350")
    dialog.get_by_label("Hôtel").fill("1 450")
    dialog.get_by_role("button", name="Enregistrer").click()
    dialog.get_by_role("status").filter(has_text="Prix par type de client enregistrés.").wait_for()
    history = dialog.get_by_role("region", name="Historique des prix")
    history.get_by_text("Hôtel : 1 450 FCFA · Revendeur : 350 FCFA").wait_for()
    assert "Prix de base : 400 FCFA" in plain(history.inner_text())
    shoot(page, "prix-par-type-de-client")
    assert backend.call("admin", "GET", f"/api/products/{product['id']}/").json()[
        "prices_by_kind"] == {"hotel": 1450, "revendeur": 350}

    page.keyboard.press("Escape")
    row = page.get_by_role("row").filter(has_text=name)
    row.get_by_text("Hôtel : 1 450 FCFA · Revendeur : 350 FCFA").wait_for()


def test_the_reports_give_the_revenue_by_customer_kind_with_orders_without_customer(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.product(unique("Dèguè"), stock=10)
    backend.call("issouf.stock", "PUT", f"/api/products/{product['id']}/prices/",
                 json={"revendeur": 300})
    answer = backend.call("awa.commandes", "POST", "/api/customers/", json={
        "name": unique("Revendeur Ouédraogo"), "phone": f"75 {random.randrange(10**6):06d}",
        "kind": "revendeur"})
    assert answer.status_code == 201, answer.text
    today = datetime.now(UTC).date()  # the reports page shows the last 30 days
    period = {"date_from": str(today - timedelta(days=29)), "date_to": str(today)}
    before = {row["kind"]: row for row in backend.call(
        "awa.commandes", "GET", "/api/reports/summary/", params=period).json()[
        "by_customer_kind"]}
    order = backend.call("awa.commandes", "POST", "/api/orders/", json={
        "customer_id": answer.json()["id"], "items": [{"product_id": product["id"],
                                                       "quantity": 3}]}).json()
    assert order["total_price"] == 900
    delivered = backend.call("awa.commandes", "PATCH", f"/api/orders/{order['id']}/status/",
                             json={"delivery_status": "livree"})
    assert delivered.status_code == 200, delivered.text

    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Rapports").click()
    table = page.get_by_role("table", name="Commandes et chiffre d’affaires livré par type de "
                                           "client (type actuel du client)")
    revendeur = table.get_by_role("row").filter(has_text="Revendeur")
    expected = f"{before['revendeur']['revenue'] + 900:,}".replace(",", " ")
    revendeur.get_by_text(f"{expected} FCFA").wait_for()
    assert plain(revendeur.get_by_role("cell").all_inner_texts()[1]) == str(
        before["revendeur"]["orders"] + 1)
    table.get_by_role("row").filter(has_text="Sans client").wait_for()
    table.scroll_into_view_if_needed()
    shoot(page, "rapports-par-type-de-client")
