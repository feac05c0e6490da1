"""Lots of a product: what came in together, with its own expiry. Stock leaves first-expired-
first-out (FEFO), never from an expired lot; a lot never goes below zero.

A product's events that touch lots carry the after-state of each lot they touched (`lots`) and,
for a movement, how much it moved from each (`takes`): views fold them without replaying rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput, NotFound
from domain.values import MAX_UNIT_PRICE, fr_number, subtotal

INITIAL_LOT_CODE = "stock initial"
MAX_LOT_CODE = 40


class LossReason(StrEnum):
    """Why stock was lost (`pertes`)."""

    PERIME = "perime"
    CASSE = "casse"
    CHAINE_DU_FROID = "chaine_du_froid"
    VOL = "vol"
    ECHANTILLON = "echantillon"
    AUTRE = "autre"


@dataclass(frozen=True)
class Lot:
    """One delivery of a product to the shelf: its code, dates, cost and what remains of it."""

    lot_id: UUID
    lot_code: str
    received_at: date
    expiration_date: date | None
    unit_cost: int | None
    remaining: Decimal

    def is_expired(self, today: date) -> bool:
        """Expired the day after its expiry date: a lot dated today is still sold today."""
        return self.expiration_date is not None and self.expiration_date < today

    def value_of(self, amount: Decimal) -> int:
        """What `amount` of this lot cost, in whole FCFA (0 when its cost is unknown)."""
        return subtotal(amount, self.unit_cost or 0)

    def moved(self, delta: Decimal) -> Lot:
        return replace(self, remaining=self.remaining + delta)

    def as_dict(self) -> dict[str, Any]:
        return {"lot_id": self.lot_id, "lot_code": self.lot_code,
                "received_at": self.received_at, "expiration_date": self.expiration_date,
                "unit_cost": self.unit_cost, "remaining": self.remaining}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lot:
        lot_id, remaining = data["lot_id"], data["remaining"]
        return cls(lot_id=lot_id if type(lot_id) is UUID else UUID(str(lot_id)),
                   lot_code=str(data["lot_code"]), received_at=data["received_at"],
                   expiration_date=data["expiration_date"], unit_cost=data["unit_cost"],
                   remaining=remaining if type(remaining) is Decimal else Decimal(str(remaining)))


@dataclass(frozen=True)
class Take:
    """How much one movement moved from one lot (negative when it took stock out)."""

    lot: Lot
    quantity: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"lot_id": self.lot.lot_id, "lot_code": self.lot.lot_code,
                "quantity": self.quantity}


def fefo(lots: list[Lot]) -> list[Lot]:
    """Open lots, the first to expire first (lots without an expiry last, oldest first)."""
    return sorted((lot for lot in lots if lot.remaining > 0), key=_fefo_key)


def _fefo_key(lot: Lot) -> tuple[bool, date, date]:
    return (lot.expiration_date is None, lot.expiration_date or date.max, lot.received_at)


def sellable(lots: list[Lot], today: date) -> Decimal:
    """What may still leave the shelf: the open lots that have not expired."""
    return sum((lot.remaining for lot in lots if not lot.is_expired(today)), Decimal("0.000"))


def plan_takes(lots: list[Lot], amount: Decimal, today: date, *,
               include_expired: bool = False) -> list[Take]:
    """Takes `amount` from the lots that expire first; the caller checked it is covered."""
    takes = []
    left = amount
    for lot in fefo(lots):
        if left <= 0:
            break
        if lot.is_expired(today) and not include_expired:
            continue
        taken = min(left, lot.remaining)
        takes.append(Take(lot.moved(-taken), -taken))
        left -= taken
    if left > 0:  # a guard of the caller was skipped: never drive a lot below zero
        raise ValueError(f"{amount} not covered by the lots")
    return takes


def earliest_expiry(lots: list[Lot]) -> date | None:
    """The earliest expiry among open lots (None when no open lot has one)."""
    dates = [lot.expiration_date for lot in lots if lot.remaining > 0 and lot.expiration_date]
    return min(dates, default=None)


def lot_code_for(lots: list[Lot], today: date, given: str | None) -> str:
    """The code given (unique within the product), or `YYMMDD-n`, n counting the day's lots."""
    code = (given or "").strip()
    if len(code) > MAX_LOT_CODE:
        raise InvalidInput(f"Code de lot trop long : {MAX_LOT_CODE} caractères au plus.")
    taken = {lot.lot_code.casefold() for lot in lots}
    if code:
        if code.casefold() in taken:
            raise InvalidInput(f"Le lot « {code} » existe déjà pour ce produit.")
        return code
    n = 1
    while f"{today:%y%m%d}-{n}" in taken:
        n += 1
    return f"{today:%y%m%d}-{n}"


def check_expiry_not_past(expiration_date: date | None, today: date) -> None:
    if expiration_date is not None and expiration_date < today:
        raise InvalidInput(f"Date de péremption passée ({expiration_date:%d/%m/%Y}) : un lot "
                           "reçu ne peut pas être déjà périmé.")


def check_unit_cost(unit_cost: int | None) -> None:
    if unit_cost is None:
        return
    if isinstance(unit_cost, bool) or not isinstance(unit_cost, int) or unit_cost < 0:
        raise InvalidInput("Le coût unitaire est un nombre entier de FCFA, positif ou nul.")
    if unit_cost > MAX_UNIT_PRICE:
        raise InvalidInput(f"Coût unitaire hors limites : {fr_number(MAX_UNIT_PRICE)} FCFA au "
                           "plus.")


def usual_shelf_life(lots: list[Lot]) -> int | None:
    """Days between receipt and expiry of the product's latest lot that had an expiry."""
    spans = [(lot.expiration_date - lot.received_at).days for lot in lots
             if lot.expiration_date is not None and lot.lot_code != INITIAL_LOT_CODE]
    return spans[-1] if spans else None


def shelf_life_warning(lots: list[Lot], expiration_date: date | None, today: date) -> str | None:
    """A warning (not a refusal) when a lot keeps less long than the product usually does."""
    usual = usual_shelf_life(lots)
    if expiration_date is None or usual is None:
        return None
    days = (expiration_date - today).days
    if days >= usual:
        return None
    return (f"Ce lot périme dans {days} jour(s), moins que la durée de conservation habituelle "
            f"du produit ({usual} jours) : vérifiez la date.")


def find_lot(lots: list[Lot], lot_id: UUID) -> Lot:
    for lot in lots:
        if lot.lot_id == lot_id:
            return lot
    raise NotFound("Lot introuvable pour ce produit.")


def with_lots(lots: list[Lot], changed: list[Lot]) -> list[Lot]:
    """The product's lots with `changed` replacing theirs (new ones appended, in order)."""
    by_id = {lot.lot_id: lot for lot in changed}
    kept = [by_id.pop(lot.lot_id, lot) for lot in lots]
    return kept + [lot for lot in changed if lot.lot_id in by_id]


def has_lots(event: object) -> bool:
    """Whether an event carries the after-state of lots (`lots_of_event` is not None)."""
    return getattr(event, "lots", None) is not None


def lots_of_event(event: object) -> list[Lot] | None:
    """The after-state of the lots an event touched; None for events from before lots."""
    raw = getattr(event, "lots", None)
    return None if raw is None else [Lot.from_dict(item) for item in raw]


def takes_of_event(event: object) -> list[dict[str, Any]]:
    """What a movement moved from each lot ([] for events from before lots)."""
    return list(getattr(event, "takes", None) or [])
