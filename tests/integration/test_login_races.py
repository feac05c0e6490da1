"""Parallel sign-ins, for real (threads on PostgreSQL, repeated trials): whatever the
concurrency, a (username, address) gets at most five password checks per window."""

from __future__ import annotations

from collections import Counter

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
        waits = in_parallel([lambda name=name: attempts.reserve(name, "10.0.0.1")] * CALLS,
                            threads=CALLS)
        assert waits.count(0) == MAX_ATTEMPTS, (trial, waits)


def test_forty_parallel_logins_check_at_most_five_passwords(api: Api) -> None:
    for trial in range(TRIALS):
        name = f"gerant-{trial}"
        api.user("gestionnaire_commandes", name)
        passwords = ["password-123"] + ["wrong-password"] * (CALLS - 1)
        answers = in_parallel([
            (lambda password=password, name=name: api.client.post(
                "/api/auth/login/", json={"username": name, "password": password}))
            for password in passwords], threads=CALLS)
        statuses = Counter(answer.status_code for answer in answers)
        assert statuses[200] + statuses[401] <= MAX_ATTEMPTS, (trial, statuses)
        assert statuses[429] >= CALLS - MAX_ATTEMPTS, (trial, statuses)
        assert set(statuses) <= {200, 401, 429}, (trial, statuses)
