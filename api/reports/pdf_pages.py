"""The pages of the PDF reports: the first under the report's heading, the next ones under the
table's column heading, and on each a footer with "Page X / Y" and the log's closing seal."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from api.reports.fonts import Fonts
from api.reports.pdf_look import HEADER_HEIGHT, MARGIN, MUTED, RULE
from api.reports.pdf_table import draw_heading

WIDTH, HEIGHT = A4
TOP, BOTTOM = MARGIN + 3 * mm, MARGIN + 5 * mm
FIRST, NEXT = "premiere", "suite"  # the story switches to NEXT at once: it applies from page 2


def report_document(buffer: BytesIO, fonts: Fonts, **info: Any) -> BaseDocTemplate:
    """An A4 document whose pages after the first keep room for the column heading."""
    document = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                               topMargin=TOP, bottomMargin=BOTTOM, **info)
    height = HEIGHT - TOP - BOTTOM

    def frame(name: str, room: float) -> Frame:
        return Frame(MARGIN, BOTTOM, WIDTH - 2 * MARGIN, height - room, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def heading(canvas: Canvas, _: BaseDocTemplate) -> None:
        draw_heading(canvas, fonts, HEIGHT - TOP)

    document.addPageTemplates([PageTemplate(FIRST, [frame(FIRST, 0)]),
                               PageTemplate(NEXT, [frame(NEXT, HEADER_HEIGHT)], onPage=heading)])
    return document


def numbered_canvas(running: str, fonts: Fonts, seal_line: str = "") -> Callable[..., Canvas]:
    """A canvas that holds its pages back until the end, to write "Page X / Y" on each, and
    `seal_line` (the log's closing seal, `JournalSealLine` of `api.deps`) under it."""

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
                _frame_page(self, running, len(self._pages), fonts, seal_line)
                super().showPage()
            super().save()

    return NumberedCanvas


def _frame_page(canvas: Canvas, running: str, pages: int, fonts: Fonts,
                seal_line: str = "") -> None:
    number = canvas.getPageNumber()
    canvas.saveState()
    canvas.setFont(fonts.regular, 7.5)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 1 * mm, WIDTH - MARGIN, MARGIN + 1 * mm)
    canvas.drawString(MARGIN, MARGIN - 3 * mm, f"Gapal du Faso — {running}")
    canvas.drawRightString(WIDTH - MARGIN, MARGIN - 3 * mm, f"Page {number} / {pages}")
    if number > 1:
        canvas.drawRightString(WIDTH - MARGIN, HEIGHT - MARGIN + 1 * mm, running)
    if seal_line:
        canvas.setFont(fonts.regular, 6)
        canvas.drawString(MARGIN, MARGIN - 6 * mm, seal_line)
    canvas.restoreState()
