"""Stock: movements list, entries, exits and counted adjustments."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from api.common import ExactNumbersRoute, IdempotencyKey, Paging, found, paginated
from api.consistency import ReadYourWritesDep
from api.deps import StockDep, StockLedgerDep
from api.schemas import AdjustmentIn, EntryIn, ExitIn, MovementPublic, PageOf
from api.security import CurrentActor
from application.stock import NewLot
from domain.values import MovementType
from projections.queries.stock import MovementFilters, MovementRow

router = APIRouter(prefix="/api/stock", tags=["Stock"], route_class=ExactNumbersRoute)


@router.get("/movements/", response_model=PageOf[MovementPublic], operation_id="listMovements")
def list_movements(
    request: Request, actor: CurrentActor, ledger: StockLedgerDep, paging: Paging,
    product_id: UUID | None = None, movement_type: MovementType | None = None,
    order_id: UUID | None = None, date_from: date | None = None, date_to: date | None = None,
) -> dict[str, Any]:
    page = ledger.movements(actor, paging, MovementFilters(product_id, movement_type, order_id,
                                                           date_from, date_to))
    return paginated(request, page, paging, page.results)


@router.post("/entry/", response_model=MovementPublic, status_code=201, operation_id="stockEntry")
def stock_entry(body: EntryIn, actor: CurrentActor, stock: StockDep, settle: ReadYourWritesDep,
                ledger: StockLedgerDep, idempotency: IdempotencyKey,
                ) -> dict[str, Any]:
    """Creates a lot of the product (`lots` says which); `warning` when it keeps badly."""
    moved = stock.receive_lot(actor, body.product_id, body.quantity, body.reason,
                              NewLot(body.expiration_date, body.lot_code, body.unit_cost),
                              idempotency.of(body))
    settle(moved.written)
    return {**found(ledger.movement(moved.written.id), "Mouvement"), "warning": moved.warning}


@router.post("/exit/", response_model=MovementPublic, status_code=201, operation_id="stockExit")
def stock_exit(body: ExitIn, actor: CurrentActor, stock: StockDep, settle: ReadYourWritesDep,
               ledger: StockLedgerDep, idempotency: IdempotencyKey) -> MovementRow:
    written = settle(stock.issue(actor, body.product_id, body.quantity, body.reason,
                                 idempotency.of(body)))
    return found(ledger.movement(written.id), "Mouvement")


@router.post("/adjustment/", response_model=MovementPublic, status_code=201,
             operation_id="stockAdjustment")
def stock_adjustment(body: AdjustmentIn, actor: CurrentActor, stock: StockDep,
                     settle: ReadYourWritesDep, ledger: StockLedgerDep,
                     idempotency: IdempotencyKey) -> MovementRow:
    written = settle(stock.adjust(actor, body.product_id, body.quantity, body.reason,
                                  idempotency.of(body), lot_id=body.lot_id))
    return found(ledger.movement(written.id), "Mouvement")
