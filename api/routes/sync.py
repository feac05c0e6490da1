"""`POST /api/orders/sync/`: a phone's offline events, applied in order, one result each."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.common import ExactNumbersRoute
from api.consistency import ReadYourWritesDep
from api.deps import ClockDep, CustomerBookDep, OrderBoardDep, SyncDep
from api.errors import ApiError
from api.schemas import (
    MAX_OFFSET_ERROR_SECONDS,
    MAX_OFFSET_SECONDS,
    MAX_SYNC_EVENTS,
    SYNC_EVENT,
    SyncEventIn,
    SyncIn,
    SyncOut,
    SyncPaymentReceived,
)
from api.security import CurrentActor
from application.history import plain
from application.sync import PhoneEvent, SyncResult
from domain.clock import OffsetEstimate, clock_offset
from domain.errors import DomainError, InvalidInput
from domain.permissions import Action, Actor
from projections.queries.customers import CustomerBook
from projections.queries.orders import OrderBoard, OrderRow

router = APIRouter(prefix="/api/orders", tags=["Synchronisation"], route_class=ExactNumbersRoute)


@router.post("/sync/", response_model=SyncOut, operation_id="syncOrders",
             responses={413: {"description": "Plus de 500 événements"}})
def sync_orders(body: SyncIn, actor: CurrentActor, sync: SyncDep, settle: ReadYourWritesDep,
                board: OrderBoardDep, book: CustomerBookDep, clock: ClockDep) -> dict[str, Any]:
    """Applies the phone's events oldest first; a bad event is `rejected`, never the batch."""
    actor.require(Action.SYNC_ORDERS)  # also for an empty batch: 403 for a role that may not
    if len(body.events) > MAX_SYNC_EVENTS:
        raise ApiError(413, "batch_too_large",
                       f"Au plus {MAX_SYNC_EVENTS} événements par envoi : découpez le lot.")
    if body.client_time.tzinfo is None:  # the offset would be meaningless: 422, not 500
        raise RequestValidationError([{
            "type": "timezone_aware", "loc": ("body", "client_time"),
            "msg": "`client_time` doit porter un fuseau (ex. 2026-11-23T08:15:00Z)."}])
    estimate = offset_estimate(body)
    server_time = clock.now()
    offset = clock_offset(server_time, body.client_time, estimate)
    read = [parsed(event) for event in body.events]
    applied = iter(sync.apply(actor, body.device_id, offset,
                              [e for e in read if isinstance(e, PhoneEvent)], settle.wait_for))
    results = [e if isinstance(e, SyncResult) else next(applied) for e in read]
    settle.all([r.position for r in results],
               replayed=any((r.order_id or r.customer_id) is not None and r.position is None
                            for r in results))
    shown = shown_orders(board, actor, results)
    return {"server_time": server_time, "clock_offset_seconds": offset.total_seconds(),
            "results": [result_out(shown, book, actor, r) for r in results]}


def parsed(event: SyncEventIn) -> PhoneEvent | SyncResult:
    """The event read as its kind, or its result if it cannot be: `rejected`."""
    try:
        return phone_event(event)
    except InvalidInput as error:
        return SyncResult(event.event_id, event.local_id, "rejected", error=error)


def offset_estimate(body: SyncIn) -> OffsetEstimate | None:
    """The phone's measured clock offset (README "Extensions of the HTTP contract"), or None;
    422 unless both fields come together, finite, the error not negative, both bounded."""
    offset, error = body.clock_offset_estimate_seconds, body.clock_offset_estimate_error_seconds
    if offset is None and error is None:
        return None
    problems = []
    if offset is None or error is None:
        missing = "clock_offset_estimate_seconds" if offset is None \
            else "clock_offset_estimate_error_seconds"
        problems.append({"type": "missing", "loc": ("body", missing), "msg": (
            "`clock_offset_estimate_seconds` et `clock_offset_estimate_error_seconds` vont "
            "ensemble : envoyez les deux ou aucun.")})
    if offset is not None and not (math.isfinite(offset)
                                   and abs(offset) <= MAX_OFFSET_SECONDS):
        problems.append({"type": "out_of_range",
                         "loc": ("body", "clock_offset_estimate_seconds"), "msg": (
            f"`clock_offset_estimate_seconds` doit être un nombre de secondes entre "
            f"-{MAX_OFFSET_SECONDS} et {MAX_OFFSET_SECONDS}.")})
    if error is not None and not (math.isfinite(error)
                                  and 0 <= error <= MAX_OFFSET_ERROR_SECONDS):
        problems.append({"type": "out_of_range",
                         "loc": ("body", "clock_offset_estimate_error_seconds"), "msg": (
            f"`clock_offset_estimate_error_seconds` doit être un nombre de secondes entre 0 et "
            f"{MAX_OFFSET_ERROR_SECONDS}.")})
    if problems:
        raise RequestValidationError(problems)
    assert offset is not None
    assert error is not None
    return OffsetEstimate(timedelta(seconds=offset), timedelta(seconds=error))


def phone_event(event: SyncEventIn) -> PhoneEvent:
    """The event read as its kind, once: InvalidInput when its type or data is not one."""
    try:
        typed = SYNC_EVENT.validate_python(dict(event))
    except ValidationError as error:
        raise InvalidInput(problem(event, error)) from None
    if typed.occurred_at.tzinfo is None:
        raise InvalidInput("`occurred_at` doit porter un fuseau (ex. 2026-11-23T08:15:00Z).")
    if isinstance(typed, SyncPaymentReceived) and typed.data.received_at is not None \
            and typed.data.received_at.tzinfo is None:
        raise InvalidInput("`received_at` doit porter un fuseau (ex. 2026-11-23T08:15:00Z).")
    return PhoneEvent(typed.event_id, typed.local_id, typed.type, typed.occurred_at,
                      typed.data.model_dump(exclude_unset=True), typed.base_version)


def problem(event: SyncEventIn, error: ValidationError) -> str:
    """In French: the unknown type, or the fields of `data` that are wrong (the envelope was
    checked with the batch)."""
    if any(e["type"] == "union_tag_invalid" for e in error.errors()):
        return f"Type d'événement inconnu : {event.type}."
    at = [e["loc"][2:] for e in error.errors()]  # a loc is (kind, "data", field...)
    fields = ", ".join(".".join(map(str, loc)) for loc in at)
    return f"Champs invalides : {fields}."


def shown_orders(board: OrderBoard, actor: Actor,
                 results: list[SyncResult]) -> dict[str, OrderRow]:
    """The orders the results name that the phone's user may read, read at once."""
    try:
        return board.visible(actor, {r.order_id for r in results if r.order_id is not None})
    except DomainError:
        return {}


def result_out(shown: dict[str, OrderRow], book: CustomerBook, actor: Actor,
               result: SyncResult) -> dict[str, Any]:
    order = shown.get(str(result.order_id)) if result.order_id is not None else None
    customer = None
    try:
        if result.customer_id is not None:
            customer = book.get(actor, result.customer_id)
    except DomainError:
        pass
    error = None if result.error is None else {"code": result.error.code,
                                               "detail": result.error.detail}
    return {"event_id": result.event_id, "local_id": result.local_id, "status": result.status,
            "order": order, "customer": customer,
            "conflicts": [plain(vars(c)) for c in result.conflicts], "error": error}
