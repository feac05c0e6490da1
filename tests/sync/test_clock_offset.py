"""The clock offset that corrects a phone's events (README "Extensions of the HTTP contract").

The naive offset `server_time - client_time` is the phone's clock skew plus the time the
request spent in flight: a request held back for a minute has its events corrected a minute
too late, and an edit can win a merge against an office edit made after it. A phone that sends
its own measure of its offset (`clock_offset_estimate_seconds` +- `..._error_seconds`) has the
transit left out; one that sends none keeps the old rule."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.clock import MAX_TRANSIT, OffsetEstimate, clock_offset
from tests.answers import ok
from tests.conftest import Api, log_length
from tests.sync import SYNC, Phone, catalogue_of, new_local_id, order_data, world_api

MANAGER = "gestionnaire_commandes"
SKEW = timedelta(hours=-3)  # the phone's clock is three hours behind the server's
HELD = timedelta(seconds=60)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from world_api(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path)


def held_edit_against_the_office(api: Api, phone: Phone) -> tuple[dict[str, Any], dict[str, Any]]:
    """The phone changes the notes and sends at once, but the request is held in flight for a
    minute; meanwhile the office changes the notes too. (The answer, its one result.)"""
    local_id = new_local_id()
    [created] = phone.send(phone.created(local_id, order_data(
        catalogue_of(api)["milk"]["id"], notes="Sonner")))["results"]
    edited = phone.clock() - HELD  # edited and sent a minute ago: still in flight
    update = phone.updated(local_id, {"notes": "Au portail"}, created["order"]["version"],
                           at=edited)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{created['order']['id']}/",
                json={"notes": "Chez la voisine"}))
    reply: dict[str, Any] = ok(phone.post(phone.body([update], client_time=edited)))
    return reply, reply["results"][0]


def test_an_edit_held_in_flight_loses_to_the_office_edit_made_after_it(api: Api) -> None:
    phone = Phone(api, "vendeur", skew=SKEW, measuring=True)
    reply, result = held_edit_against_the_office(api, phone)
    assert result["status"] == "merged"
    assert result["conflicts"] == [{"field": "notes", "client_value": "Au portail",
                                    "server_value": "Chez la voisine", "kept": "server"}]
    assert result["order"]["notes"] == "Chez la voisine"
    assert phone.estimate is not None  # measured on the answer to the order's creation
    error = phone.estimate[1]
    assert abs(reply["clock_offset_seconds"] + SKEW.total_seconds()) <= error + 0.001


def test_a_phone_without_estimate_keeps_the_old_rule_transit_included(api: Api) -> None:
    """The known limit of the old rule, kept for phones that send no estimate: the minute in
    flight counts as skew, and the older edit wins."""
    phone = Phone(api, "vendeur", skew=SKEW)
    reply, result = held_edit_against_the_office(api, phone)
    assert reply["clock_offset_seconds"] == pytest.approx(
        -SKEW.total_seconds() + HELD.total_seconds(), abs=5)
    assert result["conflicts"][0]["kept"] == "client"
    assert result["order"]["notes"] == "Au portail"


NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
SENT = NOW - timedelta(hours=2, seconds=30)  # a clock 2 h behind, a request 30 s in flight
NAIVE = NOW - SENT


def estimate(offset: timedelta, error: float = 0.05) -> OffsetEstimate:
    return OffsetEstimate(offset, timedelta(seconds=error))


@pytest.mark.parametrize(("measured", "expected"), [
    (None, NAIVE),  # an old phone: the old rule
    (estimate(timedelta(hours=2)), timedelta(hours=2)),  # the 30 s in flight left out
    (estimate(NAIVE), NAIVE),
    (estimate(NAIVE + timedelta(seconds=1), 2), NAIVE),  # never more than the naive offset
    (estimate(NAIVE + timedelta(seconds=3), 2), NAIVE),  # impossible: the clock moved; ignored
    (estimate(NAIVE - timedelta(minutes=9)), NAIVE - timedelta(minutes=9)),
    (estimate(NAIVE - timedelta(minutes=11), 90), NAIVE - MAX_TRANSIT),  # at most 10 min off
    (estimate(NAIVE - timedelta(minutes=11), 30), NAIVE),  # 10 min 30 s in flight: ignored
    (estimate(NAIVE - timedelta(days=20_000)), NAIVE),  # a 1970 clock since the measure
    (estimate(timedelta(hours=2), 601), NAIVE),  # vaguer than what it may discount
])
def test_the_offset_takes_the_phone_estimate_within_the_naive_offset_and_ten_minutes(
        measured: OffsetEstimate | None, expected: timedelta) -> None:
    assert clock_offset(NOW, SENT, measured) == expected


def test_an_estimate_moves_the_events_at_most_ten_minutes_earlier(api: Api) -> None:
    phone = Phone(api, "vendeur")
    body = phone.body([])
    claimed = {"clock_offset_estimate_seconds": -1000, "clock_offset_estimate_error_seconds": 500}
    assert ok(phone.post({**body, **claimed}))["clock_offset_seconds"] == pytest.approx(
        -MAX_TRANSIT.total_seconds(), abs=5)
    far = {"clock_offset_estimate_seconds": -86_400, "clock_offset_estimate_error_seconds": 1}
    assert ok(phone.post({**body, **far}))["clock_offset_seconds"] == pytest.approx(0, abs=5)


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"clock_offset_estimate_seconds": 3.5}, "clock_offset_estimate_error_seconds",
     "envoyez les deux ou aucun"),
    ({"clock_offset_estimate_error_seconds": 0.2}, "clock_offset_estimate_seconds",
     "envoyez les deux ou aucun"),
    ({"clock_offset_estimate_seconds": math.nan, "clock_offset_estimate_error_seconds": 0.2},
     "clock_offset_estimate_seconds", "doit être un nombre de secondes"),
    ({"clock_offset_estimate_seconds": 1e12, "clock_offset_estimate_error_seconds": 0.2},
     "clock_offset_estimate_seconds", "doit être un nombre de secondes"),
    ({"clock_offset_estimate_seconds": 3.5, "clock_offset_estimate_error_seconds": -0.1},
     "clock_offset_estimate_error_seconds", "entre 0 et 86400"),
    ({"clock_offset_estimate_seconds": 3.5, "clock_offset_estimate_error_seconds": math.inf},
     "clock_offset_estimate_error_seconds", "entre 0 et 86400"),
])
def test_a_bad_estimate_is_refused_in_french_and_changes_nothing(
        api: Api, fields: dict[str, float], field: str, words: str) -> None:
    phone = Phone(api, "vendeur")
    before = log_length(api.gapal)
    event = phone.created(new_local_id(), order_data(catalogue_of(api)["milk"]["id"]))
    answer = post_text(api, json.dumps({**phone.body([event]), **fields}))  # NaN as `NaN`
    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", field]
    assert words in problem["msg"]
    assert log_length(api.gapal) == before


def post_text(api: Api, text: str) -> Any:
    return api.call("vendeur", "POST", SYNC, content=text,
                    headers={"Content-Type": "application/json"})


def test_a_huge_number_is_refused_too(api: Api) -> None:
    """`1e400` reaches the server as a decimal, and is no finite float."""
    phone = Phone(api, "vendeur")
    text = json.dumps({**phone.body([]), "clock_offset_estimate_seconds": 12345.5,
                       "clock_offset_estimate_error_seconds": 1})
    answer = post_text(api, text.replace("12345.5", "1e400"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "clock_offset_estimate_seconds"]
