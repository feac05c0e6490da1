"""Offline sync: a phone's recorded events applied in order, exactly once, merged on the log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.customers import (
    check_may_set,
    client_of,
    customer_named,
    customer_of_local_id,
    differences,
    names_a_customer,
    ordering_customer,
    register,
)
from application.order_decisions import (
    customer_kind,
    decide_payment_status,
    decide_revision,
    decide_status,
    kind_of,
    number_claim,
    priced_lines,
)
from application.orders import CreditQueries, NoCredit, check_may_read, credit_check
from application.payments import NewPayment, decide_payment, received_time
from application.prices import PriceHistories
from application.returns import merged, return_id_for
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, find, load, lookup_new
from domain.base import GapalAggregate
from domain.catalogue import Product
from domain.clock import Clock, corrected_time
from domain.customer import Customer
from domain.errors import DomainError, InvalidInput, NotFound, OrderLocked
from domain.merge import ITEMS, PAYMENT, STATUS, FieldConflict, merge, server_changes
from domain.order import CLIENT_FIELDS, ClientDetails, Order
from domain.permissions import Action, Actor
from domain.receipts import SyncReceipt, SyncTrail
from domain.returns import GoodsReturn, return_goods
from domain.values import DeliveryStatus, PaymentMethod, PaymentStatus, Priority, burkina_phone

CREATED, UPDATED, PAID = "order_created", "order_updated", "payment_received"
CUSTOMER_CREATED = "customer_created"
RETURNED = "order_returned"
CLEARABLE = ("client_phone", "delivery_address", "notes")
NOT_NULL = ("client_name", "priority", STATUS, PAYMENT, ITEMS)


@dataclass(frozen=True)
class PhoneEvent:
    event_id: UUID
    local_id: UUID
    type: str
    occurred_at: datetime
    data: dict[str, Any]
    base_version: int | None = None


@dataclass
class SyncResult:
    event_id: UUID
    local_id: UUID
    status: str  # applied | duplicate | merged | rejected
    order_id: UUID | None = None
    conflicts: list[FieldConflict] = field(default_factory=list)
    error: DomainError | None = None
    position: int | None = None
    customer_id: UUID | None = None


class Sync:
    """Applies a phone's batch; one event's refusal never fails the others."""

    def __init__(self, store: GapalStore, clock: Clock,
                 credit: CreditQueries | None = None) -> None:
        self._store = store
        self._clock = clock
        self._credit = credit or NoCredit()
        self._prices = PriceHistories(store)

    def apply(self, actor: Actor, device_id: UUID, clock_offset: timedelta,
              events: list[PhoneEvent],
              shown: Callable[[int], None] = lambda _position: None) -> list[SyncResult]:
        """Each event in order, one result each; runs of new orders naming no customer are
        saved together (`TOGETHER` per transaction), every other event in a transaction of its
        own. `shown(position)` returns once the read side shows that position: a new order
        judged on its customer's balance waits for the batch's earlier writes, which the
        balance must count."""
        actor.require(Action.SYNC_ORDERS)
        results: list[SyncResult] = []
        unshown: int | None = None  # the batch's last write the read side may not show yet
        for run in runs(events):
            if unshown is not None and judged_on_balance(run[0]):
                shown(unshown)
                unshown = None
            applied = self._together(actor, device_id, clock_offset, run) if len(run) > 1 \
                else [self._one(actor, device_id, clock_offset, run[0])]
            unshown = max([unshown or 0, *(r.position for r in applied if r.position)]) or None
            results.extend(applied)
        return results

    def _together(self, actor: Actor, device_id: UUID, offset: timedelta,
                  run: list[PhoneEvent]) -> list[SyncResult]:
        """New orders decided one by one and saved in one transaction (they touch no common
        aggregate); if the save collides (the same order twice, a number taken meanwhile),
        each is applied alone as usual, and its receipt keeps it exactly once."""
        results, decided = [], []
        for phone in run:
            result = SyncResult(phone.event_id, phone.local_id, "applied")
            try:
                decided.append((result, self._decide(actor, device_id, offset, phone, result)))
            except DomainError as error:
                self._rejected(result, phone, error)
            results.append(result)
        try:
            recordings = self._store.save(*[a for _, d in decided for a in d.aggregates])
        except IntegrityError:
            return [self._one(actor, device_id, offset, phone) for phone in run]
        reached: dict[UUID, int] = {}
        for recording in recordings:
            key = recording.domain_event.originator_id
            reached[key] = max(reached.get(key, 0), recording.notification.id or 0)
        for result, decision in decided:
            self._written(result, CREATED, Written(decision.id, max(
                [reached.get(a.id, 0) for a in decision.aggregates if a], default=0) or None,
                decision.created))
        return results

    def _one(self, actor: Actor, device_id: UUID, offset: timedelta,
             phone: PhoneEvent) -> SyncResult:
        result = SyncResult(phone.event_id, phone.local_id, "applied")
        try:
            written = execute(self._store, lambda: self._decide(actor, device_id, offset, phone,
                                                                result))
        except DomainError as error:  # nothing was written: no conflict was settled either
            return self._rejected(result, phone, error)
        return self._written(result, phone.type, written)

    def _rejected(self, result: SyncResult, phone: PhoneEvent,
                  error: DomainError) -> SyncResult:
        order_id = order_id_of(phone)
        result.status, result.error, result.conflicts = "rejected", error, []
        result.order_id = order_id if order_id and find(self._store, Order, order_id) else None
        return result

    @staticmethod
    def _written(result: SyncResult, kind: str, written: Written) -> SyncResult:
        result.position = written.position
        if kind == CUSTOMER_CREATED:
            result.customer_id = written.id
        else:
            result.order_id = written.id
        if not written.created:
            result.status = "duplicate"
        return result

    def _decide(self, actor: Actor, device_id: UUID, offset: timedelta, phone: PhoneEvent,
                result: SyncResult) -> Decision:
        order_id = order_id_of(phone)
        result.conflicts = []
        receipt = lookup_new(self._store, SyncReceipt, SyncReceipt.id_for(phone.event_id))
        if receipt is not None:  # the order it was applied to, whatever local_id comes now
            return Decision(receipt.order_id, [], created=False)
        at = corrected_time(phone.occurred_at, offset, self._clock.now())
        if phone.type == CUSTOMER_CREATED:  # its time is checked too: it made no sense else
            return self._customer(actor, phone, result)
        if phone.type == PAID:
            return self._paid(actor, order_id, phone, offset)
        if phone.type == RETURNED:
            return self._returned(actor, order_id, phone, at)
        if order_id is None:
            raise InvalidInput(f"Type d'événement inconnu : {phone.type}.")
        if phone.type == CREATED:
            if lookup_new(self._store, Order, order_id) is not None:
                return Decision(order_id, [], created=False)
            order, others = self._place(actor, order_id, phone, at, result)
        elif phone.type == UPDATED:
            order, others = self._update(actor, order_id, device_id, phone, at, result)
        else:
            raise InvalidInput(f"Type d'événement inconnu : {phone.type}.")
        order.record_conflicts([vars(c) for c in result.conflicts], device_id, phone.event_id,
                               actor.user_id)
        if phone.type == UPDATED and order.pending_events:
            others.append(self._stamped(order, device_id, at, actor))
        if result.conflicts:
            result.status = "merged"
        receipt = SyncReceipt.record(phone.event_id, order_id, actor.user_id)
        return Decision(order_id, [order, *others, receipt])

    def _customer(self, actor: Actor, phone: PhoneEvent, result: SyncResult) -> Decision:
        """A customer registered offline; one whose phone an active customer already has is
        that customer (`merged`: the conflicts say where the phone's details differ)."""
        actor.require(Action.CREATE_CUSTOMER)
        check_may_set(actor, phone.data)
        result.status, result.conflicts = "applied", []
        known = customer_of_local_id(self._store, phone.local_id)
        if known is not None:
            return Decision(known, [], created=False)
        registration = register(self._store, actor, phone.data,
                                Customer.id_for_local_id(phone.local_id), phone.local_id,
                                merge=True)
        if registration.merged:
            result.status = "merged"
            kept = load(self._store, Customer, registration.customer_id)
            result.conflicts = [FieldConflict(name, sent, kept_value, "server")
                                for name, sent, kept_value in differences(kept, phone.data)]
        receipt = SyncReceipt.record(phone.event_id, registration.customer_id, actor.user_id)
        return Decision(registration.customer_id, [*registration.aggregates, receipt])

    def _paid(self, actor: Actor, order_id: UUID | None, phone: PhoneEvent,
              offset: timedelta) -> Decision:
        """A payment taken offline at delivery: recorded once by its `local_id`, on an order
        the phone's user may read (a vendeur: his own)."""
        actor.require(Action.RECORD_PAYMENTS)
        if order_id is None:
            raise InvalidInput("Paiement sans commande : order_local_id ou order_id attendu.")
        order = load(self._store, Order, order_id, "Commande")
        check_may_read(actor, order.created_by)
        data = phone.data
        now = self._clock.now()
        at = received_time(data.get("received_at") or phone.occurred_at, offset, now)
        new = NewPayment(phone.local_id, data["amount"], PaymentMethod(data["method"]),
                         data.get("reference"), at)
        _, aggregates = decide_payment(self._store, actor, order, new, at)
        if not aggregates:
            return Decision(order_id, [], created=False)
        receipt = SyncReceipt.record(phone.event_id, order_id, actor.user_id)
        return Decision(order_id, [*aggregates, receipt])

    def _returned(self, actor: Actor, order_id: UUID | None, phone: PhoneEvent,
                  at: datetime) -> Decision:
        """Goods given back at delivery, recorded offline on the phone: once by its
        `local_id`, on an order the phone's user may read (a vendeur: his own)."""
        if order_id is None:
            raise InvalidInput("Retour sans commande : order_local_id ou order_id attendu.")
        order = load(self._store, Order, order_id, "Commande")
        check_may_read(actor, order.created_by)
        data = phone.data
        return_id = return_id_for(order_id, phone.local_id)
        if return_id in order.return_ids:
            return Decision(order_id, [], created=False)
        quantities = merged([(UUID(str(line["product_id"])), Decimal(str(line["quantity"])))
                             for line in data["lines"]])
        products = {pid: load(self._store, Product, pid, "Produit") for pid in quantities}
        return_goods(order, products, GoodsReturn(return_id, quantities,
                                                  str(data.get("reason") or ""),
                                                  bool(data.get("restock", True))),
                     actor.user_id, at.date())
        receipt = SyncReceipt.record(phone.event_id, order_id, actor.user_id)
        return Decision(order_id, [order, *products.values(), receipt])

    def _place(self, actor: Actor, order_id: UUID, phone: PhoneEvent, at: datetime,
                result: SyncResult) -> tuple[Order, list[GapalAggregate]]:
        actor.require(Action.CREATE_ORDER)
        data = phone.data
        sent = data.get("items") or []
        items = [(UUID(str(i["product_id"])), Decimal(str(i["quantity"]))) for i in sent]
        customer = ordering_customer(self._store, customer_named(self._store, data))
        lines = priced_lines(self._store, items, {}, self._price_at(at, kind_of(customer)))
        for line, item in zip(lines, sent, strict=True):
            if item.get("unit_price") is not None and int(item["unit_price"]) != line.unit_price:
                result.conflicts.append(FieldConflict(
                    f"items.{line.product_id}.unit_price", int(item["unit_price"]),
                    line.unit_price, "server"))
        client = client_of(ClientDetails(
            str(data.get("client_name") or ""), phone_of(data.get("client_phone")),
            str(data.get("delivery_address") or ""), data.get("delivery_date"),
            str(data.get("notes") or ""), Priority(data.get("priority") or Priority.MOYENNE)),
            customer)
        if not client.client_name:
            raise InvalidInput("Le nom du client est obligatoire.")
        order = Order.place(
            order_id=order_id, day=phone.occurred_at.date(), client=client, lines=lines,
            payment_status=PaymentStatus(data.get("payment_status") or PaymentStatus.NON_PAYEE),
            local_id=phone.local_id, actor_id=actor.user_id, placed_at=at,
            customer_id=customer.id if customer else None,
            credit=credit_check(self._credit, customer))
        return order, [number_claim(self._store, order, actor)]

    def _update(self, actor: Actor, order_id: UUID, device_id: UUID, phone: PhoneEvent,
                at: datetime, result: SyncResult) -> tuple[Order, list[GapalAggregate]]:
        order = load(self._store, Order, order_id, "Commande")
        check_may_update_through_sync(actor, order)
        base = phone.base_version or order.version
        if not 1 <= base <= order.version:
            raise InvalidInput("Version de base inconnue pour cette commande.")
        since = [e for e in self._store.events.get(order_id, gt=base)
                 if isinstance(e, Order.Event)]
        trail = lookup_new(self._store, SyncTrail, SyncTrail.id_for(order_id))
        synced = trail.seen_from(device_id, at) if trail else {}
        settled = merge(phone_terms(phone.data), at, server_terms(order),
                        server_changes(since, synced))
        result.conflicts = settled.conflicts
        return order, self._apply(actor, order, settled.apply, at)

    def _apply(self, actor: Actor, order: Order, fields: dict[str, Any],
               at: datetime) -> list[GapalAggregate]:
        """The merged fields, through the same decisions as the office's edits."""
        items = [(UUID(p), Decimal(q)) for p, q in fields[ITEMS]] if ITEMS in fields else None
        decide_revision(self._store, order, {k: v for k, v in fields.items()
                                             if k in CLIENT_FIELDS}, items,
                        self._price_at(at, customer_kind(self._store, order)), actor)
        touched: list[GapalAggregate] = []
        if PAYMENT in fields:
            touched += decide_payment_status(self._store, order, PaymentStatus(fields[PAYMENT]),
                                             actor, at)
        if fields.get(STATUS) is not None:
            touched += decide_status(self._store, order, DeliveryStatus(fields[STATUS]), actor,
                                     at.date())
        return touched

    def _stamped(self, order: Order, device_id: UUID, at: datetime, actor: Actor) -> SyncTrail:
        versions = [e.originator_version for e in order.pending_events]
        trail = lookup_new(self._store, SyncTrail, SyncTrail.id_for(order.id))
        if trail is None:
            trail = SyncTrail.start(order.id, actor.user_id)
        trail.stamp(device_id, min(versions), max(versions), at, actor.user_id)
        return trail

    def _price_at(self, at: datetime, kind: str | None) -> Any:
        """Prices as they were at `at` for a customer of `kind` (an offline order's time)."""
        def price_of(product: Product) -> int:
            price = self._prices.price_at(product, at, kind)
            return product.price_for(kind) if price is None else price

        return price_of


TOGETHER = 50  # new orders saved in one transaction


def judged_on_balance(phone: PhoneEvent) -> bool:
    """A new order naming a customer: judged on his balance, which must count the batch's
    earlier orders and payments, so those must be on the read side before it is applied."""
    return phone.type == CREATED and names_a_customer(phone.data)


def saved_together(phone: PhoneEvent) -> bool:
    """A new order that may be saved with its neighbours: one judged on no balance."""
    return phone.type == CREATED and not judged_on_balance(phone)


def runs(events: list[PhoneEvent]) -> list[list[PhoneEvent]]:
    """The events in order, in runs to save together: new orders `saved_together`, up to
    `TOGETHER` at a time; every other event alone."""
    grouped: list[list[PhoneEvent]] = []
    for phone in events:
        last = grouped[-1] if grouped else []
        if saved_together(phone) and last and saved_together(last[-1]) \
                and len(last) < TOGETHER:
            last.append(phone)
        else:
            grouped.append([phone])
    return grouped


def check_may_update_through_sync(actor: Actor, order: Order) -> None:
    """Managers edit any order; a vendeur only their own, and only while it is `nouvelle`."""
    if actor.may(Action.MANAGE_ORDERS):
        return
    if order.created_by != actor.user_id:
        raise NotFound("Commande introuvable.")
    if order.delivery_status is not DeliveryStatus.NOUVELLE:
        raise OrderLocked("Commande déjà prise en charge au bureau : modification refusée.")


def order_id_of(phone: PhoneEvent) -> UUID | None:
    """The order an event is about: an order's own `local_id`, or a payment's or a return's
    `order_local_id` (or `order_id`, for an order placed elsewhere)."""
    if phone.type == CUSTOMER_CREATED:
        return None
    if phone.type not in (PAID, RETURNED):
        return Order.id_for_local_id(phone.local_id)
    if phone.data.get("order_local_id") is not None:
        return Order.id_for_local_id(UUID(str(phone.data["order_local_id"])))
    if phone.data.get("order_id") is not None:
        return UUID(str(phone.data["order_id"]))
    return None


def phone_of(raw: object) -> str:
    return burkina_phone(str(raw)) if raw else ""


def phone_terms(data: dict[str, Any]) -> dict[str, Any]:
    """The phone's changed fields, normalised as the server keeps them."""
    terms = {k: v for k, v in data.items() if k in (*CLIENT_FIELDS, STATUS, PAYMENT, ITEMS)}
    for name in CLEARABLE:  # null clears these texts, as on the REST edit
        if name in terms and terms[name] is None:
            terms[name] = ""
    nulls = [name for name in NOT_NULL if name in terms and terms[name] is None]
    if nulls:
        raise InvalidInput(f"Champs sans valeur : {', '.join(nulls)}.")
    if "client_phone" in terms:
        terms["client_phone"] = phone_of(terms["client_phone"])
    if ITEMS in terms:
        terms[ITEMS] = [(str(i["product_id"]), str(Decimal(str(i["quantity"])).quantize(
            Decimal("0.001")))) for i in terms[ITEMS]]
    return terms


def server_terms(order: Order) -> dict[str, Any]:
    terms: dict[str, Any] = {name: getattr(order, name) for name in CLIENT_FIELDS}
    terms["priority"] = order.priority.value
    terms[STATUS] = order.delivery_status.value
    terms[PAYMENT] = order.payment_status.value
    terms[ITEMS] = [(str(line.product_id), str(line.quantity)) for line in order.lines]
    return terms
