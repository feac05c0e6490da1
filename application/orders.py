"""Use cases on orders: place, revise, move through the life cycle, deliver, take payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any, Protocol
from uuid import UUID, uuid4

from application.customers import client_of, ordering_customer
from application.idempotency import Receipts, RequestKey
from application.order_decisions import (
    Items,
    current_price_for,
    customer_kind,
    decide_payment_status,
    decide_revision,
    decide_status,
    kind_of,
    number_claim,
    priced_lines,
)
from application.store import GapalStore
from application.unit_of_work import (
    Decision,
    Written,
    check_version,
    execute,
    load,
    lookup_new,
)
from domain.clock import Clock
from domain.customer import Customer
from domain.errors import InvalidInput, NotFound
from domain.limits import CreditCheck
from domain.order import ClientDetails, Order
from domain.permissions import Action, Actor
from domain.values import DeliveryStatus, PaymentStatus


class CreditQueries(Protocol):
    """What placing an order needs to know from the read side: a customer's balance (what
    his orders still owe), to judge the new order against his credit limit."""

    def balance_of(self, customer_id: UUID) -> int: ...


class NoCredit:
    """No read side (tests of the use cases alone): every customer owes nothing yet."""

    def balance_of(self, customer_id: UUID) -> int:
        del customer_id
        return 0


def credit_check(credit: CreditQueries, customer: Customer | None) -> CreditCheck | None:
    """The customer's balance before the order and his limit, recorded with the order."""
    if customer is None:
        return None
    return CreditCheck(credit.balance_of(customer.id), customer.credit_limit, customer.name)


@dataclass(frozen=True)
class NewOrder:
    client: ClientDetails
    items: Items
    payment_status: PaymentStatus = PaymentStatus.NON_PAYEE
    local_id: UUID | None = None
    customer_id: UUID | None = None
    day: date | None = None  # the order's day; None: the clock's today


class Orders:
    """Places and manages orders; delivery saves the order and its products in one transaction."""

    def __init__(self, store: GapalStore, receipts: Receipts, clock: Clock,
                 credit: CreditQueries | None = None) -> None:
        self._store = store
        self._receipts = receipts
        self._clock = clock
        self._credit = credit or NoCredit()

    def place(self, actor: Actor, new: NewOrder, key: RequestKey | None = None) -> Written:
        """Places an order at today's catalogue prices; the same `local_id` never makes two."""
        actor.require(Action.CREATE_ORDER)
        order_id = Order.id_for_local_id(new.local_id) if new.local_id else uuid4()
        # A fresh uuid4 names no order yet, and its number is most likely free: the first
        # attempt reads neither (a taken number fails the save, and the next attempt reads).
        fresh = new.local_id is None
        attempts = count()

        def decide() -> Decision:
            optimistic = fresh and next(attempts) == 0
            recall = self._receipts.recall(actor, key)
            previous = recall.previous
            if previous is None and not fresh \
                    and lookup_new(self._store, Order, order_id) is not None:
                previous = order_id
            if previous is not None:
                return Decision(previous, [], created=False)
            customer = ordering_customer(self._store, new.customer_id)
            client = named(client_of(new.client, customer))
            order = Order.place(
                order_id=order_id, day=new.day or self._clock.today(), client=client,
                lines=priced_lines(self._store, new.items, {},
                                   current_price_for(kind_of(customer))),
                payment_status=new.payment_status,
                local_id=new.local_id, actor_id=actor.user_id, customer_id=new.customer_id,
                credit=credit_check(self._credit, customer),
            )
            return Decision(order.id, [
                order, number_claim(self._store, order, actor, optimistic=optimistic),
                recall.receipt(order.id),
            ])

        return execute(self._store, decide)

    def revise(self, actor: Actor, order_id: UUID, changes: dict[str, Any],
               items: Items | None = None, expected_version: int | None = None) -> Written:
        """Edits client fields, notes, priority, delivery date; items only before departure."""

        def decide() -> Decision:
            order = self._managed_order(actor, order_id)
            check_version(order, expected_version)
            decide_revision(self._store, order, changes, items,
                            current_price_for(customer_kind(self._store, order)), actor)
            return Decision(order.id, [order])

        return execute(self._store, decide, expected_version=expected_version)

    def change_status(self, actor: Actor, order_id: UUID, to: DeliveryStatus,
                      expected_version: int | None = None) -> Written:
        """Moves the order on; `livree` takes every line out of stock, all or none."""

        def decide() -> Decision:
            order = self._managed_order(actor, order_id)
            check_version(order, expected_version)
            return Decision(order.id, [
                order, *decide_status(self._store, order, to, actor, self._clock.today())])

        return execute(self._store, decide, expected_version=expected_version)

    def change_payment(self, actor: Actor, order_id: UUID, to: PaymentStatus,
                       expected_version: int | None = None) -> Written:
        def decide() -> Decision:
            order = self._managed_order(actor, order_id)
            check_version(order, expected_version)
            return Decision(order.id, [
                order, *decide_payment_status(self._store, order, to, actor, self._clock.now())])

        return execute(self._store, decide, expected_version=expected_version)

    def get(self, actor: Actor, order_id: UUID) -> Order:
        """The order if the actor may read it; a vendeur never learns of others' orders."""
        actor.require(Action.READ_OWN_ORDERS)
        order = load(self._store, Order, order_id, "Commande")
        check_may_read(actor, order.created_by)
        return order

    def _managed_order(self, actor: Actor, order_id: UUID) -> Order:
        order = self.get(actor, order_id)
        actor.require(Action.MANAGE_ORDERS)
        return order


def named(client: ClientDetails) -> ClientDetails:
    """A client with a name: the order's, or its customer's."""
    if not client.client_name:
        raise InvalidInput("Le nom du client est obligatoire (ou choisissez un client).")
    return client


def check_may_read(actor: Actor, created_by: UUID) -> None:
    if not actor.may(Action.READ_ALL_ORDERS) and created_by != actor.user_id:
        raise NotFound("Commande introuvable.")
