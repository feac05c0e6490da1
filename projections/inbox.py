"""Each user's notifications: those of their role and those addressed to them, with read state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.clock import Clock, SystemClock
from domain.permissions import Actor
from projections.db import Database
from projections.notifications import notification_reads, notifications
from projections.queries.paging import Page, PageRequest, Reader, Row


class NotificationRow(TypedDict):
    """A notification as its recipient sees it: what happened, for whom, and if it was read."""

    id: str
    type: str
    title: str
    message: str
    data: dict[str, Any]
    recipient_role: str | None
    user_id: str | None
    is_read: bool
    created_at: datetime


def addressed_to(actor: Actor) -> ColumnElement[bool]:
    return sa.or_(
        sa.and_(notifications.c.recipient_role == actor.role.value,
                notifications.c.user_id.is_(None)),
        notifications.c.user_id == str(actor.user_id),
    )


class Inbox:
    """Lists, counts and marks read the notifications a user receives."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._read = Reader(db)
        self._clock = clock or SystemClock()

    def _read_flag(self, actor: Actor) -> ColumnElement[bool]:
        return sa.exists().where(notification_reads.c.notification_id == notifications.c.id,
                                 notification_reads.c.user_id == str(actor.user_id))

    def list_for(self, actor: Actor, request: PageRequest,
                 is_read: bool | None = None) -> Page[NotificationRow]:
        is_read_flag = self._read_flag(actor)
        query = sa.select(notifications, is_read_flag.label("is_read")).where(addressed_to(actor))
        if is_read is not None:
            query = query.where(is_read_flag if is_read else sa.not_(is_read_flag))
        order = [notifications.c.created_at.desc(), notifications.c.id]
        page = self._read.page(query, order, request)
        return Page(page.count, [shape(row) for row in page.results])

    def unread_count(self, actor: Actor) -> int:
        query = sa.select(sa.func.count()).select_from(notifications).where(
            addressed_to(actor), sa.not_(self._read_flag(actor)))
        with self._db.reader.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def get_for(self, actor: Actor, notification_id: UUID) -> NotificationRow | None:
        row = self._read.one(sa.select(notifications, self._read_flag(actor).label("is_read"))
                             .where(addressed_to(actor),
                                    notifications.c.id == str(notification_id)))
        return shape(row) if row else None

    def get_many(self, notification_ids: Iterable[UUID]) -> dict[str, NotificationRow]:
        """Several notifications by id (the publisher's batch), unread, by id."""
        rows = self._read.by_ids(sa.select(notifications), notifications.c.id, notification_ids)
        return {row["id"]: unread(row) for row in rows}

    def mark_read(self, actor: Actor, notification_ids: list[str]) -> None:
        now = self._clock.now()
        with self._db.writer.begin() as conn:
            already = set(conn.execute(sa.select(notification_reads.c.notification_id).where(
                notification_reads.c.user_id == str(actor.user_id),
                notification_reads.c.notification_id.in_(notification_ids))).scalars())
            fresh = [{"notification_id": nid, "user_id": str(actor.user_id), "read_at": now}
                     for nid in notification_ids if nid not in already]
            if fresh:
                conn.execute(notification_reads.insert(), fresh)

    def mark_all_read(self, actor: Actor) -> int:
        with self._db.reader.connect() as conn:
            unread = list(conn.execute(sa.select(notifications.c.id).where(
                addressed_to(actor), sa.not_(self._read_flag(actor)))).scalars())
        for start in range(0, len(unread), 500):
            self.mark_read(actor, unread[start:start + 500])
        return len(unread)


def shape(row: Row) -> NotificationRow:
    return cast(NotificationRow, {**row, "is_read": bool(row["is_read"])})


def unread(row: Row) -> NotificationRow:
    """A notification just written: nobody has read it yet."""
    return shape({**row, "is_read": False})
