"""Audit log (admin): every change, in log order, with who made it; the log's seal and its
verification in the background."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.common import ExactNumbersRoute, Paging, paginated
from api.deps import AuditSealDep, AuditTrailDep
from api.schemas import EventPublic, PageOf, SealPublic, VerificationPublic
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


@router.get("/seal/", response_model=SealPublic, operation_id="getAuditSeal")
def audit_seal(actor: CurrentActor, seal: AuditSealDep) -> dict[str, Any]:
    """The last event sealed, its hash, and the last verification that finished."""
    return dict(seal.head(actor))


@router.post("/verify/", response_model=VerificationPublic, status_code=202,
             operation_id="startAuditVerification")
def start_verification(actor: CurrentActor, seal: AuditSealDep) -> dict[str, Any]:
    """Starts recomputing the whole seal from the log, in the background."""
    return seal.start_verification(actor)


@router.get("/verify/{verification_id}/", response_model=VerificationPublic,
            operation_id="getAuditVerification")
def get_verification(verification_id: UUID, actor: CurrentActor,
                     seal: AuditSealDep) -> dict[str, Any]:
    """A verification's progress (`checked` of `total`) and, once finished, its verdict."""
    return seal.verification(actor, str(verification_id))
