"""Stock by lot on the dashboard: two entries with different expiries, a delivery takes from the
lot that expires first, the expired lot (stock registered with the product past its date: the
server's clock cannot be moved, and an entry may not be dated in the past) is written off as
« Périmé » from « Pertes », the losses report values it; a return on the delivered order lowers
what the customer owes. axe-core finds nothing on the lots (red and amber rows) nor on the
losses with their report."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.axe import axe_source_of, violations
from tests.e2e.conftest import Backend, login, shoot
from tests.e2e.test_dashboard import unique

pytestmark = pytest.mark.slow
SPACE = "[\u00a0\u202f ]"


def today() -> date:
    return datetime.now(UTC).date()  # the server's day (Koudougou = UTC)


def shown(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def a_product_with_expired_stock(backend: Backend, name: str) -> dict[str, Any]:
    """3 pots on the shelf since yesterday's date: an expired lot of unknown cost."""
    categories = backend.call("admin", "GET", "/api/categories/").json()["results"]
    answer = backend.call("admin", "POST", "/api/products/", json={
        "name": name, "category_id": categories[0]["id"], "unit": "pot", "unit_price": 400,
        "min_stock_level": 1, "stock_quantity": 3,
        "expiration_date": str(today() - timedelta(days=1))})
    assert answer.status_code == 201, answer.text
    product: dict[str, Any] = answer.json()
    return product


def enter(page: Any, name: str, quantity: str, expiry: date, code: str, cost: str) -> None:
    form = page.get_by_role("tabpanel")
    form.get_by_role("combobox", name=re.compile("^Produit")).select_option(label=name)
    form.get_by_label(re.compile("^Quantité")).fill(quantity)
    form.get_by_label("Date de péremption (facultatif)").fill(shown(expiry))
    form.get_by_label("Code du lot (facultatif)").fill(code)
    form.get_by_label("Coût unitaire (FCFA, facultatif)").fill(cost)
    form.get_by_role("button", name="Enregistrer l’entrée").click()
    page.get_by_role("status").filter(has_text=f"dans le lot {code}.").wait_for()


def write_off(page: Any, name: str, lot: str, quantity: str, reason: str, text: str = "") -> None:
    form = page.get_by_role("form", name="Déclarer une perte")
    form.get_by_label("Produit").select_option(label=name)
    form.get_by_label("Lot", exact=True).select_option(label=lot)
    form.get_by_label(re.compile("^Quantité perdue")).fill(quantity)
    form.get_by_label("Motif", exact=True).select_option(label=reason)
    form.get_by_label("Précisions (facultatif)").fill(text)
    form.get_by_role("button", name="Enregistrer la perte").click()
    code = lot.partition(" — ")[0]
    page.get_by_role("status").filter(
        has_text=f"Perte enregistrée : {quantity} pot du lot {code}.").wait_for()


def test_lots_first_expired_first_out_a_write_off_and_a_return(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Crème lots")
    product = a_product_with_expired_stock(backend, name)
    [stale] = backend.call("admin", "GET", f"/api/products/{product['id']}/lots/").json()
    login(page, server, "admin")
    nav = page.get_by_role("navigation", name="Navigation principale")

    # Two entries: the later one keeps less long than the product's latest lot, and says so.
    nav.get_by_role("link", name="Stock", exact=True).click()
    enter(page, name, "10", today() + timedelta(days=10), "L-TARD", "600")
    enter(page, name, "5", today(), "L-TOT", "500")
    expect(page.get_by_role("note", name="Attention")).to_contain_text("habituelle")
    movements = page.get_by_role("table", name="Mouvements de stock")
    expect(movements.get_by_role("row").filter(has_text=name).first).to_contain_text(
        "Lot L-TOT : 5")
    # Counting one lot: the adjustment names the lot it counts.
    page.get_by_role("tab", name="Ajustement").click()
    form = page.get_by_role("tabpanel")
    form.get_by_role("combobox", name=re.compile("^Produit")).select_option(label=name)
    form.get_by_label("Lot", exact=True).select_option(
        label=f"L-TARD — 10 pot — {shown(today() + timedelta(days=10))}")
    form.get_by_label("Quantité comptée").fill("9")
    form.get_by_role("button", name="Enregistrer l’ajustement").click()
    page.get_by_role("status").filter(has_text="Stock après : 17 pot").wait_for()

    # A delivery of 2 takes from the lot that expires first, never from the expired one.
    order = backend.order("Maquis FEFO", [(product["id"], 2)])
    delivered = backend.call("awa.commandes", "PATCH", f"/api/orders/{order['id']}/status/",
                             json={"delivery_status": "livree"})
    assert delivered.status_code == 200, delivered.text
    nav.get_by_role("link", name="Produits", exact=True).click()
    page.get_by_label("Rechercher").fill(name)
    page.get_by_role("button", name=f"Lots : {name}").click()
    dialog = page.get_by_role("dialog", name=f"Lots de {name}")
    rows = dialog.get_by_role("row")
    expect(rows).to_have_count(4)
    expected = [(stale["lot_code"], "3 pot", "expired", "Périmé"),
                ("L-TOT", "3 pot", "soon", "Périme aujourd’hui"),
                ("L-TARD", "9 pot", "fine", "Bon")]
    for index, (code, left, urgency, label) in enumerate(expected, start=1):
        row = rows.nth(index)
        expect(row.get_by_role("rowheader")).to_have_text(code)
        expect(row).to_have_attribute("data-urgency", urgency)
        expect(row).to_contain_text(re.compile(f"{left.replace(' ', SPACE)}.*{label}"))
    expect(rows.nth(2)).to_contain_text(re.compile(f"500{SPACE}FCFA"))
    axe = axe_source_of("web")
    assert violations(page, axe) == []
    shoot(page, "lots-du-produit")
    page.keyboard.press("Escape")

    # « Pertes »: the expired lot written off as « Périmé », one pot of L-TOT broken.
    nav.get_by_role("link", name="Pertes", exact=True).click()
    write_off(page, name, f"{stale['lot_code']} — 3 pot — {shown(today() - timedelta(days=1))}"
              " (Périmé)", "3", "Périmé")
    write_off(page, name, f"L-TOT — 3 pot — {shown(today())} (Périme aujourd’hui)", "1",
              "Casse", "Pot tombé")
    report = page.get_by_role("region", name="Rapport des pertes")
    report.get_by_role("search").get_by_label("Produit").select_option(label=name)
    expect(report.get_by_test_id("losses-quantity")).to_contain_text("4")
    expect(report.get_by_test_id("losses-value")).to_contain_text(re.compile(f"500{SPACE}FCFA"))
    by_reason = report.get_by_role("list", name="Pertes par motif (valeur)")
    expect(by_reason.get_by_role("listitem").filter(has_text="Périmé")).to_contain_text(
        re.compile(f"0{SPACE}FCFA · 3"))
    expect(by_reason.get_by_role("listitem").filter(has_text="Casse")).to_contain_text(
        re.compile(f"500{SPACE}FCFA · 1"))
    expired_row = report.get_by_role("row").filter(has_text=stale["lot_code"])
    expect(expired_row).to_contain_text("Périmé")
    expect(report.get_by_role("row").filter(has_text="Pot tombé")).to_contain_text("L-TOT")
    assert violations(page, axe) == []
    shoot(page, "pertes")
    with page.expect_download() as download:
        report.get_by_role("button", name="Pertes en CSV").click()
    assert download.value.suggested_filename.startswith("pertes_")
    assert backend.call("admin", "GET", f"/api/products/{product['id']}/").json()[
        "stock_quantity"] == 11

    # A return on the delivered order: one pot back on the shelf, 400 FCFA less to pay.
    page.goto(f"{server}/commandes/?id={order['id']}")
    order_dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    returned = order_dialog.get_by_role("form", name="Retour")
    returned.get_by_label(f"Quantité retournée — {name} (pot)").fill("3")
    returned.get_by_role("button", name="Enregistrer le retour").click()
    expect(returned.get_by_text("Au plus la quantité livrée (2 pot).")).to_be_visible()
    returned.get_by_label(f"Quantité retournée — {name} (pot)").fill("1")
    returned.get_by_label("Motif du retour").fill("Pot abîmé")
    returned.get_by_label("Oui, remettre dans son lot").check()
    returned.get_by_role("button", name="Enregistrer le retour").click()
    order_dialog.get_by_role("status").filter(
        has_text=re.compile(f"Retour enregistré. Reste à payer : 400{SPACE}FCFA")).wait_for()
    expect(order_dialog.get_by_test_id("paid-and-due")).to_contain_text(
        re.compile(f"Reste 400{SPACE}FCFA · Rendu 400{SPACE}FCFA"))
    assert backend.call("admin", "GET", f"/api/products/{product['id']}/").json()[
        "stock_quantity"] == 12
