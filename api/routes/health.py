"""Health: no authentication; the store, the bus and how far each projection lags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import HealthDep
from api.schemas import HealthOut

router = APIRouter(prefix="/api/health", tags=["Santé"])


@router.get("/", response_model=HealthOut, operation_id="health")
def health(request: Request, read_side: HealthDep) -> dict[str, Any]:
    """"degraded" while a view has skipped events (see `failures`) or while a projection —
    the read models, or the audit seal (`seal`) — stands still behind the log (`lag`
    unchanged for `GAPAL_PROJECTION_STALL_SECONDS`)."""
    status = read_side.status()
    return {
        "status": "degraded" if status.failure_count or status.stalled else "ok",
        "version": request.app.version, "event_store": status.event_store,
        "pubsub": status.pubsub,
        "projections": {name: {"position": state.position, "lag": state.lag}
                        for name, state in status.projections.items()},
        "failure_count": status.failure_count, "failures": status.failures,
    }
