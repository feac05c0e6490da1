"""Payments on orders: money received at delivery or at the office, recorded exactly once per
phone `local_id`, each mobile money or transfer reference paying only once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from application.order_decisions import PAYMENT_REFERENCE
from application.orders import check_may_read
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, load, lookup_new
from domain.base import Claim, GapalAggregate
from domain.clock import Clock, corrected_time
from domain.errors import InvalidTime, PaymentReferenceUsed
from domain.order import Order
from domain.payments import Payment
from domain.permissions import Action, Actor
from domain.values import PaymentMethod


@dataclass(frozen=True)
class NewPayment:
    """A payment as a phone or the office sends it."""

    local_id: UUID
    amount: int
    method: PaymentMethod
    reference: str | None = None
    received_at: datetime | None = None


class Payments:
    """Records payments on the orders an actor may read (a vendeur: his own)."""

    def __init__(self, store: GapalStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def record(self, actor: Actor, order_id: UUID, new: NewPayment) -> Written:
        """The payment's id; `created` False when this `local_id` was recorded already."""
        actor.require(Action.RECORD_PAYMENTS)
        now = self._clock.now()
        at = received_time(new.received_at or now, timedelta(0), now)

        def decide() -> Decision:
            order = load(self._store, Order, order_id, "Commande")
            check_may_read(actor, order.created_by)
            payment_id, aggregates = decide_payment(self._store, actor, order, new, at)
            return Decision(payment_id, aggregates, created=bool(aggregates))

        return execute(self._store, decide)


def decide_payment(store: GapalStore, actor: Actor, order: Order, new: NewPayment,
                   at: datetime) -> tuple[UUID, list[GapalAggregate]]:
    """The payment's id and what to save (nothing when its `local_id` paid already): the order
    and the claim of its reference, in one transaction (shared by REST and sync)."""
    recorded = order.payment_for(new.local_id)
    if recorded is not None:
        return recorded, []
    payment = Payment.of(order.id, new.local_id, new.amount, new.method, new.reference, at)
    claim = reference_claim(store, payment, actor)
    order.receive_payment(payment, actor.user_id)
    return payment.payment_id, [order, *([claim] if claim else [])]


def reference_claim(store: GapalStore, payment: Payment, actor: Actor) -> Claim | None:
    """Reserves the payment's reference (trimmed, case-insensitive) across every order: the
    same transaction cannot pay twice, and two concurrent payments with it collide."""
    if not payment.reference:
        return None
    claim = lookup_new(store, Claim, Claim.id_for(PAYMENT_REFERENCE, payment.reference))
    if claim is not None and claim.owner_id not in (None, payment.payment_id):
        raise PaymentReferenceUsed(
            f"La référence « {payment.reference} » a déjà servi à un paiement : vérifiez-la.",
            reference=payment.reference)
    if claim is not None and claim.owner_id is None:  # freed by a reversed payment
        claim.reclaim(payment.payment_id, actor.user_id)
        return claim
    if claim is not None:
        return None
    return Claim.claim(PAYMENT_REFERENCE, payment.reference, payment.payment_id, actor.user_id)


def received_time(received_at: datetime, offset: timedelta, now: datetime) -> datetime:
    """When the money was received, on the server's clock: from 2020 to now (a day ahead is
    taken as now, as for a phone's events); otherwise 400 `invalid_time`."""
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    try:
        return corrected_time(received_at, offset, now)
    except InvalidTime:
        raise InvalidTime("Date de paiement impossible : entre le 01/01/2020 et maintenant "
                          "(réglez la date et l'heure du téléphone).") from None
