"""Payments on an order: money received (cash, mobile money, transfer, cheque), in whole FCFA,
each named by the phone's `local_id` so that a payment sent twice is recorded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.base import derived_id
from domain.errors import InvalidInput, OutOfRange, Overpayment
from domain.values import MAX_ORDER_TOTAL, PaymentMethod, PaymentStatus, fr_number

NEEDS_REFERENCE = frozenset({PaymentMethod.ORANGE_MONEY, PaymentMethod.MOOV_MONEY,
                             PaymentMethod.VIREMENT})
METHOD_LABELS = {PaymentMethod.ESPECES: "espèces", PaymentMethod.ORANGE_MONEY: "Orange Money",
                 PaymentMethod.MOOV_MONEY: "Moov Money", PaymentMethod.VIREMENT: "virement",
                 PaymentMethod.CHEQUE: "chèque"}
MAX_REFERENCE = 100


@dataclass(frozen=True)
class Payment:
    """Money received for an order: how much, how, its reference, when, under which phone id."""

    payment_id: UUID
    local_id: UUID
    amount: int
    method: PaymentMethod
    reference: str
    received_at: datetime

    @staticmethod
    def id_for(order_id: UUID, local_id: UUID) -> UUID:
        return derived_id("payment", f"{order_id}:{local_id}")

    @classmethod
    def of(cls, order_id: UUID, local_id: UUID, amount: int, method: PaymentMethod,
           reference: str | None, received_at: datetime) -> Payment:
        """A payment checked on its own: a positive amount, the reference its method needs."""
        check_amount(amount)
        cleaned = normal_reference(reference)
        check_reference(method, cleaned)
        return cls(cls.id_for(order_id, local_id), local_id, amount, method, cleaned,
                   received_at)


def normal_reference(raw: str | None) -> str:
    """A reference as typed or pasted: spaces around and doubled inside dropped."""
    return " ".join((raw or "").split())


def check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidInput("Le montant d'un paiement est un nombre entier de FCFA, supérieur à 0.")
    if amount > MAX_ORDER_TOTAL:
        raise OutOfRange(f"Montant hors limites : {fr_number(MAX_ORDER_TOTAL)} FCFA au plus.")


def check_reference(method: PaymentMethod, reference: str) -> None:
    if method in NEEDS_REFERENCE and not reference:
        raise InvalidInput(f"Un paiement par {METHOD_LABELS[method]} exige sa référence "
                           "(numéro de transaction).")
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput(f"Référence trop longue : {MAX_REFERENCE} caractères au plus.")


def check_not_overpaid(amount: int, due: int) -> None:
    if amount > due:
        detail = ("Cette commande est déjà entièrement payée." if due == 0 else
                  f"Montant trop élevé : il reste {fr_number(due)} FCFA à payer sur cette "
                  "commande.")
        raise Overpayment(detail, amount_due=due)


def payment_status_of(paid: int, total: int) -> PaymentStatus:
    """Nothing paid, part of it, or all of it."""
    if paid <= 0:
        return PaymentStatus.NON_PAYEE
    return PaymentStatus.PAYEE if paid >= total else PaymentStatus.PARTIELLE
