"""Returns (`retours`) of a delivered order: goods go back into the lots they came from, or are
written off as a loss when the lot has expired or they cannot be sold again; the order's amount
due falls by their value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.base import derived_id
from domain.catalogue import Product
from domain.errors import Conflict, InvalidInput
from domain.lots import LossReason
from domain.order import Order
from domain.values import DeliveryStatus, moved_quantity, subtotal

MAX_RETURN_LINES = 100


class ReturnRefused(Conflict):
    code = "return_refused"


@dataclass(frozen=True)
class GoodsReturn:
    """What comes back: quantities by product, why, and whether it goes back on the shelf."""

    return_id: UUID
    quantities: dict[UUID, Decimal]
    reason: str
    restock: bool


def return_goods(order: Order, products: dict[UUID, Product], goods: GoodsReturn,
                 actor_id: UUID, today: date) -> int:
    """Records the return on the order and its products (all or nothing); returns its value."""
    check_returnable(order, goods)
    parts = [part for pid, amount in goods.quantities.items()
             for part in split_by_lot(order, pid, amount)]
    lines: list[dict[str, Any]] = []
    for n, (product_id, lot_id, amount) in enumerate(parts):
        product = products[product_id]
        movement_id = derived_id("return-movement", f"{goods.return_id}:{n}")
        why = f"Retour commande {order.order_number}" + (f" : {goods.reason}" if goods.reason
                                                          else "")
        lot = product.take_back(movement_id, order.id, lot_id, amount, why, actor_id,
                                today=today)
        if not goods.restock or lot.is_expired(today):
            code = LossReason.PERIME if lot.is_expired(today) else LossReason.AUTRE
            product.write_off(derived_id("return-loss", f"{goods.return_id}:{n}"), lot.lot_id,
                              amount, code.value, why, actor_id, today=today, order_id=order.id)
        price = unit_price_of(order, product_id)
        lines.append({"product_id": product_id, "lot_id": lot.lot_id, "quantity": amount,
                      "unit_price": price, "value": subtotal(amount, price)})
    value = min(sum(int(line["value"]) for line in lines), order.net_price)
    order.record_return(goods.return_id, lines, goods.reason, goods.restock, value, actor_id)
    return value


def check_returnable(order: Order, goods: GoodsReturn) -> None:
    if order.delivery_status is not DeliveryStatus.LIVREE:
        raise ReturnRefused("Seule une commande livrée peut faire l'objet d'un retour.")
    if not goods.quantities:
        raise InvalidInput("Un retour contient au moins une ligne.")
    if len(goods.quantities) > MAX_RETURN_LINES:
        raise InvalidInput(f"Un retour a au plus {MAX_RETURN_LINES} lignes.")
    delivered = order.quantities_by_product()
    for product_id, amount in goods.quantities.items():
        moved_quantity(amount)
        left = delivered.get(product_id, Decimal(0)) - returned_of(order, product_id)
        if amount > left:
            raise ReturnRefused(
                f"Retour refusé : {amount.normalize():f} rendu(s) pour "
                f"{left.normalize():f} livré(s) et pas encore rendu(s).",
                product_id=str(product_id), returnable=f"{left.normalize():f}")


def returned_of(order: Order, product_id: UUID, lot_id: UUID | None = None) -> Decimal:
    return sum((Decimal(str(line["quantity"])) for line in order.returned_lines
                if _uuid(line["product_id"]) == product_id
                and (lot_id is None or _uuid(line["lot_id"]) == lot_id)), Decimal(0))


def split_by_lot(order: Order, product_id: UUID,
                 amount: Decimal) -> list[tuple[UUID, UUID | None, Decimal]]:
    """The lots the returned goods came from: those delivered and not yet returned, the one
    expiring last first (the freshest goods are the likeliest back). None: unknown lot
    (an order delivered before lots)."""
    taken: dict[UUID, Decimal] = defaultdict(Decimal)
    for take in order.delivered_lots:
        if _uuid(take["product_id"]) == product_id:
            taken[_uuid(take["lot_id"])] += Decimal(str(take["quantity"]))
    parts: list[tuple[UUID, UUID | None, Decimal]] = []
    left = amount
    for lot_id in reversed(list(taken)):
        back = min(left, taken[lot_id] - returned_of(order, product_id, lot_id))
        if back > 0:
            parts.append((product_id, lot_id, back))
            left -= back
    if left > 0:
        parts.append((product_id, None, left))
    return parts


def unit_price_of(order: Order, product_id: UUID) -> int:
    return next(line.unit_price for line in order.lines if line.product_id == product_id)


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))

