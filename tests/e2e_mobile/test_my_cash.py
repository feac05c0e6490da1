"""« Ma caisse du jour »: the vendor takes two cash payments and one Moov Money payment (the last
cash one offline) and the phone adds them up by method, offline, then counts each once when the
server's copy of them arrives."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from tests.e2e_mobile.conftest import VENDEUR, Office, shoot
from tests.e2e_mobile.vendor import PENDING, SYNCED, NewOrder, VendorApp

LAIT = "Lait frais de vache (1 L)"
NBSP = "\u00a0"
METHODS = {"especes": "Espèces", "orange_money": "Orange Money", "moov_money": "Moov Money",
           "virement": "Virement", "cheque": "Chèque"}


def take_payment(app: VendorApp, number: str, amount: int, method: str,
                 reference: str = "") -> None:
    page = app.page
    app.card(number).locator("a.card-main").click()
    page.get_by_role("link", name="Enregistrer un paiement").click()
    page.get_by_label("Montant reçu (FCFA)").fill(str(amount))
    page.get_by_role("button", name=method, exact=True).click()
    if reference:
        page.get_by_label("Référence de la transaction").fill(reference)
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_role("dialog", name="Confirmer le paiement").get_by_role(
        "button", name="Oui, enregistrer").click()
    page.get_by_text(re.compile(r"Paiement de .* enregistré sur le téléphone")).wait_for()
    page.get_by_role("link", name="Mes commandes").first.click()
    page.get_by_role("heading", name="Mes commandes").wait_for()


def server_cash(office: Office) -> dict[str, tuple[int, int]]:
    """(count, amount) per method of what salif received today and still stands (the office's
    view)."""
    day = datetime.now(UTC).date().isoformat()
    answer = office.call("GET", "/api/payments/",
                         params={"day": day, "reversed": "false", "page_size": 200})
    assert answer.status_code == 200, answer.text
    mine = [p for p in answer.json()["results"] if p["received_by_username"] == VENDEUR[0]]
    return {method: (sum(1 for p in mine if p["method"] == method),
                     sum(p["amount"] for p in mine if p["method"] == method)) for method in METHODS}


def shown_cash(page: Any) -> dict[str, tuple[int, int]]:
    table = page.get_by_role("table", name="Par moyen de paiement")
    shown: dict[str, tuple[int, int]] = {}
    for method, label in METHODS.items():
        header = page.get_by_role("rowheader", name=label, exact=True)
        row = table.locator("tbody tr").filter(has=header)
        count, amount = row.get_by_role("cell").all_inner_texts()
        assert amount.endswith(f"{NBSP}FCFA"), amount
        shown[method] = (int(count), int(re.sub(r"\D", "", amount)))
    return shown


def plus(cash: dict[str, tuple[int, int]], method: str, amount: int) -> dict[str, tuple[int, int]]:
    count, total = cash[method]
    return {**cash, method: (count + 1, total + amount)}


def fcfa(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}FCFA"


def test_my_cash_of_the_day_adds_up_by_method_offline_and_counts_each_payment_once(
        page: Any, context: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    first = NewOrder(f"Boutique Caisse {uuid4().hex[:4].upper()}", [(LAIT, 8)])  # 4 000 FCFA
    second = NewOrder(f"Maquis Caisse {uuid4().hex[:4].upper()}", [(LAIT, 4)])  # 2 000 FCFA
    app.take_order(first)
    app.take_order(second)
    reference = f"MM{uuid4().hex[:8].upper()}"
    take_payment(app, first.number, 1000, "Espèces")
    take_payment(app, first.number, 2500, "Moov Money", reference)
    app.expect_state(first.number, SYNCED)
    online_cash = server_cash(office)

    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()
    take_payment(app, second.number, 1500, "Espèces")
    app.expect_state(second.number, PENDING)

    page.get_by_role("link", name="Ma caisse du jour").click()
    page.get_by_role("heading", name="Ma caisse du jour").wait_for()
    assert page.get_by_role("button", name="Aujourd’hui").get_attribute("aria-pressed") == "true"
    expected = plus(online_cash, "especes", 1500)
    assert shown_cash(page) == expected
    total = sum(amount for _, amount in expected.values())
    page.locator(".cash-total").get_by_text(fcfa(total), exact=True).wait_for()
    payments = page.get_by_role("region", name="Paiements reçus")
    moov = payments.get_by_role("listitem").filter(has_text=reference)
    moov.get_by_text(f"Moov Money · réf. {reference}").wait_for()
    moov.get_by_text(first.client_name).wait_for()
    moov.get_by_text(fcfa(2500)).wait_for()
    assert re.search(rf"^\d\d:\d\d · {first.number}$", moov.locator(".money-line").first
                     .locator("span").first.inner_text())
    offline = payments.get_by_role("listitem").filter(has_text=second.client_name)
    offline.get_by_text("À envoyer").wait_for()
    shoot(page, "60-ma-caisse-du-jour")

    page.get_by_role("button", name="Hier").click()
    assert page.get_by_role("button", name="Hier").get_attribute("aria-pressed") == "true"
    page.get_by_text("Aucun paiement reçu ce jour-là.").wait_for()
    page.get_by_role("button", name="Aujourd’hui").click()

    # Online again: the offline payment is sent, and the server's copy of it (downloaded when
    # the screen opens) is the same payment, not a second one.
    context.set_offline(False)
    offline.get_by_text("À envoyer").wait_for(state="detached", timeout=30_000)
    page.reload()
    page.get_by_text("Paiements du serveur au").wait_for()
    page.wait_for_load_state("networkidle")
    assert server_cash(office) == expected
    assert shown_cash(page) == expected
    shoot(page, "61-ma-caisse-synchronisee")
