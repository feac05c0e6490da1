"""The orders as CSV, read back with the csv module as a French-locale spreadsheet would."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx

from api.reports.french import DELIVERY, PAYMENT, PRIORITY
from api.reports.orders_csv import CHUNK_ROWS, csv_chunks
from tests.reports.conftest import Shop, of

CSV = "/api/reports/orders/csv/"
COLUMNS = ["order_number", "created_at", "client_name", "client_phone", "delivery_status",
           "payment_status", "priority", "total_price", "amount_paid", "amount_due",
           "created_by_username", "items"]
FRENCH = ["N° de commande", "Créée le", "Client", "Téléphone", "Statut", "Paiement", "Priorité",
          "Total (FCFA)", "Payé (FCFA)", "Reste dû (FCFA)", "Saisie par", "Articles"]
MOMENT = datetime(2026, 11, 23, 8, 15, tzinfo=UTC)


def download(shop: Shop, **params: Any) -> httpx.Response:
    answer = shop.get(CSV, **params)
    assert answer.status_code == 200, answer.text
    return answer


def rows_of(answer: httpx.Response, columns: list[str] = COLUMNS) -> list[dict[str, str]]:
    text = answer.content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert reader.fieldnames == columns
    return list(reader)


def raw(shop: Shop, **params: Any) -> list[dict[str, str]]:
    """The rows of `?format=raw`, keyed by field name, codes as they are."""
    return rows_of(download(shop, format="raw", **params))


def test_the_file_opens_in_a_french_spreadsheet_bom_and_semicolons(shop: Shop) -> None:
    answer = download(shop)
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeffN° de commande;Créée le;".encode())
    assert answer.headers["content-disposition"] == \
        'attachment; filename="commandes_toutes-dates.csv"'


def test_headers_and_statuses_are_in_french_by_default(shop: Shop) -> None:
    rows = {row["N° de commande"]: row for row in rows_of(download(shop), FRENCH)}
    assert set(rows) == {order.order_number for order in shop.orders}
    for order in shop.orders:
        row = rows[order.order_number]
        assert (row["Statut"], row["Paiement"], row["Priorité"]) == (
            DELIVERY[order.delivery_status], PAYMENT[order.payment_status],
            PRIORITY[order.priority])
        assert int(row["Total (FCFA)"]) == order.total
    assert "Non payée" in {row["Paiement"] for row in rows.values()}


def test_raw_format_keeps_field_names_and_codes_for_machines(shop: Shop) -> None:
    rows = raw(shop)
    assert {row["payment_status"] for row in rows} == {"payee", "non_payee"}


def test_an_unknown_format_is_refused_in_french(shop: Shop) -> None:
    answer = shop.get(CSV, format="xlsx")
    assert answer.status_code == 422
    assert "format" in answer.text


def test_one_row_per_order_with_accents_and_figures_intact(shop: Shop) -> None:
    rows = {row["order_number"]: row for row in raw(shop)}
    assert set(rows) == {order.order_number for order in shop.orders}
    for order in shop.orders:
        row = rows[order.order_number]
        assert int(row["total_price"]) == order.total
        assert (row["delivery_status"], row["payment_status"], row["priority"]) == \
            (order.delivery_status, order.payment_status, order.priority)
        assert row["client_phone"] == order.client_phone
    names = {row["client_name"] for row in rows.values()}
    assert {"Aïcha Kaboré", "Œuvre Sainte-Thérèse (cantine)", "Françoise Ouédraogo"} <= names


def test_the_items_are_one_readable_cell(shop: Shop) -> None:
    order = shop.orders[2]  # 1,5 L of milk and 2 sachets of gapal, placed by the manager
    row = next(r for r in raw(shop) if r["order_number"] == order.order_number)
    assert row["items"] == ("1,5 L Lait frais de vache (1 L) × 500 FCFA; "
                            "2 sachet Gapal (sachet 0,5 L) × 250 FCFA")
    assert row["created_by_username"] == "gestionnaire_commandes"
    assert row["created_at"].startswith(str(shop.today) + " ")


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(shop: Shop) -> None:
    names = {row["Client"] for row in rows_of(download(shop), FRENCH)}
    assert "'=1+2 Boutique" in names
    assert "=1+2 Boutique" not in names


def test_the_rows_run_from_the_oldest_order(shop: Shop) -> None:
    moments = [row["created_at"] for row in raw(shop)]
    assert moments == sorted(moments)


def test_the_filters_choose_the_rows_and_name_the_file(shop: Shop) -> None:
    day = str(shop.today)
    answer = download(shop, format="raw", payment_status="non_payee", date_from=day, date_to=day)
    numbers = {row["order_number"] for row in rows_of(answer)}
    assert numbers == {o.order_number for o in of(shop.orders, payment_status="non_payee")}
    assert f'filename="commandes_{day}_{day}.csv"' in answer.headers["content-disposition"]


def test_no_order_gives_the_header_alone(shop: Shop) -> None:
    assert rows_of(download(shop, format="raw", priority="haute", delivery_status="annulee",
                            payment_status="payee", date_to="2000-01-01")) == []


def test_rows_are_written_as_they_are_read_not_all_at_once() -> None:
    pulled = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        for n in range(3 * CHUNK_ROWS):
            pulled += 1
            yield {"order_number": f"N{n}", "created_at": MOMENT, "client_name": "Aïcha",
                   "client_phone": "", "delivery_status": "nouvelle",
                   "payment_status": "payee", "priority": "haute", "total_price": 500,
                   "amount_paid": 500, "amount_due": 0, "created_by_username": "awa",
                   "items": []}

    chunks = csv_chunks(rows())
    first = next(chunks)
    assert pulled == CHUNK_ROWS
    assert first.startswith("\ufeff".encode())
    assert len(list(chunks)) == 2  # the two other full chunks, and no empty one
    assert pulled == 3 * CHUNK_ROWS
