"""Use cases on customers: register (also offline, merged by phone), revise, and link the
orders placed before customers existed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID, uuid4

from application.store import GapalStore
from application.unit_of_work import Decision, Written, check_version, execute, find, load
from domain.base import Claim, GapalAggregate
from domain.customer import Customer, CustomerKind, checked_fields
from domain.errors import CustomerPhoneUsed, PermissionDenied, UnknownCustomer
from domain.order import ClientDetails, Order
from domain.permissions import Action, Actor

CUSTOMER_PHONE = "customer_phone"
CUSTOMER_LOCAL_ID = "customer_local_id"


@dataclass(frozen=True)
class Registration:
    """What registering a customer decided: the customer kept, the aggregates to save, and
    whether an existing customer of the same phone was kept instead (offline merge)."""

    customer_id: UUID
    aggregates: list[GapalAggregate | None]
    merged: bool = False


@dataclass(frozen=True)
class Linked:
    """What `link_orders` did for one phone: the customer, new or not, and orders linked."""

    customer_id: UUID
    created: bool
    linked: int


class Customers:
    """Registers and revises customers; one phone is one active customer."""

    def __init__(self, store: GapalStore) -> None:
        self._store = store

    def create(self, actor: Actor, fields: dict[str, Any]) -> Written:
        actor.require(Action.CREATE_CUSTOMER)
        check_may_set(actor, fields)
        customer_id = uuid4()
        return execute(self._store, lambda: Decision(
            customer_id, register(self._store, actor, fields, customer_id).aggregates))

    def revise(self, actor: Actor, customer_id: UUID, changes: dict[str, Any],
               expected_version: int | None = None) -> Written:
        """Edits the customer; `is_active` deactivates (freeing the phone) or reactivates."""
        actor.require(Action.MANAGE_CUSTOMERS)

        def decide() -> Decision:
            customer = load(self._store, Customer, customer_id, "Client")
            check_version(customer, expected_version)
            old_phone = customer.phone if customer.is_active else None
            customer.revise(changes, actor.user_id)
            if changes.get("is_active") is False:
                customer.deactivate(actor.user_id)
            elif changes.get("is_active") is True:
                customer.reactivate(actor.user_id)
            released = released_phone(self._store, old_phone, customer, actor)
            return Decision(customer.id, [customer, released,
                                          phone_claim(self._store, customer, actor)])

        return execute(self._store, decide, expected_version=expected_version)

    def link_orders(self, actor: Actor, phone: str, name: str,
                    order_ids: Sequence[UUID]) -> Linked:
        """Links these orders to the active customer of `phone`, registered (as a
        `particulier` named `name`) when there is none: one transaction per phone."""
        actor.require(Action.MANAGE_CUSTOMERS)
        outcome: list[Linked] = []

        def decide() -> Decision:
            outcome.clear()
            customer = customer_by_phone(self._store, phone)
            registered: list[GapalAggregate | None] = []
            if customer is None:
                customer_id = uuid4()
                registered = register(self._store, actor, {
                    "name": name, "phone": phone, "kind": CustomerKind.PARTICULIER.value},
                    customer_id).aggregates
            else:
                customer_id = customer.id
            orders = [load(self._store, Order, order_id, "Commande") for order_id in order_ids]
            changed = [o for o in orders if o.customer_id is None
                       and o.link_customer(customer_id, actor.user_id)]
            outcome.append(Linked(customer_id, customer is None, len(changed)))
            return Decision(customer_id, [*registered, *changed])

        execute(self._store, decide)
        return outcome[0]


def check_may_set(actor: Actor, fields: dict[str, Any]) -> None:
    """A credit limit is the office's decision: a vendeur registers cash customers."""
    if fields.get("credit_limit") and not actor.may(Action.MANAGE_CUSTOMERS):
        raise PermissionDenied("Seuls les gestionnaires fixent un plafond de crédit.")


def register(store: GapalStore, actor: Actor, fields: dict[str, Any], customer_id: UUID,
             local_id: UUID | None = None, merge: bool = False) -> Registration:
    """A new customer and the claim on its phone; with `merge` (an offline creation), the
    active customer who already has that phone is kept instead and the phone's `local_id`
    is noted as naming him. The phone's claim is read once: what it says decides both."""
    customer = Customer.register(customer_id=customer_id, fields=fields, local_id=local_id,
                                 actor_id=actor.user_id)
    claim = find(store, Claim, Claim.id_for(CUSTOMER_PHONE, customer.phone))
    owner = claim.owner_id if claim is not None else None
    if owner is not None and owner != customer.id and merge and local_id is not None:
        noted = Claim.claim(CUSTOMER_LOCAL_ID, str(local_id), owner, actor.user_id)
        return Registration(owner, [noted], merged=True)
    return Registration(customer.id, [customer, claimed(claim, customer, actor)])


def phone_claim(store: GapalStore, customer: Customer, actor: Actor) -> Claim | None:
    """Claims the customer's phone while he is active; refused if another active has it."""
    if not customer.is_active:
        return None
    return claimed(find(store, Claim, Claim.id_for(CUSTOMER_PHONE, customer.phone)), customer,
                   actor)


def claimed(claim: Claim | None, customer: Customer, actor: Actor) -> Claim:
    """The phone's claim (`claim`, as found, or a new one) made the customer's."""
    if claim is None:
        return Claim.claim(CUSTOMER_PHONE, customer.phone, customer.id, actor.user_id)
    if claim.owner_id not in (None, customer.id):
        raise CustomerPhoneUsed(
            f"Le numéro {customer.phone} est déjà celui d'un autre client actif.",
            customer_id=str(claim.owner_id))
    claim.reclaim(customer.id, actor.user_id)
    return claim


def released_phone(store: GapalStore, old_phone: str | None, customer: Customer,
                   actor: Actor) -> Claim | None:
    if old_phone is None or (customer.phone == old_phone and customer.is_active):
        return None
    claim = find(store, Claim, Claim.id_for(CUSTOMER_PHONE, old_phone))
    if claim is None or claim.owner_id != customer.id:
        return None
    claim.release(actor.user_id)
    return claim


def customer_by_phone(store: GapalStore, phone: str) -> Customer | None:
    """The active customer whose main phone this is, if any."""
    claim = find(store, Claim, Claim.id_for(CUSTOMER_PHONE, phone))
    if claim is None or claim.owner_id is None:
        return None
    return find(store, Customer, claim.owner_id)


def customer_of_local_id(store: GapalStore, local_id: UUID) -> UUID | None:
    """The customer a phone's `local_id` names: the one it created, or the one it was merged
    into."""
    created = Customer.id_for_local_id(local_id)
    if find(store, Customer, created) is not None:
        return created
    claim = find(store, Claim, Claim.id_for(CUSTOMER_LOCAL_ID, str(local_id)))
    return claim.owner_id if claim is not None else None


def ordering_customer(store: GapalStore, customer_id: UUID | None) -> Customer | None:
    """The active customer an order names, if it names one."""
    if customer_id is None:
        return None
    customer = find(store, Customer, customer_id)
    if customer is None or not customer.is_active:
        raise UnknownCustomer("Client inconnu ou désactivé.")
    return customer


def client_of(client: ClientDetails, customer: Customer | None) -> ClientDetails:
    """The order's client name and phone, the customer's where the order gives none."""
    if customer is not None:
        client = replace(client, client_name=client.client_name or customer.name,
                         client_phone=client.client_phone or customer.phone)
    return client


def names_a_customer(data: dict[str, Any]) -> bool:
    """An offline order's data names a customer (whom `customer_named` finds): it is judged on
    his balance, so a batch's earlier events must be on the read side first (see
    `Sync.apply`)."""
    return bool(data.get("customer_local_id") or data.get("customer_id"))


def customer_named(store: GapalStore, data: dict[str, Any]) -> UUID | None:
    """The customer an offline order names: by the server's id, or by the `local_id` of a
    customer the phone created (sent earlier in the same batch or a former one)."""
    local_id = data.get("customer_local_id")
    if local_id is None:
        customer_id: UUID | None = data.get("customer_id")
        return customer_id
    found = customer_of_local_id(store, UUID(str(local_id)))
    if found is None:
        raise UnknownCustomer("Client inconnu : envoyez d'abord sa création (customer_created).")
    return found


def differences(kept: Customer, sent: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """Where a customer created offline differs from the one of its phone that was kept
    (compared as the log would keep them: `Awa ` is `Awa`): (field, sent, kept)."""
    clean = checked_fields({k: v for k, v in sent.items()
                            if k in ("name", "kind", "address") and v not in (None, "")})
    return [(name, value, str(getattr(kept, name))) for name, value in clean.items()
            if value != getattr(kept, name)]
