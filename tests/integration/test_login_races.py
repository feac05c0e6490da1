"""Parallel sign-ins, for real (threads on PostgreSQL, repeated trials): whatever the
concurrency, a (username, address) gets at most five password checks per window."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from api.login_attempts import MAX_ATTEMPTS, LoginAttempts
from tests.conftest import Api
from tests.integration.test_concurrency import in_parallel

TRIALS = 5
CALLS = 40

pytestmark = pytest.mark.parametrize("database_url", [
    pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


def test_forty_parallel_reservations_let_exactly_five_through(api: Api) -> None:
    attempts = LoginAttempts(api.gapal.db)
    for trial in range(TRIALS):
        name = f"cible-{trial}"
        reservations = in_parallel(
            [lambda name=name: attempts.reserve(name, "10.0.0.1")] * CALLS, threads=CALLS)
        granted = [r.attempt for r in reservations if not r.retry_after]
        assert sorted(granted) == list(range(1, MAX_ATTEMPTS + 1)), (trial, reservations)


def test_forty_parallel_wrong_logins_check_five_passwords_and_lock_the_sixth(api: Api) -> None:
    for trial in range(TRIALS):
        name = f"gerant-{trial}"
        api.user("gestionnaire_commandes", name)
        answers = in_parallel([lambda name=name: login(api, name, "wrong-password")] * CALLS,
                              threads=CALLS)
        statuses = Counter(answer.status_code for answer in answers)
        assert statuses == {401: MAX_ATTEMPTS, 429: CALLS - MAX_ATTEMPTS}, (trial, statuses)
        assert login(api, name, "password-123").status_code == 429


def test_a_success_takes_back_the_attempts_before_it_not_those_in_flight(api: Api) -> None:
    attempts = LoginAttempts(api.gapal.db)
    first = attempts.reserve("awa", "10.0.0.1")
    success = attempts.reserve("awa", "10.0.0.1")
    in_flight = [attempts.reserve("awa", "10.0.0.1") for _ in range(3)]
    attempts.succeeded(success)
    assert [r.attempt for r in in_flight] == [3, 4, 5]
    assert attempts.reserve("awa", "10.0.0.1").attempt == 4
    assert attempts.reserve("awa", "10.0.0.1").attempt == 5
    assert attempts.reserve("awa", "10.0.0.1").retry_after > 0
    assert first.retry_after == 0


def login(api: Api, username: str, password: str) -> Any:
    return api.client.post("/api/auth/login/", json={"username": username, "password": password})
