"""The losses (`pertes`) report as files: CSV for a French-locale spreadsheet (UTF-8 with a
BOM, `;`) and an A4 PDF in French, values in FCFA at the lots' unit costs."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from api.reports.fonts import report_fonts
from api.reports.french import day_text, grouped, quantity_text
from api.reports.orders_csv import BOM, SEPARATOR, inert
from api.reports.pdf_look import MUTED, style
from api.reports.pdf_pages import numbered_canvas
from api.reports.receivables_files import _document, _heading, _table_style
from projections.queries.lots import REASON_LABELS

HEADERS = ("Date", "Produit", "Lot", "Quantité", "Valeur (FCFA)", "Motif", "Précisions")


def period_line(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        return f"du {day_text(date_from)} au {day_text(date_to)}"
    if date_from:
        return f"depuis le {day_text(date_from)}"
    if date_to:
        return f"jusqu'au {day_text(date_to)}"
    return "toutes les dates"


def losses_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(HEADERS)
    for row in report["results"]:
        writer.writerow([f"{row['created_at']:%Y-%m-%d %H:%M}", inert(row["product_name"]),
                         inert(row["lot_code"]), quantity_text(row["quantity"]), row["value"],
                         REASON_LABELS[row["reason"]], inert(row["reason_text"])])
    writer.writerow(["Total", "", "", quantity_text(report["total_quantity"]),
                     report["total_value"], "", ""])
    return buffer.getvalue().encode("utf-8")


def losses_pdf(report: dict[str, Any], generated_at: datetime, generated_by: str) -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    sep = fonts.thousands
    title = "Pertes de stock"
    story = _heading(fonts, title, [
        f"<b>Période :</b> {period_line(report['date_from'], report['date_to'])}",
        f"<b>Valeur perdue :</b> {grouped(report['total_value'], sep)} FCFA "
        "(au coût unitaire des lots)"], generated_at, generated_by)
    story.append(_groups_table(fonts, report["by_reason"], "Motif", sep))
    story.append(Spacer(1, 4 * mm))
    data: list[list[object]] = [["Date", "Produit", "Lot", "Quantité", "Valeur", "Motif"]]
    cell = style(fonts, 7.5)
    for row in report["results"]:
        data.append([f"{row['created_at']:%d/%m/%Y}", Paragraph(escape(row["product_name"]), cell),
                     row["lot_code"], quantity_text(row["quantity"]),
                     grouped(row["value"], sep), REASON_LABELS[row["reason"]]])
    table = Table(data, colWidths=(20 * mm, 58 * mm, 24 * mm, 20 * mm, 24 * mm, 34 * mm))
    table.setStyle(TableStyle(_table_style(fonts, len(data), 3)))
    story.append(table)
    if not report["results"]:
        story.append(Paragraph("Aucune perte sur cette période.", style(fonts, 10)))
    story.append(Paragraph("Valeur : quantité × coût unitaire du lot (0 si le coût n'a pas été "
                           "saisi à l'entrée).", style(fonts, 7, ink=MUTED)))
    _document(buffer, title).build(story, canvasmaker=numbered_canvas(title, fonts))
    return buffer.getvalue()


def _groups_table(fonts: Any, groups: list[dict[str, Any]], heading: str, sep: str) -> Table:
    data: list[list[object]] = [[heading, "Pertes", "Quantité", "Valeur (FCFA)"]]
    data += [[g["label"], str(g["count"]), quantity_text(g["quantity"]),
              grouped(g["value"], sep)] for g in groups]
    table = Table(data, colWidths=(60 * mm, 20 * mm, 30 * mm, 34 * mm))
    table.setStyle(TableStyle(_table_style(fonts, len(data), 1)))
    return table
