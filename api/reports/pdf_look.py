"""The look of the PDF reports: margins, colours, the orders' columns, type styles."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from api.reports.fonts import Fonts

MARGIN = 15 * mm
HEADINGS = ("N°", "Date", "Client", "Statut", "Paiement", "Priorité", "Total (FCFA)")
WIDTHS = (30 * mm, 24.5 * mm, 42.5 * mm, 24.5 * mm, 18.5 * mm, 17.5 * mm, 22.5 * mm)  # 180 mm
TABLE_TYPE = 8
CELL_PADDING = 3
HEADER_HEIGHT = TABLE_TYPE * 1.2 + 2 * CELL_PADDING  # the height of the table's heading row
INK, MUTED = colors.HexColor("#1D2939"), colors.HexColor("#667085")
BRAND, ZEBRA = colors.HexColor("#1F4E5F"), colors.HexColor("#F2F4F7")
RULE = colors.HexColor("#D0D5DD")
RED, GREEN = colors.HexColor("#B42318"), colors.HexColor("#027A48")
PRIORITY_LOOK = {  # ink and tint of each priority's badge
    "haute": (RED, colors.HexColor("#FEE4E2")),
    "moyenne": (colors.HexColor("#B54708"), colors.HexColor("#FEF0C7")),
    "basse": (colors.HexColor("#475467"), colors.HexColor("#EAECF0")),
}


def style(fonts: Fonts, size: float, *, bold: bool = False, ink: colors.Color = INK,
          space_after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{bold}", fontName=fonts.bold if bold else fonts.regular,
                          fontSize=size, leading=size * 1.25, textColor=ink, alignment=TA_LEFT,
                          spaceAfter=space_after)
