"""Signing in, refreshing, who am I: the JWT contract of /api/auth/."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from tests.conftest import ADMIN_PASSWORD, BACKENDS, Api

SECRET = "test-secret-key-" + "x" * 32
USER_FIELDS = {"id", "username", "email", "role", "phone", "is_active", "created_at"}


def login(api: Api, username: str, password: str, path: str = "/api/auth/login/") -> Any:
    return api.client.post(path, json={"username": username, "password": password})


def refresh(api: Api, token: str) -> Any:
    return api.client.post("/api/auth/refresh/", json={"refresh": token})


def me(api: Api, token: str) -> Any:
    return api.client.get("/api/auth/me/", headers={"Authorization": f"Bearer {token}"})


def admin_id(api: Api) -> str:
    user_id: str = me(api, api.tokens["admin"]).json()["id"]
    return user_id


def signed(claims: dict[str, Any], key: str = SECRET) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# Login


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_login_answers_tokens_and_the_user(api: Api) -> None:
    answer = login(api, "admin", ADMIN_PASSWORD)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {"access", "refresh", "token_type", "user"} <= set(body)
    assert body["token_type"] == "bearer"
    assert body["access"]
    assert body["refresh"] != body["access"]
    user = body["user"]
    assert set(user) >= USER_FIELDS
    assert user["username"] == "admin"
    assert user["role"] == "admin"
    assert user["is_active"] is True
    assert datetime.fromisoformat(user["created_at"]).utcoffset() is not None
    assert "password" not in json.dumps(body["user"])


def test_login_user_is_the_same_as_me(api: Api) -> None:
    body = login(api, "vendeur", "password-123").json()
    answer = me(api, body["access"])
    assert answer.status_code == 200
    assert answer.json() == body["user"]
    assert body["user"]["role"] == "vendeur"
    assert body["user"]["email"] == "vendeur@gapal.bf"


def test_wrong_password_and_unknown_user_are_refused_alike(api: Api) -> None:
    wrong = login(api, "vendeur", "not-the-password")
    unknown = login(api, "nobody-here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == unknown.json()["code"] == "invalid_credentials"
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.json()["detail"]


def test_an_inactive_user_cannot_sign_in(api: Api) -> None:
    user = api.user("vendeur", "moussa")
    assert api.call("admin", "DELETE", f"/api/users/{user['id']}/").status_code == 200
    answer = login(api, "moussa", "password-123")
    assert answer.status_code == 401
    assert answer.json()["code"] == "invalid_credentials"
    assert "access" not in answer.json()


def test_a_reactivated_user_can_sign_in_again(api: Api) -> None:
    user = api.user("vendeur", "moussa")
    api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    answer = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"is_active": True})
    assert answer.status_code == 200, answer.text
    assert login(api, "moussa", "password-123").status_code == 200


def test_login_works_without_the_trailing_slash(api: Api) -> None:
    answer = login(api, "admin", ADMIN_PASSWORD, path="/api/auth/login")
    assert answer.status_code == 200, answer.text
    assert answer.json()["token_type"] == "bearer"


def test_login_without_a_password_is_a_validation_error(api: Api) -> None:
    answer = api.client.post("/api/auth/login/", json={"username": "admin"})
    assert answer.status_code == 422


def test_malformed_json_is_a_bad_request(api: Api) -> None:
    answer = api.client.post("/api/auth/login/", content=b"{not json",
                             headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["code"]


# Throttling


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_five_failed_logins_lock_the_username_even_for_the_right_password(api: Api) -> None:
    for _ in range(5):
        assert login(api, "vendeur", "wrong-password").status_code == 401
    locked = login(api, "vendeur", "wrong-password")
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_attempts"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert locked.json()["detail"] == "Trop de tentatives échouées : réessayez dans 15 min."
    right = login(api, "vendeur", "password-123")
    assert right.status_code == 429
    assert right.json()["code"] == "too_many_attempts"
    assert "Retry-After" in right.headers
    assert "access" not in right.json()


def test_failed_logins_of_an_unknown_username_are_throttled_too(api: Api) -> None:
    for _ in range(5):
        assert login(api, "ghost", "wrong-password").status_code == 401
    assert login(api, "ghost", "wrong-password").status_code == 429


def test_the_lock_of_one_username_does_not_touch_another(api: Api) -> None:
    for _ in range(5):
        login(api, "vendeur", "wrong-password")
    assert login(api, "gestionnaire_stocks", "password-123").status_code == 200


def test_four_failures_then_success_resets_the_count(api: Api) -> None:
    for _ in range(4):
        assert login(api, "vendeur", "wrong-password").status_code == 401
    assert login(api, "vendeur", "password-123").status_code == 200
    for _ in range(4):
        assert login(api, "vendeur", "wrong-password").status_code == 401
    assert login(api, "vendeur", "password-123").status_code == 200


# Refresh


def test_refresh_rotates_the_pair(api: Api) -> None:
    first = login(api, "vendeur", "password-123").json()
    answer = refresh(api, first["refresh"])
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert {"access", "refresh"} <= set(second)
    assert second["refresh"] != first["refresh"]
    assert me(api, second["access"]).json()["username"] == "vendeur"
    third = refresh(api, second["refresh"])
    assert third.status_code == 200, third.text


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_refresh_token_cannot_be_used_twice(api: Api) -> None:
    first = login(api, "vendeur", "password-123").json()
    assert refresh(api, first["refresh"]).status_code == 200
    again = refresh(api, first["refresh"])
    assert again.status_code == 401
    assert again.json()["code"] == "token_invalid"


def test_an_access_token_is_refused_as_refresh_token(api: Api) -> None:
    access = login(api, "vendeur", "password-123").json()["access"]
    answer = refresh(api, access)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_a_refresh_token_is_refused_as_access_token(api: Api) -> None:
    tokens = login(api, "vendeur", "password-123").json()
    answer = me(api, tokens["refresh"])
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_a_garbage_refresh_token_is_refused(api: Api) -> None:
    answer = refresh(api, "not-a-token")
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_an_expired_refresh_token_is_refused(api: Api) -> None:
    token = signed({"sub": admin_id(api), "typ": "refresh", "jti": "0" * 32,
                    "exp": datetime.now(UTC) - timedelta(seconds=5)})
    answer = refresh(api, token)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"


def test_a_forged_refresh_token_with_an_unknown_jti_is_refused(api: Api) -> None:
    token = signed({"sub": admin_id(api), "typ": "refresh", "jti": "f" * 32,
                    "exp": datetime.now(UTC) + timedelta(days=1)})
    answer = refresh(api, token)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_tokens_live_within_the_contract(api: Api) -> None:
    tokens = login(api, "vendeur", "password-123").json()
    now = datetime.now(UTC).timestamp()
    access = jwt.decode(tokens["access"], SECRET, algorithms=["HS256"])
    refresh_ = jwt.decode(tokens["refresh"], SECRET, algorithms=["HS256"])
    assert access["exp"] - now <= 60 * 60 + 5
    assert refresh_["exp"] - now >= 14 * 24 * 3600 - 5


# Me and bearer tokens


def test_me_answers_the_signed_in_user(api: Api) -> None:
    answer = api.call("gestionnaire_stocks", "GET", "/api/auth/me/")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) >= USER_FIELDS
    assert body["username"] == "gestionnaire_stocks"
    assert body["role"] == "gestionnaire_stocks"
    assert "password_hash" not in body


def test_me_works_without_the_trailing_slash(api: Api) -> None:
    answer = api.call("vendeur", "GET", "/api/auth/me")
    assert answer.status_code == 200
    assert answer.json()["username"] == "vendeur"


def test_a_request_without_token_is_not_authenticated(api: Api) -> None:
    answer = api.client.get("/api/auth/me/")
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"
    assert answer.json()["detail"]


def test_a_request_with_another_scheme_is_not_authenticated(api: Api) -> None:
    answer = api.client.get("/api/products/", headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"


def test_a_tampered_token_is_refused(api: Api) -> None:
    header, _, signature = api.tokens["vendeur"].split(".")
    claims = {"sub": admin_id(api), "typ": "access",
              "exp": int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())}
    forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    answer = me(api, forged)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_a_token_signed_with_another_key_is_refused(api: Api) -> None:
    token = signed({"sub": admin_id(api), "typ": "access",
                    "exp": datetime.now(UTC) + timedelta(minutes=5)}, key="another-key-" + "y" * 40)
    answer = me(api, token)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_an_unsigned_token_is_refused(api: Api) -> None:
    claims = {"sub": admin_id(api), "typ": "access",
              "exp": int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())}
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    token = f"{header}.{b64(json.dumps(claims).encode())}."
    answer = me(api, token)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_invalid"


def test_an_expired_token_is_refused_as_expired(api: Api) -> None:
    token = signed({"sub": admin_id(api), "typ": "access",
                    "exp": datetime.now(UTC) - timedelta(seconds=5)})
    answer = me(api, token)
    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"


def test_a_valid_token_for_an_unknown_user_is_refused(api: Api) -> None:
    token = signed({"sub": "00000000-0000-4000-8000-000000000001", "typ": "access",
                    "exp": datetime.now(UTC) + timedelta(minutes=5)})
    answer = me(api, token)
    assert answer.status_code == 401


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_deactivated_users_tokens_stop_working_at_once(api: Api) -> None:
    user = api.user("vendeur", "salif")
    tokens = login(api, "salif", "password-123").json()
    assert me(api, tokens["access"]).status_code == 200
    assert api.call("admin", "DELETE", f"/api/users/{user['id']}/").status_code == 200
    access = me(api, tokens["access"])
    assert access.status_code == 401
    assert access.json()["code"] in ("token_invalid", "not_authenticated")
    assert api.call("salif", "GET", "/api/products/").status_code == 401
    renewed = refresh(api, tokens["refresh"])
    assert renewed.status_code == 401
    assert "access" not in renewed.json()


def test_a_user_deactivated_by_patch_loses_its_refresh_token_too(api: Api) -> None:
    user = api.user("gestionnaire_commandes", "awa")
    tokens = login(api, "awa", "password-123").json()
    answer = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"is_active": False})
    assert answer.status_code == 200, answer.text
    assert me(api, tokens["access"]).status_code == 401
    assert refresh(api, tokens["refresh"]).status_code == 401


def test_a_reactivated_user_must_sign_in_again(api: Api) -> None:
    user = api.user("vendeur", "salif")
    tokens = login(api, "salif", "password-123").json()
    api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"is_active": True})
    assert refresh(api, tokens["refresh"]).status_code == 401
    assert login(api, "salif", "password-123").status_code == 200


def test_errors_never_leak_a_stack_trace(api: Api) -> None:
    answer = me(api, "a.b.c")
    assert answer.status_code == 401
    assert set(answer.json()) == {"detail", "code"}
    assert "Traceback" not in answer.text
