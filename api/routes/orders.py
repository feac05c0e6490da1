"""Orders: place, list, read (also as they were), revise, move on, take payment, history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError

from api.common import (
    ExactNumbersRoute,
    IdempotencyKey,
    IfNoneMatch,
    Paging,
    etagged,
    paginated,
)
from api.consistency import ReadYourWritesDep, Settle
from api.deps import (
    HistoryDep,
    OrderBoardDep,
    OrdersDep,
    UserDirectoryDep,
)
from api.history import history_page
from api.schemas import (
    MAX_VERSION,
    EventPublic,
    Moment,
    OrderCreate,
    OrderPublic,
    OrderUpdate,
    PageOf,
    PaymentIn,
    StatusIn,
)
from api.security import CurrentActor
from application.orders import NewOrder, Orders
from application.unit_of_work import Written
from domain.order import ClientDetails, Order
from domain.permissions import Actor
from domain.values import DeliveryStatus, PaymentStatus, Priority
from projections.queries.orders import OrderBoard, OrderFilters, OrderRow
from projections.queries.users import UserDirectory

router = APIRouter(prefix="/api/orders", tags=["Commandes"], route_class=ExactNumbersRoute)


@router.get("/", response_model=PageOf[OrderPublic], operation_id="listOrders",
            responses={304: {"description": "Rien n'a changé depuis l'ETag envoyé."}})
def list_orders(
    request: Request, actor: CurrentActor, board: OrderBoardDep, paging: Paging,
    delivery_status: Annotated[str | None, Query(max_length=200,
                               description="Liste séparée par des virgules")] = None,
    payment_status: PaymentStatus | None = None, priority: Priority | None = None,
    created_by: UUID | None = None, date_from: date | None = None, date_to: date | None = None,
    delivery_date_from: date | None = None, delivery_date_to: date | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    updated_since: Moment | None = None,
    unusual: Annotated[bool | None, Query(
        description="`true` : les commandes « À vérifier » seules (hors des seuils habituels) ; "
                    "`false` : les autres")] = None,
    if_none_match: IfNoneMatch = None,
    customer_id: UUID | None = None,
    over_credit_limit: Annotated[bool | None, Query(
        description="`true` : les commandes « Crédit dépassé » encore dues seules ; "
                    "`false` : les autres")] = None,
) -> Response:
    """`updated_since` (with `ordering=updated_at`) and `ETag`/`If-None-Match`: a phone's sync
    downloads only the orders that changed, and nothing (304) when none did."""
    statuses = delivery_statuses(delivery_status) if delivery_status else None
    page = board.list(actor, paging, OrderFilters(
        statuses, payment_status, priority, created_by, date_from, date_to,
        delivery_date_from, delivery_date_to, search, updated_since, unusual, customer_id,
        over_credit_limit))
    return etagged(jsonable_encoder(paginated(request, page, paging, [
        OrderPublic.model_validate(o).model_dump(mode="json") for o in page.results])),
        if_none_match)


@router.post("/", response_model=OrderPublic, status_code=201, operation_id="createOrder",
             responses={200: {"model": OrderPublic,
                              "description": "Même `local_id` : la commande existante."}})
def create_order(body: OrderCreate, actor: CurrentActor, orders: OrdersDep,
                 settle: ReadYourWritesDep, board: OrderBoardDep, users: UserDirectoryDep,
                 response: Response, idempotency: IdempotencyKey) -> OrderRow:
    client = ClientDetails(body.client_name, body.client_phone or "", body.delivery_address,
                           body.delivery_date, body.notes, body.priority)
    written = orders.place(actor, NewOrder(
        client, [(item.product_id, item.quantity) for item in body.items],
        body.payment_status, body.local_id, body.customer_id), idempotency.of(body))
    if not written.created and idempotency.key is None:
        response.status_code = 200
    return order_answer(actor, written, settle, board, orders, users)


@router.get("/{order_id}/", response_model=OrderPublic, operation_id="getOrder")
def get_order(order_id: UUID, actor: CurrentActor, board: OrderBoardDep, orders: OrdersDep,
              history: HistoryDep, users: UserDirectoryDep,
              version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None,
              at: datetime | None = None) -> OrderRow:
    """The order now, or as it was at `?version=N` or at the moment `?at=`."""
    if version is None and at is None:
        return board.get(actor, order_id)
    orders.get(actor, order_id)
    past = history.as_of(Order, order_id, version=version, at=at)
    assert isinstance(past, Order)
    return board.as_it_was(past, users.username(past.created_by))


@router.put("/{order_id}/", response_model=OrderPublic, operation_id="replaceOrder")
@router.patch("/{order_id}/", response_model=OrderPublic, operation_id="updateOrder")
def update_order(order_id: UUID, body: OrderUpdate, actor: CurrentActor, orders: OrdersDep,
                 settle: ReadYourWritesDep, board: OrderBoardDep,
                 users: UserDirectoryDep) -> OrderRow:
    changes = body.model_dump(exclude_unset=True, exclude={"version", "items"})
    changes = {k: ("" if v is None and k != "delivery_date" else v) for k, v in changes.items()}
    for required in ("client_name", "priority"):  # null means "unchanged" for these two
        if required in changes and not changes[required]:
            changes.pop(required)
    items = [(i.product_id, i.quantity) for i in body.items] if body.items else None
    written = orders.revise(actor, order_id, changes, items, body.version)
    return order_answer(actor, written, settle, board, orders, users)


@router.patch("/{order_id}/status/", response_model=OrderPublic, operation_id="changeOrderStatus")
def change_status(order_id: UUID, body: StatusIn, actor: CurrentActor, orders: OrdersDep,
                  settle: ReadYourWritesDep, board: OrderBoardDep,
                  users: UserDirectoryDep) -> OrderRow:
    """`livree` takes every item out of stock at once; 409 `insufficient_stock` lists the short."""
    written = orders.change_status(actor, order_id, body.delivery_status, body.version)
    return order_answer(actor, written, settle, board, orders, users)


@router.patch("/{order_id}/payment/", response_model=OrderPublic,
              operation_id="changeOrderPayment")
def change_payment(order_id: UUID, body: PaymentIn, actor: CurrentActor, orders: OrdersDep,
                   settle: ReadYourWritesDep, board: OrderBoardDep,
                   users: UserDirectoryDep) -> OrderRow:
    written = orders.change_payment(actor, order_id, body.payment_status, body.version)
    return order_answer(actor, written, settle, board, orders, users)


@router.get("/{order_id}/history/", response_model=PageOf[EventPublic],
            operation_id="orderHistory")
def order_history(order_id: UUID, request: Request, actor: CurrentActor, orders: OrdersDep,
                  history: HistoryDep, users: UserDirectoryDep, paging: Paging) -> dict[str, Any]:
    """The order's events straight from the log, oldest first (`position` is not known)."""
    orders.get(actor, order_id)
    return history_page(request, history.events(order_id), users, paging)


def order_answer(actor: Actor, written: Written, settle: Settle, board: OrderBoard,
                 orders: Orders, users: UserDirectory) -> OrderRow:
    """The order after a command: rebuilt from the log at once for a client that tracks log
    positions (`X-Gapal-Position`), else the board's row once it shows the command."""
    if not settle.from_log(written):
        return board.get(actor, written.id)
    order = orders.get(actor, written.id)
    creator = actor.username if order.created_by == actor.user_id \
        else users.username(order.created_by)
    return board.as_it_was(order, creator)


def delivery_statuses(raw: str) -> list[str]:
    """`nouvelle,en_cours` as a list; an unknown status is a 422 like any bad query value."""
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in {s.value for s in DeliveryStatus}]
    if unknown:
        raise RequestValidationError([{
            "type": "enum", "loc": ("query", "delivery_status"),
            "msg": f"Statut de livraison inconnu : {', '.join(unknown)}."}])
    return names
