"""What an admin types for a user, and what a person types to sign in, is checked and normalised:
usernames (NFKC, visible characters only), e-mail addresses, phones, passwords."""

from __future__ import annotations

from functools import partial

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from application.users import NewUser
from domain.permissions import SYSTEM
from domain.values import Role
from tests.api.test_users import created, new_user, sign_in
from tests.conftest import BACKENDS, Api, log_length
from tests.integration.test_concurrency import in_parallel

OLD_STYLE = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8 * 1024),))

# Usernames


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_username_is_stored_nfkc_and_signs_in_however_it_is_typed(api: Api) -> None:
    user = created(api, "ｍａｒｉａｍ")  # fullwidth, as some phone keyboards type it

    assert user["username"] == "mariam"
    for typed in ("mariam", "ｍａｒｉａｍ", "MARIAM"):
        assert sign_in(api, typed, "password-123").status_code == 200, typed
    assert new_user(api, "mariam").json()["code"] == "duplicate_username"


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_two_spellings_of_one_name_created_at_once_make_one_user(api: Api) -> None:
    for trial in range(5):
        plain = f"mariam{trial}"
        fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in plain)

        answers = in_parallel([partial(new_user, api, name, email="")
                               for name in (plain, fullwidth)])

        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]


@pytest.mark.parametrize("invisible", [
    "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u0007", "\u00ad", "\u3000"])
def test_a_username_with_an_invisible_or_control_character_is_refused(
        api: Api, invisible: str) -> None:
    before = log_length(api.gapal)

    answer = new_user(api, f"ad{invisible}min", email="")

    assert answer.status_code == 400, answer.text
    assert "caractères visibles" in answer.json()["detail"]
    assert log_length(api.gapal) == before


def test_the_lockout_counts_every_spelling_of_a_name(api: Api) -> None:
    created(api, "salif")
    for typed in ("salif", "ｓａｌｉｆ") * 2 + ("ｓａｌｉｆ",):
        assert sign_in(api, typed, "wrong-password").status_code == 401

    assert sign_in(api, "salif", "password-123").status_code == 429


# E-mail addresses and phones


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("email", ["awa", "awa@", "@gapal.bf", "awa@@gapal.bf", "awa gapal@bf",
                                   "awa@gapal", "awa@gapal..bf"])
def test_a_malformed_email_is_refused_at_creation_and_on_revision(api: Api, email: str) -> None:
    user = created(api, "awa")
    before = log_length(api.gapal)

    at_creation = new_user(api, "awa2", email=email)
    on_revision = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"email": email})

    for answer in (at_creation, on_revision):
        assert answer.status_code == 422, answer.text
        assert "adresse e-mail invalide" in answer.text
    assert log_length(api.gapal) == before


def test_a_valid_email_is_kept_and_an_empty_one_allowed(api: Api) -> None:
    assert created(api, "awa", email="Awa.Kabore@Gapal.BF")["email"] == "Awa.Kabore@gapal.bf"
    assert created(api, "issa", email="")["email"] == ""


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_users_phone_is_normalised_like_an_order_phone(api: Api) -> None:
    user = created(api, "awa", phone="00226 70 11 22 33")
    revised = api.call("admin", "PATCH", f"/api/users/{user['id']}/",
                       json={"phone": "76.54.32.10"})
    cleared = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"phone": ""})

    assert user["phone"] == "+22670112233"
    assert revised.json()["phone"] == "+22676543210"
    assert cleared.json()["phone"] == ""


@pytest.mark.parametrize("phone", ["123", "+33 6 12 34 56 78", "70 11 22 3x"])
def test_a_phone_that_is_no_burkina_number_is_refused(api: Api, phone: str) -> None:
    answer = new_user(api, "awa", phone=phone)

    assert answer.status_code == 422, answer.text
    assert "Numéro de téléphone invalide" in answer.text


# Passwords


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize(("password", "why"), [
    ("court-123", "au moins 10 caractères"),
    ("", "au moins 10 caractères"),
    ("aaaaaaaaaaaa", "un seul caractère"),
    ("motdepasse", "trop courant"),
    ("MotDePasse123", "trop courant"),
    ("ouagadougou", "trop courant"),
    ("1234567890", "trop courant"),
    ("password123", "trop courant"),
])
def test_a_weak_password_is_refused_at_creation_and_on_change(
        api: Api, password: str, why: str) -> None:
    user = created(api, "awa")
    before = log_length(api.gapal)

    at_creation = new_user(api, "issa", password=password)
    on_change = api.call("admin", "PATCH", f"/api/users/{user['id']}/",
                         json={"password": password})

    for answer in (at_creation, on_change):
        assert answer.status_code == 400, answer.text
        assert why in answer.json()["detail"]
        assert password not in answer.text or not password
    assert log_length(api.gapal) == before


def test_a_password_set_before_the_rule_still_signs_in(api: Api) -> None:
    """The rule applies when a password is set, never at sign-in."""
    written = api.gapal.services.users.register(SYSTEM, NewUser(
        "ancien", "", "placeholder-pass-1", Role.VENDEUR))
    user = api.gapal.services.users.get(written.id)
    user.change_password(OLD_STYLE.hash("motdepasse"), SYSTEM.user_id)
    api.gapal.store.save(user)
    api.gapal.projector.catch_up()

    assert sign_in(api, "ancien", "motdepasse").status_code == 200
