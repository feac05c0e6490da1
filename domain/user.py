"""Users and the roster that keeps at least one active admin."""

from __future__ import annotations

import unicodedata
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.errors import InvalidInput, LastAdmin
from domain.values import Role

USER_FIELDS = ("email", "role", "phone")
MAX_USERNAME = 150


class User(GapalAggregate):
    """A person who signs in. Only the password's slow hash is ever recorded, never the password."""

    class Registered(GapalAggregate.Created):
        username: str
        email: str
        role: str
        phone: str
        password_hash: str

    class Revised(GapalAggregate.Event):
        changes: dict[str, Any]

    class PasswordChanged(GapalAggregate.Event):
        password_hash: str

    class Deactivated(GapalAggregate.Event):
        pass

    class Reactivated(GapalAggregate.Event):
        pass

    class SignInUnlocked(GapalAggregate.Event):
        pass

    @classmethod
    def register(
        cls, username: str, email: str, role: Role, phone: str, password_hash: str, actor_id: UUID
    ) -> User:
        check_username_is_plain(username)
        return cls(
            username=username, email=email, role=role.value, phone=phone,
            password_hash=password_hash, actor_id=actor_id,
        )

    @event(Registered)
    def __init__(
        self, username: str, email: str, role: str, phone: str, password_hash: str, actor_id: UUID
    ) -> None:
        self.username = username
        self.email = email
        self.role = Role(role)
        self.phone = phone
        self.password_hash = password_hash
        self.is_active = True
        self.sessions_version = 0  # a token issued at a lower one no longer works

    def revise(self, changes: dict[str, Any], actor_id: UUID) -> None:
        effective = {k: v for k, v in changes.items() if k in USER_FIELDS and getattr(self, k) != v}
        if "role" in effective:
            effective["role"] = Role(effective["role"]).value
        if effective:
            self._revised(changes=effective, actor_id=actor_id)

    def change_password(self, password_hash: str, actor_id: UUID) -> None:
        self._password_changed(password_hash=password_hash, actor_id=actor_id)

    def deactivate(self, actor_id: UUID) -> None:
        if self.is_active:
            self._deactivated(actor_id=actor_id)

    def reactivate(self, actor_id: UUID) -> None:
        if not self.is_active:
            self._reactivated(actor_id=actor_id)

    def unlock_sign_in(self, actor_id: UUID) -> None:
        """Records that an admin lifted the throttling of this user's failed sign-ins."""
        self._sign_in_unlocked(actor_id=actor_id)

    @property
    def is_active_admin(self) -> bool:
        return self.is_active and self.role is Role.ADMIN

    @event(Revised)
    def _revised(self, changes: dict[str, Any], actor_id: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, Role(value) if name == "role" else value)

    @event(PasswordChanged)
    def _password_changed(self, password_hash: str, actor_id: UUID) -> None:
        self.password_hash = password_hash
        self.sessions_version += 1

    @event(Deactivated)
    def _deactivated(self, actor_id: UUID) -> None:
        self.is_active = False
        self.sessions_version += 1

    @event(Reactivated)
    def _reactivated(self, actor_id: UUID) -> None:
        self.is_active = True

    @event(SignInUnlocked)
    def _sign_in_unlocked(self, actor_id: UUID) -> None:
        pass


def normal_username(raw: str) -> str:
    """The username as stored and looked up: NFKC, so the fullwidth `ａｗａ` is `awa`."""
    return unicodedata.normalize("NFKC", raw)


def check_username_is_plain(username: str) -> None:
    """Visible characters only: no space, no zero-width, bidi or other control character that
    would make two names look alike."""
    if not username or len(username) > MAX_USERNAME or username != normal_username(username) \
            or not all(c.isprintable() and not c.isspace() for c in username):
        raise InvalidInput("Nom d'utilisateur invalide : caractères visibles uniquement, sans "
                           "espace, 150 au plus.")


class AdminRoster(GapalAggregate):
    """The set of active admins, saved with every change to one, so the last can never go."""

    ID = derived_id("roster", "admins")

    class Started(GapalAggregate.Created):
        pass

    class AdminJoined(GapalAggregate.Event):
        user_id: UUID

    class AdminLeft(GapalAggregate.Event):
        user_id: UUID

    @classmethod
    def start(cls, actor_id: UUID) -> AdminRoster:
        return cls._create(cls.Started, id=cls.ID, actor_id=actor_id)

    @event(Started)
    def __init__(self, actor_id: UUID) -> None:
        self.admin_ids: list[UUID] = []

    def follow(self, user: User, actor_id: UUID) -> None:
        """Records whether `user` is now an active admin."""
        listed = user.id in self.admin_ids
        if user.is_active_admin and not listed:
            self._admin_joined(user_id=user.id, actor_id=actor_id)
        elif listed and not user.is_active_admin:
            check_not_last_admin(self.admin_ids)
            self._admin_left(user_id=user.id, actor_id=actor_id)

    @event(AdminJoined)
    def _admin_joined(self, user_id: UUID, actor_id: UUID) -> None:
        self.admin_ids.append(user_id)

    @event(AdminLeft)
    def _admin_left(self, user_id: UUID, actor_id: UUID) -> None:
        self.admin_ids.remove(user_id)


def check_not_last_admin(admin_ids: list[UUID]) -> None:
    if len(admin_ids) <= 1:
        raise LastAdmin("Impossible : c'est le dernier administrateur actif.")
