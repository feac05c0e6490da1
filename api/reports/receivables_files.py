"""The receivables and a customer's statement as files: CSV for a French-locale spreadsheet
(UTF-8 with a BOM, `;`, French headers, or field names and codes with `raw`) and A4 PDFs in
French (reportlab), amounts in FCFA."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from api.reports.fonts import Fonts, report_fonts
from api.reports.french import DELIVERY, day_text, fcfa, grouped, label, moment_text
from api.reports.orders_csv import BOM, SEPARATOR, inert
from api.reports.pdf_look import BRAND, INK, MARGIN, MUTED, RED, RULE, ZEBRA, style
from api.reports.pdf_pages import numbered_canvas
from api.reports.pdf_table import BURKINA_PHONE
from projections.receivables import BUCKET_NAMES, Receivable, ReceivablesReport, Statement

KINDS: dict[str, str] = {"boutique": "Boutique", "maquis": "Maquis", "hotel": "Hôtel",
                         "cantine": "Cantine", "particulier": "Particulier",
                         "revendeur": "Revendeur"}
METHODS: dict[str, str] = {"especes": "Espèces", "orange_money": "Orange Money",
                           "moov_money": "Moov Money", "virement": "Virement",
                           "cheque": "Chèque"}
ENTRY_KINDS: dict[str, str] = {"order": "Commande", "payment": "Paiement",
                               "cancellation": "Annulation", "marked_paid": "Marquée payée"}
RAW_COLUMNS = ("customer_id", "name", "phone", "kind", "credit_limit", "balance",
               *BUCKET_NAMES, "over_limit", "oldest_debt_at", "orders_count")
HEADERS = ("Client", "Téléphone", "Type", "Plafond (FCFA)", "Solde (FCFA)", "0–7 j (FCFA)",
           "8–30 j (FCFA)", "31–60 j (FCFA)", "> 60 j (FCFA)", "Au-dessus du plafond",
           "Plus ancienne dette", "Commandes dues")
BUCKET_HEADINGS = ("0–7 j", "8–30 j", "31–60 j", "> 60 j")


def receivables_csv(report: ReceivablesReport, *, raw: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(RAW_COLUMNS if raw else HEADERS)
    lines = [*report.results, *([report.no_customer] if report.no_customer else [])]
    for line in lines:
        writer.writerow(_raw_cells(line) if raw else _french_cells(line))
    totals = [report.totals.buckets[name] for name in BUCKET_NAMES]
    balance = report.totals.balance
    if raw:
        writer.writerow(["", "total", "", "", "", balance, *totals, "", "", ""])
    else:
        writer.writerow(["Total", "", "", "", balance, *totals, "", "", ""])
    return buffer.getvalue().encode("utf-8")


def _raw_cells(line: Receivable) -> list[str | int]:
    return [line.customer_id or "", inert(line.name), line.phone, line.kind or "",
            "" if line.credit_limit is None else line.credit_limit, line.balance,
            *[line.buckets[name] for name in BUCKET_NAMES], str(line.over_limit).lower(),
            line.oldest_debt_at.isoformat() if line.oldest_debt_at else "", line.orders_count]


def _french_cells(line: Receivable) -> list[str | int]:
    return [inert(line.name), line.phone, label(KINDS, line.kind) if line.kind else "",
            "" if line.credit_limit is None else line.credit_limit, line.balance,
            *[line.buckets[name] for name in BUCKET_NAMES], "Oui" if line.over_limit else "Non",
            f"{line.oldest_debt_at:%Y-%m-%d}" if line.oldest_debt_at else "", line.orders_count]


def spoken_phone(phone: str) -> str:
    """`+22670123456` as `+226 70 12 34 56`, as the orders report shows it."""
    match = BURKINA_PHONE.fullmatch(phone)
    return "+226 " + " ".join(match.groups()) if match else phone


def _document(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                             topMargin=MARGIN + 3 * mm, bottomMargin=MARGIN + 5 * mm,
                             title=title, author="Gapal du Faso", creator="Gapal")


def _heading(fonts: Fonts, title: str, lines: list[str], generated_at: datetime,
             generated_by: str) -> list[Flowable]:
    body = style(fonts, 9.5, space_after=1.5 * mm)
    return [
        Paragraph("GAPAL DU FASO · KOUDOUGOU", style(fonts, 8, bold=True, ink=BRAND)),
        Paragraph(escape(title), style(fonts, 18, bold=True, space_after=3 * mm)),
        *[Paragraph(line, body) for line in lines],
        Paragraph(f"Généré le {day_text(generated_at)} à {generated_at:%H:%M} (heure de "
                  f"Ouagadougou) par {escape(generated_by)}",
                  style(fonts, 8, ink=MUTED, space_after=4 * mm)),
    ]


def _table_style(fonts: Fonts, rows: int, right_from: int) -> list[tuple[Any, ...]]:
    return [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 7.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), fonts.bold, 7.5), ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ROWBACKGROUNDS", (0, 1), (-1, rows - 1), [colors.white, ZEBRA]),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("REPEATROWS", (0, 0), (-1, 0), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def receivables_pdf(report: ReceivablesReport, filters_line: str, generated_at: datetime,
                    generated_by: str, seal_line: str = "") -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    sep = fonts.thousands
    title = "Créances clients"
    story = _heading(fonts, title, [
        f"<b>Âge des dettes au :</b> {day_text(report.as_of)} (compté depuis le jour de la "
        "commande)", f"<b>Filtres :</b> {escape(filters_line)}",
        f"<b>Total dû :</b> {fcfa(report.totals.balance, sep)}"], generated_at, generated_by)
    data: list[list[object]] = [["Client", "Plafond", "Solde", *BUCKET_HEADINGS]]
    lines = [*report.results, *([report.no_customer] if report.no_customer else [])]
    cell = style(fonts, 7.5)
    for line in lines:
        name = escape(line.name)
        if line.phone:
            phone = escape(spoken_phone(line.phone))
            name += f'<br/><font size="6.5" color="{MUTED.hexval()}">{phone}</font>'
        data.append([Paragraph(name, cell),
                     "—" if line.credit_limit is None else grouped(line.credit_limit, sep),
                     grouped(line.balance, sep),
                     *[grouped(line.buckets[name], sep) for name in BUCKET_NAMES]])
    data.append(["Total (FCFA)", "", grouped(report.totals.balance, sep),
                 *[grouped(report.totals.buckets[name], sep) for name in BUCKET_NAMES]])
    looks = _table_style(fonts, len(data) - 1, 1)
    looks += [("FONT", (0, -1), (-1, -1), fonts.bold, 7.5),
              ("LINEABOVE", (0, -1), (-1, -1), 1, INK)]
    for n, line in enumerate(lines, start=1):
        if line.over_limit:
            looks.append(("TEXTCOLOR", (1, n), (2, n), RED))
    table = Table(data, colWidths=(52 * mm, 20 * mm, 24 * mm, *[21 * mm] * 4))
    table.setStyle(TableStyle(looks))
    story += [table, Spacer(1, 3 * mm), Paragraph(
        "Solde : reste dû des commandes non annulées, paiements déduits. En rouge : solde "
        "au-dessus du plafond de crédit (plafond 0 : paiement comptant). « Sans client » : "
        "commandes saisies sans client.", style(fonts, 7, ink=MUTED))]
    if not lines:
        story.append(Paragraph("Aucune créance ne correspond à ces critères.",
                               style(fonts, 10)))
    _document(buffer, title).build(story, canvasmaker=numbered_canvas(
        f"{title} au {day_text(report.as_of)}", fonts, seal_line))
    return buffer.getvalue()


def statement_period(found: Statement) -> str:
    start, end = found.date_from, found.date_to
    if start and end:
        return f"du {day_text(start)} au {day_text(end)}"
    if start:
        return f"depuis le {day_text(start)}"
    if end:
        return f"jusqu'au {day_text(end)}"
    return "depuis le début"


def statement_pdf(found: Statement, generated_at: datetime, generated_by: str,
                  seal_line: str = "") -> bytes:
    fonts = report_fonts()
    buffer = io.BytesIO()
    sep = fonts.thousands
    title = "Relevé de compte client"
    story = _heading(fonts, title, [
        f"<b>Client :</b> {escape(found.name)} · {escape(spoken_phone(found.phone))} · "
        f"{escape(label(KINDS, found.kind))}",
        f"<b>Période :</b> {statement_period(found)}",
        f"<b>Plafond de crédit :</b> {fcfa(found.credit_limit, sep)}"],
        generated_at, generated_by)
    cell = style(fonts, 7.5)
    data: list[list[object]] = [["Date", "Opération", "Commande", "Détail", "Débit", "Crédit",
                                 "Solde"]]
    data.append(["", "Solde d'ouverture", "", "", "", "", grouped(found.opening_balance, sep)])
    for entry in found.entries:
        detail = ""
        if entry.kind == "payment":
            detail = label(METHODS, entry.method or "")
            if entry.reference:
                detail += f" · {escape(entry.reference)}"
        elif entry.kind in ("order", "cancellation") and entry.delivery_status == "annulee":
            detail = label(DELIVERY, "annulee")
        data.append([moment_text(entry.at), label(ENTRY_KINDS, entry.kind),
                     entry.order_number, Paragraph(detail, cell),
                     grouped(entry.debit, sep) if entry.debit else "",
                     grouped(entry.credit, sep) if entry.credit else "",
                     grouped(entry.balance, sep)])
    data.append(["", "Solde de clôture", "", "", grouped(found.total_debit, sep),
                 grouped(found.total_credit, sep), grouped(found.closing_balance, sep)])
    looks = _table_style(fonts, len(data) - 1, 4)
    looks += [("FONT", (0, 1), (-1, 1), fonts.bold, 7.5),
              ("FONT", (0, -1), (-1, -1), fonts.bold, 7.5),
              ("LINEABOVE", (0, -1), (-1, -1), 1, INK)]
    for n, entry in enumerate(found.entries, start=2):
        if entry.delivery_status == "annulee":
            looks.append(("TEXTCOLOR", (0, n), (-1, n), MUTED))
    if found.closing_balance > found.credit_limit:
        looks.append(("TEXTCOLOR", (-1, -1), (-1, -1), RED))
    table = Table(data, colWidths=(24 * mm, 26 * mm, 30 * mm, 38 * mm, 20 * mm, 20 * mm,
                                   22 * mm))
    table.setStyle(TableStyle(looks))
    story += [table, Spacer(1, 3 * mm), Paragraph(
        "Montants en FCFA. Commande : débit de son total ; paiement : crédit ; commande "
        "annulée : son reste dû est repris (l'argent déjà reçu reste à rembourser).",
        style(fonts, 7, ink=MUTED))]
    _document(buffer, title).build(story, canvasmaker=numbered_canvas(
        f"Relevé de compte · {found.name}", fonts, seal_line))
    return buffer.getvalue()
