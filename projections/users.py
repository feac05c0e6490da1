"""Users view: who can sign in, with their role; searchable by name, e-mail and phone."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from domain.user import User
from projections.db import UTCDateTime, metadata, search_key
from projections.framework import Batch, View

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
    sa.Column("search_text", sa.Text, nullable=False),
)

view = View("users", [users])


@view.on(User.Registered)
def _registered(event: User.Registered, batch: Batch) -> None:
    batch.conn.execute(users.insert().values(
        id=str(event.originator_id), username=event.username, email=event.email,
        role=event.role, phone=event.phone, is_active=True, created_at=event.timestamp,
        updated_at=event.timestamp, version=event.originator_version,
        search_text=search_key(event.username, event.email, event.phone),
    ))
    batch.touch("user", event.originator_id)


@view.on(User.Revised)
def _revised(event: User.Revised, batch: Batch) -> None:
    _update(event, batch, **event.changes)
    row = batch.conn.execute(sa.select(users).where(users.c.id == str(event.originator_id))).one()
    _update(event, batch, search_text=search_key(row.username, row.email, row.phone))


@view.on(User.PasswordChanged)
def _password_changed(event: User.PasswordChanged, batch: Batch) -> None:
    _update(event, batch)


@view.on(User.Deactivated)
def _deactivated(event: User.Deactivated, batch: Batch) -> None:
    _update(event, batch, is_active=False)


@view.on(User.Reactivated)
def _reactivated(event: User.Reactivated, batch: Batch) -> None:
    _update(event, batch, is_active=True)


def _update(event: User.Event, batch: Batch, **values: Any) -> None:
    batch.conn.execute(users.update().where(users.c.id == str(event.originator_id)).values(
        updated_at=event.timestamp, version=event.originator_version, **values,
    ))
    batch.touch("user", event.originator_id)
