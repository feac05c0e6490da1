"""Orders: place, list, read (also as they were), revise, move on, take payment, history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from api.common import IdempotencyKey, Paging, found, paginated, settled
from api.history import history_page
from api.schemas import (
    EventPublic,
    OrderCreate,
    OrderPublic,
    OrderUpdate,
    PageOf,
    PaymentIn,
    StatusIn,
)
from api.security import CurrentActor, GapalDep
from application.history import plain
from application.orders import NewOrder, check_may_read
from domain.order import ClientDetails, Order
from domain.permissions import Action, Actor
from domain.values import DeliveryStatus, PaymentStatus, Priority
from gapal.bootstrap import Gapal

router = APIRouter(prefix="/api/orders", tags=["Commandes"])


@router.get("/", response_model=PageOf[OrderPublic], operation_id="listOrders")
def list_orders(
    request: Request, actor: CurrentActor, gapal: GapalDep, paging: Paging,
    delivery_status: Annotated[str | None, Query(max_length=200,
                               description="Liste séparée par des virgules")] = None,
    payment_status: PaymentStatus | None = None, priority: Priority | None = None,
    created_by: UUID | None = None, date_from: date | None = None, date_to: date | None = None,
    delivery_date_from: date | None = None, delivery_date_to: date | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    actor.require(Action.READ_OWN_ORDERS)
    if not actor.may(Action.READ_ALL_ORDERS):
        created_by = actor.user_id
    statuses = delivery_statuses(delivery_status) if delivery_status else None
    page = gapal.read.list_orders(
        paging, delivery_status=statuses, payment_status=payment_status, priority=priority,
        created_by=created_by, date_from=date_from, date_to=date_to,
        delivery_date_from=delivery_date_from, delivery_date_to=delivery_date_to, search=search)
    return paginated(request, page, paging, page.results)


@router.post("/", response_model=OrderPublic, status_code=201, operation_id="createOrder",
             responses={200: {"model": OrderPublic,
                              "description": "Même `local_id` : la commande existante."}})
def create_order(body: OrderCreate, actor: CurrentActor, gapal: GapalDep, response: Response,
                 idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    client = ClientDetails(body.client_name, body.client_phone or "", body.delivery_address,
                           body.delivery_date, body.notes, body.priority)
    written = settled(gapal, gapal.services.orders.place(actor, NewOrder(
        client, [(item.product_id, item.quantity) for item in body.items],
        body.payment_status, body.local_id), idempotency_key))
    if not written.created:  # the existing order may be another request's write of a moment ago
        gapal.wait_for(gapal.store.recorder.max_notification_id())
    if not written.created and idempotency_key is None:
        response.status_code = 200
    return readable_order(gapal, actor, written.id)


@router.get("/{order_id}/", response_model=OrderPublic, operation_id="getOrder")
def get_order(order_id: UUID, actor: CurrentActor, gapal: GapalDep,
              version: Annotated[int | None, Query(ge=1)] = None,
              at: datetime | None = None) -> dict[str, Any]:
    """The order now, or as it was at `?version=N` or at the moment `?at=`."""
    if version is None and at is None:
        return readable_order(gapal, actor, order_id)
    gapal.services.orders.get(actor, order_id)
    past = gapal.services.history.as_of(Order, order_id, version=version, at=at)
    assert isinstance(past, Order)
    return order_shape(gapal, past)


@router.put("/{order_id}/", response_model=OrderPublic, operation_id="replaceOrder")
@router.patch("/{order_id}/", response_model=OrderPublic, operation_id="updateOrder")
def update_order(order_id: UUID, body: OrderUpdate, actor: CurrentActor,
                 gapal: GapalDep) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True, exclude={"version", "items"})
    changes = {k: ("" if v is None and k != "delivery_date" else v) for k, v in changes.items()}
    for required in ("client_name", "priority"):  # null means "unchanged" for these two
        if required in changes and not changes[required]:
            changes.pop(required)
    items = [(i.product_id, i.quantity) for i in body.items] if body.items else None
    settled(gapal, gapal.services.orders.revise(actor, order_id, changes, items, body.version))
    return readable_order(gapal, actor, order_id)


@router.patch("/{order_id}/status/", response_model=OrderPublic, operation_id="changeOrderStatus")
def change_status(order_id: UUID, body: StatusIn, actor: CurrentActor,
                  gapal: GapalDep) -> dict[str, Any]:
    """`livree` takes every item out of stock at once; 409 `insufficient_stock` lists the short."""
    settled(gapal, gapal.services.orders.change_status(actor, order_id, body.delivery_status,
                                                       body.version))
    return readable_order(gapal, actor, order_id)


@router.patch("/{order_id}/payment/", response_model=OrderPublic,
              operation_id="changeOrderPayment")
def change_payment(order_id: UUID, body: PaymentIn, actor: CurrentActor,
                   gapal: GapalDep) -> dict[str, Any]:
    settled(gapal, gapal.services.orders.change_payment(actor, order_id, body.payment_status,
                                                        body.version))
    return readable_order(gapal, actor, order_id)


@router.get("/{order_id}/history/", response_model=PageOf[EventPublic],
            operation_id="orderHistory")
def order_history(order_id: UUID, request: Request, actor: CurrentActor, gapal: GapalDep,
                  paging: Paging) -> dict[str, Any]:
    """The order's events straight from the log, oldest first (`position` is not known)."""
    gapal.services.orders.get(actor, order_id)
    return history_page(request, gapal, order_id, paging)


def delivery_statuses(raw: str) -> list[str]:
    """`nouvelle,en_cours` as a list; an unknown status is a 422 like any bad query value."""
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in {s.value for s in DeliveryStatus}]
    if unknown:
        raise RequestValidationError([{
            "type": "enum", "loc": ("query", "delivery_status"),
            "msg": f"Statut de livraison inconnu : {', '.join(unknown)}."}])
    return names


def readable_order(gapal: Gapal, actor: Actor, order_id: UUID) -> dict[str, Any]:
    actor.require(Action.READ_OWN_ORDERS)
    order = found(gapal.read.get_order(order_id), "Commande")
    check_may_read(actor, UUID(order["created_by"]))
    return order


def order_shape(gapal: Gapal, order: Order) -> dict[str, Any]:
    """An order rebuilt from the log, in the same shape as the board's rows."""
    creator = gapal.read.get_user(order.created_by)
    return {
        "id": order.id, "order_number": order.order_number, "local_id": order.local_id,
        "client_name": order.client_name, "client_phone": order.client_phone,
        "delivery_address": order.delivery_address, "delivery_date": order.delivery_date,
        "delivery_status": order.delivery_status, "payment_status": order.payment_status,
        "priority": order.priority, "total_price": order.total_price, "notes": order.notes,
        "items": [plain(line) for line in order.lines], "created_by": order.created_by,
        "created_by_username": creator["username"] if creator else "",
        "created_at": order.placed_on, "updated_at": order.modified_on,
        "version": order.version,
    }
