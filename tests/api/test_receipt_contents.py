"""What a receipt says about money, from the order alone or with its payments (the payments
view will pass them): the order's own `amount_paid`/`amount_due` first, then the payments, then
the payment status."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from pypdf import PdfReader

from api.receipts.receipt import receipt_of
from api.receipts.receipt_pdf import receipt_pdf
from api.receipts.receipt_text import receipt_text

NBSP = "\u00a0"
PAYMENTS = [
    {"amount": 5000, "method": "orange_money", "reference": "OM-4512",
     "received_at": "2026-11-29T14:05:00+00:00", "received_by_username": "awa"},
    {"amount": 2500, "method": "especes", "reference": "",
     "received_at": datetime(2026, 11, 30, 9, 30, tzinfo=UTC), "received_by_username": "awa"},
]


def an_order(**fields: Any) -> dict[str, Any]:
    return {"order_number": "261129-AB12CD", "client_name": "Françoise Ouédraogo",
            "client_phone": "+22676451289", "delivery_date": "2026-11-30",
            "delivery_status": "nouvelle", "payment_status": "non_payee", "total_price": 12500,
            "created_at": datetime(2026, 11, 29, 14, 5, tzinfo=UTC),
            "created_by_username": "awa", "items": [
                {"product_name": "Yaourt nature (pot 0,5 L)", "unit": "pot", "quantity": 25,
                 "unit_price": 500, "subtotal": 12500}], **fields}


def test_an_unpaid_order_owes_its_total() -> None:
    receipt = receipt_of(an_order())
    assert (receipt.paid, receipt.due) == (0, 12500)


def test_a_paid_order_owes_nothing() -> None:
    receipt = receipt_of(an_order(payment_status="payee"))
    assert (receipt.paid, receipt.due) == (12500, 0)


def test_the_orders_own_amounts_come_first() -> None:
    receipt = receipt_of(an_order(payment_status="partielle", amount_paid=4000, amount_due=8500),
                         PAYMENTS)
    assert (receipt.paid, receipt.due) == (4000, 8500)


def test_without_amounts_the_payments_are_summed() -> None:
    receipt = receipt_of(an_order(payment_status="partielle"), PAYMENTS)
    assert (receipt.paid, receipt.due) == (7500, 5000)


def test_the_text_lists_the_payments_in_french() -> None:
    text = receipt_text(receipt_of(an_order(payment_status="partielle"), PAYMENTS))
    assert "Date : 29/11/2026 14:05\nLivraison : 30/11/2026\n" in text
    assert "Client : Françoise Ouédraogo\nTél. : +226 76 45 12 89\n" in text
    assert f"Payé : 7{NBSP}500{NBSP}FCFA\nReste à payer : 5{NBSP}000{NBSP}FCFA\n" in text
    assert (f"Paiements :\n- 29/11/2026 14:05 Orange Money\n  5{NBSP}000{NBSP}FCFA "
            "(réf. OM-4512)\n  reçu par awa\n") in text
    assert f"- 30/11/2026 09:30 Espèces\n  2{NBSP}500{NBSP}FCFA\n" in text


def test_a_cancelled_order_says_so() -> None:
    assert "COMMANDE ANNULÉE" in receipt_text(receipt_of(an_order(delivery_status="annulee")))
    assert "ANNULÉE" not in receipt_text(receipt_of(an_order()))


def test_long_names_are_wrapped_at_32_columns() -> None:
    text = receipt_text(receipt_of(an_order(
        client_name="Œuvre Sainte-Thérèse de l'Enfant-Jésus (cantine scolaire)")))
    assert max(len(row) for row in text.splitlines()) <= 32
    assert "Œuvre Sainte-Thérèse" in text


def test_both_pdfs_list_the_payments() -> None:
    receipt = receipt_of(an_order(payment_status="partielle"), PAYMENTS)
    for size in ("58mm", "a5"):
        page = PdfReader(io.BytesIO(receipt_pdf(receipt, size))).pages[0]
        text = " ".join(page.extract_text().replace("\u202f", " ").replace(NBSP, " ").split())
        assert "Paiements" in text
        assert "Orange Money 5 000 FCFA réf. OM-4512 · reçu par awa" in text
        assert "Espèces" in text
        assert "Reste à payer 5 000 FCFA" in text


def test_the_text_is_the_one_the_phone_writes_offline() -> None:
    """The same order as `mobile/src/lib/receipt.test.ts`, the same text to the character."""
    order = an_order(client_name="Françoise Ouédraogo", total_price=13125,
                     created_by_username="salif", items=[
                         {"product_name": "Lait frais de vache (1 L)", "unit": "L",
                          "quantity": 25, "unit_price": 500, "subtotal": 12500},
                         {"product_name": "Gapal (sachet 0,5 L)", "unit": "sachet",
                          "quantity": 2.5, "unit_price": 250, "subtotal": 625}])
    assert receipt_text(receipt_of(order)) == "\n".join([
        "Gapal du Faso — Koudougou",
        "Reçu de commande",
        "N° 261129-AB12CD",
        "Date : 29/11/2026 14:05",
        "Livraison : 30/11/2026",
        "Client : Françoise Ouédraogo",
        "Tél. : +226 76 45 12 89",
        "-" * 32,
        "25 L Lait frais de vache (1 L)",
        f"  × 500{NBSP}FCFA = 12{NBSP}500{NBSP}FCFA",
        "2,5 sachet Gapal (sachet 0,5 L)",
        f"  × 250{NBSP}FCFA = 625{NBSP}FCFA",
        "-" * 32,
        f"Total : 13{NBSP}125{NBSP}FCFA",
        f"Payé : 0{NBSP}FCFA",
        f"Reste à payer : 13{NBSP}125{NBSP}FCFA",
        "-" * 32,
        "Vendeur : salif",
        "Merci de votre confiance !",
        "",
    ])


def test_an_amount_is_never_broken_across_two_rows_of_the_strip() -> None:
    order = an_order(total_price=156250, items=[
        {"product_name": "Fromage de chèvre affiné", "unit": "kg", "quantity": "12.5",
         "unit_price": 12500, "subtotal": 156250}])
    page = PdfReader(io.BytesIO(receipt_pdf(receipt_of(order), "58mm"))).pages[0]
    rows = page.extract_text().replace("\u202f", " ").replace(NBSP, " ").splitlines()
    assert any(row.startswith("12 500 FCFA") for row in rows), rows
