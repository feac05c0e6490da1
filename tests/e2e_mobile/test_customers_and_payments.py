"""Customers and payments on the phone: a new customer, his order and half of it paid by Orange
Money, all offline; the receipt says what is paid and what is left; the sync files it all."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

from tests.e2e_mobile.conftest import Office, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, VendorApp

LAIT = "Lait frais de vache (1 L)"
NBSP = "\u00a0"


def fresh_phone() -> str:
    digits = f"{random.randrange(10**6):06d}"
    return f"70 {digits[:2]} {digits[2:4]} {digits[4:]}"


def new_order(page: Any, product: str, taps: int) -> str:
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill(product.split(" (")[0])
    for _ in range(taps):
        page.get_by_role("button", name=f"Ajouter un {product}", exact=True).click()
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()
    flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
    number: str = re.findall(r"\d{6}-\w{6}", flash.inner_text())[0]
    return number


def test_a_new_customer_his_order_and_half_paid_by_orange_money_offline(
        page: Any, context: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()

    name = f"Maquis Le Baobab {uuid4().hex[:4].upper()}"
    phone = fresh_phone()
    reference = f"OM{uuid4().hex[:8].upper()}"
    page.get_by_role("button", name="Nouvelle commande").click()
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
    dialog.get_by_text(f"Confirmer 1{NBSP}000{NBSP}FCFA reçus par Orange Money pour {number} ?").wait_for()
    dialog.get_by_role("button", name="Oui, enregistrer").click()

    page.get_by_text(f"Paiement de 1{NBSP}000{NBSP}FCFA enregistré sur le téléphone pour {number}.").wait_for()
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
    assert f"Orange Money\n  1{NBSP}000{NBSP}FCFA réf. {reference}" in text
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
    assert (order["amount_paid"], order["amount_due"], order["payment_status"]) == (1000, 1000, "partielle")
    balance = office.call("GET", f"/api/customers/{customer['id']}/").json()["balance"]
    assert balance == 1000
