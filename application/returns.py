"""Returns (`retours`) of delivered orders: the order and the products it came from change in
one transaction; the same phone `local_id` never records a return twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from application.idempotency import Receipts, RequestKey
from application.orders import check_may_read
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, load
from domain.base import derived_id
from domain.catalogue import Product
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.order import Order
from domain.permissions import Action, Actor
from domain.returns import GoodsReturn, return_goods


@dataclass(frozen=True)
class NewReturn:
    """What comes back: quantities by product, why, and whether it goes back on the shelf."""

    lines: list[tuple[UUID, Decimal]]
    reason: str
    restock: bool
    local_id: UUID | None = None  # a phone's id of the return (exactly once)
    day: date | None = None  # when it happened (a phone's, corrected); default today


class Returns:
    """Records returns of delivered orders (order managers and admin)."""

    def __init__(self, store: GapalStore, receipts: Receipts, clock: Clock) -> None:
        self._store = store
        self._receipts = receipts
        self._clock = clock

    def record(self, actor: Actor, order_id: UUID, new: NewReturn,
               key: RequestKey | None = None) -> Written:
        """Returns the order's id; its amount due falls by the value returned."""
        quantities = merged(new.lines)
        return_id = return_id_for(order_id, new.local_id) if new.local_id else uuid4()

        def decide() -> Decision:
            recall = self._receipts.recall(actor, key)
            if recall.previous is not None:
                return Decision(recall.previous, [], created=False)
            order = self._order(actor, order_id)
            if return_id in order.return_ids:
                return Decision(order.id, [], created=False)
            products = {pid: load(self._store, Product, pid, "Produit") for pid in quantities}
            return_goods(order, products, GoodsReturn(return_id, quantities, new.reason,
                                                      new.restock),
                         actor.user_id, new.day or self._clock.today())
            return Decision(order.id, [order, *products.values(), recall.receipt(order.id)])

        return execute(self._store, decide)

    def _order(self, actor: Actor, order_id: UUID) -> Order:
        """The order managed by the actor (a vendeur records his returns through sync)."""
        actor.require(Action.READ_OWN_ORDERS)
        order = load(self._store, Order, order_id, "Commande")
        check_may_read(actor, order.created_by)
        actor.require(Action.MANAGE_ORDERS)
        return order


def return_id_for(order_id: UUID, local_id: UUID) -> UUID:
    """A phone's return is recorded once: its id derives from the phone's `local_id`."""
    return derived_id("return", f"{order_id}:{local_id}")


def merged(lines: list[tuple[UUID, Decimal]]) -> dict[UUID, Decimal]:
    """Quantities by product; the same product twice is summed."""
    if not lines:
        raise InvalidInput("Un retour contient au moins une ligne.")
    quantities: dict[UUID, Decimal] = {}
    for product_id, amount in lines:
        quantities[product_id] = quantities.get(product_id, Decimal(0)) + amount
    return quantities
