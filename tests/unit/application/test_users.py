"""Users: registered by an admin, one per username, and never without an active admin."""

from __future__ import annotations

import pytest

from application.users import NewUser
from domain.errors import DuplicateUsername, LastAdmin, PermissionDenied
from domain.values import Role
from tests.unit.application.conftest import PASSWORD, Shop


def test_a_registered_user_signs_in_with_the_password(shop: Shop) -> None:
    new = NewUser("Moussa", "moussa@gapal.bf", PASSWORD, Role.VENDEUR)
    user_id = shop.services.users.register(shop.admin, new).id
    user = shop.services.users.authenticate("moussa", PASSWORD)
    assert user is not None
    assert user.id == user_id
    assert shop.services.users.authenticate("moussa", "Pas-le-bon-mot") is None


def test_a_username_taken_is_refused_whatever_its_case(shop: Shop) -> None:
    with pytest.raises(DuplicateUsername):
        shop.services.users.register(
            shop.admin, NewUser("VENDEUR", "autre@gapal.bf", PASSWORD, Role.VENDEUR))


def test_the_last_active_admin_cannot_be_deactivated(shop: Shop) -> None:
    with pytest.raises(LastAdmin):
        shop.services.users.deactivate(shop.admin, shop.admin.user_id)


def test_only_an_admin_manages_users(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.users.deactivate(shop.manager, shop.vendeur.user_id)
