"""What a receipt says, computed once from the public order (and its payments when known) for
the PDF and the text alike: the amounts paid and still due, the lines and dates in French."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from api.reports.french import quantity_text

SHOP = "Gapal du Faso — Koudougou"
TITLE = "Reçu de commande"
THANKS = "Merci de votre confiance !"
CANCELLED = "COMMANDE ANNULÉE"
METHODS: dict[str, str] = {
    "especes": "Espèces", "orange_money": "Orange Money", "moov_money": "Moov Money",
    "virement": "Virement", "cheque": "Chèque"}
BURKINA_PHONE = re.compile(r"\+226(\d\d)(\d\d)(\d\d)(\d\d)")  # as `burkina_phone` stores it


@dataclass(frozen=True)
class ReceiptLine:
    """One line of the order: `2,5` `L` of a product at its unit price."""

    quantity: str
    unit: str
    product: str
    unit_price: int
    subtotal: int


@dataclass(frozen=True)
class ReceiptPayment:
    """One payment received, its method in French."""

    received_at: str
    method: str
    amount: int
    reference: str
    received_by: str


@dataclass(frozen=True)
class Receipt:
    """Everything a receipt shows, already in French words and whole FCFA."""

    order_number: str
    placed_at: str
    delivery_date: str | None
    client_name: str
    client_phone: str
    lines: tuple[ReceiptLine, ...]
    total: int
    paid: int
    due: int
    payments: tuple[ReceiptPayment, ...] | None
    vendor: str
    cancelled: bool


def receipt_of(order: Mapping[str, Any],
               payments: Sequence[Mapping[str, Any]] | None = None) -> Receipt:
    """The receipt of an order in its public shape; `payments` (when known) are listed and, if
    the order does not say `amount_paid`, summed."""
    paid, due = amounts(order, payments)
    delivery = order.get("delivery_date")
    return Receipt(
        order_number=order["order_number"], placed_at=moment_fr(order["created_at"]),
        delivery_date=day_fr(delivery) if delivery else None,
        client_name=order["client_name"], client_phone=phone_fr(order.get("client_phone") or ""),
        lines=tuple(line_of(item) for item in order["items"]),
        total=int(order["total_price"]), paid=paid, due=due,
        payments=tuple(payment_of(p) for p in payments) if payments is not None else None,
        vendor=order.get("created_by_username") or "",
        cancelled=order.get("delivery_status") == "annulee")


def amounts(order: Mapping[str, Any],
            payments: Sequence[Mapping[str, Any]] | None) -> tuple[int, int]:
    """(paid, due): the order's own figures when it has them, else from its payments, else from
    its payment status (payée: all of it; non payée: nothing)."""
    total = int(order["total_price"])
    paid = order.get("amount_paid")
    if paid is None:
        if payments:
            paid = sum(int(payment["amount"]) for payment in payments)
        else:
            paid = total if order.get("payment_status") == "payee" else 0
    due = order.get("amount_due")
    return int(paid), int(due) if due is not None else max(total - int(paid), 0)


def line_of(item: Mapping[str, Any]) -> ReceiptLine:
    return ReceiptLine(quantity_text(item["quantity"]), item["unit"], item["product_name"],
                       int(item["unit_price"]), int(item["subtotal"]))


def payment_of(payment: Mapping[str, Any]) -> ReceiptPayment:
    method = str(payment.get("method") or "")
    return ReceiptPayment(moment_fr(payment["received_at"]), METHODS.get(method, method),
                          int(payment["amount"]), str(payment.get("reference") or ""),
                          str(payment.get("received_by_username") or ""))


def moment_fr(moment: datetime | str) -> str:
    """`29/11/2026 14:05`; Koudougou's time is UTC all year."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{when:%d/%m/%Y %H:%M}"


def day_fr(day: date | str) -> str:
    return f"{date.fromisoformat(day) if isinstance(day, str) else day:%d/%m/%Y}"


def phone_fr(phone: str) -> str:
    """`+22670123456` as `+226 70 12 34 56`, as it is said over the phone."""
    match = BURKINA_PHONE.fullmatch(phone)
    return "+226 " + " ".join(match.groups()) if match else phone

