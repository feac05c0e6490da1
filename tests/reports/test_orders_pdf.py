"""The orders report as a PDF, read back with pypdf: every order, the totals, the pages."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from api.reports import fonts, orders_pdf
from api.reports.fonts import BUNDLED
from api.reports.orders_pdf import OrdersReport
from api.routes import reports as reports_route
from projections.reports import ReportFilters, Totals
from tests.reports.conftest import Placed, Shop, of

PDF = "/api/reports/orders/pdf/"
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def pages_of(shop: Shop, **params: Any) -> list[str]:
    answer = shop.get(PDF, **params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    return [page.extract_text().translate(SPACES)
            for page in PdfReader(io.BytesIO(answer.content)).pages]


def fcfa(amount: int) -> str:
    return f"{amount:,} FCFA".replace(",", " ")


def total(orders: list[Placed]) -> int:
    return sum(order.total for order in orders)


def test_every_order_is_listed_over_several_numbered_pages(shop: Shop) -> None:
    pages = pages_of(shop)
    assert len(pages) >= 3
    text = "\n".join(pages)
    assert all(order.order_number in text for order in shop.orders)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page


def test_the_last_page_says_the_report_is_whole(shop: Shop) -> None:
    kept = [order for order in shop.orders if order.delivery_status != "annulee"]
    last = " ".join(pages_of(shop)[-1].split())
    assert f"Fin du rapport : 130 commandes, montant {fcfa(total(kept))} hors annulées." in last


def test_a_pdf_too_long_to_print_points_to_the_filters_and_the_csv(
        shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports_route, "MAX_PDF_ORDERS", 100)
    answer = shop.get(PDF)
    assert answer.status_code == 400
    assert answer.json()["code"] == "report_too_large"
    assert "130, au plus 100" in answer.json()["detail"]
    assert "CSV" in answer.json()["detail"]
    assert shop.get(PDF, priority="haute").status_code == 200


def test_the_totals_are_right_and_add_up(shop: Shop) -> None:
    orders = shop.orders
    kept = [order for order in orders if order.delivery_status != "annulee"]
    paid = of(orders, payment_status="payee")
    paid_cancelled = of(paid, delivery_status="annulee")
    figures = [total(kept), total(paid), total(of(kept, payment_status="non_payee")),
               total(of(orders, delivery_status="livree"))]
    first = " ".join(pages_of(shop)[0].split())
    assert "Commandes Montant Payé Non payé Chiffre d'affaires" in first
    assert f"130 {' '.join(fcfa(amount) for amount in figures)}" in first
    assert f"dont {fcfa(total(paid_cancelled))} de commandes annulées" in first
    assert figures[0] == figures[1] - total(paid_cancelled) + figures[2]
    # The shop's orders name no customer: all of the revenue is « Sans client ».
    assert f"Chiffre d'affaires par type de client : Sans client {fcfa(figures[3])}" in first


def test_the_report_speaks_french_with_its_accents(shop: Shop) -> None:
    text = " ".join(" ".join(pages_of(shop)).split())
    for words in ("Rapport des commandes", "Période : toutes les dates", "Aïcha Kaboré",
                  "Œuvre Sainte-Thérèse (cantine)", "Françoise Ouédraogo", "En préparation",
                  "Livrée", "Annulée", "Non payée", "Payée", "Haute", "Moyenne", "Basse",
                  "Généré le", "par gestionnaire_commandes", "Priorité"):
        assert words in text, words
    assert "+226 70 00 00 02" in text


def test_the_filters_are_named_and_followed(shop: Shop) -> None:
    day = shop.today
    text = " ".join(" ".join(pages_of(shop, payment_status="non_payee", priority="haute",
                                       date_from=str(day), date_to=str(day))).split())
    assert f"Période : le {day:%d/%m/%Y}" in text
    assert "paiement : Non payée" in text
    assert "priorité : Haute" in text
    chosen = of(shop.orders, payment_status="non_payee", priority="haute")
    assert all(order.order_number in text for order in chosen)
    assert not any(order.order_number in text for order in shop.orders if order not in chosen)


def test_no_order_gives_one_page_that_says_so(shop: Shop) -> None:
    pages = pages_of(shop, date_to="2000-01-01")
    assert len(pages) == 1
    assert "Aucune commande ne correspond à ces critères." in pages[0]
    assert "Page 1 / 1" in pages[0]
    assert "jusqu'au 01/01/2000" in pages[0]


def test_the_file_is_named_after_the_period(shop: Shop) -> None:
    answer = shop.get(PDF, date_from="2026-11-01", date_to="2026-11-30")
    assert answer.headers["content-disposition"] == \
        'attachment; filename="commandes_2026-11-01_2026-11-30.pdf"'


def test_without_dejavu_the_font_shipped_with_reportlab_draws_the_accents(
        monkeypatch: pytest.MonkeyPatch) -> None:
    vera = fonts.registered("Vera", BUNDLED / "Vera.ttf", BUNDLED / "VeraBd.ttf")
    assert vera is not None
    assert vera.thousands == "\u00a0"  # Vera has no narrow no-break space: a plain one instead
    monkeypatch.setattr(orders_pdf, "report_fonts", lambda: vera)
    page = PdfReader(io.BytesIO(orders_pdf.orders_pdf(one_order("Crème brûlée, œufs, maïs")))
                     ).pages[0]
    assert "Crème brûlée, œufs, maïs" in page.extract_text()
    assert "1 250 000" in page.extract_text().translate(SPACES)
    embedded = " ".join(str(font.get_object()["/BaseFont"])
                        for font in page["/Resources"]["/Font"].values())
    assert "BitstreamVeraSans" in embedded
    assert "DejaVu" not in embedded


def test_a_missing_font_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    assert fonts.registered("Nowhere", tmp_path / "a.ttf", tmp_path / "b.ttf") is None


def one_order(client_name: str) -> OrdersReport:
    row = {"order_number": "261123-AB12CD", "created_at": datetime(2026, 11, 23, tzinfo=UTC),
           "client_name": client_name, "client_phone": "", "delivery_status": "nouvelle",
           "payment_status": "non_payee", "priority": "haute", "total_price": 1_250_000}
    return OrdersReport(ReportFilters(), Totals(1, 1_250_000, 0, 0, 1_250_000, 0), [row],
                        datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "awa")
