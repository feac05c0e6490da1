"""Use cases on stock: entries, exits and counted adjustments. They commute, so they retry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from application.idempotency import Receipts, RequestKey
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, load
from domain.catalogue import Product
from domain.permissions import Action, Actor

Move = Callable[[Product, UUID], None]


class Stock:
    """Moves stock in and out of products; each call returns the movement's id."""

    def __init__(self, store: GapalStore, receipts: Receipts) -> None:
        self._store = store
        self._receipts = receipts

    def receive(self, actor: Actor, product_id: UUID, amount: Decimal, reason: str = "",
                expiration_date: date | None = None, key: RequestKey | None = None) -> Written:
        return self._move(actor, product_id, key, lambda product, movement_id:
                          product.receive_stock(movement_id, amount, reason or "Entrée de stock",
                                                expiration_date, actor.user_id))

    def issue(self, actor: Actor, product_id: UUID, amount: Decimal, reason: str,
              key: RequestKey | None = None) -> Written:
        return self._move(actor, product_id, key, lambda product, movement_id:
                          product.issue_stock(movement_id, amount, reason, None, actor.user_id))

    def adjust(self, actor: Actor, product_id: UUID, counted: Decimal, reason: str,
               key: RequestKey | None = None) -> Written:
        return self._move(actor, product_id, key, lambda product, movement_id:
                          product.adjust_stock(movement_id, counted, reason, actor.user_id))

    def _move(self, actor: Actor, product_id: UUID, key: RequestKey | None, move: Move) -> Written:
        actor.require(Action.MANAGE_STOCK)

        def decide() -> Decision:
            recall = self._receipts.recall(actor, key)
            if recall.previous is not None:
                return Decision(recall.previous, [], created=False)
            product = load(self._store, Product, product_id, "Produit")
            product.check_is_active()
            movement_id = uuid4()
            move(product, movement_id)
            return Decision(movement_id, [product, recall.receipt(movement_id)])

        return execute(self._store, decide)
