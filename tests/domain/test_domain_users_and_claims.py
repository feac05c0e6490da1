"""Users, the roster that always keeps an active admin, and claims on unique values."""

from __future__ import annotations

import copy
from uuid import uuid4

import pytest
from domain_builders import ACTOR, event_names
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.base import Claim
from domain.errors import Conflict, InvalidInput, LastAdmin
from domain.user import AdminRoster, User
from domain.values import Role


def a_user(username: str = "awa", role: Role = Role.ADMIN) -> User:
    user = User.register(username=username, email=f"{username}@gapal.bf", role=role,
                         phone="+22670123456", password_hash="argon2$hash", actor_id=ACTOR)
    user.collect_events()
    return user


def a_roster_following(*users: User) -> AdminRoster:
    roster = AdminRoster.start(ACTOR)
    for user in users:
        roster.follow(user, ACTOR)
    roster.collect_events()
    return roster


# --- users ------------------------------------------------------------------------------------


def test_a_registered_user_is_active_with_the_role_given_and_only_a_password_hash():
    user = User.register(username="moussa", email="m@gapal.bf", role=Role.VENDEUR,
                         phone="+22676451289", password_hash="argon2$abc", actor_id=ACTOR)

    assert user.is_active
    assert user.role is Role.VENDEUR
    assert not user.is_active_admin
    [registered] = user.collect_events()
    assert registered.role == "vendeur"
    assert registered.password_hash == "argon2$abc"
    assert "password" not in vars(registered)


@pytest.mark.parametrize("bad_username", ["", "awa traore", "awa\ttraore", "a" * 151])
def test_a_username_with_spaces_empty_or_too_long_is_refused(bad_username):
    with pytest.raises(InvalidInput):
        User.register(username=bad_username, email="", role=Role.VENDEUR, phone="",
                      password_hash="h", actor_id=ACTOR)


def test_revising_a_user_records_only_known_fields_that_changed():
    user = a_user(role=Role.VENDEUR)

    user.revise({"role": "gestionnaire_stocks", "email": user.email, "username": "x",
                 "is_active": False}, ACTOR)

    assert user.role is Role.GESTIONNAIRE_STOCKS
    assert user.username == "awa"
    assert user.is_active
    [revised] = user.collect_events()
    assert revised.changes == {"role": "gestionnaire_stocks"}


def test_deactivating_and_reactivating_are_recorded_once_each():
    user = a_user()

    user.deactivate(ACTOR)
    user.deactivate(ACTOR)
    user.reactivate(ACTOR)
    user.reactivate(ACTOR)

    assert user.is_active
    assert event_names(user.collect_events()) == ["Deactivated", "Reactivated"]


def test_changing_a_password_records_the_new_hash():
    user = a_user()

    user.change_password("argon2$new", ACTOR)

    assert user.password_hash == "argon2$new"
    [changed] = user.collect_events()
    assert changed.password_hash == "argon2$new"


# --- admin roster -----------------------------------------------------------------------------


def test_the_roster_lists_active_admins_only():
    awa, moussa = a_user("awa"), a_user("moussa", Role.VENDEUR)
    roster = AdminRoster.start(ACTOR)

    roster.follow(awa, ACTOR)
    roster.follow(moussa, ACTOR)
    roster.follow(awa, ACTOR)

    assert roster.id == AdminRoster.ID
    assert roster.admin_ids == [awa.id]
    assert event_names(roster.collect_events()) == ["Started", "AdminJoined"]


def test_an_admin_may_leave_while_another_admin_remains():
    awa, ali = a_user("awa"), a_user("ali")
    roster = a_roster_following(awa, ali)

    awa.deactivate(ACTOR)
    roster.follow(awa, ACTOR)

    assert roster.admin_ids == [ali.id]
    [left] = roster.collect_events()
    assert isinstance(left, AdminRoster.AdminLeft)
    assert left.user_id == awa.id


def test_the_last_active_admin_cannot_be_deactivated():
    awa = a_user("awa")
    roster = a_roster_following(awa, a_user("moussa", Role.VENDEUR))

    awa.deactivate(ACTOR)
    with pytest.raises(LastAdmin):
        roster.follow(awa, ACTOR)

    assert roster.admin_ids == [awa.id]
    assert roster.collect_events() == []


@pytest.mark.parametrize("new_role", [r for r in Role if r is not Role.ADMIN])
def test_the_last_active_admin_cannot_be_demoted(new_role):
    awa = a_user("awa")
    roster = a_roster_following(awa)

    awa.revise({"role": new_role}, ACTOR)
    with pytest.raises(LastAdmin):
        roster.follow(awa, ACTOR)

    assert roster.admin_ids == [awa.id]
    assert roster.collect_events() == []


def test_a_reactivated_admin_joins_the_roster_again():
    awa, ali = a_user("awa"), a_user("ali")
    roster = a_roster_following(awa, ali)
    ali.deactivate(ACTOR)
    roster.follow(ali, ACTOR)

    ali.reactivate(ACTOR)
    roster.follow(ali, ACTOR)

    assert roster.admin_ids == [awa.id, ali.id]
    assert event_names(roster.collect_events()) == ["AdminLeft", "AdminJoined"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["deactivate", "reactivate",
                                                               "promote", "demote"])),
                max_size=20))
def test_whatever_happens_to_users_the_roster_keeps_at_least_one_active_admin(commands):
    users = [a_user(f"user{i}", Role.ADMIN if i == 0 else Role.VENDEUR) for i in range(4)]
    roster = a_roster_following(*users)

    for index, command in commands:
        user = users[index]
        saved = copy.deepcopy(user)
        if command == "deactivate":
            user.deactivate(ACTOR)
        elif command == "reactivate":
            user.reactivate(ACTOR)
        else:
            user.revise({"role": Role.ADMIN if command == "promote" else Role.VENDEUR}, ACTOR)
        try:
            roster.follow(user, ACTOR)
        except LastAdmin:
            users[index] = saved  # refused: the application does not save the changed user
        assert roster.admin_ids
        assert set(roster.admin_ids) == {u.id for u in users if u.is_active_admin}


# --- claims -----------------------------------------------------------------------------------


def test_a_claim_is_found_by_its_value_whatever_the_case():
    claim = Claim.claim("username", "Awa", owner_id=uuid4(), actor_id=ACTOR)

    assert claim.id == Claim.id_for("username", "awa") == Claim.id_for("username", "AWA")
    assert claim.id != Claim.id_for("barcode", "awa")


def test_a_claimed_value_cannot_be_reclaimed_by_another_owner():
    owner, other = uuid4(), uuid4()
    claim = Claim.claim("barcode", "6001234567890", owner_id=owner, actor_id=ACTOR)
    claim.collect_events()

    with pytest.raises(Conflict):
        claim.reclaim(other, ACTOR)

    assert claim.owner_id == owner
    assert claim.collect_events() == []


def test_the_owner_reclaiming_its_own_value_changes_nothing():
    owner = uuid4()
    claim = Claim.claim("barcode", "6001234567890", owner_id=owner, actor_id=ACTOR)
    claim.collect_events()

    claim.reclaim(owner, ACTOR)

    assert claim.owner_id == owner
    assert claim.collect_events() == []


def test_a_released_value_can_be_reclaimed_by_another_owner_and_is_then_theirs():
    owner, other = uuid4(), uuid4()
    claim = Claim.claim("username", "awa", owner_id=owner, actor_id=ACTOR)

    claim.release(ACTOR)
    claim.release(ACTOR)
    claim.reclaim(other, ACTOR)

    assert claim.owner_id == other
    assert event_names(claim.collect_events()) == ["Claimed", "Released", "Reclaimed"]
    with pytest.raises(Conflict):
        claim.reclaim(owner, ACTOR)
