"""Health: no authentication; the store, the bus and how far each projection lags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.schemas import HealthOut
from api.security import GapalDep
from gapal import __version__

router = APIRouter(prefix="/api/health", tags=["Santé"])


@router.get("/", response_model=HealthOut, operation_id="health")
def health(gapal: GapalDep) -> dict[str, Any]:
    """"degraded" while a view has skipped events (see `failures`), "ok" otherwise."""
    head = gapal.store.recorder.max_notification_id() or 0
    position = gapal.waiter.current()
    failure_count, failures = gapal.failures()
    return {
        "status": "degraded" if failure_count else "ok", "version": __version__,
        "event_store": gapal.store.backend, "pubsub": gapal.bus.name,
        "projections": {gapal.projector.projection.name: {
            "position": position, "lag": max(0, head - position)}},
        "failure_count": failure_count, "failures": failures,
    }
