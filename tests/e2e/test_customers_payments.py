"""Customers and payments on the dashboard: the Clients screen and money received on an order."""

from __future__ import annotations

import random
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TABLET, Backend, login, shoot
from tests.e2e.test_dashboard import unique

pytestmark = pytest.mark.slow


def free_phone() -> tuple[str, str]:
    """A Burkina number nobody has yet: as typed (`70 12 34 56`) and as the French read it."""
    digits = f"7{random.randrange(10**7):07d}"
    pairs = " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return pairs, f"+226 {pairs}"


def test_a_manager_registers_a_customer_and_finds_him_in_the_list(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Maquis Le Palmier")
    typed, shown = free_phone()
    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Clients").click()
    page.get_by_role("button", name="Nouveau client").click()
    form = page.get_by_role("dialog", name="Nouveau client")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_text("Indiquez le nom du client.").wait_for()
    form.get_by_label("Nom").fill(name)
    form.get_by_label("Téléphone", exact=True).fill("12 34")
    form.get_by_label("Type de client").select_option(label="Maquis")
    form.get_by_label("Limite de crédit (FCFA)").fill("25 000,5")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_text("Numéro invalide : 8 chiffres").wait_for()
    form.get_by_text("Saisissez un nombre entier, sans virgule.").wait_for()
    form.get_by_label("Téléphone", exact=True).fill(typed)
    form.get_by_label("Limite de crédit (FCFA)").fill("25 000")
    form.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("status").filter(has_text=f"Client {name} enregistré.").wait_for()

    page.get_by_label("Rechercher").fill(typed.replace(" ", ""))
    row = page.get_by_role("row").filter(has_text=name)
    row.wait_for()
    cells = [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]
    assert shown in cells, cells
    assert "Maquis" in cells, cells
    assert "0 FCFA" in cells, cells
    assert "Rien à payer" in cells, cells
    assert "25 000 FCFA" in cells, cells
    shoot(page, "clients-liste")

    # The same phone for another customer: refused, naming who has it.
    page.get_by_role("button", name="Nouveau client").click()
    form = page.get_by_role("dialog", name="Nouveau client")
    form.get_by_label("Nom").fill(unique("Boutique Sœur"))
    form.get_by_label("Téléphone", exact=True).fill(f"+226{typed.replace(' ', '')}")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_role("alert").filter(has_text=f"Ce numéro est déjà celui de {name}.").wait_for()
    found = backend.call("admin", "GET", "/api/customers/", params={"search": name}).json()
    assert found["count"] == 1


def test_a_customer_over_his_limit_is_flagged_and_his_card_lists_his_orders(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Boutique Wend-Kuni")
    typed, _ = free_phone()
    answer = backend.call("admin", "POST", "/api/customers/", json={
        "name": name, "phone": typed, "kind": "boutique", "credit_limit": 500})
    assert answer.status_code == 201, answer.text
    customer = answer.json()
    product = backend.product(unique("Yaourt"), stock=10)
    order = backend.call("awa.commandes", "POST", "/api/orders/", json={
        "customer_id": customer["id"], "items": [{"product_id": product["id"], "quantity": 2}]})
    assert order.status_code == 201, order.text
    number = order.json()["order_number"]

    login(page, server, "awa.commandes")
    page.goto(f"{server}/clients/")
    page.get_by_label("Rechercher").fill(name)
    row = page.get_by_role("row").filter(has_text=name)
    row.get_by_text("Au-delà de la limite").wait_for()
    cells = [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]
    assert "800 FCFA" in cells, cells
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4} \(aujourd’hui\)", cell) for cell in cells), cells
    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Au-delà de la limite seulement").check()
    page.get_by_role("row").filter(has_text=name).wait_for()
    # The server filters (every customer, not one page): once its answer is shown, every row
    # left carries the tag (waited for: the unfiltered rows stay until the answer comes).
    expect(page.locator("tbody tr").filter(has_not_text="Au-delà de la limite")).to_have_count(0)
    assert page.locator("tbody tr").count() >= 1

    page.get_by_role("button", name=f"Ouvrir la fiche de {name}").click()
    card = page.get_by_role("dialog", name=f"Client {name}")
    orders = card.get_by_role("table", name="Ses commandes")
    line = orders.get_by_role("row").filter(has_text=number)
    line.wait_for()
    cells = [cell.strip() for cell in line.get_by_role("cell").all_inner_texts()]
    assert cells[2:] == ["Nouvelle", "Non payée", "800 FCFA", "0 FCFA", "800 FCFA"], cells
    # His statement: the order as a debit, the running balance, and its PDF.
    statement = card.get_by_test_id("customer-statement")
    entry = statement.get_by_role("row").filter(has_text=f"Commande {number}")
    entry.wait_for()
    cells = [cell.strip() for cell in entry.get_by_role("cell").all_inner_texts()]
    assert cells[2:] == ["800 FCFA", "", "800 FCFA"], cells
    assert card.get_by_test_id("statement-closing").inner_text().strip() == "800 FCFA"
    with page.expect_download() as download:
        card.get_by_role("button", name="Relevé en PDF").click()
    assert download.value.suggested_filename.startswith("releve_boutique-wend-kuni")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    shoot(page, "client-fiche")
    page.set_viewport_size(TABLET)
    shoot(page, "client-fiche")

    # Raising his limit above what he owes lifts the tag.
    card.get_by_role("button", name="Modifier").click()
    form = card.get_by_role("form", name=f"Modifier {name}")
    assert form.get_by_label("Limite de crédit (FCFA)").input_value() == "500"
    form.get_by_label("Limite de crédit (FCFA)").fill("1 000")
    form.get_by_role("button", name="Enregistrer").click()
    card.get_by_role("status").filter(has_text=f"Fiche de {name} mise à jour.").wait_for()
    assert card.get_by_text("Au-delà de la limite").count() == 0
    stored = backend.call("admin", "GET", f"/api/customers/{customer['id']}/").json()
    assert (stored["credit_limit"], stored["balance"]) == (1000, 800)


def test_a_partial_orange_money_payment_leaves_the_order_paid_in_part(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.product(unique("Lait caillé"), stock=10)
    order = backend.order(unique("Awa Ouédraogo"), [(product["id"], 5)])  # 5 × 400 = 2 000 FCFA
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    payments = dialog.get_by_role("region", name="Paiements")
    payments.get_by_text("Payé 0 FCFA · Reste 2 000 FCFA").wait_for()
    payments.get_by_text("Aucun paiement enregistré.").wait_for()

    payments.get_by_role("button", name="Enregistrer un paiement").click()
    form = payments.get_by_role("form", name="Enregistrer un paiement")
    amount = form.get_by_label("Montant (FCFA)")
    assert amount.input_value() == "2000"
    amount.fill("2 500")
    form.get_by_label("Moyen de paiement").select_option(label="Orange Money")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_text("Le montant dépasse le reste à payer (2 000 FCFA).").wait_for()
    form.get_by_text("La référence est obligatoire pour un paiement en Orange Money.").wait_for()
    amount.fill("1 500")
    form.get_by_label(re.compile("^Référence")).fill("PP261129.1530.A12345")
    form.get_by_role("button", name="Enregistrer").click()
    confirm = form.get_by_role("group", name="Enregistrer un paiement")
    confirm.get_by_text("Enregistrer 1 500 FCFA reçus en Orange Money pour la commande "
                        f"{order['order_number']} ?").wait_for()
    assert backend.call("admin", "GET", f"/api/orders/{order['id']}/payments/").json()["count"] == 0
    confirm.get_by_role("button", name="Confirmer").click()

    payments.get_by_text("Payé 1 500 FCFA · Reste 500 FCFA").wait_for()
    dialog.get_by_text("Payée en partie").first.wait_for()
    line = payments.get_by_role("row").filter(has_text="PP261129.1530.A12345")
    line.wait_for()
    cells = [cell.strip() for cell in line.get_by_role("cell").all_inner_texts()]
    assert cells[1:] == ["1 500 FCFA", "Orange Money", "PP261129.1530.A12345",
                         "awa.commandes"], cells
    shoot(page, "commande-paiement-partiel")
    page.set_viewport_size(TABLET)
    shoot(page, "commande-paiement-partiel")
    stored = backend.call("admin", "GET", f"/api/orders/{order['id']}/").json()
    paid = (stored["amount_paid"], stored["amount_due"], stored["payment_status"])
    assert paid == (1500, 500, "partielle")

    # The same reference again pays nothing and says why.
    payments.get_by_role("button", name="Enregistrer un paiement").click()
    form = payments.get_by_role("form", name="Enregistrer un paiement")
    assert form.get_by_label("Montant (FCFA)").input_value() == "500"
    form.get_by_label("Moyen de paiement").select_option(label="Moov Money")
    form.get_by_label(re.compile("^Référence")).fill("pp261129.1530.a12345")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_role("button", name="Confirmer").click()
    form.get_by_role("alert").filter(
        has_text="Cette référence a déjà servi à un paiement").wait_for()
    assert backend.call("admin", "GET", f"/api/orders/{order['id']}/").json()["amount_paid"] == 1500

    # Someone else is paid 300 while the confirmation waits: the server refuses the 500 and the
    # form says what is left.
    form.get_by_role("button", name="Annuler").first.click()
    form.get_by_label("Moyen de paiement").select_option(label="Espèces")
    form.get_by_label(re.compile("^Référence")).fill("")
    form.get_by_role("button", name="Enregistrer").click()
    paid_elsewhere = backend.call("salif.vendeur", "POST", f"/api/orders/{order['id']}/payments/",
                                  json={"amount": 300, "method": "especes",
                                        "local_id": str(uuid.uuid4())})
    assert paid_elsewhere.status_code == 201, paid_elsewhere.text
    form.get_by_role("button", name="Confirmer").click()
    form.get_by_role("alert").filter(has_text="Montant trop élevé : il ne reste que 200 FCFA à "
                                              "payer sur cette commande.").wait_for()
    payments.get_by_text("Payé 1 800 FCFA · Reste 200 FCFA").wait_for()
    form.get_by_role("alert").wait_for()
