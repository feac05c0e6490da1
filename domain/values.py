"""Value types and the small pure rules on them: quantities, money, phones, order numbers."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput, OutOfRange


class Role(StrEnum):
    VENDEUR = "vendeur"
    GESTIONNAIRE_COMMANDES = "gestionnaire_commandes"
    GESTIONNAIRE_STOCKS = "gestionnaire_stocks"
    ADMIN = "admin"


class DeliveryStatus(StrEnum):
    NOUVELLE = "nouvelle"
    EN_PREPARATION = "en_preparation"
    EN_COURS = "en_cours"
    LIVREE = "livree"
    ANNULEE = "annulee"


class PaymentStatus(StrEnum):
    NON_PAYEE = "non_payee"
    PARTIELLE = "partielle"
    PAYEE = "payee"


class PaymentMethod(StrEnum):
    ESPECES = "especes"
    ORANGE_MONEY = "orange_money"
    MOOV_MONEY = "moov_money"
    VIREMENT = "virement"
    CHEQUE = "cheque"


class Priority(StrEnum):
    BASSE = "basse"
    MOYENNE = "moyenne"
    HAUTE = "haute"


PRIORITY_URGENCY = {Priority.BASSE: 1, Priority.MOYENNE: 2, Priority.HAUTE: 3}


class MovementType(StrEnum):
    ENTREE = "entree"
    SORTIE = "sortie"
    AJUSTEMENT = "ajustement"


QUANTUM = Decimal("0.001")

# What the read side can hold and sum: views keep quantities as 64-bit thousandths and money as
# 64-bit FCFA, and reports add them up over every order (SQLite overflows at 2^63).
MAX_QUANTITY = Decimal(1_000_000_000)  # any stock level or count
MAX_LINE_QUANTITY = Decimal(10_000_000)  # one amount moved or ordered
MAX_UNIT_PRICE = 1_000_000_000  # FCFA
MAX_ORDER_TOTAL = 1_000_000_000_000  # FCFA: nine million such orders still sum within 2^63
# Calendar dates people write (delivery, expiry): no view or screen needs year 1 or 9999.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def quantity(value: Decimal | int | float | str) -> Decimal:
    """An exact quantity with at most 3 decimals; refuses anything finer rather than rounding it."""
    try:
        exact = Decimal(str(value))
        is_exact = exact.is_finite() and exact == exact.quantize(QUANTUM)
    except InvalidOperation as error:  # not a number, or too many digits to quantize
        raise InvalidInput(f"Quantité invalide : {value!r}.") from error
    if not is_exact:
        raise InvalidInput("Une quantité a au plus 3 décimales.")
    if abs(exact) > MAX_QUANTITY:
        raise OutOfRange(f"Quantité hors limites : {fr_number(MAX_QUANTITY)} au plus.")
    return exact.quantize(QUANTUM)


def positive_quantity(value: Decimal | int | float | str) -> Decimal:
    exact = quantity(value)
    if exact <= 0:
        raise InvalidInput("La quantité doit être strictement positive.")
    return exact


def moved_quantity(value: Decimal | int | float | str) -> Decimal:
    """An amount moved or ordered at once: positive, at most ten million units."""
    exact = positive_quantity(value)
    if exact > MAX_LINE_QUANTITY:
        raise OutOfRange(f"Quantité hors limites : {fr_number(MAX_LINE_QUANTITY)} au plus par "
                         "ligne ou mouvement.")
    return exact


def clean_barcode(raw: str | None) -> str | None:
    """A barcode as scanned or typed: surrounding spaces dropped (`" 123 "` is `"123"`); blank
    is none."""
    return (raw or "").strip() or None


def check_plausible_date(value: date | None, what: str) -> None:
    """Delivery and expiry dates between 2000 and 2099: a typo, not a date, lies beyond."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise OutOfRange(f"{what} hors limites : entre le {EARLIEST_DATE:%d/%m/%Y} et le "
                         f"{LATEST_DATE:%d/%m/%Y}.")


def fr_number(value: Decimal | int) -> str:
    """`10 000 000` with French thousands separators (narrow no-break spaces)."""
    return f"{int(value):,}".replace(",", "\u202f")


def subtotal(amount: Decimal, unit_price: int) -> int:
    """`round(quantity * unit_price)` in whole FCFA, halves rounded up as a cashier would."""
    return int((amount * unit_price).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_PHONE = re.compile(r"^(?:\+226|00226)?([0-9]{8})$")


def burkina_phone(raw: str) -> str:
    """Normalises a Burkina number written any usual way to `+226XXXXXXXX`."""
    match = _PHONE.match(re.sub(r"[\s.\-]", "", raw))
    if match is None:
        raise InvalidInput("Numéro de téléphone invalide : 8 chiffres, avec ou sans +226.")
    return f"+226{match.group(1)}"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def order_number(order_id: UUID, day: date) -> str:
    """Short, readable over the phone, computable offline: `YYMMDD-` + 6 base-32 chars of the id."""
    bits = order_id.int >> 98
    code = "".join(_CROCKFORD[(bits >> shift) & 31] for shift in range(25, -1, -5))
    return f"{day:%y%m%d}-{code}"
