"""The notifications a batch tells, gathered in log order and written at the end of it.

Ids derive from a key: a key made of the log position is new by construction (each event is
projected once); a `once` key (a product's expiry date) may have been told already."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from hashlib import sha1

import sqlalchemy as sa

from domain import alerts
from domain.base import GAPAL_NAMESPACE
from domain.values import Role
from projections import bulk
from projections.framework import Batch, Row


def derived_text(kind: str, value: str) -> str:
    """`str(derived_id(kind, value))` (a UUID5) without building the UUID: a rebuild derives
    about one notification id per event, and `uuid.uuid5` was a tenth of the view's time. The
    version and variant bits are set on the hex digits themselves."""
    hasher = _NAMESPACE_SHA1.copy()
    hasher.update(f"{kind}:{value}".encode())
    h = hasher.hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_NAMESPACE_SHA1 = sha1(GAPAL_NAMESPACE.bytes)  # noqa: S324 (UUID5 is SHA-1 by definition)
_VARIANT = {digit: "89ab"[int(digit, 16) & 0x3] for digit in "0123456789abcdef"}  # RFC 4122


@lru_cache(maxsize=4096)
def _recipients(roles: tuple[Role, ...], user_id: str | None, user_role: str | None,
                ) -> tuple[tuple[str | None, str | None], ...]:
    """(role, user id) of each row: one per recipient role, and one for the named user unless
    their role has it; worked out once per roles and user (a rebuild notifies ~once an event)."""
    recipients: list[tuple[str | None, str | None]] = [(role.value, None) for role in roles]
    if user_id is not None and user_role not in {role.value for role in roles}:
        recipients.append((user_role, user_id))
    return tuple(recipients)


class Outbox:
    """New notification rows by id; the first of a `once` id wins, in this batch or before."""

    def __init__(self, table: sa.Table) -> None:
        self.table = table
        self.rows: dict[str, Row] = {}
        self.once: set[str] = set()

    def notify(self, alert: alerts.Alert, data: dict[str, str | int], at: datetime, key: str,
               user_role: str | None = None, once: bool = False) -> None:
        """One row per recipient role, and one for the named user unless their role has it
        (`user_role`: that user's role when the event happened)."""
        for role, user_id in _recipients(alert.roles, alert.user_id, user_role):
            notification_id = derived_text("notification",
                                           f"{key}:{alert.type}:{role}:{user_id}")
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
