"""A return at delivery, offline: part of a line given back, never more than delivered, shown
« en attente d'envoi », then on the server's order once, even when the sync is sent twice."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import httpx

from tests.axe import axe_source_of, violations
from tests.e2e_mobile.conftest import Office, phone_options, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, NewOrder, VendorApp

LAIT = "Lait frais de vache (1 L)"
NBSP = "\u00a0"


def fcfa(amount: str) -> str:
    return f"{amount.replace(' ', NBSP)}{NBSP}FCFA"


def test_a_return_recorded_offline_at_delivery_lowers_the_server_due_once(
        browser: Any, server: str, office: Office) -> None:
    # Service workers blocked: page.route must see the sync (offline is the network switched off).
    context = browser.new_context(**phone_options(), service_workers="block")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        app = VendorApp(page, server)
        app.log_in()
        context.set_offline(True)
        page.get_by_text("Hors ligne").wait_for()
        order = NewOrder(f"Maquis Wend-Kuuni {uuid4().hex[:4].upper()}", [(LAIT, 4)])
        number = app.take_order(order)  # 4 × 500 = 2 000 FCFA

        page.get_by_role("status").get_by_role("link", name="Livrée sur place ?").click()
        page.get_by_role("button", name="Non payée", exact=True).click()
        page.get_by_role("button", name="Livrer", exact=True).click()
        page.get_by_role("dialog", name="Confirmer la livraison").get_by_role(
            "button", name="Oui, livrer").click()
        # The delivery's confirmation offers the return at once.
        page.get_by_role("status").get_by_role("link", name="Un retour ?").click()

        page.get_by_role("heading", name=f"Retour sur {number}").wait_for()
        quantity = page.get_by_label(f"Quantité rendue de {LAIT}")
        quantity.fill("5")
        page.get_by_role("button", name="Enregistrer le retour").click()
        refusal = "Au plus 4 L : c’est ce qui a été livré et pas encore rendu."
        page.get_by_role("alert").filter(has_text=refusal).wait_for()
        assert quantity.get_attribute("aria-invalid") == "true"
        page.wait_for_timeout(100)  # the render in flight ends before axe reads
        assert violations(page, axe_source_of("mobile")) == []
        quantity.fill("1")
        page.get_by_label("Motif du retour (facultatif)").fill("Sachet percé")
        page.get_by_role("button", name="Non, perdu", exact=True).click()
        page.get_by_text(f"Valeur rendue {fcfa('500')}").wait_for()
        shoot(page, "50-retour-a-la-livraison")
        page.get_by_role("button", name="Enregistrer le retour").click()
        dialog = page.get_by_role("dialog", name="Confirmer le retour")
        dialog.get_by_text(
            f"Confirmer le retour sur {number} : {fcfa('500')} en moins à payer ?").wait_for()
        dialog.get_by_role("button", name="Oui, enregistrer").click()

        page.get_by_text(f"Retour enregistré sur le téléphone pour {number}.").wait_for()
        detail = page.locator("article.detail")
        detail.get_by_text(PENDING, exact=True).wait_for()
        given_back = detail.get_by_role("region", name="Retours")
        given_back.get_by_text(
            f"1 L × {LAIT} · {fcfa('500')} · perdu — Retour en attente d'envoi").wait_for()
        detail.get_by_text(f"Reste à payer {fcfa('1 500')}").wait_for()
        assert page.get_by_role("link", name="Enregistrer un retour").count() == 1  # 3 L left
        given_back.scroll_into_view_if_needed()
        shoot(page, "51-retour-en-attente")
        share = page.get_by_role("link", name="Partager le reçu sur WhatsApp")
        receipt = parse_qs(urlsplit(share.get_attribute("href")).query)["text"][0]
        amounts = f"Total : {fcfa('2 000')}\nPayé : {fcfa('0')}\nReste à payer : {fcfa('1 500')}"
        assert amounts in receipt
        page.get_by_role("link", name="Enregistrer un paiement").click()
        page.get_by_text(f"Retours -{fcfa('500')}").wait_for()
        assert page.get_by_label("Montant reçu (FCFA)").input_value() == "1500"
        page.go_back()

        lost: list[dict[str, Any]] = []

        def lose_first_answer(route: Any) -> None:
            if lost:
                route.continue_()
                return
            route.fetch()  # the server applies the batch…
            lost.append({"body": route.request.post_data,
                         "authorization": route.request.headers["authorization"]})
            route.abort("connectionreset")  # …and its answer never reaches the phone

        page.route("**/api/orders/sync/", lose_first_answer)
        context.set_offline(False)
        page.get_by_role("link", name="Mes commandes").click()
        page.wait_for_function("() => document.body.innerText.includes('réseau indisponible')")
        page.get_by_role("button", name="Synchroniser").click()  # the same events, sent again
        app.expect_state(number, SYNCED)
        app.card(number).locator("a.card-main").click()
        given_back.get_by_text("Retour envoyé").wait_for()
        detail.get_by_text(f"Reste à payer {fcfa('1 500')}").wait_for()
        given_back.scroll_into_view_if_needed()
        shoot(page, "52-retour-synchronise")

        [on_server] = office.orders_of(order.client_name)
        assert on_server["order_number"] == number
        due = (on_server["delivery_status"], on_server["total_price"], on_server["amount_due"])
        assert due == ("livree", 2000, 1500)
        # The lost batch sent once more: the return is a duplicate, nothing is taken off twice.
        [first] = lost
        events = json.loads(first["body"])["events"]
        assert [e["type"] for e in events] == ["order_created", "order_updated", "order_returned"]
        again = httpx.post(f"{server}/api/orders/sync/", content=first["body"], timeout=20,
                           headers={"Authorization": first["authorization"],
                                    "Content-Type": "application/json"})
        assert [r["status"] for r in again.json()["results"]][-1] == "duplicate", again.text
        after = office.call("GET", f"/api/orders/{on_server['id']}/").json()
        assert (after["amount_due"], after["amount_paid"]) == (1500, 0)
    finally:
        context.close()
