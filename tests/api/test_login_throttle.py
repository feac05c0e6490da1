"""Failed sign-ins are counted per (username, client address): a stranger cannot lock a manager
out; X-Forwarded-For counts only from a trusted proxy; an admin may unlock a user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api import app
from api.deps import ApiDeps
from gapal.settings import Settings
from tests.conftest import Api

PROXY = "10.0.0.2"
BEHIND_PROXY = "10.0.0.0/8"


def from_address(api: Api, address: str, proxies: str = "") -> TestClient:
    """A client at `address`, on this api's Gapal, trusting `proxies`."""
    deps: ApiDeps = api.client.app.state.deps  # type: ignore[attr-defined] (the app's state)
    trusting = replace(deps, trusted_proxies=Settings.networks_of(proxies))
    return TestClient(app.create_app(trusting, version="test", run_projector=False),
                      client=(address, 40000))


@pytest.fixture
def stranger(api: Api) -> Iterator[TestClient]:
    with from_address(api, "203.0.113.66") as client:
        yield client


@pytest.fixture
def behind_proxy(api: Api) -> Iterator[TestClient]:
    with from_address(api, PROXY, proxies=BEHIND_PROXY) as client:
        yield client


def login(client: TestClient, username: str, password: str, **headers: str) -> Any:
    return client.post("/api/auth/login/", json={"username": username, "password": password},
                       headers=headers)


def lock(client: TestClient, username: str, **headers: str) -> None:
    for _ in range(5):
        assert login(client, username, "wrong-password", **headers).status_code == 401
    assert login(client, username, "wrong-password", **headers).status_code == 429


def test_a_stranger_locks_only_his_own_address_out(api: Api, stranger: TestClient) -> None:
    lock(stranger, "gestionnaire_commandes")
    assert login(api.client, "gestionnaire_commandes", "password-123").status_code == 200
    assert login(stranger, "gestionnaire_commandes", "password-123").status_code == 429


def test_forwarded_for_is_ignored_from_an_untrusted_peer(stranger: TestClient) -> None:
    for hop in range(5):
        forged = {"X-Forwarded-For": f"198.51.100.{hop}"}
        assert login(stranger, "admin", "wrong-password", **forged).status_code == 401
    forged = {"X-Forwarded-For": "198.51.100.99"}
    assert login(stranger, "admin", "wrong-password", **forged).status_code == 429


def test_a_trusted_proxy_names_the_client_it_forwards(behind_proxy: TestClient) -> None:
    lock(behind_proxy, "vendeur", **{"X-Forwarded-For": "198.51.100.7"})
    other = {"X-Forwarded-For": "198.51.100.8"}
    assert login(behind_proxy, "vendeur", "password-123", **other).status_code == 200


def test_behind_a_proxy_the_left_hops_a_client_writes_are_not_believed(
        behind_proxy: TestClient) -> None:
    lock(behind_proxy, "vendeur", **{"X-Forwarded-For": "1.1.1.1, 198.51.100.7, 10.0.0.3"})
    forged = {"X-Forwarded-For": "2.2.2.2, 198.51.100.7, 10.0.0.3"}
    assert login(behind_proxy, "vendeur", "password-123", **forged).status_code == 429


def test_a_garbled_forwarded_for_counts_against_the_proxy(behind_proxy: TestClient) -> None:
    lock(behind_proxy, "vendeur", **{"X-Forwarded-For": "not-an-address"})
    assert login(behind_proxy, "vendeur", "password-123").status_code == 429


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    assert Settings(trusted_proxies="10.0.0.1, 192.168.0.0/16").proxy_networks()
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="proxy.example")


# Unlocking


def test_an_admin_unlocks_a_user_and_the_audit_says_who(api: Api, stranger: TestClient) -> None:
    user = api.user("gestionnaire_stocks", "Issouf")
    lock(api.client, "issouf")
    lock(stranger, "Issouf")
    answer = api.call("admin", "POST", f"/api/users/{user['id']}/unlock/")
    assert answer.status_code == 200, answer.text
    assert answer.json()["username"] == "Issouf"
    assert login(api.client, "Issouf", "password-123").status_code == 200
    assert login(stranger, "Issouf", "password-123").status_code == 200
    entries = api.call("admin", "GET", "/api/audit/", params={
        "aggregate_id": user["id"], "event_type": "User.SignInUnlocked"}).json()["results"]
    assert [entry["username"] for entry in entries] == ["admin"]


@pytest.mark.parametrize("who", ["gestionnaire_commandes", "gestionnaire_stocks", "vendeur"])
def test_only_an_admin_may_unlock(api: Api, who: str) -> None:
    lock(api.client, "vendeur")
    target = api.call(who, "GET", "/api/auth/me/").json()["id"]
    answer = api.call(who, "POST", f"/api/users/{target}/unlock/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"
    assert login(api.client, "vendeur", "password-123").status_code == 429


def test_unlocking_an_unknown_user_is_not_found(api: Api) -> None:
    answer = api.call("admin", "POST", "/api/users/00000000-0000-4000-8000-000000000001/unlock/")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
