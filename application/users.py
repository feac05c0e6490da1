"""Use cases on users: register, revise, deactivate, authenticate."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from application.passwords import Passwords
from application.store import GapalStore
from application.unit_of_work import Decision, Written, check_version, execute, find, load
from domain.base import Claim
from domain.errors import DuplicateUsername
from domain.permissions import Action, Actor
from domain.user import AdminRoster, User, check_username_is_plain, normal_username
from domain.values import Role

USERNAME = "username"


@dataclass(frozen=True)
class NewUser:
    username: str
    email: str
    password: str
    role: Role
    phone: str = ""


class Users:
    """Registers and manages the people who use Gapal."""

    def __init__(self, store: GapalStore, passwords: Passwords) -> None:
        self._store = store
        self._passwords = passwords

    def register(self, actor: Actor, new: NewUser) -> Written:
        actor.require(Action.MANAGE_USERS)
        new = replace(new, username=normal_username(new.username))
        check_username_is_plain(new.username)
        password_hash = self._passwords.hash(new.password)

        def decide() -> Decision:
            if self.find_by_username(new.username) is not None:
                raise DuplicateUsername(f"Le nom d'utilisateur « {new.username} » est déjà pris.")
            user = User.register(new.username, new.email, new.role, new.phone, password_hash,
                                 actor.user_id)
            claim = Claim.claim(USERNAME, new.username, user.id, actor.user_id)
            return Decision(user.id, [user, claim, self._roster_following(user, actor)])

        return execute(self._store, decide)

    def revise(self, actor: Actor, user_id: UUID, changes: dict[str, Any],
               expected_version: int | None = None) -> Written:
        """Changes role, email, phone, password or `is_active`; the last admin always stays."""
        actor.require(Action.MANAGE_USERS)
        changes = dict(changes)
        password = changes.pop("password", None)
        password_hash = self._passwords.hash(password) if password is not None else None

        def decide() -> Decision:
            user = load(self._store, User, user_id, "Utilisateur")
            check_version(user, expected_version)
            user.revise(changes, actor.user_id)
            if password_hash:
                user.change_password(password_hash, actor.user_id)
            if changes.get("is_active") is False:
                user.deactivate(actor.user_id)
            elif changes.get("is_active") is True:
                user.reactivate(actor.user_id)
            return Decision(user.id, [user, self._roster_following(user, actor)])

        return execute(self._store, decide, expected_version=expected_version)

    def deactivate(self, actor: Actor, user_id: UUID) -> Written:
        return self.revise(actor, user_id, {"is_active": False})

    def unlock_sign_in(self, actor: Actor, user_id: UUID) -> Written:
        """Logs an admin's unlocking of this user's sign-in (the caller clears the counters)."""
        actor.require(Action.MANAGE_USERS)

        def decide() -> Decision:
            user = load(self._store, User, user_id, "Utilisateur")
            user.unlock_sign_in(actor.user_id)
            return Decision(user.id, [user])

        return execute(self._store, decide)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user with these credentials, else None (same cost whether or not the name is
        known). The caller refuses an inactive one."""
        user = self.find_by_username(username)
        if user is None:
            self._passwords.verify_unknown(password)
            return None
        return user if self._passwords.verify(password, user.password_hash) else None

    def find_by_username(self, username: str) -> User | None:
        claim = find(self._store, Claim, Claim.id_for(USERNAME, normal_username(username)))
        if claim is None or claim.owner_id is None:
            return None
        return find(self._store, User, claim.owner_id)

    def get(self, user_id: UUID) -> User:
        return load(self._store, User, user_id, "Utilisateur")

    def _roster_following(self, user: User, actor: Actor) -> AdminRoster | None:
        roster = find(self._store, AdminRoster, AdminRoster.ID)
        if roster is None:
            if not user.is_active_admin:
                return None
            roster = AdminRoster.start(actor.user_id)
        roster.follow(user, actor.user_id)
        return roster
