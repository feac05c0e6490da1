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
    RECORD_PAYMENTS = "record_payments"
    SYNC_ORDERS = "sync_orders"
    MANAGE_STOCK = "manage_stock"
    READ_REPORTS = "read_reports"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    CREATE_CUSTOMER = "create_customer"
    READ_CUSTOMERS = "read_customers"  # a vendeur reads name, phone, kind and balance only
    MANAGE_CUSTOMERS = "manage_customers"
    CLOSE_CASH = "close_cash"  # a vendor's day of money counted at the office


_ALL = set(Role)
_ALLOWED: dict[Action, set[Role]] = {
    Action.READ_CATALOGUE: _ALL,
    Action.MANAGE_CATALOGUE: {Role.GESTIONNAIRE_STOCKS, Role.ADMIN},
    Action.CREATE_ORDER: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.SYNC_ORDERS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.READ_ALL_ORDERS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.READ_OWN_ORDERS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_ORDERS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    # A vendeur takes payment at delivery, on his own orders (the use case checks whose).
    Action.RECORD_PAYMENTS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_STOCK: {Role.GESTIONNAIRE_STOCKS, Role.ADMIN},
    Action.READ_REPORTS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_USERS: {Role.ADMIN},
    Action.READ_AUDIT: {Role.ADMIN},
    Action.CREATE_CUSTOMER: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.READ_CUSTOMERS: {Role.VENDEUR, Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.MANAGE_CUSTOMERS: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
    Action.CLOSE_CASH: {Role.GESTIONNAIRE_COMMANDES, Role.ADMIN},
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


def may_see_order(actor: Actor, created_by: str) -> bool:
    """Order news follows order reading: all for managers, own for vendeurs, none for stock."""
    return actor.may(Action.READ_ALL_ORDERS) or (
        actor.may(Action.READ_OWN_ORDERS) and created_by == str(actor.user_id))


def may_see_product_news(actor: Actor, is_listing_change: bool) -> bool:
    """Vendeurs hear of products only when the catalogue they sell from changes (a new product,
    a price, archived or back); stock news is for those who run stock or orders."""
    return actor.role is not Role.VENDEUR or is_listing_change


def is_addressed_to(actor: Actor, recipient_role: str | None, user_id: str | None) -> bool:
    if user_id is not None:
        return user_id == str(actor.user_id)
    return recipient_role == actor.role.value
