"""The receipt as plain text, 32 columns wide, to share on WhatsApp. Amounts keep their digits
and "FCFA" together with no-break spaces (`12 500 FCFA`), as the vendor app writes them; the
app builds the same text offline (`mobile/src/lib/receipt.ts`)."""

from __future__ import annotations

import textwrap

from api.receipts.receipt import CANCELLED, SHOP, THANKS, TITLE, Receipt, ReceiptPayment

WIDTH = 32
RULE = "-" * WIDTH
NBSP = "\u00a0"


def receipt_text(receipt: Receipt) -> str:
    parts = [*_heading(receipt), RULE, *_lines(receipt), RULE, *_amounts(receipt)]
    if receipt.payments:
        parts += [RULE, "Paiements :", *(row for p in receipt.payments for row in _payment(p))]
    parts += [RULE]
    if receipt.vendor:
        parts += [f"Vendeur : {receipt.vendor}"]
    parts += [THANKS]
    return "\n".join(row for part in parts for row in _wrapped(part)) + "\n"


def money(amount: int) -> str:
    """`12 500 FCFA`, no-break spaces: WhatsApp never splits an amount across lines."""
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}FCFA"


def _heading(receipt: Receipt) -> list[str]:
    rows = [SHOP, TITLE, f"N° {receipt.order_number}"]
    if receipt.cancelled:
        rows.append(CANCELLED)
    rows.append(f"Date : {receipt.placed_at}")
    if receipt.delivery_date:
        rows.append(f"Livraison : {receipt.delivery_date}")
    rows.append(f"Client : {receipt.client_name}")
    if receipt.client_phone:
        rows.append(f"Tél. : {receipt.client_phone}")
    return rows


def _lines(receipt: Receipt) -> list[str]:
    return [row for line in receipt.lines for row in (
        f"{line.quantity} {line.unit} {line.product}",
        f"  × {money(line.unit_price)} = {money(line.subtotal)}")]


def _amounts(receipt: Receipt) -> list[str]:
    return [f"Total : {money(receipt.total)}", f"Payé : {money(receipt.paid)}",
            f"Reste à payer : {money(receipt.due)}"]


def _payment(payment: ReceiptPayment) -> list[str]:
    rows = [f"- {payment.received_at} {payment.method}", f"  {money(payment.amount)}"]
    if payment.reference:
        rows[-1] += f" (réf. {payment.reference})"
    if payment.received_by:
        rows.append(f"  reçu par {payment.received_by}")
    return rows


def _wrapped(row: str) -> list[str]:
    """A row longer than the width, broken between words (an indented row stays indented)."""
    if len(row) <= WIDTH:
        return [row]
    indent = row[:len(row) - len(row.lstrip(" "))]
    return textwrap.wrap(row, WIDTH, subsequent_indent=indent, break_on_hyphens=False)
