"""Without network, the vendor sends the client the receipt of an order just taken: the
WhatsApp link carries the text the phone wrote from its own data."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

from tests.e2e_mobile.conftest import VENDEUR, shoot
from tests.e2e_mobile.vendor import PENDING, NewOrder, VendorApp

YAOURT = "Yaourt nature (pot 125 g)"
LAIT = "Lait frais de vache (1 L)"
NBSP = "\u00a0"


def test_an_order_taken_offline_is_shared_on_whatsapp_from_the_phone(
        page: Any, context: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()

    order = NewOrder(f"Mariam Kaboré {uuid4().hex[:4].upper()}", [(YAOURT, 3), (LAIT, 2)])
    app.take_order(order)
    app.expect_state(order.number, PENDING)
    app.card(order.number).locator("a.card-main").click()
    page.get_by_role("heading", name=order.number).wait_for()

    share = page.get_by_role("link", name="Partager le reçu sur WhatsApp")
    href = share.get_attribute("href")
    assert href.startswith("https://wa.me/22670123456?text=")
    text = parse_qs(urlsplit(href).query)["text"][0]
    assert f"N° {order.number}" in text
    assert f"Client : {order.client_name}" in text
    assert "Tél. : +226 70 12 34 56" in text
    assert f"3 pot {YAOURT}" in text
    assert f"Total : 1{NBSP}450{NBSP}FCFA" in text  # 3 × 150 + 2 × 500
    assert f"Vendeur : {VENDEUR[0]}" in text
    assert "Merci de votre confiance !" in text
    share.scroll_into_view_if_needed()
    shoot(page, "recu-hors-ligne")
