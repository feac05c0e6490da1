"""The first request after a start does not pay for FastAPI's building of its routes."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from gapal.bootstrap import bootstrap
from gapal.web import create_app
from tests.conftest import FAST_PASSWORDS, make_settings


def first_request_ms(client: TestClient) -> float:
    started = time.perf_counter()
    assert client.get("/api/orders/").status_code == 401
    return (time.perf_counter() - started) * 1000


def test_the_routes_are_built_before_the_first_request(tmp_path: Path) -> None:
    """A cold application builds a validator per route at its first request (0.2–0.5 s); the
    lifespan sends one request for no route before serving, so the first user's is quick."""
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=FAST_PASSWORDS)
    try:
        cold = first_request_ms(TestClient(create_app(gapal, run_projector=False)))
        with TestClient(create_app(gapal, run_projector=False)) as client:  # lifespan runs
            warm = first_request_ms(client)
    finally:
        gapal.close()
    assert warm < cold / 3, (warm, cold)
