"""Cash closing (clôture de caisse): the money a vendor hands in at the office for one day,
counted by method once; a later correction is a new event with its reason, never an edit."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.errors import Conflict, InvalidInput, OutOfRange
from domain.values import MAX_ORDER_TOTAL, PaymentMethod, fr_number

METHODS = tuple(method.value for method in PaymentMethod)
FIRST_DAY = date(2020, 1, 1)
MAX_NOTE = 1000
MAX_REASON = 1000


class AlreadyClosed(Conflict):
    """The vendor's day is closed already: a change is a correction, with its reason."""

    code = "cash_closing_closed"


class CashClosing(GapalAggregate):
    """A vendor's day of money handed in: one per (vendor, day), its id derived from both, so
    that two offices closing the same day at once collide in the event store."""

    class Closed(GapalAggregate.Created):
        vendor_id: UUID
        day: date
        counted: dict[str, int]
        expected: dict[str, int]  # as the office saw it when closing (for the record)
        note: str

    class Corrected(GapalAggregate.Event):
        counted: dict[str, int]
        reason: str

    @staticmethod
    def id_for(vendor_id: UUID, day: date) -> UUID:
        return derived_id("cash-closing", f"{vendor_id}:{day.isoformat()}")

    @classmethod
    def close(cls, *, vendor_id: UUID, day: date, today: date, counted: object,
              expected: dict[str, int], note: object, actor_id: UUID) -> CashClosing:
        check_day(day, today)
        return cls._create(cls.Closed, id=cls.id_for(vendor_id, day), vendor_id=vendor_id,
                           day=day, counted=counted_amounts(counted),
                           expected=counted_amounts(expected), note=closing_note(note),
                           actor_id=actor_id)

    @event(Closed)
    def __init__(self, vendor_id: UUID, day: date, counted: dict[str, int],
                 expected: dict[str, int], note: str, actor_id: UUID) -> None:
        self.vendor_id = vendor_id
        self.day = day
        self.counted = dict(counted)
        self.note = note

    def correct(self, counted: object, reason: object, actor_id: UUID) -> None:
        """New counted amounts, with why; the first count stays in the log."""
        self._corrected(counted=counted_amounts(counted), reason=correction_reason(reason),
                        actor_id=actor_id)

    @event(Corrected)
    def _corrected(self, counted: dict[str, int], reason: str, actor_id: UUID) -> None:
        self.counted = dict(counted)


def already_closed(day: date) -> AlreadyClosed:
    return AlreadyClosed(f"La caisse du {day:%d/%m/%Y} est déjà clôturée pour ce vendeur : "
                         "saisissez une correction avec son motif.")


def check_day(day: date, today: date) -> None:
    if day > today:
        raise InvalidInput("On ne clôture pas une journée à venir.")
    if day < FIRST_DAY:
        raise OutOfRange(f"Journée hors limites : depuis le {FIRST_DAY:%d/%m/%Y}.")


def counted_amounts(raw: object) -> dict[str, int]:
    """Every method's amount, in whole FCFA from 0 up (a method not given: 0 handed in)."""
    if not isinstance(raw, dict):
        raise InvalidInput("Montants comptés : un montant par moyen de paiement est attendu.")
    unknown = sorted(str(key) for key in raw if key not in METHODS)
    if unknown:
        raise InvalidInput(f"Moyen de paiement inconnu : {', '.join(unknown)} (attendus : "
                           f"{', '.join(METHODS)}).")
    return {method: counted_amount(method, raw.get(method, 0)) for method in METHODS}


def counted_amount(method: str, amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise InvalidInput(f"Montant compté ({method}) : un nombre entier de FCFA, positif "
                           "ou nul.")
    if amount > MAX_ORDER_TOTAL:
        raise OutOfRange(f"Montant compté hors limites : {fr_number(MAX_ORDER_TOTAL)} FCFA "
                         "au plus.")
    return amount


def closing_note(raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput("Note : un texte est attendu.")
    if len(raw) > MAX_NOTE:
        raise InvalidInput(f"La note a au plus {MAX_NOTE} caractères.")
    return raw.strip()


def correction_reason(raw: object) -> str:
    reason = raw.strip() if isinstance(raw, str) else ""
    if not reason:
        raise InvalidInput("Une correction exige son motif.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Le motif a au plus {MAX_REASON} caractères.")
    return reason
