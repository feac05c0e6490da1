"""The shapes of a cash closing on the wire."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas import Strict

COUNTED_HELP = ("FCFA entiers comptés par moyen de paiement (`especes`, `orange_money`, "
                "`moov_money`, `virement`, `cheque`) ; un moyen absent : 0 remis ; un moyen "
                "inconnu, un montant négatif ou non entier : 400.")


class CashClosingCreate(Strict):
    vendor_id: UUID
    day: Annotated[date, Field(description="La journée clôturée (pas dans le futur).")]
    counted: Annotated[dict[str, Any], Field(description=COUNTED_HELP)]
    note: Annotated[str | None, Field(max_length=1000)] = None


class CashClosingCorrectionCreate(Strict):
    counted: Annotated[dict[str, Any], Field(description=COUNTED_HELP)]
    reason: Annotated[str, Field(max_length=1000, description="Motif, obligatoire.")]


class CashMethodLine(BaseModel):
    method: str
    expected: Annotated[int, Field(description=(
        "Paiements reçus ce jour par ce vendeur, non annulés, enregistrés avant la clôture."))]
    counted: int | None
    difference: Annotated[int | None, Field(description=(
        "`counted - expected` (négatif : il manque de l'argent) ; null tant que la journée "
        "est ouverte."))]
    late: Annotated[int, Field(description=(
        "Paiements de ce jour enregistrés après la clôture (`after_closing`) : écart tardif."))]


class CashTotals(BaseModel):
    expected: int
    counted: int | None
    difference: int | None
    late: int


class CashLatePayment(BaseModel):
    """A payment of that day recorded after the closing (`after_closing`)."""

    payment_id: UUID
    order_number: str
    method: str
    amount: int
    received_at: datetime
    recorded_at: datetime


class CashCorrection(BaseModel):
    counted: dict[str, int]
    reason: str
    corrected_by: UUID
    corrected_by_username: str
    corrected_at: datetime


class CashClosingPublic(BaseModel):
    vendor_id: UUID
    vendor_username: str
    day: date
    status: Literal["ouverte", "cloturee"]
    methods: list[CashMethodLine]
    totals: CashTotals
    payments_count: int
    late_payments: list[CashLatePayment]
    note: str
    expected_seen: Annotated[dict[str, int] | None, Field(description=(
        "L'attendu tel que l'écran du bureau le montrait à la clôture (pour mémoire)."))]
    closed_by: UUID | None
    closed_by_username: str | None
    closed_at: datetime | None
    corrections: list[CashCorrection]
