"""Payments on orders: record one (idempotent per phone `local_id`), list an order's, list all."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.common import ExactNumbersRoute, Paging, found, paginated
from api.consistency import ReadYourWritesDep
from api.deps import PaymentLedgerDep, PaymentsDep
from api.schemas import ErrorBody, PageOf, PaymentCreate, PaymentPublic
from api.security import CurrentActor
from application.payments import NewPayment
from domain.values import PaymentMethod
from projections.queries.payments import PaymentFilters, PaymentRow

router = APIRouter(prefix="/api", tags=["Paiements"], route_class=ExactNumbersRoute)


@router.post(
    "/orders/{order_id}/payments/", response_model=PaymentPublic, status_code=201,
    operation_id="recordPayment",
    responses={200: {"model": PaymentPublic, "description": "Déjà reçu (même `local_id`)"},
               409: {"model": ErrorBody, "description": (
                   "`overpayment` (plus que le reste dû, `amount_due` joint), "
                   "`payment_reference_used`, `order_cancelled`")}})
def record_payment(order_id: UUID, body: PaymentCreate, actor: CurrentActor,
                   payments: PaymentsDep, settle: ReadYourWritesDep, ledger: PaymentLedgerDep,
                   response: Response) -> PaymentRow:
    """Money received for the order, by whoever records it (a vendeur: on his own orders)."""
    written = settle(payments.record(actor, order_id, NewPayment(
        body.local_id, body.amount, body.method, body.reference, body.received_at)))
    if not written.created:
        response.status_code = 200
    return found(ledger.get(written.id), "Paiement")


@router.get("/orders/{order_id}/payments/", response_model=PageOf[PaymentPublic],
            operation_id="listOrderPayments")
def list_order_payments(order_id: UUID, request: Request, actor: CurrentActor,
                        ledger: PaymentLedgerDep, paging: Paging) -> dict[str, Any]:
    """The order's payments, oldest first."""
    page = ledger.for_order(actor, order_id, paging)
    return paginated(request, page, paging, list(page.results))


@router.get("/payments/", response_model=PageOf[PaymentPublic], operation_id="listPayments")
def list_payments(request: Request, actor: CurrentActor, ledger: PaymentLedgerDep,
                  paging: Paging, created_by: UUID | None = None, day: date | None = None,
                  method: PaymentMethod | None = None,
                  reversed: bool | None = None) -> dict[str, Any]:  # noqa: A002 (the query)
    """Payments, newest first (`ordering`: `received_at`, `amount`, `created_at`);
    `created_by`: who received them; `day`: the day received; `reversed`: `true` only the
    payments cancelled (order marked `non_payee` again, `reversed_at` set), `false` only those
    standing (default: both). A vendeur sees the payments on his own orders."""
    page = ledger.list(actor, paging, PaymentFilters(created_by, day, method,
                                                     reversed=reversed))
    return paginated(request, page, paging, list(page.results))
