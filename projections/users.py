"""Users view: who can sign in, with their role; searchable by name, e-mail and phone."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.user import User
from projections import bulk
from projections.db import UTCDateTime, metadata, search_key, uuid_text
from projections.framework import Batch, Events, Row, View

users = sa.Table(
    "view_users", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("username", sa.String(150), nullable=False, index=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("role", sa.String(32), nullable=False, index=True),
    sa.Column("phone", sa.String(32), nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("sessions_version", sa.Integer, nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
)


class UsersView(View):
    """One row per user, folded from the user's events of the batch."""

    name = "users"
    tables = (users,)
    reads = (User.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        changed = bulk.fold(batch.conn, users, events, _HANDLERS, (User.Registered,))
        bulk.write(batch.conn, users, changed)
        batch.touch("user", *changed)


def _registered(rows: dict[str, Row], event: User.Registered) -> Row:
    row = rows[uuid_text(event.originator_id)] = {
        "id": uuid_text(event.originator_id), "username": event.username, "email": event.email,
        "role": event.role, "phone": event.phone, "is_active": True,
        "created_at": event.timestamp, "updated_at": event.timestamp,
        "version": event.originator_version, "sessions_version": 0,
        "search_text": search_key(event.username, event.email, event.phone)}
    return row


def _update(rows: dict[str, Row], event: User.Event, **values: Any) -> Row:
    row = rows[uuid_text(event.originator_id)]
    row.update(values, updated_at=event.timestamp, version=event.originator_version)
    row["search_text"] = search_key(row["username"], row["email"], row["phone"])
    return row


def _sessions_ended(rows: dict[str, Row], event: User.Event, **values: Any) -> Row:
    """A password change or a deactivation: tokens issued before no longer work."""
    ended = rows[uuid_text(event.originator_id)]["sessions_version"] + 1
    return _update(rows, event, sessions_version=ended, **values)


_HANDLERS: dict[type, bulk.Handler] = {
    User.Registered: _registered,
    User.Revised: lambda rows, event: _update(rows, event, **event.changes),
    User.PasswordChanged: _sessions_ended,
    User.Deactivated: lambda rows, event: _sessions_ended(rows, event, is_active=False),
    User.Reactivated: lambda rows, event: _update(rows, event, is_active=True),
    User.SignInUnlocked: _update,
}
