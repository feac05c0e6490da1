"""The receipt from the dashboard's order detail: shared on WhatsApp, downloaded to print."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.e2e.conftest import Backend, login, shoot


def test_the_order_detail_shares_the_receipt_on_whatsapp_and_prints_it(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.product(f"Dèguè au mil {uuid.uuid4().hex[:6]}", stock=10)
    order = backend.order(f"Aïcha Kaboré {uuid.uuid4().hex[:4]}", [(product["id"], 2.5)])
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")

    share = dialog.get_by_role("link", name="Partager sur WhatsApp")
    share.wait_for()
    href = share.get_attribute("href")
    assert href.startswith("https://wa.me/22670123456?text=")
    assert order["order_number"] in href
    text = parse_qs(urlsplit(href).query)["text"][0]
    assert "Reçu de commande" in text
    assert "Aïcha Kaboré" in text
    assert "2,5 pot Dèguè au mil" in text
    assert "1\u00a0000\u00a0FCFA" in text  # 2,5 × 400
    shoot(page, "recu-commande")

    receipt = dialog.get_by_role("group", name="Imprimer le reçu")
    for size, button in (("58mm", "Ticket 58 mm"), ("a5", "Page A5")):
        with page.expect_download() as info:
            receipt.get_by_role("button", name=button).click()
        download = info.value
        assert download.suggested_filename == f"recu_{order['order_number']}_{size}.pdf"
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
