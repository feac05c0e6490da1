"""Orders: their life cycle, payment and lines, and delivery that takes stock out all at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.catalogue import Product
from domain.errors import (
    InsufficientStock,
    InvalidInput,
    InvalidTransition,
    OrderCancelled,
    OrderLocked,
    OutOfRange,
    TotalBelowPaid,
    VoiceNoteConflict,
)
from domain.limits import CreditCheck
from domain.payments import Payment, check_not_overpaid, payment_status_of
from domain.values import (
    MAX_ORDER_TOTAL,
    DeliveryStatus,
    PaymentMethod,
    PaymentStatus,
    Priority,
    check_plausible_date,
    fr_number,
    moved_quantity,
    order_number,
    subtotal,
)

FINAL = frozenset({DeliveryStatus.LIVREE, DeliveryStatus.ANNULEE})
EDITABLE_ITEMS = frozenset({DeliveryStatus.NOUVELLE, DeliveryStatus.EN_PREPARATION})
_FORWARD = [DeliveryStatus.NOUVELLE, DeliveryStatus.EN_PREPARATION, DeliveryStatus.EN_COURS,
            DeliveryStatus.LIVREE]
CLIENT_FIELDS = ("client_name", "client_phone", "delivery_address", "delivery_date", "notes",
                 "priority")


@dataclass(frozen=True)
class OrderLine:
    """One product ordered, priced when it was ordered."""

    product_id: UUID
    product_name: str
    unit: str
    quantity: Decimal
    unit_price: int

    @property
    def subtotal(self) -> int:
        return subtotal(self.quantity, self.unit_price)

    @classmethod
    def of(cls, product: Product, amount: Decimal) -> OrderLine:
        product.check_is_active()
        return cls(product.id, product.name, product.unit, moved_quantity(amount),
                   product.unit_price)


@dataclass(frozen=True)
class ClientDetails:
    client_name: str
    client_phone: str
    delivery_address: str
    delivery_date: date | None
    notes: str
    priority: Priority = Priority.MOYENNE


@dataclass(frozen=True)
class VoiceNote:
    """What the log keeps of a voice note; its id derives from its order and the phone's
    `local_id`, so that two orders' notes never share an id (a view's primary key)."""

    note_id: UUID
    local_id: UUID
    content_type: str
    size_bytes: int
    duration_seconds: float | None
    sha256: str

    @staticmethod
    def id_for(order_id: UUID, local_id: UUID) -> UUID:
        return derived_id("voice-note", f"{order_id}:{local_id}")


class Order(GapalAggregate):
    """A customer's order, from `nouvelle` to `livree` or `annulee`."""

    class Placed(GapalAggregate.Created):
        order_number: str
        local_id: UUID | None
        client_name: str
        client_phone: str
        delivery_address: str
        delivery_date: date | None
        notes: str
        priority: str
        payment_status: str
        lines: list[OrderLine]
        placed_at: datetime | None  # when the vendor took it, if offline (else: the timestamp)
        customer_id: UUID | None = None  # events recorded before customers existed have none
        # The customer's balance with this order and his limit when it was placed (None: no
        # customer, or recorded before credit limits were checked).
        balance_after: int | None = None
        credit_limit: int | None = None
        credit_exceeded: bool = False  # this order took the balance above the limit
        customer_name: str | None = None  # the customer's name then (who owes)

    class Revised(GapalAggregate.Event):
        changes: dict[str, Any]

    class StatusChanged(GapalAggregate.Event):
        from_status: str
        to_status: str
        # A delivery since lots: which lots each product was taken from (a return goes back)
        takes: list[dict[str, Any]] | None = None

    class PaymentChanged(GapalAggregate.Event):
        """The whole order marked paid or unpaid (before payments were recorded one by one:
        an order marked paid this way has paid its whole total)."""

        from_status: str
        to_status: str

    class PaymentReceived(GapalAggregate.Event):
        """Money received for the order; `actor_id` is who received it."""

        payment_id: UUID
        local_id: UUID
        amount: int
        method: str
        reference: str
        received_at: datetime
        order_number: str

    class PaymentsReversed(GapalAggregate.Event):
        """The order's payments cancelled (marked `non_payee` again): each reversed payment's
        `payment_id`, `amount` and `reference` (its claim released), their sum `amount`;
        `actor_id` is who reversed them. An order marked paid whole is unmarked too."""

        payments: list[dict[str, Any]]
        amount: int

    class VoiceNoteAttached(GapalAggregate.Event):
        """A vendor's audio memo: the bytes live in a blob store, the log keeps their hash."""

        note_id: UUID
        local_id: UUID
        content_type: str
        size_bytes: int
        duration_seconds: float | None
        sha256: str

    class CustomerLinked(GapalAggregate.Event):
        """The order is now the customer's (`gapal customers link`: orders placed before
        customers existed, found by their phone)."""

        customer_id: UUID

    class Returned(GapalAggregate.Event):
        """Goods of the delivered order brought back (`retour`): its amount due falls by
        `value`. `lines`: product, lot, quantity, unit price and value of each part."""

        return_id: UUID
        lines: list[dict[str, Any]]
        reason: str
        restock: bool
        value: int

    class ConflictSettled(GapalAggregate.Event):
        """An offline edit met an office edit: what each side said and which value was kept."""

        device_id: UUID | None
        sync_event_id: UUID | None
        conflicts: list[dict[str, Any]]

    @staticmethod
    def id_for_local_id(local_id: UUID) -> UUID:
        """The order a phone's `local_id` names: the same on every retry, so never made twice."""
        return derived_id("order-local-id", str(local_id))

    @classmethod
    def place(
        cls, *, order_id: UUID, day: date, client: ClientDetails, lines: list[OrderLine],
        payment_status: PaymentStatus, local_id: UUID | None, actor_id: UUID,
        placed_at: datetime | None = None, customer_id: UUID | None = None,
        credit: CreditCheck | None = None,
    ) -> Order:
        """Places the order; placed `payee`, its total is recorded as one cash payment.
        `credit`: the customer's balance before it and his limit, recorded with it."""
        check_has_lines(lines)
        check_total_is_payable(lines)
        check_plausible_date(client.delivery_date, "Date de livraison")
        if payment_status is PaymentStatus.PARTIELLE:
            raise_partial_is_derived()
        due = 0 if payment_status is PaymentStatus.PAYEE else sum(line.subtotal for line in lines)
        order = cls._create(
            cls.Placed, id=order_id, order_number=order_number(local_id or order_id, day),
            local_id=local_id,
            client_name=client.client_name, client_phone=client.client_phone,
            delivery_address=client.delivery_address, delivery_date=client.delivery_date,
            notes=client.notes, priority=client.priority.value,
            payment_status=PaymentStatus.NON_PAYEE.value, lines=lines, placed_at=placed_at,
            customer_id=customer_id, actor_id=actor_id,
            balance_after=credit.balance_after(due) if credit else None,
            credit_limit=credit.credit_limit if credit else None,
            credit_exceeded=credit.exceeded_by(due) if credit else False,
            customer_name=credit.customer_name if credit else None,
        )
        if payment_status is PaymentStatus.PAYEE:
            order.change_payment(PaymentStatus.PAYEE, actor_id, order.placed_on)
        return order

    @event(Placed)
    def __init__(
        self, order_number: str, local_id: UUID | None, client_name: str, client_phone: str,
        delivery_address: str, delivery_date: date | None, notes: str, priority: str,
        payment_status: str, lines: list[OrderLine], placed_at: datetime | None,
        actor_id: UUID, customer_id: UUID | None = None, balance_after: int | None = None,
        credit_limit: int | None = None, credit_exceeded: bool = False,
        customer_name: str | None = None,
    ) -> None:
        self.order_number = order_number
        self.local_id = local_id
        self.client_name = client_name
        self.client_phone = client_phone
        self.delivery_address = delivery_address
        self.delivery_date = delivery_date
        self.notes = notes
        self.priority = Priority(priority)
        self.marked_paid = payment_status == PaymentStatus.PAYEE.value
        self.payments: dict[UUID, UUID] = {}  # local_id -> payment id
        self.paid_by_payments = 0
        # Payments standing (not reversed): payment id -> (amount, reference).
        self.standing: dict[UUID, tuple[int, str]] = {}
        self.delivery_status = DeliveryStatus.NOUVELLE
        self.lines = list(lines)
        self.created_by = actor_id
        self.placed_at = placed_at
        self.customer_id = customer_id
        self.balance_after = balance_after
        self.credit_limit = credit_limit
        self.credit_exceeded = credit_exceeded
        self.voice_note_ids: list[UUID] = []
        self.voice_notes_by_local_id: dict[UUID, UUID] = {}
        self.delivered_lots: list[dict[str, Any]] = []
        self.returned_lines: list[dict[str, Any]] = []
        self.returned_value = 0
        self.return_ids: list[UUID] = []

    @property
    def placed_on(self) -> datetime:
        """When the order was taken: on the phone for offline orders, else when recorded."""
        return self.placed_at or self.created_on

    @property
    def total_price(self) -> int:
        return sum(line.subtotal for line in self.lines)

    @property
    def net_price(self) -> int:
        """What the customer owes for what he kept: the total less the goods returned."""
        return self.total_price - self.returned_value

    @property
    def amount_paid(self) -> int:
        """What was received: the payments' sum; all of it for an order marked paid whole."""
        return self.net_price if self.marked_paid else self.paid_by_payments

    @property
    def amount_due(self) -> int:
        return max(0, self.net_price - self.amount_paid)

    @property
    def over_credit_limit(self) -> bool:
        """Placed above its customer's credit limit, and still owing."""
        return self.credit_exceeded and self.amount_due > 0

    @property
    def payment_status(self) -> PaymentStatus:
        if self.marked_paid:
            return PaymentStatus.PAYEE
        return payment_status_of(self.paid_by_payments, self.net_price)

    @property
    def is_final(self) -> bool:
        return self.delivery_status in FINAL

    def revise(self, changes: dict[str, Any], actor_id: UUID) -> None:
        effective = {k: v for k, v in changes.items()
                     if k in (*CLIENT_FIELDS, "lines") and getattr(self, k) != v}
        check_client_fields(effective)
        if "lines" in effective:
            self.check_items_editable()
            check_has_lines(effective["lines"])
            check_total_is_payable(effective["lines"])
            self.check_total_covers_payments(effective["lines"])
        if "delivery_date" in effective:
            check_plausible_date(effective["delivery_date"], "Date de livraison")
        if "priority" in effective:
            effective["priority"] = Priority(effective["priority"]).value
        if effective:
            self._revised(changes=effective, actor_id=actor_id)

    def change_status(self, to: DeliveryStatus, actor_id: UUID) -> None:
        """Moves the order on; delivery goes through `deliver`, which takes the stock out."""
        if to is DeliveryStatus.LIVREE:
            raise ValueError("Order.deliver(products, ...) marks an order delivered")
        self.check_transition_allowed(to)
        self._status_changed(from_status=self.delivery_status.value, to_status=to.value,
                             actor_id=actor_id)

    def change_payment(self, to: PaymentStatus, actor_id: UUID, at: datetime) -> list[str]:
        """`payee` records the rest as one cash payment received `at`; `non_payee` reverses
        the payments recorded (and unmarks an order marked paid whole). The references of
        the payments reversed, to release."""
        if to is PaymentStatus.PARTIELLE:
            raise_partial_is_derived()
        if to is PaymentStatus.PAYEE and self.amount_due > 0:
            local_id = derived_id("payment-of-the-rest", f"{self.id}:{self.version}")
            self.receive_payment(Payment.of(self.id, local_id, self.amount_due,
                                            PaymentMethod.ESPECES, "", at), actor_id)
        elif to is PaymentStatus.PAYEE and self.payment_status is not PaymentStatus.PAYEE:
            # Nothing to pay (a free order): marked paid whole, as before payments existed.
            self.check_takes_payments()
            self._payment_changed(from_status=self.payment_status.value, to_status=to.value,
                                  actor_id=actor_id)
        elif to is PaymentStatus.NON_PAYEE and self.standing:
            reversed_payments = [
                {"payment_id": str(payment_id), "amount": amount, "reference": reference}
                for payment_id, (amount, reference) in self.standing.items()]
            self._payments_reversed(payments=reversed_payments,
                                    amount=sum(amount for amount, _ in self.standing.values()),
                                    actor_id=actor_id)
            return [str(p["reference"]) for p in reversed_payments if p["reference"]]
        elif to is PaymentStatus.NON_PAYEE and self.marked_paid:
            self._payment_changed(from_status=PaymentStatus.PAYEE.value, to_status=to.value,
                                  actor_id=actor_id)
        return []

    def receive_payment(self, payment: Payment, actor_id: UUID) -> bool:
        """Records the payment once; False when this `local_id` was recorded already."""
        if payment.local_id in self.payments:
            return False
        self.check_takes_payments()
        check_not_overpaid(payment.amount, self.amount_due)
        self._payment_received(
            payment_id=payment.payment_id, local_id=payment.local_id, amount=payment.amount,
            method=payment.method.value, reference=payment.reference,
            received_at=payment.received_at, order_number=self.order_number, actor_id=actor_id)
        return True

    def check_takes_payments(self) -> None:
        if self.delivery_status is DeliveryStatus.ANNULEE:
            raise OrderCancelled("Commande annulée : elle ne reçoit plus de paiement.")

    def payment_for(self, local_id: UUID) -> UUID | None:
        """The id of the payment this phone `local_id` recorded here, if any."""
        return self.payments.get(local_id)

    def check_total_covers_payments(self, lines: list[OrderLine]) -> None:
        total = sum(line.subtotal for line in lines)
        if total < self.paid_by_payments:
            raise TotalBelowPaid(
                f"Nouveau total ({fr_number(total)} FCFA) inférieur au montant déjà payé "
                f"({fr_number(self.paid_by_payments)} FCFA) : modification refusée.",
                amount_paid=self.paid_by_payments)

    def attach_voice_note(self, note: VoiceNote, actor_id: UUID) -> bool:
        """Attaches the note once; False when this `local_id` was attached already."""
        if self.voice_note_for(note.local_id) is not None:
            return False
        self._voice_note_attached(
            note_id=note.note_id, local_id=note.local_id, content_type=note.content_type,
            size_bytes=note.size_bytes, duration_seconds=note.duration_seconds,
            sha256=note.sha256, actor_id=actor_id)
        return True

    def voice_note_for(self, local_id: UUID) -> UUID | None:
        """The id of the note this phone `local_id` attached here, if any (whatever id scheme
        the log used when it was attached)."""
        return self.voice_notes_by_local_id.get(local_id)

    def link_customer(self, customer_id: UUID, actor_id: UUID) -> bool:
        """Makes the order this customer's; False when it already is."""
        if self.customer_id == customer_id:
            return False
        self._customer_linked(customer_id=customer_id, actor_id=actor_id)
        return True

    def record_conflicts(self, conflicts: list[dict[str, Any]], device_id: UUID | None,
                         sync_event_id: UUID | None, actor_id: UUID) -> None:
        if conflicts:
            self._conflict_settled(device_id=device_id, sync_event_id=sync_event_id,
                                   conflicts=conflicts, actor_id=actor_id)

    def deliver(self, products: dict[UUID, Product], movement_ids: list[UUID],
                actor_id: UUID, today: date) -> None:
        """Marks the order delivered and takes every line out of stock, from the lots that
        expire first: all or nothing."""
        self.check_transition_allowed(DeliveryStatus.LIVREE)
        needed = self.quantities_by_product()
        check_stock_covers_all(needed, products, today)
        if len(movement_ids) != len(needed):  # checked before any stock moves: all or nothing
            raise ValueError(
                f"One movement id per product delivered: {len(needed)} expected, "
                f"{len(movement_ids)} given."
            )
        taken = []
        for movement_id, (product_id, amount) in zip(movement_ids, needed.items(), strict=True):
            takes = products[product_id].issue_stock(
                movement_id, amount, f"Livraison commande {self.order_number}", self.id,
                actor_id, today=today,
            )
            taken += [{"product_id": product_id, "lot_id": take.lot.lot_id,
                       "quantity": -take.quantity} for take in takes]
        self._status_changed(from_status=self.delivery_status.value,
                             to_status=DeliveryStatus.LIVREE.value, actor_id=actor_id,
                             takes=taken)

    def record_return(self, return_id: UUID, lines: list[dict[str, Any]], reason: str,
                      restock: bool, value: int, actor_id: UUID) -> None:
        """Records goods brought back (checked and put back by `returns.return_goods`)."""
        if return_id not in self.return_ids:
            self._returned(return_id=return_id, lines=lines, reason=reason, restock=restock,
                           value=value, actor_id=actor_id)

    def quantities_by_product(self) -> dict[UUID, Decimal]:
        needed: dict[UUID, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            needed[line.product_id] += line.quantity
        return dict(needed)

    def check_items_editable(self) -> None:
        if self.delivery_status not in EDITABLE_ITEMS:
            raise OrderLocked("Les articles ne peuvent plus être modifiés : commande déjà partie.")

    def check_transition_allowed(self, to: DeliveryStatus) -> None:
        if not is_allowed_transition(self.delivery_status, to):
            raise InvalidTransition(
                f"Passage de « {self.delivery_status.value} » à « {to.value} » refusé.",
                **{"from": self.delivery_status.value, "to": to.value},
            )

    @event(Revised)
    def _revised(self, changes: dict[str, Any], actor_id: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, Priority(value) if name == "priority" else value)

    @event(StatusChanged)
    def _status_changed(self, from_status: str, to_status: str, actor_id: UUID,
                        takes: list[dict[str, Any]] | None = None) -> None:
        self.delivery_status = DeliveryStatus(to_status)
        if takes is not None:  # a delivery: which lots each product was taken from
            self.delivered_lots = takes

    @event(PaymentChanged)
    def _payment_changed(self, from_status: str, to_status: str, actor_id: UUID) -> None:
        self.marked_paid = to_status == PaymentStatus.PAYEE.value

    @event(PaymentReceived)
    def _payment_received(self, payment_id: UUID, local_id: UUID, amount: int, method: str,
                          reference: str, received_at: datetime, order_number: str,
                          actor_id: UUID) -> None:
        self.payments[local_id] = payment_id
        self.paid_by_payments += amount
        self.standing[payment_id] = (amount, reference)

    @event(PaymentsReversed)
    def _payments_reversed(self, payments: list[dict[str, Any]], amount: int,
                           actor_id: UUID) -> None:
        for payment in payments:
            self.standing.pop(UUID(str(payment["payment_id"])), None)
        self.paid_by_payments -= amount
        self.marked_paid = False

    @event(VoiceNoteAttached)
    def _voice_note_attached(self, note_id: UUID, local_id: UUID, content_type: str,
                             size_bytes: int, duration_seconds: float | None, sha256: str,
                             actor_id: UUID) -> None:
        self.voice_note_ids.append(note_id)
        self.voice_notes_by_local_id[local_id] = note_id

    @event(CustomerLinked)
    def _customer_linked(self, customer_id: UUID, actor_id: UUID) -> None:
        self.customer_id = customer_id

    @event(Returned)
    def _returned(self, return_id: UUID, lines: list[dict[str, Any]], reason: str,
                  restock: bool, value: int, actor_id: UUID) -> None:
        self.return_ids.append(return_id)
        self.returned_lines.extend(lines)
        self.returned_value += value

    @event(ConflictSettled)
    def _conflict_settled(self, device_id: UUID | None, sync_event_id: UUID | None,
                          conflicts: list[dict[str, Any]], actor_id: UUID) -> None:
        """Changes no field: the kept values were applied by their own events."""


def is_allowed_transition(current: DeliveryStatus, to: DeliveryStatus) -> bool:
    if current in FINAL:
        return False
    if to is DeliveryStatus.ANNULEE:
        return True
    return to in _FORWARD and _FORWARD.index(to) > _FORWARD.index(current)


def raise_partial_is_derived() -> None:
    raise InvalidInput("« partielle » découle des paiements enregistrés : enregistrez un "
                       "paiement (POST /api/orders/{id}/payments/).")


def check_has_lines(lines: list[OrderLine]) -> None:
    if not lines:
        raise InvalidInput("Une commande contient au moins un article.")


def check_client_fields(changes: dict[str, Any]) -> None:
    """Revised client fields keep their kinds: text stays text (the order board has no room for
    a null), the client keeps a name, a priority is one of three, a delivery date is a date."""
    for name in ("client_name", "client_phone", "delivery_address", "notes"):
        if name in changes and not isinstance(changes[name], str):
            raise InvalidInput(f"Champ « {name} » : un texte est attendu.")
    if "client_name" in changes and not changes["client_name"]:
        raise InvalidInput("Le nom du client est obligatoire.")
    if "priority" in changes and changes["priority"] not in set(Priority):
        raise InvalidInput("Priorité inconnue : basse, moyenne ou haute.")
    day = changes.get("delivery_date")
    if day is not None and (not isinstance(day, date) or isinstance(day, datetime)):
        raise InvalidInput("La date de livraison est une date (AAAA-MM-JJ).")


def check_total_is_payable(lines: list[OrderLine]) -> None:
    """An order's total stays under a thousand billion FCFA, so that the views' sums fit."""
    if sum(line.subtotal for line in lines) > MAX_ORDER_TOTAL:
        raise OutOfRange(f"Montant de la commande hors limites : {fr_number(MAX_ORDER_TOTAL)} "
                         "FCFA au plus.")


def check_voice_note_is_free(owner_id: UUID | None, order_id: UUID) -> None:
    """A phone's `local_id` names one voice note of one order, never a note of another."""
    if owner_id not in (None, order_id):
        raise VoiceNoteConflict(
            "Cette note vocale (même local_id) est déjà jointe à une autre commande : "
            "enregistrez-la de nouveau pour cette commande.")


def check_stock_covers_all(needed: dict[UUID, Decimal], products: dict[UUID, Product],
                           today: date) -> None:
    shortages = [products[pid].shortage(amount, today) for pid, amount in needed.items()
                 if amount > products[pid].sellable(today)]
    if shortages:
        names = ", ".join(s["product_name"] for s in shortages)
        stale = ", ".join(products[pid].name for pid in needed
                          if products[pid].stock_quantity > products[pid].sellable(today))
        aside = f" Stock périmé à retirer en perte : {stale}." if stale else ""
        raise InsufficientStock(f"Stock insuffisant pour : {names}.{aside}",
                                shortages=shortages)
