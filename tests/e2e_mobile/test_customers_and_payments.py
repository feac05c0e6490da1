"""Customers and payments on the phone: a new customer, his order and half of it paid by Orange
Money, all offline; the receipt says what is paid and what is left; the sync files it all."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

from tests.e2e.conftest import login
from tests.e2e_mobile.conftest import Office, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, VendorApp

LAIT = "Lait frais de vache (1 L)"
NBSP = "\u00a0"


def fresh_phone() -> str:
    digits = f"{random.randrange(10**6):06d}"
    return f"70 {digits[:2]} {digits[2:4]} {digits[4:]}"


def fill_and_save(page: Any, product: str, taps: int) -> None:
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill(product.split(" (", maxsplit=1)[0])
    for _ in range(taps):
        page.get_by_role("button", name=f"Ajouter : {product}", exact=True).click()
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()


def saved_number(page: Any) -> str:
    flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
    number: str = re.findall(r"\d{6}-\w{6}", flash.inner_text())[0]
    return number


def new_order(page: Any, product: str, taps: int) -> str:
    fill_and_save(page, product, taps)
    return saved_number(page)


def test_a_new_customer_his_order_and_half_paid_by_orange_money_offline(
        page: Any, context: Any, browser: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()

    name = f"Maquis Le Baobab {uuid4().hex[:4].upper()}"
    phone = fresh_phone()
    reference = f"OM{uuid4().hex[:8].upper()}"
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_role("button", name="Nouveau client").click()
    page.get_by_role("heading", name="Nouveau client (enregistré avec la commande)").wait_for()
    page.get_by_label("Nom du client").fill(name)
    page.get_by_label("Téléphone").fill(phone)
    page.get_by_label("Type de client").select_option(label="Maquis")
    page.get_by_label("Adresse de livraison").fill("Secteur 3, Koudougou")
    shoot(page, "40-nouveau-client")
    number = new_order(page, LAIT, 4)  # 4 × 500 = 2 000 FCFA
    app.expect_state(number, PENDING)

    app.card(number).locator("a.card-main").click()
    page.get_by_role("heading", name=number).wait_for()
    page.get_by_role("link", name="Enregistrer un paiement").click()
    page.get_by_role("heading", name=f"Paiement de {number}").wait_for()
    amount = page.get_by_label("Montant reçu (FCFA)")
    assert amount.input_value() == "2000"  # the rest due by default
    amount.fill("1000")
    page.get_by_role("button", name="Orange Money", exact=True).click()
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_role("alert").filter(has_text="La référence est obligatoire").wait_for()
    page.get_by_label("Référence de la transaction").fill(reference)
    shoot(page, "41-paiement-orange-money")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    dialog = page.get_by_role("dialog", name="Confirmer le paiement")
    dialog.get_by_text(
        f"Confirmer 1{NBSP}000{NBSP}FCFA reçus par Orange Money pour {number} ?").wait_for()
    dialog.get_by_role("button", name="Oui, enregistrer").click()

    page.get_by_text(
        f"Paiement de 1{NBSP}000{NBSP}FCFA enregistré sur le téléphone pour {number}.").wait_for()
    detail = page.locator("article.detail")
    detail.get_by_text(PENDING, exact=True).wait_for()
    detail.get_by_text(re.compile(r"· Payée en partie$")).wait_for()
    money = detail.get_by_role("region", name="Paiements")
    money.get_by_text(f"1{NBSP}000{NBSP}FCFA · Orange Money · réf. {reference}").wait_for()
    money.scroll_into_view_if_needed()
    shoot(page, "42-payee-en-partie")

    share = page.get_by_role("link", name="Partager le reçu sur WhatsApp")
    text = parse_qs(urlsplit(share.get_attribute("href")).query)["text"][0]
    assert f"Client : {name}" in text
    assert f"Total : 2{NBSP}000{NBSP}FCFA" in text
    assert f"Orange Money\n  1{NBSP}000{NBSP}FCFA (réf. {reference})\n  reçu par " in text
    assert f"Payé : 1{NBSP}000{NBSP}FCFA\nReste à payer : 1{NBSP}000{NBSP}FCFA" in text

    context.set_offline(False)
    detail.get_by_text(SYNCED, exact=True).wait_for(timeout=30_000)
    money.get_by_text("Envoyé").wait_for()
    shoot(page, "43-paiement-synchronise")

    found = office.call("GET", "/api/customers/", params={"search": name}).json()["results"]
    [customer] = [c for c in found if c["name"] == name]
    assert customer["phone"] == "+226" + phone.replace(" ", "")
    assert customer["kind"] == "maquis"
    [order] = office.orders_of(name)
    assert order["order_number"] == number
    assert order["customer_id"] == customer["id"]
    paid = (order["amount_paid"], order["amount_due"], order["payment_status"])
    assert paid == (1000, 1000, "partielle")
    balance = office.call("GET", f"/api/customers/{customer['id']}/").json()["balance"]
    assert balance == 1000

    # At the office, the dashboard's receivables show the other half owed, 0–7 days old.
    desk = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    try:
        dashboard = desk.new_page()
        login(dashboard, server, "awa.commandes")
        dashboard.goto(f"{server}/rapports/")
        table = dashboard.get_by_role("table", name="Créances par client et par âge, en FCFA")
        row = table.get_by_role("row").filter(has_text=name)
        row.wait_for()
        cells = [cell.strip().replace(NBSP, " ").replace("\u202f", " ")
                 for cell in row.get_by_role("cell").all_inner_texts()]
        headers = table.get_by_role("columnheader").all_inner_texts()
        assert headers[-4:] == ["0–7 j", "8–30 j", "31–60 j", "> 60 j"]
        ages = cells[-4:]  # the row ends with the four age columns, as the header does
        assert "1 000" in ages[0], (headers, cells)
        assert not any("1 000" in later for later in ages[1:]), (headers, cells)
        row.scroll_into_view_if_needed()
        shoot(dashboard, "48-creances-au-bureau")
    finally:
        desk.close()


def register(office: Office, name: str, phone: str, kind: str = "boutique") -> dict[str, Any]:
    answer = office.call("POST", "/api/customers/",
                         json={"name": name, "phone": phone, "kind": kind})
    assert answer.status_code == 201, answer.text
    customer: dict[str, Any] = answer.json()
    return customer


def test_a_known_customer_owing_money_is_found_warned_about_and_paid_in_part_on_delivery(
        page: Any, server: str, office: Office) -> None:
    tag = uuid4().hex[:4].upper()
    owing = register(office, f"Boutique Élodie {tag}", fresh_phone())
    products = office.call("GET", "/api/products/", params={"search": "Lait frais"}).json()
    [lait] = [p for p in products["results"] if p["name"] == LAIT]
    debt = office.call("POST", "/api/orders/", json={
        "customer_id": owing["id"], "items": [{"product_id": lait["id"], "quantity": 2}]})
    assert debt.status_code == 201, debt.text
    known = register(office, f"Hôtel du Lac {tag}", fresh_phone(), "hotel")

    app = VendorApp(page, server)
    app.log_in()  # the sync brings the customers
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Chercher un client connu").fill(f"elodie {tag.lower()}")
    result = page.get_by_role("button", name=f"Choisir {owing['name']}")
    result.get_by_text(f"Doit 1{NBSP}000{NBSP}FCFA").wait_for()
    shoot(page, "44-client-trouve")
    result.click()
    chosen = page.get_by_role("region", name="Client choisi")
    chosen.get_by_text(owing["name"]).wait_for()
    chosen.get_by_text(f"Doit 1{NBSP}000{NBSP}FCFA").wait_for()
    assert page.get_by_label("Nom du client").count() == 0  # his name and phone come with him
    fill_and_save(page, LAIT, 4)
    # the order is not saved before the vendor has read the warning
    warning = page.get_by_role("dialog", name="Vérifiez cette commande")
    warning.get_by_text(f"Ce client doit déjà 1{NBSP}000{NBSP}FCFA.").wait_for()
    shoot(page, "45-client-doit-deja")
    warning.get_by_role("button", name="Enregistrer quand même").click()
    number = saved_number(page)

    page.get_by_role("status").get_by_role("link", name="Livrée sur place ?").click()
    page.get_by_role("button", name="Payée", exact=True).click()
    amount = page.get_by_label("Montant reçu (FCFA)")
    assert amount.input_value() == "2000"
    amount.fill("500")
    page.get_by_role("button", name="Livrer", exact=True).click()
    dialog = page.get_by_role("dialog", name="Confirmer la livraison")
    dialog.get_by_text(f"Confirmer la livraison de {number} — 500{NBSP}FCFA payés en espèces, "
                       f"reste 1{NBSP}500{NBSP}FCFA à payer").wait_for()
    shoot(page, "46-livraison-payee-en-partie")
    dialog.get_by_role("button", name="Oui, livrer").click()
    detail = page.locator("article.detail")
    detail.get_by_text(SYNCED, exact=True).wait_for(timeout=30_000)
    detail.get_by_text(re.compile(r"· Payée en partie$")).wait_for()

    [order] = [o for o in office.orders_of(owing["name"]) if o["order_number"] == number]
    assert order["customer_id"] == owing["id"]
    paid = (order["delivery_status"], order["amount_paid"], order["payment_status"])
    assert paid == ("livree", 500, "partielle")
    assert office.call("GET", f"/api/customers/{owing['id']}/").json()["balance"] == 1000 + 1500

    # A « new » customer whose phone the office already has: the server keeps its customer.
    page.get_by_role("link", name="Mes commandes").click()
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_role("button", name="Nouveau client").click()
    page.get_by_label("Nom du client").fill(f"Hotel Lac {tag}")
    page.get_by_label("Téléphone").fill(known["phone"])
    number = new_order(page, LAIT, 1)
    app.expect_state(number, SYNCED)
    app.card(number).locator("a.card-main").click()
    page.get_by_text(f"Client déjà connu : {known['name']} ({known['phone']})").wait_for()
    shoot(page, "47-client-deja-connu")
    [order] = [o for o in office.orders_of(f"Hotel Lac {tag}") if o["order_number"] == number]
    assert order["customer_id"] == known["id"]
