"""The audit log (admin) and the health check (no authentication)."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.answers import ok
from tests.conftest import BACKENDS, Api, OrderFactory, log_length

ENTRY_FIELDS = {"position", "aggregate_type", "aggregate_id", "aggregate_version", "event_type",
                "occurred_at", "user_id", "username", "data"}


def audit(api: Api, **params: Any) -> list[dict[str, Any]]:
    """Every entry matching the filters, all pages followed."""
    page = ok(api.call("admin", "GET", "/api/audit/", params={"page_size": 200, **params}))
    entries: list[dict[str, Any]] = page["results"]
    while page["next"]:
        page = ok(api.call("admin", "GET", page["next"]))
        entries += page["results"]
    assert len(entries) == page["count"]
    return entries


def user_id(api: Api, who: str) -> str:
    found: str = ok(api.call(who, "GET", "/api/auth/me/"))["id"]
    return found


# Audit


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_audit_log_lists_every_change_in_log_order_with_who_made_it(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    ok(api.call("admin", "PATCH", f"/api/orders/{order['id']}/payment/",
                json={"payment_status": "payee"}))
    entries = audit(api)
    assert all(set(entry) == ENTRY_FIELDS for entry in entries)
    positions = [entry["position"] for entry in entries]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    assert positions[-1] == log_length(api.gapal)
    assert all(datetime.fromisoformat(e["occurred_at"]).utcoffset() is not None for e in entries)

    about_order = [e for e in entries if e["aggregate_id"] == order["id"]]
    assert [(e["aggregate_version"], e["username"], e["user_id"]) for e in about_order] == [
        (1, "vendeur", user_id(api, "vendeur")), (2, "admin", user_id(api, "admin"))]
    placed, paid = about_order
    assert placed["aggregate_type"] == paid["aggregate_type"]
    assert placed["event_type"] != paid["event_type"]
    assert placed["data"]["client_name"] == "Awa Bationo"
    assert paid["event_type"] == "Order.PaymentReceived"
    assert (paid["data"]["amount"], paid["data"]["method"], paid["data"]["order_number"]) == (
        order["total_price"], "especes", order["order_number"])
    history = ok(api.call("admin", "GET", f"/api/orders/{order['id']}/history/"))["results"]
    assert [{k: v for k, v in e.items() if k != "position"} for e in about_order] == [
        {k: v for k, v in e.items() if k != "position"} for e in history]


def test_the_audit_log_is_paginated(api: Api) -> None:
    first = ok(api.call("admin", "GET", "/api/audit/", params={"page_size": 3}))
    assert first["count"] == log_length(api.gapal)
    assert first["previous"] is None
    second = ok(api.call("admin", "GET", first["next"]))
    assert [e["position"] for e in first["results"] + second["results"]] == sorted(
        e["position"] for e in first["results"] + second["results"])
    assert first["results"][-1]["position"] < second["results"][0]["position"]


def test_the_audit_log_filters_by_aggregate_type_and_event_type(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order()
    ok(api.call("admin", "PATCH", f"/api/orders/{order['id']}/status/",
                json={"delivery_status": "annulee"}))
    placed, cancelled = audit(api, aggregate_id=order["id"])
    kind = placed["aggregate_type"]
    of_kind = audit(api, aggregate_type=kind)
    assert of_kind == [placed, cancelled]
    assert audit(api, event_type=cancelled["event_type"]) == [cancelled]
    assert audit(api, aggregate_type=kind, event_type=placed["event_type"]) == [placed]
    assert audit(api, aggregate_type="Inconnu") == []


def test_the_audit_log_filters_by_aggregate_and_user(api: Api, place_order: OrderFactory,
                                                     catalogue: dict[str, Any]) -> None:
    order = place_order(who="vendeur")
    ok(api.call("gestionnaire_stocks", "POST", "/api/stock/entry/",
                json={"product_id": catalogue["gapal"]["id"], "quantity": 1}), 201)
    by_seller = audit(api, user_id=user_id(api, "vendeur"))
    assert order["id"] in {e["aggregate_id"] for e in by_seller}
    assert by_seller == [e for e in audit(api) if e["username"] == "vendeur"]
    assert {e["username"] for e in by_seller} == {"vendeur"}
    by_keeper = audit(api, user_id=user_id(api, "gestionnaire_stocks"))
    assert [e["aggregate_id"] for e in by_keeper] == [catalogue["gapal"]["id"]]
    gapal_entries = audit(api, aggregate_id=catalogue["gapal"]["id"])
    assert len(gapal_entries) == 3  # registered, initial stock, the entry above
    assert {e["aggregate_id"] for e in gapal_entries} == {catalogue["gapal"]["id"]}
    assert audit(api, aggregate_id=str(uuid.uuid4())) == []


def test_the_audit_log_filters_by_day(api: Api) -> None:
    entries = audit(api)
    day = datetime.fromisoformat(entries[-1]["occurred_at"]).astimezone(UTC).date()
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    assert audit(api, date_from=day, date_to=day) == entries
    assert audit(api, date_from=before) == entries
    assert audit(api, date_to=before) == []
    assert audit(api, date_from=after) == []


def test_the_audit_log_refuses_malformed_filters(api: Api) -> None:
    for params in ({"aggregate_id": "pas-un-uuid"}, {"user_id": "x"}, {"date_from": "hier"}):
        assert api.call("admin", "GET", "/api/audit/", params=params).status_code == 422


def test_no_password_hash_ever_appears(api: Api) -> None:
    created = ok(api.call("admin", "POST", "/api/users/", json={
        "username": "rasmata", "email": "rasmata@gapal.bf", "password": "secret-de-rasmata",
        "role": "vendeur", "phone": "70 00 00 00"}), 201)
    ok(api.call("admin", "PATCH", f"/api/users/{created['id']}/",
                json={"password": "nouveau-secret-1"}))
    ok(api.call("admin", "DELETE", f"/api/users/{created['id']}/"))
    entries = audit(api)
    about_her = [e for e in entries if e["aggregate_id"] == created["id"]]
    assert len(about_her) >= 3  # registered, password changed, deactivated
    assert any(e["data"].get("username") == "rasmata" for e in about_her)
    answers = [json.dumps(entries),
               api.call("admin", "GET", "/api/users/").text,
               api.call("admin", "GET", f"/api/users/{created['id']}/").text,
               api.call("admin", "GET", "/api/auth/me/").text]
    for text in answers:
        for secret in ("password_hash", "$argon2", "$2b$", "secret-de-rasmata",
                       "nouveau-secret-1"):
            assert secret not in text


@pytest.mark.parametrize("who", ["vendeur", "gestionnaire_commandes", "gestionnaire_stocks"])
def test_only_an_admin_reads_the_audit_log(api: Api, who: str) -> None:
    answer = api.call(who, "GET", "/api/audit/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"
    assert api.call(None, "GET", "/api/audit/").status_code == 401


# Health


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_health_answers_without_authentication(api: Api, database_url: str,
                                               place_order: OrderFactory) -> None:
    place_order()
    health = ok(api.call(None, "GET", "/api/health/"))
    assert health["status"] == "ok"
    assert isinstance(health["version"], str)
    assert health["version"]
    assert health["event_store"] == ("postgresql" if database_url.startswith("postgres")
                                     else "sqlite")
    assert health["pubsub"] == "memory"
    assert set(health["projections"]) == {"read_models", "seal"}  # the read models, the seal
    for name, state in health["projections"].items():
        assert isinstance(name, str)
        assert set(state) == {"position", "lag"}
        assert isinstance(state["position"], int)
        assert isinstance(state["lag"], int)
        assert state["lag"] >= 0
        assert state["position"] + state["lag"] == log_length(api.gapal)


def test_health_shows_no_lag_once_a_write_is_answered(api: Api,
                                                      place_order: OrderFactory) -> None:
    place_order()
    health = ok(api.call(None, "GET", "/api/health"))
    assert health["projections"]["read_models"] == {"position": log_length(api.gapal), "lag": 0}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_health_is_degraded_while_the_projection_stands_still_behind_the_log(api: Api) -> None:
    api.gapal.projector.stop()
    api.gapal.settings.write_wait_seconds = 0.1
    api.gapal.settings.projection_stall_seconds = 0.3
    assert ok(api.call(None, "GET", "/api/health/"))["status"] == "ok"
    time.sleep(0.4)  # idle for longer than the threshold: no lag, no stall
    saved = api.call("admin", "POST", "/api/categories/", json={"name": "Beurre"})
    assert saved.status_code == 503  # in the log, and nobody projects it
    lagging = ok(api.call(None, "GET", "/api/health/"))
    assert lagging["status"] == "ok"  # a lag just seen may be a projector at work
    assert lagging["projections"]["read_models"]["lag"] > 0
    time.sleep(0.4)  # longer than the position may stand still
    stalled = ok(api.call(None, "GET", "/api/health/"))
    assert stalled["status"] == "degraded"
    assert stalled["failure_count"] == 0
    assert stalled["projections"]["read_models"] == lagging["projections"]["read_models"]
    api.gapal.projector.catch_up()
    assert api.call("admin", "POST", "/api/categories/", json={"name": "Fromage"}
                    ).status_code == 503
    moved = ok(api.call(None, "GET", "/api/health/"))
    assert moved["status"] == "ok"  # the projection moved since: this lag is a new one
    api.gapal.projector.catch_up()
    caught_up = ok(api.call(None, "GET", "/api/health/"))
    assert caught_up["status"] == "ok"
    assert caught_up["projections"]["read_models"]["lag"] == 0


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_health_is_degraded_while_the_audit_seal_stands_still_behind_the_log(
        api: Api, place_order: OrderFactory) -> None:
    api.gapal.sealer.stop()
    api.gapal.settings.projection_stall_seconds = 0.3
    place_order()  # projected for the read models, and nobody seals it
    lagging = ok(api.call(None, "GET", "/api/health/"))
    assert lagging["status"] == "ok"  # a lag just seen may be a sealer at work
    assert lagging["projections"]["seal"]["lag"] > 0
    assert lagging["projections"]["read_models"]["lag"] == 0
    time.sleep(0.4)
    stalled = ok(api.call(None, "GET", "/api/health/"))
    assert stalled["status"] == "degraded"
    assert stalled["failure_count"] == 0
    api.gapal.sealer.catch_up()
    sealed = ok(api.call(None, "GET", "/api/health/"))
    assert sealed["status"] == "ok"
    assert sealed["projections"]["seal"] == {"position": log_length(api.gapal), "lag": 0}
