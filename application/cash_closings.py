"""Cash closings: the office counts the money a vendor hands in for a day, once; a correction
is a new event with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, find
from domain.cash_closing import CashClosing, already_closed
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.permissions import Action, Actor
from domain.user import User
from domain.values import Role

# Who may have received money: those whose role records payments.
RECEIVERS = frozenset({Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN})


@dataclass(frozen=True)
class NewClosing:
    """A closing as the office sends it; `expected` is what its screen showed (the record)."""

    vendor_id: UUID
    day: date
    counted: object
    note: object
    expected: dict[str, int]


class CashClosings:
    """Closes a vendor's day of cash (managers and admin), and corrects a closing."""

    def __init__(self, store: GapalStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def close(self, actor: Actor, new: NewClosing) -> Written:
        """The closing's id; 409 `cash_closing_closed` if the day is closed already (also when
        two offices close it at the same moment: the second save collides)."""
        actor.require(Action.CLOSE_CASH)

        def decide() -> Decision:
            self._check_receiver(new.vendor_id)
            if find(self._store, CashClosing, CashClosing.id_for(new.vendor_id, new.day)):
                raise already_closed(new.day)
            closing = CashClosing.close(
                vendor_id=new.vendor_id, day=new.day, today=self._clock.today(),
                counted=new.counted, expected=new.expected, note=new.note,
                actor_id=actor.user_id)
            return Decision(closing.id, [closing])

        return execute(self._store, decide)

    def correct(self, actor: Actor, vendor_id: UUID, day: date, counted: object,
                reason: object) -> Written:
        """New counted amounts for a closed day, with their reason (404 if not closed)."""
        actor.require(Action.CLOSE_CASH)

        def decide() -> Decision:
            closing = find(self._store, CashClosing, CashClosing.id_for(vendor_id, day))
            if closing is None:
                raise NotFound("Aucune clôture de caisse pour ce vendeur et ce jour.")
            closing.correct(counted, reason, actor.user_id)
            return Decision(closing.id, [closing])

        return execute(self._store, decide)

    def _check_receiver(self, vendor_id: UUID) -> None:
        user = find(self._store, User, vendor_id)
        if user is None or user.role not in RECEIVERS:
            raise InvalidInput("Vendeur inconnu : choisissez un vendeur ou un gestionnaire "
                               "qui reçoit des paiements.")
