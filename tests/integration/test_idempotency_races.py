"""One `Idempotency-Key` sent eight times at once: one effect, eight identical answers.

Threads post the same keyed request together, trial after trial, on every endpoint that takes
the key; each trial's answers must match exactly and the log must hold exactly one effect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api import fast_world
from tests.conftest import BACKENDS, Api
from tests.integration import test_concurrency
from tests.integration.conftest import (
    ServerProcess,
)
from tests.integration.test_concurrency import all_pages, in_parallel

TRIALS = {"postgresql": 20, "sqlite": 6}  # SQLite serialises its writers: fewer trials do
THREADS = 8
TRIALS_ACROSS_PROCESSES = 5
KEEPER = "gestionnaire_stocks"


@dataclass(frozen=True)
class Keyed:
    """An endpoint taking the key, its user, the body of trial `n`, and how to count effects."""

    who: str
    path: str
    body: Callable[[dict[str, Any], int], dict[str, Any]]
    movement_type: str | None  # None: the effects are orders


def stock_move(quantity: Callable[[int], float]) -> Callable[..., dict[str, Any]]:
    return lambda catalogue, n: {"product_id": catalogue["milk"]["id"], "quantity": quantity(n),
                                 "reason": f"Essai {n}"}


ENDPOINTS = {
    "order": Keyed("vendeur", "/api/orders/", lambda catalogue, n: {
        "client_name": f"Client {n}",
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]}, None),
    "entry": Keyed(KEEPER, "/api/stock/entry/", stock_move(lambda _: 2), "entree"),
    "exit": Keyed(KEEPER, "/api/stock/exit/", stock_move(lambda _: 0.25), "sortie"),
    "adjustment": Keyed(KEEPER, "/api/stock/adjustment/",
                        stock_move(lambda n: 20 + n), "ajustement"),
}


def effects(api: Api, keyed: Keyed, product_id: str) -> int:
    def get(path: str) -> httpx.Response:
        return api.call("admin", "GET", path)  # type: ignore[no-any-return]

    if keyed.movement_type is None:
        return len(all_pages(get, "/api/orders/?"))
    return len(all_pages(get, f"/api/stock/movements/?product_id={product_id}"
                              f"&movement_type={keyed.movement_type}"))


def assert_one_answer(answers: list[httpx.Response], trial: object) -> None:
    seen = Counter((a.status_code, a.json().get("id") or a.json().get("code"))
                   for a in answers)
    assert len(seen) == 1, (trial, seen)
    assert answers[0].status_code == 201, answers[0].text
    assert all(a.json() == answers[0].json() for a in answers), trial


api, catalogue = fast_world.api, fast_world.catalogue  # the fast world's fixtures


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_one_key_sent_eight_times_at_once_has_one_effect_and_one_answer(
        api: Api, catalogue: dict[str, Any], endpoint: str) -> None:
    keyed = ENDPOINTS[endpoint]
    milk = catalogue["milk"]["id"]
    before = effects(api, keyed, milk)

    trials = TRIALS[api.gapal.store.backend]
    for trial in range(trials):
        answers = in_parallel([partial(
            api.call, keyed.who, "POST", keyed.path, json=keyed.body(catalogue, trial),
            headers={"Idempotency-Key": f"{endpoint}-{trial}"})] * THREADS)

        assert_one_answer(answers, trial)
    assert effects(api, keyed, milk) == before + trials


shared_schema = test_concurrency.shared_schema


@pytest.mark.slow  # two server processes start: 7 s idle, 20 s on a busy 2-CPU machine
@pytest.mark.postgres
def test_one_key_sent_to_two_server_processes_at_once_has_one_effect_and_one_answer(
        shared_schema: str, server_processes: list[ServerProcess], tmp_path: Path) -> None:
    with test_concurrency.two_servers_with_milk(shared_schema, server_processes, tmp_path,
                                                10) as (remote, milk):
        catalogue = {"milk": milk}
        for endpoint in ("order", "entry"):
            keyed = ENDPOINTS[endpoint]
            for trial in range(TRIALS_ACROSS_PROCESSES):
                body, key = keyed.body(catalogue, trial), {"Idempotency-Key": f"{endpoint}-{trial}"}
                answers = in_parallel([  # spread over both processes
                    partial(remote.call, i, "POST", keyed.path, json=body, headers=key)
                    for i in range(THREADS)])
                assert_one_answer(answers, (endpoint, trial))
        orders = remote.call(0, "GET", "/api/orders/").json()
        assert orders["count"] == TRIALS_ACROSS_PROCESSES
        product = remote.call(1, "GET", f"/api/products/{milk['id']}/").json()
        assert product["stock_quantity"] == 10 + 2 * TRIALS_ACROSS_PROCESSES
