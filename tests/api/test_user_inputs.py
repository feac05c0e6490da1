"""What an admin types for a user, and what a person types to sign in, is checked and normalised:
usernames (NFKC, visible characters only), e-mail addresses, phones, passwords."""

from __future__ import annotations

import pytest

from tests.api.test_users import created, new_user, sign_in
from tests.conftest import BACKENDS, Api, log_length

# Usernames


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_username_is_stored_nfkc_and_signs_in_however_it_is_typed(api: Api) -> None:
    user = created(api, "ｍａｒｉａｍ")  # fullwidth, as some phone keyboards type it

    assert user["username"] == "mariam"
    for typed in ("mariam", "ｍａｒｉａｍ", "MARIAM"):
        assert sign_in(api, typed, "password-123").status_code == 200, typed
    assert new_user(api, "mariam").json()["code"] == "duplicate_username"


@pytest.mark.parametrize("invisible", [
    "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u0007", "\u00ad", "\u3000"])
def test_a_username_with_an_invisible_or_control_character_is_refused(
        api: Api, invisible: str) -> None:
    before = log_length(api.gapal)

    answer = new_user(api, f"ad{invisible}min")

    assert answer.status_code == 400, answer.text
    assert "caractères visibles" in answer.json()["detail"]
    assert log_length(api.gapal) == before


def test_the_lockout_counts_every_spelling_of_a_name(api: Api) -> None:
    created(api, "salif")
    for typed in ("salif", "ｓａｌｉｆ") * 2 + ("ｓａｌｉｆ",):
        assert sign_in(api, typed, "wrong-password").status_code == 401

    assert sign_in(api, "salif", "password-123").status_code == 429
