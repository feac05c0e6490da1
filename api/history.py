"""History endpoints: an aggregate's events straight from the log, with who made them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request

from api.common import paginated_list
from application.history import aggregate_type, event_data, event_type
from domain.base import GapalAggregate
from domain.permissions import SYSTEM
from projections.queries.paging import PageRequest
from projections.queries.users import UserDirectory


def history_page(request: Request, events: list[GapalAggregate.Event], users: UserDirectory,
                 paging: PageRequest) -> dict[str, Any]:
    """One page of an aggregate's events, oldest first, in the contract's page shape."""
    return paginated_list(request, history_of(events, users), paging)


def history_of(events: list[GapalAggregate.Event], users: UserDirectory) -> list[dict[str, Any]]:
    names: dict[UUID, str] = {SYSTEM.user_id: SYSTEM.username}

    def username(user_id: UUID) -> str:
        if user_id not in names:
            names[user_id] = users.username(user_id)
        return names[user_id]

    return [{
        "aggregate_type": aggregate_type(event), "aggregate_id": event.originator_id,
        "aggregate_version": event.originator_version, "event_type": event_type(event),
        "occurred_at": event.timestamp, "user_id": event.actor_id,
        "username": username(event.actor_id), "data": event_data(event),
    } for event in events]
