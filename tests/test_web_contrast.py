"""The dashboard's field borders and focus rings stand out (WCAG 1.4.11, non-text contrast ≥ 3:1):
computed from the colours the CSS asks Tailwind for (web/src/app/globals.css, Tailwind's theme)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOBALS = ROOT / "web" / "src" / "app" / "globals.css"
TAILWIND_THEME = ROOT / "web" / "node_modules" / "tailwindcss" / "theme.css"
WHITE = (1.0, 1.0, 1.0)


def srgb_to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def linear_to_srgb(channel: float) -> float:
    channel = min(max(channel, 0.0), 1.0)
    return 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def parse_colour(value: str) -> tuple[float, float, float]:
    """A CSS colour (#rgb, #rrggbb or oklch(L% C h)) as gamma-encoded sRGB in 0..1."""
    value = value.strip()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        red, green, blue = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
        return red, green, blue
    found = re.fullmatch(r"oklch\(\s*([\d.]+)%\s+([\d.]+)\s+([\d.]+)\s*\)", value)
    assert found, value
    lightness, chroma, hue = float(found[1]) / 100, float(found[2]), math.radians(float(found[3]))
    a, b = chroma * math.cos(hue), chroma * math.sin(hue)
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
              -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
              -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)
    red, green, blue = (linear_to_srgb(channel) for channel in linear)
    return red, green, blue


def luminance(colour: tuple[float, float, float]) -> float:
    red, green, blue = (srgb_to_linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: tuple[float, float, float], alpha: float,
         background: tuple[float, float, float]) -> tuple[float, float, float]:
    """A translucent colour as painted over `background` (the browser blends in sRGB)."""
    red, green, blue = (alpha * c + (1 - alpha) * b
                        for c, b in zip(colour, background, strict=True))
    return red, green, blue


@pytest.fixture(scope="module")
def palette() -> dict[str, str]:
    """Every `--color-*` the dashboard may use: Tailwind's theme, then the project's @theme."""
    if not TAILWIND_THEME.exists():
        pytest.skip("tailwindcss absent : cd web && npm install")
    colours: dict[str, str] = {}
    for source in (TAILWIND_THEME, GLOBALS):
        for name, value in re.findall(r"--color-([\w-]+):\s*([^;]+);", source.read_text("utf-8")):
            colours[name] = value.strip()
    return colours


def rule(selector: str) -> list[str]:
    """The utilities `@apply`-ed by a rule of globals.css."""
    css = GLOBALS.read_text("utf-8")
    found = re.search(re.escape(selector) + r"\s*\{\s*@apply ([^;]+);", css)
    assert found, selector
    return found[1].split()


def colour_of(utility: str, palette: dict[str, str]) -> tuple[float, float, float]:
    """`border-slate-500`, `focus:ring-emerald-700/30`… as the colour painted over white."""
    name, _, alpha = utility.rsplit(":", maxsplit=1)[-1].split("-", 1)[1].partition("/")
    colour = parse_colour(palette[name])
    return over(colour, int(alpha) / 100, WHITE) if alpha else colour


def test_colours_are_read_as_browsers_paint_them(palette: dict[str, str]) -> None:
    # Tailwind documents these hex fallbacks for its oklch colours.
    for name, hex_value in {"slate-500": "#62748e", "emerald-700": "#007a55",
                            "red-700": "#c10007", "slate-300": "#cad5e2"}.items():
        painted = parse_colour(palette[name])
        expected = parse_colour(hex_value)
        assert all(abs(a - b) < 1.5 / 255 for a, b in zip(painted, expected, strict=True)), name
    assert round(contrast(parse_colour("#767676"), WHITE), 2) == 4.54


def test_field_borders_and_focus_rings_contrast_at_least_3_to_1(palette: dict[str, str]) -> None:
    field = rule(".input")
    invalid = rule('.input[aria-invalid="true"]')
    borders = {
        "bordure d'un champ": next(u for u in field
                                   if re.fullmatch(r"border-[a-z]+-\d+(/\d+)?", u)),
        "bordure d'un champ actif": next(u for u in field if u.startswith("focus:border-")),
        "anneau d'un champ actif": next(u for u in field
                                       if re.fullmatch(r"focus:ring-[a-z]+-\d+(/\d+)?", u)),
        "bordure d'un champ refusé": next(u for u in invalid if u.startswith("border-")),
    }
    outline = re.search(r":focus-visible\s*\{[^}]*outline:\s*\d+px solid var\(--color-([\w-]+)\)",
                        GLOBALS.read_text("utf-8"))
    assert outline, "anneau de focus (:focus-visible)"
    page = parse_colour(palette["slate-50"])  # body: bg-slate-50; cards, fields, dialogs: white
    seen = {what: round(min(contrast(colour_of(utility, palette), background)
                            for background in (WHITE, page)), 2)
            for what, utility in borders.items()}
    seen["anneau de focus"] = round(min(contrast(parse_colour(palette[outline[1]]), background)
                                        for background in (WHITE, page)), 2)
    assert {what: ratio for what, ratio in seen.items() if ratio < 3} == {}, seen
