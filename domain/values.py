"""Value types and the small pure rules on them: quantities, money, phones, order numbers."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput


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
    PAYEE = "payee"


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


def quantity(value: Decimal | int | float | str) -> Decimal:
    """An exact quantity with at most 3 decimals; refuses anything finer rather than rounding it."""
    try:
        exact = Decimal(str(value))
        is_exact = exact.is_finite() and exact == exact.quantize(QUANTUM)
    except InvalidOperation as error:  # not a number, or too many digits to quantize
        raise InvalidInput(f"Quantité invalide : {value!r}.") from error
    if not is_exact:
        raise InvalidInput("Une quantité a au plus 3 décimales.")
    return exact.quantize(QUANTUM)


def positive_quantity(value: Decimal | int | float | str) -> Decimal:
    exact = quantity(value)
    if exact <= 0:
        raise InvalidInput("La quantité doit être strictement positive.")
    return exact


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
