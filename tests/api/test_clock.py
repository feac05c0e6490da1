"""One clock, given at bootstrap, is the time of the use cases, the tokens and the routes: a test
moves it instead of waiting (the log's own event times stay the machine's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.clock import MovableClock
from tests.answers import ok
from tests.api.test_orders import items
from tests.conftest import ADMIN_PASSWORD, Api

ONE_SECOND = timedelta(seconds=1)


def me(api: Api) -> Any:
    return api.call("admin", "GET", "/api/auth/me/")


def test_an_access_token_expires_when_the_clock_passes_its_lifetime(
        api: Api, clock: MovableClock) -> None:
    ok(me(api))
    clock.advance(timedelta(minutes=api.gapal.settings.access_token_minutes) + ONE_SECOND)

    answer = me(api)

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"


def test_a_refresh_token_expires_when_the_clock_passes_its_days(
        api: Api, clock: MovableClock) -> None:
    signed_in = ok(api.client.post("/api/auth/login/", json={"username": "admin",
                                                             "password": ADMIN_PASSWORD}))
    clock.advance(timedelta(days=api.gapal.settings.refresh_token_days) + ONE_SECOND)

    answer = api.client.post("/api/auth/refresh/", json={"refresh": signed_in["refresh"]})

    assert answer.status_code == 401
    assert answer.json()["code"] == "token_expired"


def test_an_order_is_numbered_by_the_day_of_the_clock(
        api: Api, catalogue: dict[str, Any], clock: MovableClock) -> None:
    clock.set(datetime(2031, 3, 14, 23, 59, tzinfo=UTC))
    api.sign_in_again()  # the world's tokens expired long before 2031

    placed = ok(api.call("admin", "POST", "/api/orders/", json={
        "client_name": "Awa", "items": items(catalogue, milk=1)}), 201)

    assert placed["order_number"].startswith("310314-")


def test_a_sync_answers_the_time_of_the_clock(api: Api, clock: MovableClock) -> None:
    clock.set(datetime(2031, 3, 14, 8, 0, tzinfo=UTC))
    api.sign_in_again()

    answer = ok(api.call("vendeur", "POST", "/api/orders/sync/", json={
        "device_id": "0b5c6f5e-3f1e-4a8e-9a51-7d2b0a3c9e10",
        "client_time": "2031-03-14T07:00:00+00:00", "events": []}))

    assert datetime.fromisoformat(answer["server_time"]) == clock.now()
    assert answer["clock_offset_seconds"] == 3600
