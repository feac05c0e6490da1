"""Decisions on orders over loaded aggregates, shared by the REST use cases and the offline
sync: each changes the aggregates it is given and returns the others it touched; the use case's
transaction loads them, wraps the decision and saves what it returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from application.store import GapalStore
from application.unit_of_work import find, load, lookup_new
from domain.base import Claim
from domain.catalogue import Product
from domain.customer import Customer
from domain.errors import DuplicateOrderNumber, UnknownProduct
from domain.order import Order, OrderLine
from domain.permissions import Actor
from domain.values import DeliveryStatus, PaymentStatus

ORDER_NUMBER = "order_number"
PAYMENT_REFERENCE = "payment_reference"
Items = list[tuple[UUID, Decimal]]


def decide_revision(store: GapalStore, order: Order, changes: dict[str, Any],
                    items: Items | None, price_of: PriceOf, actor: Actor) -> None:
    """Edits the order's fields; new `items` take `price_of` where the order had no line of
    that product yet, and keep the prices of those it had."""
    revision = dict(changes)
    if items is not None:
        kept = {line.product_id: line.unit_price for line in order.lines}
        revision["lines"] = priced_lines(store, items, kept, price_of)
    order.revise(revision, actor.user_id)


def decide_status(store: GapalStore, order: Order, to: DeliveryStatus, actor: Actor,
                  day: date) -> list[Product]:
    """Moves the order on; `livree` takes every line out of stock (the products returned)."""
    if to is not DeliveryStatus.LIVREE:
        order.change_status(to, actor.user_id)
        return []
    order.check_transition_allowed(to)
    products = {pid: load(store, Product, pid, "Produit")
                for pid in order.quantities_by_product()}
    order.deliver(products, [uuid4() for _ in products], actor.user_id, day)
    return list(products.values())


def decide_payment_status(store: GapalStore, order: Order, to: PaymentStatus, actor: Actor,
                          at: datetime) -> list[Claim]:
    """Marks the order paid or not; the references of payments it reverses are released."""
    return released_references(store, order.change_payment(to, actor.user_id, at), actor)


PriceOf = Callable[[Product], int]


def current_price(product: Product) -> int:
    return product.unit_price


def current_price_for(kind: str | None) -> PriceOf:
    """Today's price for a customer of `kind` (None: no customer, the base price)."""
    return lambda product: product.price_for(kind)


def kind_of(customer: Customer | None) -> str | None:
    return None if customer is None else customer.kind.value


def customer_kind(store: GapalStore, order: Order) -> str | None:
    """The kind of the order's customer, whose prices its new lines take (None: no customer)."""
    if order.customer_id is None:
        return None
    return kind_of(find(store, Customer, order.customer_id))


def priced_lines(store: GapalStore, items: Items, kept_prices: dict[UUID, int],
                 price_of: PriceOf = current_price) -> list[OrderLine]:
    """Lines at catalogue prices (`price_of`), keeping the prices of products already ordered."""
    lines = []
    for product_id, amount in items:
        product = find(store, Product, product_id)
        if product is None:
            raise UnknownProduct(f"Produit inconnu : {product_id}.")
        line = OrderLine.of(product, amount)
        price = kept_prices.get(product_id, price_of(product))
        lines.append(OrderLine(line.product_id, line.product_name, line.unit, line.quantity,
                               price))
    return lines


def number_claim(store: GapalStore, order: Order, actor: Actor, *,
                 optimistic: bool = False) -> Claim:
    """Reserves the order's number: two orders never share one. `optimistic`: without looking
    first (a number already taken then fails the save on the claim's id)."""
    if optimistic:
        return Claim.claim(ORDER_NUMBER, order.order_number, order.id, actor.user_id)
    claim = lookup_new(store, Claim, Claim.id_for(ORDER_NUMBER, order.order_number))
    if claim is not None and claim.owner_id != order.id:
        raise DuplicateOrderNumber("Numéro de commande déjà attribué : réessayez.")
    # Claimed by this very order (the same local_id placed concurrently): saving fails on the
    # order's id, and the retry finds the order.
    return Claim.claim(ORDER_NUMBER, order.order_number, order.id, actor.user_id)


def released_references(store: GapalStore, references: list[str],
                        actor: Actor) -> list[Claim]:
    """The claims of reversed payments' references, released so that they may pay again."""
    claims = []
    for reference in references:
        claim = find(store, Claim, Claim.id_for(PAYMENT_REFERENCE, reference))
        if claim is not None and claim.owner_id is not None:
            claim.release(actor.user_id)
            claims.append(claim)
    return claims


