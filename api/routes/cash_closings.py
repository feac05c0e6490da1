"""Cash closings: a vendor's day of money expected and counted by method; closing it (once),
correcting it (with a reason), and its signed PDF."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.cash_closings.closing_pdf import closing_pdf
from api.cash_closings.schemas import (
    CashClosingCorrectionCreate,
    CashClosingCreate,
    CashClosingPublic,
)
from api.common import ExactNumbersRoute, Paging, paginated_list
from api.consistency import ReadYourWritesDep
from api.deps import CashBookDep, CashClosingsDep
from api.schemas import ErrorBody, PageOf
from api.security import CurrentActor
from application.cash_closings import NewClosing
from projections.queries.cash_closings import ClosingFilters, ClosingRow

router = APIRouter(prefix="/api/cash-closings", tags=["Caisse"], route_class=ExactNumbersRoute)
PDF = "application/pdf"


@router.get("/", response_model=PageOf[CashClosingPublic], operation_id="listCashClosings")
def list_cash_closings(request: Request, actor: CurrentActor, book: CashBookDep,
                       paging: Paging, day: date | None = None,
                       vendor_id: UUID | None = None) -> dict[str, Any]:
    """Per vendor and day: the money expected by method (payments that vendor received that
    day), and once closed the counted amounts, the differences and the late payments
    (`status`: `ouverte` / `cloturee`). Every vendor with payments or a closing that day,
    newest day first. A vendeur sees his own days only."""
    rows = book.list(actor, ClosingFilters(day, vendor_id))
    return paginated_list(request, list(rows), paging)


@router.post("/", response_model=CashClosingPublic, status_code=201,
             operation_id="closeCashDay",
             responses={409: {"model": ErrorBody, "description": (
                 "`cash_closing_closed` : la journée de ce vendeur est déjà clôturée")}})
def close_cash_day(body: CashClosingCreate, actor: CurrentActor, closings: CashClosingsDep,
                   book: CashBookDep, settle: ReadYourWritesDep) -> ClosingRow:
    """Closes a vendor's day with the amounts counted at the office (gestionnaire_commandes,
    admin), once: a change afterwards is a correction. A payment of that day recorded later
    is accepted and shown as a late difference (`late`)."""
    expected = book.expected(body.vendor_id, body.day)
    settle(closings.close(actor, NewClosing(body.vendor_id, body.day, body.counted, body.note,
                                            expected)))
    return book.get(actor, body.vendor_id, body.day)


@router.get("/{vendor_id}/{day}/", response_model=CashClosingPublic,
            operation_id="getCashClosing")
def get_cash_closing(vendor_id: UUID, day: date, actor: CurrentActor,
                     book: CashBookDep) -> ClosingRow:
    """One vendor's day (a vendeur: his own, else 404)."""
    return book.get(actor, vendor_id, day)


@router.post("/{vendor_id}/{day}/corrections/", response_model=CashClosingPublic,
             status_code=201, operation_id="correctCashClosing")
def correct_cash_closing(vendor_id: UUID, day: date, body: CashClosingCorrectionCreate,
                         actor: CurrentActor, closings: CashClosingsDep, book: CashBookDep,
                         settle: ReadYourWritesDep) -> ClosingRow:
    """New counted amounts for a closed day, with their reason (kept with the first count)."""
    settle(closings.correct(actor, vendor_id, day, body.counted, body.reason))
    return book.get(actor, vendor_id, day)


@router.get("/{vendor_id}/{day}/pdf/", operation_id="cashClosingPdf", response_class=Response,
            responses={200: {"content": {PDF: {"schema": {"type": "string",
                                                          "format": "binary"}}},
                             "description": "La clôture en PDF, signée du nom et de l'heure"}})
def cash_closing_pdf(vendor_id: UUID, day: date, actor: CurrentActor,
                     book: CashBookDep) -> Response:
    """The closing as a PDF, signed with the closer's name and time."""
    row = book.get(actor, vendor_id, day)
    name = f"cloture-{file_slug(row['vendor_username'])}-{day.isoformat()}.pdf"
    return Response(closing_pdf(row), media_type=PDF,
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


def file_slug(username: str) -> str:
    """A username as a header can carry it: ASCII letters, digits, `.`, `_`, `-` (`aïcha` →
    `aicha`; a name with nothing of them: `vendeur`)."""
    plain = unicodedata.normalize("NFKD", username).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-.") or "vendeur"
