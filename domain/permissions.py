"""The roles table of the contract: which role may do what. Checked by every use case."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.errors import PermissionDenied
from domain.values import Role


class Action(StrEnum):
    READ_CATALOGUE = "read_catalogue"
    MANAGE_CATALOGUE = "manage_catalogue"
    CREATE_ORDER = "create_order"
    READ_ALL_ORDERS = "read_all_orders"
    READ_OWN_ORDERS = "read_own_orders"
    MANAGE_ORDERS = "manage_orders"
    SYNC_ORDERS = "sync_orders"
    MANAGE_STOCK = "manage_stock"
    READ_REPORTS = "read_reports"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"


_ALL = set(Role)
_ALLOWED: dict[Action, set[Role]] = {
    Action.READ_CATALOGUE: _ALL,
    Action.MANAGE_CATALOGUE: {Role.GESTIONNAIRE_STOCKS, Role.ADMIN},
    Action.CREATE_ORDER: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.SYNC_ORDERS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.READ_ALL_ORDERS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.READ_OWN_ORDERS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_ORDERS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_STOCK: {Role.GESTIONNAIRE_STOCKS, Role.ADMIN},
    Action.READ_REPORTS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_USERS: {Role.ADMIN},
    Action.READ_AUDIT: {Role.ADMIN},
}


@dataclass(frozen=True)
class Actor:
    """Who issues a command: travels with every command so the log says who did it."""

    user_id: UUID
    username: str
    role: Role

    def may(self, action: Action) -> bool:
        return self.role in _ALLOWED[action]

    def require(self, action: Action) -> None:
        if not self.may(action):
            raise PermissionDenied("Votre rôle ne permet pas cette action.")


SYSTEM = Actor(UUID(int=0), "systeme", Role.ADMIN)
