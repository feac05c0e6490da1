"""The reports' French copy: status words, amounts in FCFA, quantities, dates, the period."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from domain.values import DeliveryStatus, PaymentStatus, Priority
from projections.reports import ReportFilters

NARROW_NBSP = "\u202f"  # the French thousands separator
NBSP = "\u00a0"

# StrEnum members hash as their values: `DELIVERY["livree"]` finds `DeliveryStatus.LIVREE`
DELIVERY: dict[str, str] = {
    DeliveryStatus.NOUVELLE: "Nouvelle", DeliveryStatus.EN_PREPARATION: "En préparation",
    DeliveryStatus.EN_COURS: "En cours", DeliveryStatus.LIVREE: "Livrée",
    DeliveryStatus.ANNULEE: "Annulée",
}
PAYMENT: dict[str, str] = {PaymentStatus.PAYEE: "Payée", PaymentStatus.NON_PAYEE: "Non payée",
                           PaymentStatus.PARTIELLE: "Payée en partie"}
PRIORITY: dict[str, str] = {Priority.HAUTE: "Haute", Priority.MOYENNE: "Moyenne",
                            Priority.BASSE: "Basse"}


def label(words: dict[str, str], value: str) -> str:
    """The French word of a status; an unknown value is shown as it is rather than lost."""
    return words.get(value, value)


def grouped(amount: int, separator: str = NARROW_NBSP) -> str:
    """`1250000` as `1 250 000`."""
    return f"{amount:,}".replace(",", separator)


def fcfa(amount: int, separator: str = NARROW_NBSP) -> str:
    return f"{grouped(amount, separator)} FCFA"


def quantity_text(value: Decimal | float | int) -> str:
    """`2.5` as `2,5`, `3.0` as `3`: a French decimal comma, no useless zeros."""
    exact = Decimal(str(value)).normalize()
    return f"{exact:f}".replace(".", ",")


def day_text(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def moment_text(moment: datetime) -> str:
    """`24/11/26 06:19`, short enough for a table column; Koudougou's time is UTC all year."""
    return f"{moment:%d/%m/%y %H:%M}"


def period_text(filters: ReportFilters) -> str:
    start, end = filters.date_from, filters.date_to
    if start and start == end:
        return f"le {day_text(start)}"
    if start and end:
        return f"du {day_text(start)} au {day_text(end)}"
    if start:
        return f"depuis le {day_text(start)}"
    if end:
        return f"jusqu'au {day_text(end)}"
    return "toutes les dates"


def filters_text(filters: ReportFilters) -> str:
    parts = []
    if filters.delivery_status:
        words = ", ".join(label(DELIVERY, status) for status in filters.delivery_status)
        parts.append(f"statut : {words}")
    if filters.payment_status:
        parts.append(f"paiement : {label(PAYMENT, filters.payment_status)}")
    if filters.priority:
        parts.append(f"priorité : {label(PRIORITY, filters.priority)}")
    return " · ".join(parts) if parts else "aucun (toutes les commandes)"


def period_slug(filters: ReportFilters) -> str:
    """The period in a file name, plain ASCII: `2026-11-01_2026-11-30`, `depuis_2026-11-01`."""
    start, end = filters.date_from, filters.date_to
    if start and end:
        return f"{start:%Y-%m-%d}_{end:%Y-%m-%d}"
    if start:
        return f"depuis_{start:%Y-%m-%d}"
    if end:
        return f"jusqu-au_{end:%Y-%m-%d}"
    return "toutes-dates"
