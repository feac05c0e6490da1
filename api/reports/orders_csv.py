"""The orders as CSV for a French-locale spreadsheet: UTF-8 with a BOM (so Excel reads the
accents right) and `;` between cells (`,` is the decimal comma there), written row by row.
French headers and status words by default; `raw` keeps the field names and codes for machines."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from api.reports.french import DELIVERY, PAYMENT, PRIORITY, fcfa, label, quantity_text
from projections.reports import REPORT_COLUMNS

BOM = "\ufeff"
SEPARATOR = ";"
CHUNK_ROWS = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FREE_TEXT = frozenset({"client_name", "created_by_username", "items"})
HEADERS: dict[str, str] = {
    "order_number": "N° de commande", "created_at": "Créée le", "client_name": "Client",
    "client_phone": "Téléphone", "delivery_status": "Statut", "payment_status": "Paiement",
    "priority": "Priorité", "total_price": "Total (FCFA)", "amount_paid": "Payé (FCFA)",
    "amount_due": "Reste dû (FCFA)", "created_by_username": "Saisie par",
    "items": "Articles"}
WORDS: dict[str, dict[str, str]] = {
    "delivery_status": DELIVERY, "payment_status": PAYMENT, "priority": PRIORITY}


def csv_chunks(rows: Iterable[Mapping[str, Any]], *, raw: bool = False) -> Iterator[bytes]:
    """The BOM and the header, then the rows `CHUNK_ROWS` at a time, as UTF-8 bytes; `raw`:
    field names and codes instead of French words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(REPORT_COLUMNS if raw else [HEADERS[name] for name in REPORT_COLUMNS])
    for count, row in enumerate(rows, start=1):
        writer.writerow(csv_cells(row, raw=raw))
        if count % CHUNK_ROWS == 0:
            yield _drained(buffer)
    rest = _drained(buffer)
    if rest:
        yield rest


def csv_cells(row: Mapping[str, Any], *, raw: bool = False) -> list[str | int]:
    cells: dict[str, str | int] = {name: row[name] for name in REPORT_COLUMNS}
    if not raw:
        for name, words in WORDS.items():
            cells[name] = label(words, str(cells[name]))
    cells["created_at"] = _moment(row["created_at"])
    cells["items"] = items_text(row["items"])
    for name in FREE_TEXT:
        cells[name] = inert(str(cells[name]))
    return [cells[name] for name in REPORT_COLUMNS]


def items_text(items: Iterable[Mapping[str, Any]]) -> str:
    """`2,5 L Lait frais de vache (1 L) × 500 FCFA; 1 sachet Gapal (sachet 0,5 L) × 250 FCFA`."""
    return "; ".join(
        f"{quantity_text(item['quantity'])} {item['unit']} {item['product_name']}"
        f" × {fcfa(int(item['unit_price']), ' ')}"
        for item in items)


def inert(text: str) -> str:
    """A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is kept as text with a
    leading apostrophe (OWASP's advice against CSV injection); names and notes are typed by
    anyone, so this is applied to free text only."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _moment(moment: datetime) -> str:
    """`2026-11-23 08:15:00`: spreadsheets read it as a date-time; Koudougou time is UTC."""
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def _drained(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")
