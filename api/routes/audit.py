"""Audit log (admin): every change, in log order, with who made it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.common import Paging, paginated
from api.schemas import EventPublic, PageOf
from api.security import CurrentActor, GapalDep
from domain.permissions import Action

router = APIRouter(prefix="/api/audit", tags=["Audit"])


@router.get("/", response_model=PageOf[EventPublic], operation_id="listAudit")
def list_audit(
    request: Request, actor: CurrentActor, gapal: GapalDep, paging: Paging,
    aggregate_id: UUID | None = None,
    aggregate_type: Annotated[str | None, Query(max_length=40)] = None,
    user_id: UUID | None = None, event_type: Annotated[str | None, Query(max_length=80)] = None,
    date_from: date | None = None, date_to: date | None = None,
) -> dict[str, Any]:
    actor.require(Action.READ_AUDIT)
    page = gapal.read.list_audit(paging, aggregate_id=aggregate_id, aggregate_type=aggregate_type,
                                 user_id=user_id, event_type=event_type, date_from=date_from,
                                 date_to=date_to)
    return paginated(request, page, paging, page.results)
