"""Audit log (admin): every change, in log order, with who made it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.common import ExactNumbersRoute, Paging, paginated
from api.deps import AuditTrailDep
from api.schemas import EventPublic, PageOf
from api.security import CurrentActor
from projections.queries.audit import AuditFilters

router = APIRouter(prefix="/api/audit", tags=["Audit"], route_class=ExactNumbersRoute)


@router.get("/", response_model=PageOf[EventPublic], operation_id="listAudit")
def list_audit(
    request: Request, actor: CurrentActor, trail: AuditTrailDep, paging: Paging,
    aggregate_id: UUID | None = None,
    aggregate_type: Annotated[str | None, Query(max_length=40)] = None,
    user_id: UUID | None = None, event_type: Annotated[str | None, Query(max_length=80)] = None,
    date_from: date | None = None, date_to: date | None = None,
) -> dict[str, Any]:
    page = trail.entries(actor, paging, AuditFilters(aggregate_id, aggregate_type, user_id,
                                                     event_type, date_from, date_to))
    return paginated(request, page, paging, page.results)
