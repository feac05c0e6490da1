"""A vendor delivers on the spot, paid or not: a clear step, confirmed, synced like any edit."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

from tests.e2e_mobile.conftest import Office, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, NewOrder, VendorApp

LAIT = "Lait frais de vache (1 L)"
BEURRE = "Beurre de vache (pot 250 g)"


def client(name: str) -> str:
    return f"{name} {uuid4().hex[:4].upper()}"


def open_detail(app: VendorApp, number: str) -> None:
    app.card(number).get_by_role("link").first.click()
    app.page.get_by_role("heading", name=number).wait_for()


def test_a_delivery_on_the_spot_taken_offline_reaches_the_server_delivered_and_paid(
        page: Any, context: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()
    order = NewOrder(client("Adama Sawadogo"), [(LAIT, 2)])
    number = app.take_order(order)

    # Right after saving, the confirmation offers to deliver at once (the detail offers it too).
    page.get_by_role("status").get_by_role("link", name="Livrée sur place ?").click()
    page.get_by_role("heading", name=f"Livrer {number} sur place").wait_for()
    page.get_by_text("2 L × Lait frais de vache (1 L)").wait_for()
    page.get_by_role("button", name="Livrer", exact=True).click()
    page.get_by_role("alert").filter(has_text="Dites si le client a payé.").wait_for()
    page.get_by_role("button", name="Payée", exact=True).click()
    paid = page.get_by_role("button", name="Payée", exact=True)
    assert paid.get_attribute("aria-pressed") == "true"
    page.evaluate("() => window.scrollTo(0, 0)")
    shoot(page, "30-livrer-sur-place")
    page.get_by_role("button", name="Livrer", exact=True).click()

    dialog = page.get_by_role("dialog", name="Confirmer la livraison")
    dialog.get_by_text(
        f"Confirmer la livraison de {number} — 1\u00a0000\u00a0FCFA payés en espèces").wait_for()
    shoot(page, "31-livraison-a-confirmer")
    dialog.get_by_role("button", name="Oui, livrer").click()

    page.get_by_text(f"Livraison de {number} enregistrée sur le téléphone.").wait_for()
    detail = page.locator("article.detail")
    detail.get_by_text(PENDING, exact=True).wait_for()
    detail.locator(".delivery").get_by_text("Livrée").wait_for()
    detail.get_by_text(re.compile(r"· Payée$")).wait_for()
    assert page.get_by_role("link", name="Livrer sur place").count() == 0
    assert page.get_by_role("link", name="Modifier").count() == 0
    shoot(page, "32-livree-en-attente")

    context.set_offline(False)
    detail.get_by_text(SYNCED, exact=True).wait_for(timeout=30_000)
    detail.locator(".delivery").get_by_text("Livrée").wait_for()
    detail.get_by_text(re.compile(r"· Payée$")).wait_for()
    shoot(page, "33-livree-synchronisee")

    [on_server] = office.orders_of(order.client_name)
    assert on_server["order_number"] == number
    assert (on_server["delivery_status"], on_server["payment_status"]) == ("livree", "payee")


def test_a_delivery_the_server_refuses_shows_the_french_reason(
        page: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    name = client("Issa Compaoré")
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Nom du client").fill(name)
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill("Beurre de vache")
    page.get_by_label(f"Quantité de {BEURRE}", exact=True).fill("9999")
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()
    page.get_by_role("button", name="Enregistrer quand même").click()
    flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
    number = re.findall(r"\d{6}-\w{6}", flash.inner_text())[0]
    app.expect_state(number, SYNCED)

    open_detail(app, number)
    page.get_by_role("link", name="Livrer sur place").click()
    page.get_by_role("button", name="Non payée", exact=True).click()
    page.get_by_role("button", name="Livrer", exact=True).click()
    dialog = page.get_by_role("dialog", name="Confirmer la livraison")
    unpaid = re.compile(f"Confirmer la livraison de {number} — .* pas encore payés")
    dialog.get_by_text(unpaid).wait_for()
    dialog.get_by_role("button", name="Oui, livrer").click()

    detail = page.locator("article.detail")
    detail.get_by_text("Refusée", exact=True).wait_for(timeout=30_000)
    refusal = detail.get_by_role("alert").filter(has_text="Stock insuffisant pour : Beurre")
    refusal.wait_for()
    detail.locator(".delivery").get_by_text("Nouvelle").wait_for()
    shoot(page, "34-livraison-refusee")

    [on_server] = office.orders_of(name)
    assert (on_server["delivery_status"], on_server["payment_status"]) == ("nouvelle", "non_payee")
