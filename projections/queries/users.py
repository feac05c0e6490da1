"""The user directory: accounts as the admins manage them, and who is behind a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict, cast
from uuid import UUID

import sqlalchemy as sa

from domain.permissions import Action, Actor
from domain.values import Role
from projections.db import Database
from projections.queries.paging import Page, PageRequest, Reader, Row, ordered, searched_with_phones
from projections.users import users


class UserRow(TypedDict):
    """A user account as the contract shows it (never a password hash)."""

    id: str
    username: str
    email: str
    role: str
    phone: str
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


USER_FIELDS = tuple(UserRow.__annotations__)


def user_shape(row: Row) -> UserRow:
    return cast(UserRow, {name: row[name] for name in USER_FIELDS})


@dataclass(frozen=True)
class UserFilters:
    """What the user list may be narrowed to."""

    role: str | None = None
    is_active: bool | None = None
    search: str | None = None


class UserDirectory:
    """Users: listed and read by admins; each user reads himself; tokens find their actor."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def list(self, actor: Actor, request: PageRequest, filters: UserFilters) -> Page[UserRow]:
        actor.require(Action.MANAGE_USERS)
        where = searched_with_phones(users.c.search_text, filters.search)
        if filters.role:
            where.append(users.c.role == filters.role)
        if filters.is_active is not None:
            where.append(users.c.is_active == filters.is_active)
        order = ordered({"username": users.c.username, "created_at": users.c.created_at,
                         "role": users.c.role}, request.ordering, [users.c.username])
        page = self._reader.page(sa.select(users).where(*where), order, request)
        return Page(page.count, [user_shape(row) for row in page.results])

    def get(self, actor: Actor, user_id: UUID) -> UserRow | None:
        actor.require(Action.MANAGE_USERS)
        return self.account(user_id)

    def account(self, user_id: UUID) -> UserRow | None:
        """A user by id, for the sign-in and the history's names (no actor yet, or none)."""
        row = self._reader.one(sa.select(users).where(users.c.id == str(user_id)))
        return user_shape(row) if row else None

    def username(self, user_id: UUID) -> str:
        row = self.account(user_id)
        return row["username"] if row else ""

    def active_actor(self, user_id: UUID, sessions_version: int) -> Actor | None:
        """The actor this user is, if the account exists, is active, and has not ended the
        sessions of `sessions_version` since (by a password change or a deactivation)."""
        row = self._reader.one(sa.select(users).where(users.c.id == str(user_id)))
        if row is None or not row["is_active"] or row["sessions_version"] > sessions_version:
            return None
        return Actor(user_id, row["username"], Role(row["role"]))
