"""The orders report as an A4 PDF in French (reportlab): title, period and filters, totals, the
orders' table with the priority in colour, who generated it when, and "Page X / Y"."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, NextPageTemplate, Paragraph, Spacer, Table, TableStyle

from api.reports.fonts import Fonts, report_fonts
from api.reports.french import day_text, fcfa, filters_text, grouped, period_text
from api.reports.pdf_look import BRAND, INK, MUTED, RED, ZEBRA, style
from api.reports.pdf_pages import NEXT, numbered_canvas, report_document
from api.reports.pdf_table import orders_tables
from projections.reports import KindFigures, ReportFilters, Totals

MAX_PDF_ORDERS = 5000  # about 125 pages; more is a job for the CSV
CARD_WIDTHS = (24 * mm, *[39 * mm] * 4)


@dataclass(frozen=True)
class OrdersReport:
    """What the PDF shows: the filters it was asked for, their totals, the orders, and who."""

    filters: ReportFilters
    totals: Totals
    rows: Iterable[Mapping[str, Any]]
    generated_at: datetime
    generated_by: str
    by_kind: tuple[KindFigures, ...] = ()
    seal_line: str = ""


def orders_pdf(report: OrdersReport) -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    period = period_text(report.filters)
    document = report_document(buffer, fonts, title="Rapport des commandes",
                               author="Gapal du Faso", subject=f"Commandes {period}",
                               creator="Gapal")
    story = [NextPageTemplate(NEXT), *_heading(report, fonts),
             _totals_table(report.totals, fonts),
             Paragraph(_totals_note(report.totals, fonts), style(fonts, 7, ink=MUTED)),
             *_by_kind(report.by_kind, fonts),
             Spacer(1, 5 * mm), *orders_tables(report.rows, fonts), *_closing(report, fonts)]
    document.build(story, canvasmaker=numbered_canvas(f"Rapport des commandes · {period}",
                                                      fonts, report.seal_line))
    return buffer.getvalue()


def _heading(report: OrdersReport, fonts: Fonts) -> list[Flowable]:
    body = style(fonts, 9.5, space_after=1.5 * mm)
    when = report.generated_at
    return [
        Paragraph("GAPAL DU FASO · KOUDOUGOU", style(fonts, 8, bold=True, ink=BRAND)),
        Paragraph("Rapport des commandes", style(fonts, 18, bold=True, space_after=3 * mm)),
        Paragraph(f"<b>Période :</b> {escape(period_text(report.filters))}", body),
        Paragraph(f"<b>Filtres :</b> {escape(filters_text(report.filters))}", body),
        Paragraph(f"Généré le {day_text(when)} à {when:%H:%M} (heure de Ouagadougou) par "
                  f"{escape(report.generated_by)}", style(fonts, 8, ink=MUTED,
                                                          space_after=4 * mm)),
    ]


def _totals_table(totals: Totals, fonts: Fonts) -> Table:
    figures = (("Commandes", grouped(totals.orders_count, fonts.thousands)),
               ("Montant", fcfa(totals.amount, fonts.thousands)),
               ("Payé", fcfa(totals.paid_total, fonts.thousands)),
               ("Non payé", fcfa(totals.unpaid_total, fonts.thousands)),
               ("Chiffre d'affaires", fcfa(totals.revenue_total, fonts.thousands)))
    values = [value for _, value in figures]
    table = Table([[name for name, _ in figures], values], colWidths=CARD_WIDTHS)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), fonts.regular, 7.5), ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("FONT", (0, 1), (-1, 1), fonts.bold, _fitting_size(values, fonts)),
        ("TEXTCOLOR", (0, 1), (-1, 1), INK),
        ("TEXTCOLOR", (3, 1), (3, 1), RED if totals.unpaid_total else INK),
        ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
        ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _closing(report: OrdersReport, fonts: Fonts) -> list[Flowable]:
    """A last line, so that a printed report shows it is whole."""
    count = report.totals.orders_count
    if not count:
        return []
    orders = "commande" if count == 1 else "commandes"
    return [Spacer(1, 3 * mm), Paragraph(
        f"Fin du rapport : {grouped(count, fonts.thousands)} {orders}, montant "
        f"{fcfa(report.totals.amount, fonts.thousands)} hors annulées.",
        style(fonts, 8, bold=True, ink=MUTED))]


KIND_NAMES = {"boutique": "Boutique", "maquis": "Maquis", "hotel": "Hôtel", "cantine": "Cantine",
              "particulier": "Particulier", "revendeur": "Revendeur", "sans_client": "Sans client"}


def _by_kind(rows: Iterable[KindFigures], fonts: Fonts) -> list[Flowable]:
    """The revenue of the kinds of customer that ordered in the period (as the dashboard)."""
    parts = [f"{KIND_NAMES.get(row.kind, row.kind)} {fcfa(row.revenue, fonts.thousands)}"
             for row in rows if row.orders]
    if not parts:
        return []
    return [Paragraph(f"<b>Chiffre d'affaires par type de client :</b> {escape(' · '.join(parts))}",
                      style(fonts, 7.5, ink=INK))]


def _totals_note(totals: Totals, fonts: Fonts) -> str:
    """How the figures add up, the paid cancelled orders (to refund) named when there are."""
    paid = "Payé : l'argent reçu sur toutes les commandes, paiements partiels compris"
    if totals.paid_cancelled:
        paid += f", dont {fcfa(totals.paid_cancelled, fonts.thousands)} de commandes annulées"
    return (f"Montant et non payé (reste dû) : commandes non annulées. {paid}. "
            "Chiffre d'affaires : commandes livrées.")


def _fitting_size(values: list[str], fonts: Fonts) -> float:
    """The largest type size at which every figure fits its card (tens of millions do)."""
    room = min(CARD_WIDTHS[1:]) - 11
    return next((size for size in (11, 10, 9, 8)
                 if all(stringWidth(v, fonts.bold, size) <= room for v in values)), 7)
