"""A cash closing as an A4 PDF: the vendor's day, expected and counted by method with their
differences (red when money is missing), the late payments, the corrections with their
reasons, and the closer's name and time as its signature."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from api.reports.fonts import Fonts, report_fonts
from api.reports.french import day_text, grouped, moment_text
from api.reports.pdf_look import BRAND, GREEN, INK, MARGIN, MUTED, RED, RULE, ZEBRA, style
from domain.payments import METHOD_LABELS
from domain.values import PaymentMethod
from projections.queries.cash_closings import ClosingRow

SHOP = "Gapal du Faso — Koudougou"
NBSP = "\u00a0"


def method_label(method: str) -> str:
    label = METHOD_LABELS.get(PaymentMethod(method), method)
    return label[:1].upper() + label[1:]


def signed(amount: int | None, fonts: Fonts) -> str:
    if amount is None:
        return "—"
    sign = "+" if amount > 0 else ("−" if amount < 0 else "")
    return f"{sign}{grouped(abs(amount), fonts.thousands)}{NBSP}FCFA"


def money(amount: int | None, fonts: Fonts) -> str:
    return "—" if amount is None else f"{grouped(amount, fonts.thousands)}{NBSP}FCFA"


def closing_pdf(row: ClosingRow) -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, author="Gapal du Faso", creator="Gapal",
        title=f"Clôture de caisse {row['vendor_username']} {day_text(row['day'])}")
    document.build(_story(row, fonts, A4[0] - 2 * MARGIN))
    return buffer.getvalue()


def _story(row: ClosingRow, fonts: Fonts, width: float) -> list[Flowable]:
    body, small = style(fonts, 10), style(fonts, 9, ink=MUTED)
    status = "Clôturée" if row["status"] == "cloturee" else "Ouverte (non clôturée)"
    story: list[Flowable] = [
        Paragraph(escape(SHOP), style(fonts, 12, bold=True, ink=BRAND)),
        Paragraph("Clôture de caisse", style(fonts, 16, bold=True, space_after=6)),
        Paragraph(escape(f"Vendeur : {row['vendor_username']}"), body),
        Paragraph(f"Journée : {day_text(row['day'])} · {status}", body),
        Spacer(1, 8), _methods_table(row, fonts, width),
    ]
    if row["late_payments"]:
        story += [Spacer(1, 10), Paragraph("Paiements reçus après la clôture (écart tardif)",
                                           style(fonts, 11, bold=True)),
                  _late_table(row, fonts, width)]
    if row["note"]:
        story += [Spacer(1, 8), Paragraph(escape(f"Note : {row['note']}"), body)]
    for correction in row["corrections"]:
        story.append(Paragraph(escape(
            f"Correction du {correction['corrected_at'][:16].replace('T', ' ')} par "
            f"{correction['corrected_by_username']} — motif : {correction['reason']}"), small))
    story += [Spacer(1, 16), _signature(row, fonts)]
    return story


def _methods_table(row: ClosingRow, fonts: Fonts, width: float) -> Table:
    rows: list[list[Any]] = [["Moyen", "Attendu", "Compté", "Écart", "Tardif"]]
    for line in row["methods"]:
        rows.append([method_label(line["method"]), money(line["expected"], fonts),
                     money(line["counted"], fonts), signed(line["difference"], fonts),
                     signed(line["late"] or None, fonts) if line["late"] else "—"])
    totals = row["totals"]
    rows.append(["Total", money(totals["expected"], fonts), money(totals["counted"], fonts),
                 signed(totals["difference"], fonts),
                 signed(totals["late"], fonts) if totals["late"] else "—"])
    table = Table(rows, colWidths=[width * 0.24] + [width * 0.19] * 4, repeatRows=1)
    looks: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 10),
        ("FONT", (0, 0), (-1, 0), fonts.bold, 10), ("FONT", (0, -1), (-1, -1), fonts.bold, 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE), ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), ZEBRA),
    ]
    lines = [(line["difference"], line["late"]) for line in row["methods"]]
    lines.append((totals["difference"], totals["late"] or 0))
    for index, (difference, late) in enumerate(lines, start=1):
        if difference:
            looks.append(("TEXTCOLOR", (3, index), (3, index), RED if difference < 0 else GREEN))
        if late:
            looks.append(("TEXTCOLOR", (4, index), (4, index), RED))
    table.setStyle(TableStyle(looks))
    return table


def _late_table(row: ClosingRow, fonts: Fonts, width: float) -> Table:
    rows: list[list[Any]] = [["Commande", "Moyen", "Reçu le", "Enregistré le", "Montant"]]
    rows += [[p["order_number"], method_label(p["method"]), moment_text(p["received_at"]),
              moment_text(p["recorded_at"]), money(p["amount"], fonts)]
             for p in row["late_payments"]]
    table = Table(rows, colWidths=[width * 0.24] + [width * 0.19] * 4)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 9), ("FONT", (0, 0), (-1, 0), fonts.bold, 9),
        ("ALIGN", (4, 0), (4, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE)]))
    return table


def _signature(row: ClosingRow, fonts: Fonts) -> Paragraph:
    if row["closed_at"] is None:
        return Paragraph("Non signée : la journée n'est pas clôturée.",
                         style(fonts, 10, ink=MUTED))
    return Paragraph(escape(
        f"Clôturée par {row['closed_by_username']} le {row['closed_at']:%d/%m/%Y à %H:%M}"
        " (UTC, heure de Koudougou)."), style(fonts, 10, bold=True))
