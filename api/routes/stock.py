"""Stock: movements list, entries, exits and counted adjustments."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from api.common import IdempotencyKey, Paging, found, paginated, settled
from api.schemas import AdjustmentIn, EntryIn, ExitIn, MovementPublic, PageOf
from api.security import CurrentActor, GapalDep
from application.unit_of_work import Written
from domain.permissions import Action
from domain.values import MovementType
from gapal.bootstrap import Gapal

router = APIRouter(prefix="/api/stock", tags=["Stock"])


@router.get("/movements/", response_model=PageOf[MovementPublic], operation_id="listMovements")
def list_movements(
    request: Request, actor: CurrentActor, gapal: GapalDep, paging: Paging,
    product_id: UUID | None = None, movement_type: MovementType | None = None,
    order_id: UUID | None = None, date_from: date | None = None, date_to: date | None = None,
) -> dict[str, Any]:
    actor.require(Action.MANAGE_STOCK)
    page = gapal.read.list_movements(paging, product_id=product_id, movement_type=movement_type,
                                     order_id=order_id, date_from=date_from, date_to=date_to)
    return paginated(request, page, paging, page.results)


@router.post("/entry/", response_model=MovementPublic, status_code=201, operation_id="stockEntry")
def stock_entry(body: EntryIn, actor: CurrentActor, gapal: GapalDep,
                idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    return movement(gapal, gapal.services.stock.receive(
        actor, body.product_id, body.quantity, body.reason, body.expiration_date,
        idempotency_key))


@router.post("/exit/", response_model=MovementPublic, status_code=201, operation_id="stockExit")
def stock_exit(body: ExitIn, actor: CurrentActor, gapal: GapalDep,
               idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    return movement(gapal, gapal.services.stock.issue(
        actor, body.product_id, body.quantity, body.reason, idempotency_key))


@router.post("/adjustment/", response_model=MovementPublic, status_code=201,
             operation_id="stockAdjustment")
def stock_adjustment(body: AdjustmentIn, actor: CurrentActor, gapal: GapalDep,
                     idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    return movement(gapal, gapal.services.stock.adjust(
        actor, body.product_id, body.quantity, body.reason, idempotency_key))


def movement(gapal: Gapal, written: Written) -> dict[str, Any]:
    settled(gapal, written)
    return found(gapal.read.get_movement(written.id), "Mouvement")
