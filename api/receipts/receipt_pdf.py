"""The receipt as a PDF: a strip of 58 mm thermal paper as long as the receipt, or an A5 page.
The fonts are the reports' (they draw every French letter and the narrow thousands space)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from api.receipts.receipt import CANCELLED, SHOP, THANKS, TITLE, Receipt, ReceiptPayment
from api.reports.fonts import Fonts, report_fonts
from api.reports.french import grouped
from api.reports.pdf_look import BRAND, MUTED, RED, RULE, style

ReceiptSize = Literal["58mm", "a5"]
SIZES: tuple[ReceiptSize, ...] = ("58mm", "a5")
NBSP = "\u00a0"


@dataclass(frozen=True)
class Paper:
    """A paper size: its width, its margin and its type size; `height` None: fit the content."""

    width: float
    height: float | None
    margin: float
    type: float


PAPERS: dict[ReceiptSize, Paper] = {
    "58mm": Paper(58 * mm, None, 3 * mm, 7.5),
    "a5": Paper(A5[0], A5[1], 14 * mm, 10),
}


def receipt_pdf(receipt: Receipt, size: ReceiptSize) -> bytes:
    paper, fonts = PAPERS[size], report_fonts()
    story = _story(receipt, paper, fonts)
    height = paper.height or _fitted_height(story, paper)
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=(paper.width, height),
                               title=f"Reçu {receipt.order_number}", author="Gapal du Faso",
                               creator="Gapal")
    frame = Frame(paper.margin, paper.margin, paper.width - 2 * paper.margin,
                  height - 2 * paper.margin, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    document.addPageTemplates([PageTemplate("recu", [frame])])
    document.build(story)
    return buffer.getvalue()


def _fitted_height(story: list[Flowable], paper: Paper) -> float:
    """The strip's length: every block measured at the strip's width, plus the margins."""
    width = paper.width - 2 * paper.margin
    blocks = sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                 for f in story)
    return blocks + 2 * paper.margin + 2 * mm  # a little slack against rounding


def _story(receipt: Receipt, paper: Paper, fonts: Fonts) -> list[Flowable]:
    size = paper.type
    width = paper.width - 2 * paper.margin
    small = style(fonts, size * 0.9, ink=MUTED)
    story: list[Flowable] = [
        Paragraph(escape(SHOP), style(fonts, size * 1.15, bold=True, ink=BRAND)),
        Paragraph(TITLE, style(fonts, size, bold=True, space_after=size * 0.4)),
        Paragraph(f"N° {escape(receipt.order_number)}", style(fonts, size, bold=True)),
    ]
    if receipt.cancelled:
        story.append(Paragraph(CANCELLED, style(fonts, size, bold=True, ink=RED)))
    story += [Paragraph(escape(row), style(fonts, size)) for row in _client_rows(receipt)]
    story += [Spacer(1, size * 0.6), _lines_table(receipt, width, fonts, size),
              Spacer(1, size * 0.4), _amounts_table(receipt, width, fonts, size)]
    if receipt.payments:
        story += [Spacer(1, size * 0.6), Paragraph("Paiements", style(fonts, size, bold=True))]
        story.append(_payments_table(receipt.payments, width, fonts, size))
    story.append(Spacer(1, size * 0.8))
    if receipt.vendor:
        story.append(Paragraph(f"Vendeur : {escape(receipt.vendor)}", small))
    story.append(Paragraph(THANKS, style(fonts, size, bold=True)))
    return story


def _client_rows(receipt: Receipt) -> list[str]:
    rows = [f"Date : {receipt.placed_at}"]
    if receipt.delivery_date:
        rows.append(f"Livraison : {receipt.delivery_date}")
    rows.append(f"Client : {receipt.client_name}")
    if receipt.client_phone:
        rows.append(f"Tél. : {receipt.client_phone}")
    return rows


def _money(amount: int, fonts: Fonts) -> str:
    return f"{grouped(amount, fonts.thousands)}{NBSP}FCFA"


def _lines_table(receipt: Receipt, width: float, fonts: Fonts, size: float) -> Table:
    """Each line as its product, then `2,5 L × 500 FCFA` and the subtotal on the right."""
    product, detail = style(fonts, size), style(fonts, size, ink=MUTED)
    rows: list[list[object]] = []
    for line in receipt.lines:
        rows.append([Paragraph(escape(line.product), product), ""])
        # a no-break space: reportlab would break a paragraph at the narrow one (`1 | 250`)
        price = f"{grouped(line.unit_price, NBSP)}{NBSP}FCFA"
        rows.append([Paragraph(escape(f"{line.quantity} {line.unit} × {price}"), detail),
                     _money(line.subtotal, fonts)])
    table = Table(rows, colWidths=(width * 0.55, width * 0.45))
    looks: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, size),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE), ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
    ]
    looks += [("SPAN", (0, n), (1, n)) for n in range(0, len(rows), 2)]
    table.setStyle(TableStyle(looks))
    return table


def _amounts_table(receipt: Receipt, width: float, fonts: Fonts, size: float) -> Table:
    rows = [["Total", _money(receipt.total, fonts)], ["Payé", _money(receipt.paid, fonts)],
            ["Reste à payer", _money(receipt.due, fonts)]]
    table = Table(rows, colWidths=(width * 0.45, width * 0.55))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, size),
        ("FONT", (0, 0), (-1, 0), fonts.bold, size * 1.1),
        ("FONT", (0, 2), (-1, 2), fonts.bold, size),
        ("TEXTCOLOR", (0, 2), (-1, 2), RED if receipt.due else MUTED),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))
    return table


def _payments_table(payments: tuple[ReceiptPayment, ...], width: float, fonts: Fonts,
                    size: float) -> Table:
    """Each payment as its day and method with the amount on the right (an amount never
    breaks), then its reference and who received it."""
    detail = style(fonts, size * 0.9, ink=MUTED)
    rows: list[list[object]] = []
    for payment in payments:
        rows.append([Paragraph(escape(f"{payment.received_at} · {payment.method}"),
                               style(fonts, size)), _money(payment.amount, fonts)])
        rows.append([Paragraph(escape(_payment_note(payment)), detail), ""])
    table = Table(rows, colWidths=(width * 0.62, width * 0.38))
    looks: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, size),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]
    looks += [("SPAN", (0, n), (1, n)) for n in range(1, len(rows), 2)]
    table.setStyle(TableStyle(looks))
    return table


def _payment_note(payment: ReceiptPayment) -> str:
    notes = [f"réf. {payment.reference}"] if payment.reference else []
    if payment.received_by:
        notes.append(f"reçu par {payment.received_by}")
    return " · ".join(notes)
