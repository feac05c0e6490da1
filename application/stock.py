"""Use cases on stock: entries (each a new lot), exits, counted adjustments and losses. They
commute, so they retry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from application.idempotency import Receipts, RequestKey
from application.store import GapalStore
from application.unit_of_work import Decision, Written, execute, load
from domain.catalogue import Product
from domain.clock import Clock
from domain.permissions import Action, Actor

Move = Callable[[Product, UUID], str | None]


@dataclass(frozen=True)
class NewLot:
    """What a stock entry says of the lot it creates (all optional)."""

    expiration_date: date | None = None
    lot_code: str | None = None
    unit_cost: int | None = None


@dataclass(frozen=True)
class Moved:
    """A recorded movement and the warning it deserves, if any (e.g. a lot that keeps badly)."""

    written: Written
    warning: str | None = None


class Stock:
    """Moves stock in and out of products' lots; each call returns the movement's id."""

    def __init__(self, store: GapalStore, receipts: Receipts, clock: Clock) -> None:
        self._store = store
        self._receipts = receipts
        self._clock = clock

    def receive(self, actor: Actor, product_id: UUID, amount: Decimal, reason: str = "",
                expiration_date: date | None = None, key: RequestKey | None = None,
                lot: NewLot | None = None) -> Written:
        return self.receive_lot(actor, product_id, amount, reason,
                                lot or NewLot(expiration_date), key).written

    def receive_lot(self, actor: Actor, product_id: UUID, amount: Decimal, reason: str,
                    lot: NewLot, key: RequestKey | None = None) -> Moved:
        return self._move(actor, product_id, key, lambda product, movement_id:
                          product.receive_stock(movement_id, amount, reason or "Entrée de stock",
                                                lot.expiration_date, actor.user_id,
                                                today=self._clock.today(), lot_code=lot.lot_code,
                                                unit_cost=lot.unit_cost))

    def issue(self, actor: Actor, product_id: UUID, amount: Decimal, reason: str,
              key: RequestKey | None = None) -> Written:
        return self._move(actor, product_id, key, lambda product, movement_id: _no_warning(
            product.issue_stock(movement_id, amount, reason, None, actor.user_id,
                                today=self._clock.today()))).written

    def adjust(self, actor: Actor, product_id: UUID, counted: Decimal, reason: str,
               key: RequestKey | None = None, lot_id: UUID | None = None) -> Written:
        def count(product: Product, movement_id: UUID) -> None:
            product.adjust_stock(movement_id, counted, reason, actor.user_id,
                                 today=self._clock.today(), lot_id=lot_id)

        return self._move(actor, product_id, key, count).written

    def write_off(self, actor: Actor, product_id: UUID, lot_id: UUID, amount: Decimal,
                  reason_code: str, reason: str = "", key: RequestKey | None = None) -> Written:
        """A loss (`perte`) from one lot: expired, broken, cold chain broken, stolen..."""
        return self._move(actor, product_id, key, lambda product, movement_id: _no_warning(
            product.write_off(movement_id, lot_id, amount, reason_code, reason, actor.user_id,
                              today=self._clock.today()))).written

    def _move(self, actor: Actor, product_id: UUID, key: RequestKey | None, move: Move) -> Moved:
        actor.require(Action.MANAGE_STOCK)
        warnings: list[str | None] = [None]

        def decide() -> Decision:
            recall = self._receipts.recall(actor, key)
            if recall.previous is not None:
                return Decision(recall.previous, [], created=False)
            product = load(self._store, Product, product_id, "Produit")
            product.check_is_active()
            movement_id = uuid4()
            warnings[0] = move(product, movement_id)
            return Decision(movement_id, [product, recall.receipt(movement_id)])

        return Moved(execute(self._store, decide), warnings[0])


def _no_warning(_: object) -> None:
    return None
