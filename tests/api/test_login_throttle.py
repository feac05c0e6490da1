"""Failed sign-ins are counted per (username, client address): a stranger cannot lock a manager
out; X-Forwarded-For counts only from a trusted proxy; an admin may unlock a user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api import app
from api.deps import ApiDeps
from api.login_attempts import WINDOW, login_failures
from api.login_limits import LoginLimits
from api.sessions import refresh_tokens
from application.passwords import Passwords
from gapal.bootstrap import bootstrap, ensure_admin
from gapal.settings import Settings
from gapal.web import api_deps
from tests.conftest import ADMIN_PASSWORD, BACKENDS, Api, make_settings
from tests.integration.test_concurrency import in_parallel

PROXY = "10.0.0.2"
BEHIND_PROXY = "10.0.0.0/8"


def from_address(api: Api, address: str, proxies: str = "",
                 limits: LoginLimits | None = None) -> TestClient:
    """A client at `address`, on this api's Gapal, trusting `proxies`."""
    deps: ApiDeps = api.client.app.state.deps  # type: ignore[attr-defined] (the app's state)
    trusting = replace(deps, trusted_proxies=Settings.networks_of(proxies),
                       login_limits=limits or deps.login_limits)
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


def refresh(client: TestClient, token: str) -> Any:
    return client.post("/api/auth/refresh/", json={"refresh": token})


def lock(client: TestClient, username: str, **headers: str) -> None:
    for _ in range(5):
        assert login(client, username, "wrong-password", **headers).status_code == 401
    assert login(client, username, "wrong-password", **headers).status_code == 429


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_name_that_grows_when_case_folded_is_counted_not_a_crash(api: Api) -> None:
    name = "ß" * 150  # "ss" * 150 once folded: longer than the column
    for _ in range(5):
        assert login(api.client, name, "wrong-password").status_code == 401
    assert login(api.client, name, "wrong-password").status_code == 429


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


# Floods


def test_an_address_beyond_its_logins_per_minute_gets_429_whoever_it_names(api: Api) -> None:
    with from_address(api, "203.0.113.5", limits=LoginLimits(per_minute=3)) as flooder, \
            from_address(api, "203.0.113.6", limits=LoginLimits(per_minute=3)) as neighbour:
        for name in ("vendeur", "ghost", "admin"):
            assert login(flooder, name, "wrong-password").status_code == 401
        known, unknown = login(flooder, "vendeur", "x"), login(flooder, "nobody", "x")
        assert known.status_code == unknown.status_code == 429
        assert known.json() == unknown.json()
        assert known.json()["code"] == "too_many_attempts"
        assert 0 < int(known.headers["Retry-After"]) <= 60
        assert login(neighbour, "vendeur", "password-123").status_code == 200


@pytest.fixture
def one_check_at_once(tmp_path: Path) -> Iterator[TestClient]:
    """A Gapal whose password checks take real time, and only one of them at once."""
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'slow.db'}", tmp_path),
                      passwords=Passwords(time_cost=4, memory_cost=16 * 1024))
    gapal.start()
    ensure_admin(gapal, "admin", ADMIN_PASSWORD)
    limits = LoginLimits(checks_at_once=1, check_wait_seconds=0.01)
    try:
        with TestClient(app.create_app(replace(api_deps(gapal), login_limits=limits),
                                       version="test", run_projector=False)) as client:
            yield client
    finally:
        gapal.close()


def test_logins_beyond_the_password_check_slots_get_429_alike(
        one_check_at_once: TestClient) -> None:
    names = ["admin", "nobody"] * 4
    answers = in_parallel([lambda name=name: login(one_check_at_once, name, "wrong-password")
                           for name in names], threads=len(names))
    busy = [answer for answer in answers if answer.status_code == 429]
    assert busy, [answer.status_code for answer in answers]
    assert {answer.status_code for answer in answers} == {401, 429}
    assert len({answer.text for answer in busy}) == 1
    assert busy[0].json()["code"] == "too_many_attempts"
    assert int(busy[0].headers["Retry-After"]) > 0


# Purge


def test_counters_whose_window_is_over_are_purged_at_the_next_login(api: Api) -> None:
    old = datetime.now(UTC) - WINDOW - timedelta(seconds=1)
    with api.gapal.db.writer.begin() as conn:
        conn.execute(login_failures.insert().values(username="ancien", client="10.1.1.1",
                                                    attempts=5, window_start=old))
    lock(api.client, "vendeur")
    with api.gapal.db.reader.connect() as conn:
        names = conn.execute(sa.select(login_failures.c.username)).scalars().all()
    assert names == ["vendeur"]


def test_expired_refresh_tokens_are_purged_when_tokens_are_issued(api: Api) -> None:
    sessions = api.client.app.state.deps.tokens.sessions  # type: ignore[attr-defined]
    sessions.remember_refresh("expired", "u1", datetime.now(UTC) - timedelta(seconds=1))
    sessions.remember_refresh("alive", "u1", datetime.now(UTC) + timedelta(days=1))
    fresh = login(api.client, "vendeur", "password-123").json()
    assert refresh(api.client, fresh["refresh"]).status_code == 200
    with api.gapal.db.reader.connect() as conn:
        jtis = set(conn.execute(sa.select(refresh_tokens.c.jti)).scalars())
    assert "expired" not in jtis
    assert "alive" in jtis
