"""The notifications a batch tells, gathered in log order and written at the end of it.

Ids derive from a key: a key made of the log position is new by construction (each event is
projected once); a `once` key (a product's expiry date) may have been told already."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from domain import alerts
from domain.base import derived_id
from projections import bulk
from projections.framework import Batch, Row


class Outbox:
    """New notification rows by id; the first of a `once` id wins, in this batch or before."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self.rows: dict[str, Row] = {}
        self.once: set[str] = set()

    def notify(self, alert: alerts.Alert, data: dict[str, str], at: datetime, key: str,
               user_role: str | None = None, once: bool = False) -> None:
        """One row per recipient role, and one for the named user unless their role has it
        (`user_role`: that user's role when the event happened)."""
        recipients: list[tuple[str | None, str | None]] = [
            (role.value, None) for role in alert.roles]
        if alert.user_id is not None and user_role not in {r.value for r in alert.roles}:
            recipients.append((user_role, alert.user_id))
        for role, user_id in recipients:
            notification_id = str(derived_id("notification",
                                             f"{key}:{alert.type}:{role}:{user_id}"))
            if once:
                self.once.add(notification_id)
            self.rows.setdefault(notification_id, {
                "id": notification_id, "type": alert.type.value, "title": alert.title,
                "message": alert.message, "data": data, "recipient_role": role,
                "user_id": user_id, "created_at": at})

    def write(self, batch: Batch) -> None:
        told = set(bulk.load(batch.conn, self.table, self.once)) if self.once else set()
        fresh = [row for notification_id, row in self.rows.items() if notification_id not in told]
        bulk.insert(batch.conn, self.table, fresh)
        batch.hold("notification", fresh)
        batch.touch("notification", *(row["id"] for row in fresh))
