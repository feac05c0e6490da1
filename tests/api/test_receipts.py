"""An order's receipt over HTTP: a 58 mm strip and an A5 page in PDF, plain text for WhatsApp,
and the order's read rights."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm

from tests.conftest import BACKENDS, Api, OrderFactory

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "receipts"
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
NBSP = "\u00a0"
CLIENT = "Aïcha Kaboré (Hôtel Nazemsé)"


def receipt(api: Api, order: dict[str, Any], who: str = "gestionnaire_commandes",
            **params: str) -> Any:
    return api.call(who, "GET", f"/api/orders/{order['id']}/receipt/", params=params)


def text_of(api: Api, order: dict[str, Any], who: str = "gestionnaire_commandes") -> str:
    answer = api.call(who, "GET", f"/api/orders/{order['id']}/receipt/",
                      headers={"Accept": "text/plain"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    return str(answer.content.decode("utf-8"))


def pdf_of(api: Api, order: dict[str, Any], size: str) -> PdfReader:
    answer = receipt(api, order, size=size)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"recu-{size}.pdf").write_bytes(answer.content)
    return PdfReader(io.BytesIO(answer.content))


@pytest.fixture
def order(place_order: OrderFactory, catalogue: dict[str, Any], api: Api) -> dict[str, Any]:
    """25 L of milk at 500 and 2,5 sachets of gapal at 250: 13 125 FCFA."""
    return place_order(client_name=CLIENT, client_phone="70 12 34 56", items=[
        {"product_id": catalogue["milk"]["id"], "quantity": 25},
        {"product_id": catalogue["gapal"]["id"], "quantity": 2.5}])


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_text_receipt_is_french_with_accents_lines_and_fcfa(
        api: Api, order: dict[str, Any]) -> None:
    text = text_of(api, order)
    assert text.startswith("Gapal du Faso — Koudougou\nReçu de commande\n")
    assert f"N° {order['order_number']}" in text
    assert "Client : Aïcha Kaboré (Hôtel" in text
    assert "Tél. : +226 70 12 34 56" in text
    assert f"25 L Lait frais de vache (1 L)\n  × 500{NBSP}FCFA = 12{NBSP}500{NBSP}FCFA\n" in text
    assert f"2,5 sachet Gapal (sachet 0,5 L)\n  × 250{NBSP}FCFA = 625{NBSP}FCFA\n" in text
    assert f"Total : 13{NBSP}125{NBSP}FCFA\nPayé : 0{NBSP}FCFA\n" in text
    assert f"Reste à payer : 13{NBSP}125{NBSP}FCFA" in text
    assert "Vendeur : gestionnaire_commandes\nMerci de votre confiance !\n" in text
    assert max(len(row) for row in text.splitlines()) <= 32


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_paid_order_has_nothing_left_to_pay(api: Api, order: dict[str, Any]) -> None:
    answer = api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{order['id']}/payment/",
                      json={"payment_status": "payee"})
    assert answer.status_code == 200, answer.text
    text = text_of(api, order)
    assert f"Payé : 13{NBSP}125{NBSP}FCFA\nReste à payer : 0{NBSP}FCFA" in text


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_receipt_lists_the_payments_standing_oldest_first(
        api: Api, order: dict[str, Any]) -> None:
    def pay(amount: int, method: str, reference: str, at: str) -> None:
        answer = api.call("gestionnaire_commandes", "POST",
                          f"/api/orders/{order['id']}/payments/", json={
                              "amount": amount, "method": method, "reference": reference,
                              "received_at": at, "local_id": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.text

    pay(5000, "orange_money", "MP241129.1000.A1", "2026-11-20T10:00:00Z")
    pay(1125, "especes", "", "2026-11-21T09:30:00Z")

    text = text_of(api, order).translate(SPACES)

    assert "Paiements :" in text
    orange, cash = text.index("Orange Money"), text.index("Espèces")
    assert orange < cash
    assert "MP241129.1000.A1" in text
    assert "20/11/2026 10:00" in text
    assert "21/11/2026 09:30" in text
    assert "Payé : 6 125 FCFA\nReste à payer : 7 000 FCFA" in text
    pdf_text = "".join(page.extract_text() for page in pdf_of(api, order, "a5").pages)
    assert "Orange Money" in pdf_text
    assert "MP241129.1000.A1" in pdf_text
    # Reversed payments are not listed.
    answer = api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{order['id']}/payment/",
                      json={"payment_status": "non_payee"})
    assert answer.status_code == 200, answer.text
    assert "Paiements :" not in text_of(api, order)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_58mm_receipt_is_one_strip_58mm_wide_as_long_as_its_content(
        api: Api, order: dict[str, Any]) -> None:
    pages = pdf_of(api, order, "58mm").pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert float(box.width) == pytest.approx(58 * mm, abs=0.5)
    assert 50 * mm < float(box.height) < 200 * mm
    text = pages[0].extract_text().translate(SPACES)
    assert "Aïcha Kaboré" in text
    assert "Reçu de commande" in text
    assert "12 500 FCFA" in text
    assert "Reste à payer" in text


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_a5_receipt_is_one_a5_page(api: Api, order: dict[str, Any]) -> None:
    pages = pdf_of(api, order, "a5").pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A5, abs=0.5)
    text = pages[0].extract_text().translate(SPACES)
    assert f"N° {order['order_number']}" in text
    assert "Hôtel Nazemsé" in text
    assert "13 125 FCFA" in text


@pytest.mark.parametrize(("size", "width"), [(None, A5[0]), ("A5", A5[0]), ("58MM", 58 * mm)])
def test_the_default_is_a5_and_sizes_ignore_case(api: Api, order: dict[str, Any],
                                                 size: str | None, width: float) -> None:
    answer = receipt(api, order, **({"size": size} if size else {}))
    assert answer.status_code == 200, answer.text
    box = PdfReader(io.BytesIO(answer.content)).pages[0].mediabox
    assert float(box.width) == pytest.approx(width, abs=0.5)


def test_a_longer_order_makes_a_longer_strip(api: Api, place_order: OrderFactory,
                                             catalogue: dict[str, Any]) -> None:
    short = place_order()
    long = place_order(items=[{"product_id": catalogue["milk"]["id"], "quantity": n}
                              for n in range(1, 16)])

    def height(order: dict[str, Any]) -> float:
        content = receipt(api, order, size="58mm").content
        return float(PdfReader(io.BytesIO(content)).pages[0].mediabox.height)

    assert height(long) > height(short) + 60 * mm


@pytest.mark.parametrize("size", ["a4", "80mm", ""])
def test_an_unknown_size_is_refused_in_french(api: Api, order: dict[str, Any],
                                              size: str) -> None:
    answer = receipt(api, order, size=size)
    assert answer.status_code == 422
    assert "Taille de reçu inconnue" in answer.text
    assert "a5, 58mm" in answer.text


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_receipt_follows_the_orders_read_rights(api: Api, place_order: OrderFactory) -> None:
    own = place_order(who="vendeur")
    other = place_order()
    assert receipt(api, own, who="vendeur").status_code == 200
    assert receipt(api, own, who="admin").status_code == 200
    assert receipt(api, other, who="vendeur").status_code == 404
    assert receipt(api, other, who="gestionnaire_stocks").status_code == 403
    assert receipt(api, other, who=None).status_code == 401  # type: ignore[arg-type]
    missing = {"id": "00000000-0000-4000-8000-000000000000"}
    assert receipt(api, missing).status_code == 404
