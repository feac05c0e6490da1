"""A password change or a deactivation ends the user's sessions: access and refresh tokens
issued before it are refused, even after a reactivation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from tests.conftest import BACKENDS, Api

SECRET = "test-secret-key-" + "x" * 32


def login(api: Api, username: str, password: str = "password-123") -> dict[str, Any]:
    answer = api.client.post("/api/auth/login/", json={"username": username,
                                                        "password": password})
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens


def me(api: Api, access: str) -> Any:
    return api.client.get("/api/auth/me/", headers={"Authorization": f"Bearer {access}"})


def refresh(api: Api, token: str) -> Any:
    return api.client.post("/api/auth/refresh/", json={"refresh": token})


def patch(api: Api, who: str, user_id: str, **changes: Any) -> None:
    answer = api.call(who, "PATCH", f"/api/users/{user_id}/", json=changes)
    assert answer.status_code == 200, answer.text


def assert_ended(api: Api, tokens: dict[str, Any]) -> None:
    answer = me(api, tokens["access"])
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"
    assert refresh(api, tokens["refresh"]).status_code == 401


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_password_changed_by_an_admin_ends_the_users_sessions(api: Api) -> None:
    user = api.user("vendeur", "salif")
    before = login(api, "salif")
    patch(api, "admin", user["id"], password="nouveau-mdp-2026")
    assert_ended(api, before)
    after = login(api, "salif", "nouveau-mdp-2026")
    assert me(api, after["access"]).status_code == 200
    assert refresh(api, after["refresh"]).status_code == 200


def test_a_password_an_admin_changes_for_himself_ends_his_other_sessions(api: Api) -> None:
    chief = api.user("admin", "chef")
    laptop, phone = login(api, "chef"), login(api, "chef")
    patch(api, "chef", chief["id"], password="nouveau-mdp-2026")
    assert_ended(api, laptop)
    assert_ended(api, phone)


def test_refreshed_tokens_of_an_ended_session_are_refused_too(api: Api) -> None:
    user = api.user("gestionnaire_stocks", "issouf")
    renewed = refresh(api, login(api, "issouf")["refresh"]).json()
    patch(api, "admin", user["id"], password="nouveau-mdp-2026")
    assert_ended(api, renewed)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_tokens_from_before_a_deactivation_stay_dead_after_the_reactivation(api: Api) -> None:
    user = api.user("gestionnaire_commandes", "awa")
    before = login(api, "awa")
    assert api.call("admin", "DELETE", f"/api/users/{user['id']}/").status_code == 200
    patch(api, "admin", user["id"], is_active=True)
    assert_ended(api, before)
    assert me(api, login(api, "awa")["access"]).status_code == 200


def test_other_changes_keep_the_sessions(api: Api) -> None:
    user = api.user("vendeur", "moussa")
    tokens = login(api, "moussa")
    patch(api, "admin", user["id"], email="moussa@example.bf", phone="+22670000000")
    assert me(api, tokens["access"]).status_code == 200
    assert refresh(api, tokens["refresh"]).status_code == 200


def test_a_token_with_a_garbled_sessions_version_is_refused(api: Api) -> None:
    user_id = me(api, api.tokens["vendeur"]).json()["id"]
    forged = jwt.encode({"sub": user_id, "typ": "access", "ver": "9",
                         "exp": datetime.now(UTC) + timedelta(minutes=5)}, SECRET)
    answer = me(api, forged)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"
