"""The orders' table of the PDF, laid out as short tables one after another. Each time a table
splits across pages, reportlab measures again every row it has left, so one table of n rows
costs n²; short ones keep a report of thousands of orders linear. Pages after the first draw
the column heading themselves (`pdf_pages`), so no heading shows mid-page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from api.reports.fonts import Fonts
from api.reports.french import DELIVERY, PAYMENT, PRIORITY, grouped, label, moment_text
from api.reports.pdf_look import (
    BRAND,
    CELL_PADDING,
    GREEN,
    HEADER_HEIGHT,
    HEADINGS,
    INK,
    MARGIN,
    MUTED,
    PRIORITY_LOOK,
    RULE,
    TABLE_TYPE,
    WIDTHS,
    ZEBRA,
    style,
)

CHUNK_ROWS = 40  # even, so that the zebra stripes run on from one table to the next
BURKINA_PHONE = re.compile(r"\+226(\d\d)(\d\d)(\d\d)(\d\d)")  # as `burkina_phone` stores it
NOTHING = "Aucune commande ne correspond à ces critères."


def orders_tables(rows: Iterable[Mapping[str, Any]], fonts: Fonts) -> list[Flowable]:
    """The orders, `CHUNK_ROWS` to a table, the first table under the column heading."""
    client = style(fonts, TABLE_TYPE)
    tables: list[Flowable] = [_table(chunk, fonts, client, heading=not n)
                              for n, chunk in enumerate(_chunks(iter(rows)))]
    return tables or [Paragraph(NOTHING, style(fonts, 10))]


def draw_heading(canvas: Canvas, fonts: Fonts, top: float) -> None:
    """The column heading at the top of a page the table runs on to."""
    canvas.saveState()
    canvas.setFillColor(BRAND)
    canvas.rect(MARGIN, top - HEADER_HEIGHT, sum(WIDTHS), HEADER_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(fonts.bold, TABLE_TYPE)
    baseline, left = top - HEADER_HEIGHT + CELL_PADDING + 2.2, MARGIN
    for text, width in zip(HEADINGS, WIDTHS, strict=True):
        if text == HEADINGS[-1]:
            canvas.drawRightString(left + width - 4, baseline, text)
        else:
            canvas.drawString(left + 4, baseline, text)
        left += width
    canvas.restoreState()


def _chunks(rows: Iterator[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield chunk


def _table(chunk: list[Mapping[str, Any]], fonts: Fonts, client: ParagraphStyle,
           heading: bool) -> Table:
    first = 1 if heading else 0
    data = [list(HEADINGS)] if heading else []
    data += [_cells(row, fonts, client) for row in chunk]
    looks = [look for n, row in enumerate(chunk, start=first) for look in _looks(n, row, fonts)]
    table = Table(data, colWidths=WIDTHS)
    table.setStyle(TableStyle([*_table_looks(fonts, first), *looks]))
    return table


def _cells(row: Mapping[str, Any], fonts: Fonts, client: ParagraphStyle) -> list[Any]:
    name = escape(row["client_name"])
    if row["client_phone"]:
        name += f'<br/><font size="7" color="{MUTED.hexval()}">{_phone(row["client_phone"])}</font>'
    return [row["order_number"], moment_text(row["created_at"]), Paragraph(name, client),
            label(DELIVERY, row["delivery_status"]), label(PAYMENT, row["payment_status"]),
            label(PRIORITY, row["priority"]), grouped(row["total_price"], fonts.thousands)]


def _phone(phone: str) -> str:
    """`+22670123456` as `+226 70 12 34 56`, as it is said over the phone."""
    match = BURKINA_PHONE.fullmatch(phone)
    return "+226 " + " ".join(match.groups()) if match else escape(phone)


def _table_looks(fonts: Fonts, first: int) -> list[tuple[Any, ...]]:
    looks: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, TABLE_TYPE),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA]),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if first:
        looks += [("FONT", (0, 0), (-1, 0), fonts.bold, TABLE_TYPE),
                  ("BACKGROUND", (0, 0), (-1, 0), BRAND),
                  ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    return looks


def _looks(n: int, row: Mapping[str, Any], fonts: Fonts) -> list[tuple[Any, ...]]:
    """The priority as a coloured badge, a payment in green, a cancelled order greyed out."""
    ink, tint = PRIORITY_LOOK.get(row["priority"], (INK, colors.white))
    looks: list[tuple[Any, ...]] = [
        ("TEXTCOLOR", (5, n), (5, n), ink), ("BACKGROUND", (5, n), (5, n), tint),
        ("FONT", (5, n), (5, n), fonts.bold, TABLE_TYPE),
    ]
    if row["payment_status"] == "payee":
        looks.append(("TEXTCOLOR", (4, n), (4, n), GREEN))
    if row["delivery_status"] == "annulee":
        looks += [("TEXTCOLOR", (0, n), (3, n), MUTED), ("TEXTCOLOR", (6, n), (6, n), MUTED)]
    return looks
