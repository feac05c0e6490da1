"""Each user's notifications: list, unread count, mark read, mark all read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from api.common import ExactNumbersRoute, Paging, found, paginated
from api.deps import InboxDep
from api.schemas import CountOut, NotificationPublic, PageOf
from api.security import CurrentActor
from projections.inbox import NotificationRow

router = APIRouter(prefix="/api/notifications", tags=["Notifications"],
                   route_class=ExactNumbersRoute)


@router.get("/", response_model=PageOf[NotificationPublic], operation_id="listNotifications")
def list_notifications(request: Request, actor: CurrentActor, inbox: InboxDep, paging: Paging,
                       is_read: bool | None = None) -> dict[str, Any]:
    page = inbox.list_for(actor, paging, is_read)
    return paginated(request, page, paging, page.results)


@router.get("/unread-count/", response_model=CountOut, operation_id="unreadNotificationCount")
def unread_count(actor: CurrentActor, inbox: InboxDep) -> dict[str, int]:
    return {"count": inbox.unread_count(actor)}


@router.post("/read-all/", response_model=CountOut, operation_id="markAllNotificationsRead")
def read_all(actor: CurrentActor, inbox: InboxDep) -> dict[str, int]:
    """Marks every notification of the user read; answers how many were unread."""
    return {"count": inbox.mark_all_read(actor)}


@router.post("/{notification_id}/read/", response_model=NotificationPublic,
             operation_id="markNotificationRead")
def read_one(notification_id: UUID, actor: CurrentActor, inbox: InboxDep) -> NotificationRow:
    found(inbox.get_for(actor, notification_id), "Notification")
    inbox.mark_read(actor, [str(notification_id)])
    return found(inbox.get_for(actor, notification_id), "Notification")
