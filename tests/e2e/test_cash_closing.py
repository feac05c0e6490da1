"""« Caisse » on the dashboard: a vendor's three orders (two cash, one Moov Money), the office
counts 500 FCFA less in cash and closes the day (−500 FCFA in red under espèces); a payment of
that day synced later from the phone shows as a late difference."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Backend, login, shoot
from tests.e2e.test_dashboard import unique

pytestmark = pytest.mark.slow
PASSWORD = "vendeur-caisse-2026"
SPACE = "[\u00a0\u202f ]"


def a_vendor_with_three_orders(backend: Backend) -> tuple[str, dict[str, Any]]:
    """A new vendeur's day: 2 000 + 1 200 FCFA cash, 1 600 FCFA Moov Money; his name and a
    product for later."""
    name = f"mariam.caisse.{uuid.uuid4().hex[:6]}"
    answer = backend.call("admin", "POST", "/api/users/", json={
        "username": name, "email": f"{name}@gapal.bf", "password": PASSWORD,
        "role": "vendeur", "phone": ""})
    assert answer.status_code == 201, answer.text
    token = backend.token(name, PASSWORD)
    product = backend.product(unique("Yaourt caisse"), 50)
    for quantity, method in ((5, "especes"), (3, "especes"), (4, "moov_money")):
        order = call(backend, token, "POST", "/api/orders/", json={
            "client_name": "Awa Bationo", "client_phone": "70 12 34 56",
            "items": [{"product_id": product["id"], "quantity": quantity}]})
        body = {"amount": quantity * 400, "method": method, "local_id": str(uuid.uuid4())}
        if method != "especes":
            body["reference"] = f"MOOV-{uuid.uuid4().hex[:10]}"
        call(backend, token, "POST", f"/api/orders/{order['id']}/payments/", json=body)
    return name, product


def call(backend: Backend, token: str, method: str, path: str, **kwargs: Any) -> Any:
    answer = httpx.request(method, f"{backend.base}{path}", timeout=20,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def a_payment_synced_late(backend: Backend, name: str,
                          product: dict[str, Any]) -> dict[str, Any]:
    """An order and its 800 FCFA cash payment taken offline an hour ago, synced now."""
    token = backend.token(name, PASSWORD)
    local_id, taken = str(uuid.uuid4()), datetime.now(UTC) - timedelta(hours=1)
    taken = max(taken, datetime.now(UTC).replace(hour=0, minute=0, second=1))  # still today
    events = [
        {"event_id": str(uuid.uuid4()), "local_id": local_id, "type": "order_created",
         "occurred_at": taken.isoformat(), "data": {
             "client_name": "Maquis du soir", "client_phone": "70 12 34 56",
             "items": [{"product_id": product["id"], "quantity": 2}]}},
        {"event_id": str(uuid.uuid4()), "local_id": str(uuid.uuid4()),
         "type": "payment_received", "occurred_at": taken.isoformat(),
         "data": {"order_local_id": local_id, "amount": 800, "method": "especes"}}]
    answer = call(backend, token, "POST", "/api/orders/sync/", json={
        "device_id": str(uuid.uuid4()), "client_time": datetime.now(UTC).isoformat(),
        "events": events})
    assert [r["status"] for r in answer["results"]] == ["applied", "applied"], answer
    order: dict[str, Any] = answer["results"][0]["order"]
    return order


def test_the_office_closes_a_vendors_day_500_fcfa_short_then_sees_a_late_payment(
        page: Any, server: str, backend: Backend) -> None:
    name, product = a_vendor_with_three_orders(backend)
    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Caisse").click()
    card = page.get_by_role("region", name=name)
    especes = card.locator("tr[data-method=especes]")
    expect(especes).to_contain_text(re.compile(f"3{SPACE}200{SPACE}FCFA"))
    expect(card.locator("tr[data-method=moov_money]")).to_contain_text(
        re.compile(f"1{SPACE}600{SPACE}FCFA"))
    expect(card.get_by_text("Ouverte")).to_be_visible()

    card.get_by_role("button", name="Clôturer la caisse").click()
    form = card.get_by_role("form", name=f"Clôture de caisse de {name}")
    form.get_by_label("Compté en Espèces (FCFA)").fill("2,5")
    form.get_by_role("button", name="Vérifier").click()
    form.get_by_text("Saisissez un nombre entier, sans virgule.").wait_for()
    form.get_by_label("Compté en Espèces (FCFA)").fill("2 700")
    form.get_by_label("Note (facultative)").fill("Il manque un billet de 500")
    form.get_by_role("button", name="Vérifier").click()
    confirmation = form.get_by_role("group", name="Confirmer la clôture")
    expect(confirmation).to_contain_text(re.compile(f"écart −500{SPACE}FCFA"))
    form.get_by_role("button", name="Confirmer la clôture").click()
    page.get_by_role("status").filter(has_text=f"Caisse de {name} clôturée.").wait_for()

    difference = especes.get_by_test_id("difference")
    expect(difference).to_have_text(re.compile(f"−500{SPACE}FCFA"))
    expect(difference).to_have_class(re.compile("text-red-700"))
    expect(card.get_by_text("Clôturée", exact=True)).to_be_visible()
    expect(card.get_by_text(re.compile("Clôturée par awa.commandes le"))).to_be_visible()
    with page.expect_download() as download:
        card.get_by_role("button", name="PDF signé").click()
    assert download.value.suggested_filename.endswith(".pdf")

    late_order = a_payment_synced_late(backend, name, product)
    page.reload()
    late = especes.get_by_test_id("late")
    expect(late).to_have_text(re.compile(f"\\+800{SPACE}FCFA"))
    expect(late).to_have_class(re.compile("text-red-700"))
    expect(card.get_by_role("heading", name="Paiements reçus après la clôture")).to_be_visible()
    expect(difference).to_have_text(re.compile(f"−500{SPACE}FCFA"))  # the count stays
    shoot(page, "caisse")

    card.get_by_role("button", name="Corriger").click()
    correction = card.get_by_role("form", name=f"Correction de la caisse de {name}")
    correction.get_by_label("Compté en Espèces (FCFA)").fill("3 200")
    correction.get_by_role("button", name="Enregistrer la correction").click()
    correction.get_by_text("Indiquez le motif de la correction.").wait_for()
    correction.get_by_label("Motif de la correction *").fill("Billet retrouvé dans la sacoche")
    correction.get_by_role("button", name="Enregistrer la correction").click()
    page.get_by_role("status").filter(has_text=f"Correction enregistrée pour {name}.").wait_for()
    expect(difference).to_have_text(re.compile(f"^0{SPACE}FCFA$"))
    expect(card.get_by_text(re.compile("awa.commandes : Billet retrouvé dans la sacoche"))
           ).to_be_visible()
    shoot(page, "caisse-correction")

    # The late payment, on its order: flagged « après clôture ».
    page.goto(f"{server}/commandes/?id={late_order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {late_order['order_number']}")
    row = dialog.get_by_role("region", name="Paiements").get_by_role("row").filter(
        has_text="800")
    expect(row.get_by_text("après clôture")).to_be_visible()
