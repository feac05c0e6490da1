"""Fonts of the PDF reports. DejaVu Sans (Debian's `fonts-dejavu-core`) when it is installed,
else Bitstream Vera, which ships inside reportlab: both draw é, è, ê, ç, ï, œ. Helvetica is the
last resort (its WinAnsi encoding still has the French letters)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from api.reports.french import NARROW_NBSP, NBSP

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BUNDLED = Path(reportlab.__file__).parent / "fonts"
CANDIDATES = (
    ("DejaVuSans", DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
    ("Vera", BUNDLED / "Vera.ttf", BUNDLED / "VeraBd.ttf"),
)


@dataclass(frozen=True)
class Fonts:
    """The font names to draw with, and the thousands separator they can draw."""

    regular: str
    bold: str
    thousands: str


@functools.cache
def report_fonts() -> Fonts:
    """Registers the first usable family once per process (on first use, not at import)."""
    for family, regular, bold in CANDIDATES:
        fonts = registered(family, regular, bold)
        if fonts is not None:
            return fonts
    return Fonts("Helvetica", "Helvetica-Bold", NBSP)


def registered(family: str, regular: Path, bold: Path) -> Fonts | None:
    try:
        normal = TTFont(family, str(regular))
        pdfmetrics.registerFont(normal)
        pdfmetrics.registerFont(TTFont(f"{family}-Bold", str(bold)))
    except (TTFError, OSError):  # missing or unreadable file: try the next family
        return None
    pdfmetrics.registerFontFamily(family, normal=family, bold=f"{family}-Bold")
    thin = NARROW_NBSP if ord(NARROW_NBSP) in normal.face.charToGlyph else NBSP
    return Fonts(family, f"{family}-Bold", thin)
