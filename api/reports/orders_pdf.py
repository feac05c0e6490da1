"""The orders report as an A4 PDF in French (reportlab): title, period and filters, totals, the
orders' table with the priority in colour, who generated it when, and "Page X / Y"."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from api.reports.fonts import Fonts, report_fonts
from api.reports.french import (
    DELIVERY,
    PAYMENT,
    PRIORITY,
    day_text,
    fcfa,
    filters_text,
    grouped,
    label,
    moment_text,
    period_text,
)
from projections.reports import ReportFilters, Totals

MARGIN = 15 * mm
BURKINA_PHONE = re.compile(r"\+226(\d\d)(\d\d)(\d\d)(\d\d)")  # as `burkina_phone` stores it
HEADINGS = ("N°", "Date", "Client", "Statut", "Paiement", "Priorité", "Total (FCFA)")
WIDTHS = (30 * mm, 24.5 * mm, 42.5 * mm, 24.5 * mm, 18.5 * mm, 17.5 * mm, 22.5 * mm)  # 180 mm
CARD_WIDTHS = (24 * mm, *[39 * mm] * 4)
INK, MUTED = colors.HexColor("#1D2939"), colors.HexColor("#667085")
BRAND, ZEBRA, RULE = colors.HexColor("#1F4E5F"), colors.HexColor("#F2F4F7"), \
    colors.HexColor("#D0D5DD")
RED, GREEN = colors.HexColor("#B42318"), colors.HexColor("#027A48")
PRIORITY_LOOK = {  # ink and tint of each priority's badge
    "haute": (RED, colors.HexColor("#FEE4E2")),
    "moyenne": (colors.HexColor("#B54708"), colors.HexColor("#FEF0C7")),
    "basse": (colors.HexColor("#475467"), colors.HexColor("#EAECF0")),
}
TOTALS_NOTE = ("Montant et non payé : commandes non annulées. "
               "Chiffre d'affaires : commandes livrées.")


@dataclass(frozen=True)
class OrdersReport:
    """What the PDF shows: the filters it was asked for, their totals, the orders, and who."""

    filters: ReportFilters
    totals: Totals
    rows: Iterable[Mapping[str, Any]]
    generated_at: datetime
    generated_by: str


def orders_pdf(report: OrdersReport) -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 3 * mm,
        bottomMargin=MARGIN + 5 * mm, title="Rapport des commandes", author="Gapal du Faso",
        subject=f"Commandes {period_text(report.filters)}", creator="Gapal")
    story = [*_heading(report, fonts), _totals_table(report.totals, fonts),
             Paragraph(TOTALS_NOTE, _style(fonts, 7, ink=MUTED)), Spacer(1, 5 * mm),
             _orders_table(report.rows, fonts)]
    document.build(story, canvasmaker=_numbered_canvas(report, fonts))
    return buffer.getvalue()


def _style(fonts: Fonts, size: float, *, bold: bool = False, ink: colors.Color = INK,
           space_after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{bold}", fontName=fonts.bold if bold else fonts.regular,
                          fontSize=size, leading=size * 1.25, textColor=ink, alignment=TA_LEFT,
                          spaceAfter=space_after)


def _heading(report: OrdersReport, fonts: Fonts) -> list[Flowable]:
    body = _style(fonts, 9.5, space_after=1.5 * mm)
    when = report.generated_at
    return [
        Paragraph("GAPAL DU FASO · KOUDOUGOU", _style(fonts, 8, bold=True, ink=BRAND)),
        Paragraph("Rapport des commandes", _style(fonts, 18, bold=True, space_after=3 * mm)),
        Paragraph(f"<b>Période :</b> {escape(period_text(report.filters))}", body),
        Paragraph(f"<b>Filtres :</b> {escape(filters_text(report.filters))}", body),
        Paragraph(f"Généré le {day_text(when)} à {when:%H:%M} (heure de Ouagadougou) par "
                  f"{escape(report.generated_by)}", _style(fonts, 8, ink=MUTED,
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
        ("BACKGROUND", (0, 0), (-1, -1), ZEBRA), ("LINEBEFORE", (1, 0), (-1, -1), 2,
                                                  colors.white),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _fitting_size(values: list[str], fonts: Fonts) -> float:
    """The largest type size at which every figure fits its card (tens of millions do)."""
    room = min(CARD_WIDTHS[1:]) - 11
    return next((size for size in (11, 10, 9, 8)
                 if all(stringWidth(v, fonts.bold, size) <= room for v in values)), 7)




def _orders_table(rows: Iterable[Mapping[str, Any]], fonts: Fonts) -> Flowable:
    client_style = _style(fonts, 8)
    data: list[list[Any]] = [list(HEADINGS)]
    looks: list[tuple[Any, ...]] = []
    for n, row in enumerate(rows, start=1):
        data.append(_order_cells(row, fonts, client_style))
        looks += _row_looks(n, row, fonts)
    if len(data) == 1:
        return Paragraph("Aucune commande ne correspond à ces critères.", _style(fonts, 10))
    table = Table(data, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle([*_table_looks(fonts), *looks]))
    return table


def _order_cells(row: Mapping[str, Any], fonts: Fonts, client: ParagraphStyle) -> list[Any]:
    name = escape(row["client_name"])
    phone = _phone_text(row["client_phone"])
    if phone:
        name += f'<br/><font size="7" color="{MUTED.hexval()}">{phone}</font>'
    return [row["order_number"], moment_text(row["created_at"]), Paragraph(name, client),
            label(DELIVERY, row["delivery_status"]), label(PAYMENT, row["payment_status"]),
            label(PRIORITY, row["priority"]), grouped(row["total_price"], fonts.thousands)]


def _phone_text(phone: str) -> str:
    """`+22670123456` as `+226 70 12 34 56`, as it is said over the phone."""
    match = BURKINA_PHONE.fullmatch(phone)
    if match is None:
        return escape(phone)
    return "+226 " + " ".join(match.groups())


def _table_looks(fonts: Fonts) -> list[tuple[Any, ...]]:
    return [
        ("FONT", (0, 0), (-1, 0), fonts.bold, 8), ("FONT", (0, 1), (-1, -1), fonts.regular, 8),
        ("BACKGROUND", (0, 0), (-1, 0), BRAND), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK), ("ROWBACKGROUNDS", (0, 1), (-1, -1),
                                               [colors.white, ZEBRA]),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]


def _row_looks(n: int, row: Mapping[str, Any], fonts: Fonts) -> list[tuple[Any, ...]]:
    """The priority as a coloured badge, a payment in green, a cancelled order greyed out."""
    ink, tint = PRIORITY_LOOK.get(row["priority"], (INK, colors.white))
    looks: list[tuple[Any, ...]] = [
        ("TEXTCOLOR", (5, n), (5, n), ink), ("BACKGROUND", (5, n), (5, n), tint),
        ("FONT", (5, n), (5, n), fonts.bold, 8),
    ]
    if row["payment_status"] == "payee":
        looks.append(("TEXTCOLOR", (4, n), (4, n), GREEN))
    if row["delivery_status"] == "annulee":
        looks.append(("TEXTCOLOR", (0, n), (3, n), MUTED))
        looks.append(("TEXTCOLOR", (6, n), (6, n), MUTED))
    return looks


def _numbered_canvas(report: OrdersReport, fonts: Fonts) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to write "Page X / Y" on each."""
    running = f"Rapport des commandes · {period_text(report.filters)}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name, overridden)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's, not in its stubs

        def save(self) -> None:
            for page in self._pages:
                self.__dict__.update(page)
                _frame_page(self, running, len(self._pages), fonts)
                super().showPage()
            super().save()

    return NumberedCanvas


def _frame_page(canvas: Canvas, running: str, pages: int, fonts: Fonts) -> None:
    width, height = A4
    number = canvas.getPageNumber()
    canvas.saveState()
    canvas.setFont(fonts.regular, 7.5)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 1 * mm, width - MARGIN, MARGIN + 1 * mm)
    canvas.drawString(MARGIN, MARGIN - 3 * mm, f"Gapal du Faso — {running}")
    canvas.drawRightString(width - MARGIN, MARGIN - 3 * mm, f"Page {number} / {pages}")
    if number > 1:
        canvas.drawRightString(width - MARGIN, height - MARGIN + 1 * mm, running)
    canvas.restoreState()
