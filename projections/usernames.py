"""Usernames view: who each user id names. A username never changes once registered, so the
lookup given to the views (audit, movements, orders) may cache every name it has seen."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import SYSTEM
from domain.user import User
from projections import bulk
from projections.db import metadata, uuid_text
from projections.framework import Batch, Events, View

usernames = sa.Table(
    "view_usernames", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("username", sa.String(150), nullable=False),
)


class UsernamesView(View):
    """One row per registered user: its id and its username."""

    name = "usernames"
    tables = (usernames,)
    reads = (User.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        bulk.insert_missing(batch.conn, usernames, [
            {"id": uuid_text(event.originator_id), "username": event.username}
            for _, event in events if isinstance(event, User.Registered)])


class UsernameLookup:
    """Names by user id: learnt from the batch's registrations, else read once per batch from
    `view_usernames`. Its cache holds only facts of the log, safe to keep or to rebuild."""

    def __init__(self) -> None:
        # By the UUID's integer: its hash and comparison are C, `UUID.__hash__` is Python.
        self._names: dict[int, str] = {SYSTEM.user_id.int: SYSTEM.username}

    def learn(self, events: Events) -> None:
        for _, event in events:
            if isinstance(event, User.Registered):
                self._names[event.originator_id.int] = event.username

    def load(self, conn: sa.Connection, user_ids: Iterable[UUID]) -> None:
        names = self._names
        unknown = {user_id.int: user_id for user_id in user_ids if user_id.int not in names}
        if unknown:
            found = bulk.load(conn, usernames, (str(u) for u in unknown.values()))
            for key, user_id in unknown.items():
                row = found.get(str(user_id))
                if row is not None:
                    names[key] = row["username"]

    def name(self, user_id: UUID) -> str:
        return self._names.get(user_id.int, "")
