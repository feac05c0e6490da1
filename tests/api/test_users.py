"""Users (admin only): list, create, read, revise, deactivate, and the last admin who stays."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.conftest import ADMIN_PASSWORD, BACKENDS, ROLES, Api

USER_FIELDS = {"id", "username", "email", "role", "phone", "is_active", "created_at"}


def new_user(api: Api, username: str, role: str = "vendeur", **fields: Any) -> Any:
    body = {"username": username, "email": f"{username}@gapal.bf", "password": "password-123",
            "role": role, "phone": "", **fields}
    return api.call("admin", "POST", "/api/users/", json=body)


def created(api: Api, username: str, role: str = "vendeur", **fields: Any) -> dict[str, Any]:
    answer = new_user(api, username, role, **fields)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def usernames(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [u["username"] for u in answer.json()["results"]]


def sign_in(api: Api, username: str, password: str) -> Any:
    return api.client.post("/api/auth/login/", json={"username": username, "password": password})


def admin_id(api: Api) -> str:
    user_id: str = api.call("admin", "GET", "/api/auth/me/").json()["id"]
    return user_id


# Create and read


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_admin_creates_a_user_who_can_sign_in(api: Api) -> None:
    answer = new_user(api, "aminata", "gestionnaire_commandes", phone="+226 70 11 22 33")
    assert answer.status_code == 201, answer.text
    user = answer.json()
    assert set(user) >= USER_FIELDS
    assert user["username"] == "aminata"
    assert user["email"] == "aminata@gapal.bf"
    assert user["role"] == "gestionnaire_commandes"
    assert user["phone"] == "+22670112233"
    assert user["is_active"] is True
    assert api.call("admin", "GET", f"/api/users/{user['id']}/").json() == user
    signed = sign_in(api, "aminata", "password-123")
    assert signed.status_code == 200
    assert signed.json()["user"]["id"] == user["id"]


def test_each_role_can_be_given(api: Api) -> None:
    for role in ROLES:
        assert created(api, f"user-{role}", role)["role"] == role


def test_an_unknown_role_is_a_validation_error(api: Api) -> None:
    assert new_user(api, "ali", "patron").status_code == 422


def test_a_short_password_is_refused(api: Api) -> None:
    answer = new_user(api, "ali", password="court")
    assert answer.status_code in (400, 422)
    assert "court" not in answer.text


def test_a_username_with_spaces_is_refused(api: Api) -> None:
    answer = new_user(api, "ali traore")
    assert answer.status_code in (400, 422)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_duplicate_username_is_refused(api: Api) -> None:
    created(api, "issa")
    answer = new_user(api, "issa", "admin")
    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_username"
    assert answer.json()["detail"]
    assert usernames(api.call("admin", "GET", "/api/users/", params={"search": "issa"})) == ["issa"]


def test_a_username_differing_only_in_case_is_a_duplicate(api: Api) -> None:
    created(api, "Issa")
    answer = new_user(api, "issa")
    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_username"


def test_an_unknown_user_is_not_found(api: Api) -> None:
    answer = api.call("admin", "GET", "/api/users/00000000-0000-4000-8000-000000000000/")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


# List


def test_the_user_list_is_paginated(api: Api) -> None:
    for n in range(3):
        created(api, f"vendeur-{n}")
    answer = api.call("admin", "GET", "/api/users/", params={"page_size": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 7
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    last = api.call("admin", "GET", "/api/users/", params={"page_size": 2, "page": 4}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert "page=3" in last["previous"]
    every = [u["id"] for page in (1, 2, 3, 4) for u in api.call(
        "admin", "GET", "/api/users/", params={"page_size": 2, "page": page}).json()["results"]]
    assert len(set(every)) == 7


def test_a_page_size_over_200_is_refused(api: Api) -> None:
    assert api.call("admin", "GET", "/api/users/", params={"page_size": 201}).status_code == 422


def test_the_list_filters_by_role(api: Api) -> None:
    created(api, "second-admin", "admin")
    assert sorted(usernames(api.call("admin", "GET", "/api/users/", params={"role": "admin"}))) \
        == ["admin", "second-admin"]
    assert usernames(api.call("admin", "GET", "/api/users/", params={"role": "vendeur"})) \
        == ["vendeur"]


def test_the_list_filters_by_activity(api: Api) -> None:
    gone = created(api, "parti")
    api.call("admin", "DELETE", f"/api/users/{gone['id']}/")
    assert usernames(api.call("admin", "GET", "/api/users/", params={"is_active": "false"})) \
        == ["parti"]
    active = usernames(api.call("admin", "GET", "/api/users/", params={"is_active": "true"}))
    assert "parti" not in active
    assert len(active) == 4


def test_the_search_ignores_accents_and_case(api: Api) -> None:
    created(api, "Kaboré")
    created(api, "ouedraogo", email="Élodie.Ouédraogo@gapal.bf")
    created(api, "zongo", phone="+226 76 54 32 10")
    search = "/api/users/"
    assert usernames(api.call("admin", "GET", search, params={"search": "kabore"})) == ["Kaboré"]
    assert usernames(api.call("admin", "GET", search, params={"search": "KABORÉ"})) == ["Kaboré"]
    assert usernames(api.call("admin", "GET", search, params={"search": "elodie"})) \
        == ["ouedraogo"]
    assert usernames(api.call("admin", "GET", search, params={"search": "76 54"})) == ["zongo"]
    assert usernames(api.call("admin", "GET", search, params={"search": "personne"})) == []


def test_filters_combine(api: Api) -> None:
    created(api, "kabore-admin", "admin")
    created(api, "kabore-vendeur", "vendeur")
    answer = api.call("admin", "GET", "/api/users/", params={"search": "kabore", "role": "admin"})
    assert usernames(answer) == ["kabore-admin"]


def test_the_list_works_without_the_trailing_slash(api: Api) -> None:
    assert len(usernames(api.call("admin", "GET", "/api/users"))) == 4


# Revise


def test_patch_changes_role_email_and_phone(api: Api) -> None:
    user = created(api, "fatou")
    answer = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={
        "role": "gestionnaire_stocks", "email": "fatou@laiterie.bf", "phone": "70 00 00 01"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["role"] == "gestionnaire_stocks"
    assert body["email"] == "fatou@laiterie.bf"
    assert body["phone"] == "+22670000001"
    assert body["username"] == "fatou"
    assert api.call("admin", "GET", f"/api/users/{user['id']}/").json() == body


def test_put_changes_the_fields_it_is_given(api: Api) -> None:
    user = created(api, "fatou")
    answer = api.call("admin", "PUT", f"/api/users/{user['id']}/",
                      json={"role": "gestionnaire_commandes", "email": "f@gapal.bf",
                            "phone": "70000002", "is_active": True})
    assert answer.status_code == 200, answer.text
    assert answer.json()["role"] == "gestionnaire_commandes"
    assert answer.json()["email"] == "f@gapal.bf"


def test_a_new_role_takes_effect_on_the_current_token(api: Api) -> None:
    user = api.user("vendeur", "rasmane")
    assert api.call("rasmane", "GET", "/api/users/").status_code == 403
    api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"role": "admin"})
    assert api.call("rasmane", "GET", "/api/users/").status_code == 200


def test_a_new_password_works_and_the_old_one_no_longer_does(api: Api) -> None:
    user = created(api, "boukary")
    answer = api.call("admin", "PATCH", f"/api/users/{user['id']}/",
                      json={"password": "nouveau-mot-de-passe"})
    assert answer.status_code == 200, answer.text
    assert sign_in(api, "boukary", "nouveau-mot-de-passe").status_code == 200
    assert sign_in(api, "boukary", "password-123").status_code == 401


def test_a_short_new_password_is_refused(api: Api) -> None:
    user = created(api, "boukary")
    answer = api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"password": "abc"})
    assert answer.status_code in (400, 422)
    assert sign_in(api, "boukary", "password-123").status_code == 200


def test_the_version_grows_with_each_change(api: Api) -> None:
    user = created(api, "fatou")
    changed = api.call("admin", "PATCH", f"/api/users/{user['id']}/",
                       json={"phone": "70 00 00 09"}).json()
    assert changed["version"] > user["version"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_patch_with_a_stale_version_is_a_conflict(api: Api) -> None:
    user = created(api, "fatou")
    path = f"/api/users/{user['id']}/"
    first = api.call("admin", "PATCH", path, json={"phone": "70 00 00 01",
                                                  "version": user["version"]})
    assert first.status_code == 200, first.text
    stale = api.call("admin", "PATCH", path, json={"email": "autre@gapal.bf",
                                                  "version": user["version"]})
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert api.call("admin", "GET", path).json()["email"] == "fatou@gapal.bf"
    fresh = api.call("admin", "PATCH", path, json={"email": "autre@gapal.bf",
                                                  "version": first.json()["version"]})
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["email"] == "autre@gapal.bf"


def test_revising_an_unknown_user_is_not_found(api: Api) -> None:
    answer = api.call("admin", "PATCH", "/api/users/00000000-0000-4000-8000-000000000000/",
                      json={"phone": "70000000"})
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


# Deactivate


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_delete_deactivates_and_erases_nothing(api: Api) -> None:
    user = created(api, "adama")
    answer = api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    assert answer.status_code == 200, answer.text
    assert answer.json()["is_active"] is False
    assert answer.json()["username"] == "adama"
    kept = api.call("admin", "GET", f"/api/users/{user['id']}/")
    assert kept.status_code == 200
    assert kept.json()["is_active"] is False
    assert kept.json()["email"] == "adama@gapal.bf"
    assert "adama" in usernames(api.call("admin", "GET", "/api/users/"))


def test_deleting_twice_still_answers_the_inactive_user(api: Api) -> None:
    user = created(api, "adama")
    api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    again = api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    assert again.status_code == 200
    assert again.json()["is_active"] is False


def test_a_deactivated_username_stays_taken(api: Api) -> None:
    user = created(api, "adama")
    api.call("admin", "DELETE", f"/api/users/{user['id']}/")
    answer = new_user(api, "adama")
    assert answer.status_code == 409
    assert answer.json()["code"] == "duplicate_username"


# The last admin


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_last_active_admin_cannot_be_deactivated(api: Api) -> None:
    answer = api.call("admin", "DELETE", f"/api/users/{admin_id(api)}/")
    assert answer.status_code == 409
    assert answer.json()["code"] == "last_admin"
    assert api.call("admin", "GET", "/api/auth/me/").json()["is_active"] is True


def test_the_last_active_admin_cannot_be_deactivated_by_patch(api: Api) -> None:
    answer = api.call("admin", "PATCH", f"/api/users/{admin_id(api)}/", json={"is_active": False})
    assert answer.status_code == 409
    assert answer.json()["code"] == "last_admin"
    assert api.call("admin", "GET", "/api/auth/me/").status_code == 200


def test_the_last_active_admin_cannot_be_demoted(api: Api) -> None:
    path = f"/api/users/{admin_id(api)}/"
    answer = api.call("admin", "PATCH", path, json={"role": "vendeur"})
    assert answer.status_code == 409
    assert answer.json()["code"] == "last_admin"
    assert api.call("admin", "GET", path).json()["role"] == "admin"


def test_a_refused_demotion_changes_nothing_else_in_the_same_request(api: Api) -> None:
    path = f"/api/users/{admin_id(api)}/"
    before = api.call("admin", "GET", path).json()
    answer = api.call("admin", "PATCH", path, json={"role": "vendeur", "phone": "70 00 00 07"})
    assert answer.status_code == 409
    assert api.call("admin", "GET", path).json() == before


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_admin_can_leave_once_a_second_admin_exists(api: Api) -> None:
    api.user("admin", "admin2")
    first = admin_id(api)
    demoted = api.call("admin2", "PATCH", f"/api/users/{first}/", json={"role": "vendeur"})
    assert demoted.status_code == 200, demoted.text
    assert demoted.json()["role"] == "vendeur"
    alone = api.call("admin2", "DELETE", f"/api/users/{demoted.json()['id']}/")
    assert alone.status_code == 200
    me = api.call("admin2", "GET", "/api/auth/me/").json()
    refused = api.call("admin2", "DELETE", f"/api/users/{me['id']}/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "last_admin"


def test_a_deactivated_admin_does_not_count(api: Api) -> None:
    second = created(api, "admin2", "admin")
    assert api.call("admin", "DELETE", f"/api/users/{second['id']}/").status_code == 200
    answer = api.call("admin", "PATCH", f"/api/users/{admin_id(api)}/", json={"role": "vendeur"})
    assert answer.status_code == 409
    assert answer.json()["code"] == "last_admin"


def test_a_reactivated_admin_counts_again(api: Api) -> None:
    second = created(api, "admin2", "admin")
    api.call("admin", "DELETE", f"/api/users/{second['id']}/")
    api.call("admin", "PATCH", f"/api/users/{second['id']}/", json={"is_active": True})
    answer = api.call("admin", "DELETE", f"/api/users/{admin_id(api)}/")
    assert answer.status_code == 200, answer.text


def test_an_admin_can_deactivate_another_admin_but_not_the_last(api: Api) -> None:
    second = created(api, "admin2", "admin")
    assert api.call("admin", "DELETE", f"/api/users/{second['id']}/").status_code == 200
    assert api.call("admin", "DELETE", f"/api/users/{admin_id(api)}/").status_code == 409


def test_a_promoted_user_makes_the_first_admin_free_to_go(api: Api) -> None:
    user = created(api, "promu")
    api.call("admin", "PATCH", f"/api/users/{user['id']}/", json={"role": "admin"})
    assert api.call("admin", "DELETE", f"/api/users/{admin_id(api)}/").status_code == 200
    assert sign_in(api, "promu", "password-123").json()["user"]["role"] == "admin"
    assert sign_in(api, "admin", ADMIN_PASSWORD).status_code == 401


# Permissions


@pytest.mark.parametrize("role", ROLES[:-1])
def test_only_admins_manage_users(api: Api, role: str) -> None:
    target = api.call("admin", "GET", "/api/users/", params={"role": "vendeur"}).json()
    path = f"/api/users/{target['results'][0]['id']}/"
    for method, url, body in (("GET", "/api/users/", None), ("GET", path, None),
                              ("PATCH", path, {"phone": "70000000"}),
                              ("PUT", path, {"role": "admin"}), ("DELETE", path, None),
                              ("POST", "/api/users/", {"username": "intrus", "email": "",
                                                       "password": "password-123",
                                                       "role": "admin", "phone": ""})):
        answer = api.call(role, method, url, json=body)
        assert answer.status_code == 403, (method, url, answer.text)
        assert answer.json()["code"] == "permission_denied"
    assert sign_in(api, "intrus", "password-123").status_code == 401
    assert api.call("admin", "GET", path).json()["role"] == "vendeur"


def test_users_need_a_token(api: Api) -> None:
    answer = api.client.get("/api/users/")
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"


# Secrets


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_password_hash_never_appears_in_users_nor_in_the_audit(api: Api) -> None:
    user = created(api, "secret")
    path = f"/api/users/{user['id']}/"
    bodies = [
        user,
        api.call("admin", "GET", path).json(),
        api.call("admin", "GET", "/api/users/").json(),
        api.call("admin", "PATCH", path, json={"password": "autre-mot-de-passe"}).json(),
        api.call("admin", "DELETE", path).json(),
        api.call("admin", "GET", "/api/auth/me/").json(),
        api.client.post("/api/auth/login/", json={"username": "admin",
                                                  "password": ADMIN_PASSWORD}).json(),
    ]
    audit = api.call("admin", "GET", "/api/audit/", params={"page_size": 200})
    assert audit.status_code == 200
    bodies.append(audit.json())
    text = json.dumps(bodies)
    assert "password_hash" not in text
    assert "argon2" not in text
    assert "password-123" not in text
    assert "autre-mot-de-passe" not in text
    user_events = [e for e in audit.json()["results"] if e["aggregate_id"] == user["id"]]
    assert len(user_events) >= 3
    for event in user_events:
        assert all("password" not in key for key in event["data"])


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Every call from its own thread, all released at the same moment."""
    start = threading.Barrier(len(calls))

    def released(call: Callable[[], Any]) -> Any:
        start.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(released, calls))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("change", [{"role": "vendeur"}, {"is_active": False}],
                         ids=["demote", "deactivate"])
def test_two_admins_removing_each_other_at_the_same_moment_leave_one_admin(
        api: Api, change: dict[str, Any]) -> None:
    """Each round, both requests start together; whatever the order the store sees them in,
    one wins and the other is refused (409 `last_admin`, or 403/401 once its sender lost
    the role): never zero admins."""
    api.user("admin", "admin2")
    second = api.call("admin2", "GET", "/api/auth/me/").json()["id"]
    ids = {"admin": admin_id(api), "admin2": second}
    for _ in range(4):
        answers = at_once(
            lambda: api.call("admin", "PATCH", f"/api/users/{ids['admin2']}/", json=change),
            lambda: api.call("admin2", "PATCH", f"/api/users/{ids['admin']}/", json=change))
        codes = sorted(answer.status_code for answer in answers)
        assert codes[0] == 200, [a.text for a in answers]
        assert codes[1] in (401, 403, 409), [a.text for a in answers]
        survivor, removed = ("admin", "admin2") if answers[0].status_code == 200 else (
            "admin2", "admin")
        users = api.call(survivor, "GET", "/api/users/", params={"page_size": 200}).json()
        admins = [u["username"] for u in users["results"]
                  if u["role"] == "admin" and u["is_active"]]
        assert admins == [survivor]
        restored = api.call(survivor, "PATCH", f"/api/users/{ids[removed]}/",
                            json={"role": "admin", "is_active": True})
        assert restored.status_code == 200, restored.text
