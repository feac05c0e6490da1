"""Builders for the 'given' part of domain tests: aggregates in a known state, no pending events.

Imported by the test modules of this folder (pytest puts the folder on `sys.path`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.catalogue import Product
from domain.order import ClientDetails, Order, OrderLine
from domain.values import DeliveryStatus, PaymentStatus, Priority

ACTOR = UUID("00000000-0000-4000-8000-00000000a11e")
DAY = date(2024, 6, 15)
DAIRY = UUID("00000000-0000-4000-8000-0000000000ca")


def qty(text: str | int) -> Decimal:
    """A quantity as the domain keeps it: exactly three decimals."""
    return Decimal(str(text)).quantize(Decimal("0.001"))


def a_product(
    name: str = "Lait frais 1 L", *, unit_price: int = 500, stock: str | int = 0,
    unit: str = "litre", archived: bool = False,
) -> Product:
    product = Product.register(
        name=name, category_id=DAIRY, unit=unit, unit_price=unit_price,
        min_stock_level=Decimal(2), barcode=None, expiration_date=None, actor_id=ACTOR,
    )
    if qty(stock) > 0:
        product.receive_stock(uuid4(), qty(stock), "Stock initial", None, ACTOR, today=DAY)
    if archived:
        product.archive(ACTOR)
    product.collect_events()
    return product


def a_client(**overrides: Any) -> ClientDetails:
    details: dict[str, Any] = {
        "client_name": "Awa Ouédraogo", "client_phone": "+22670123456",
        "delivery_address": "Secteur 5, Koudougou", "delivery_date": date(2024, 6, 17),
        "notes": "", "priority": Priority.MOYENNE,
    }
    details.update(overrides)
    return ClientDetails(**details)


def an_order(
    *lines: tuple[Product, str | int], paid: bool = False, order_id: UUID | None = None,
) -> Order:
    order = Order.place(
        order_id=order_id or uuid4(), day=DAY, client=a_client(),
        lines=[OrderLine.of(product, qty(amount)) for product, amount in lines],
        payment_status=PaymentStatus.PAYEE if paid else PaymentStatus.NON_PAYEE,
        local_id=None, actor_id=ACTOR,
    )
    order.collect_events()
    return order


def movement_ids_for(order: Order) -> list[UUID]:
    """One movement id per product delivered, as the application must provide them."""
    return [uuid4() for _ in order.quantities_by_product()]


def bring_to(order: Order, status: DeliveryStatus, products: list[Product]) -> None:
    """Moves a freshly placed order to `status` the way the business would, then forgets events.

    `livree` is reached through a real delivery, so `products` must hold enough stock.
    """
    if status is DeliveryStatus.LIVREE:
        order.deliver({p.id: p for p in products}, movement_ids_for(order), ACTOR, DAY)
    elif status is not DeliveryStatus.NOUVELLE:
        order.change_status(status, ACTOR)
    order.collect_events()
    for product in products:
        product.collect_events()


def event_names(events: list[Any] | Any) -> list[str]:
    return [type(e).__name__ for e in events]
