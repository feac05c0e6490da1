"""`POST /api/orders/sync/` as API.md "Offline sync" says: events in order, one result each,
exactly once, merged on the log with the clock corrected, and the rules of Orders and Roles."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.answers import ok
from tests.conftest import BACKENDS, Api, log_length
from tests.sync import SYNC, Phone, catalogue_of, later, new_local_id, order_data, world_api

MANAGER = "gestionnaire_commandes"
RESULT_FIELDS = {"event_id", "local_id", "status", "order", "customer", "conflicts", "error"}
HOURS = timedelta(hours=5)


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    """The `api` of `tests.conftest` (users named by role), on a copied SQLite world."""
    yield from world_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    """The `catalogue` of `tests.conftest`: milk 10 L at 500, gapal 5 sachets at 250."""
    return catalogue_of(api)


def me(api: Api, who: str) -> str:
    user_id: str = ok(api.call(who, "GET", "/api/auth/me/"))["id"]
    return user_id


def order_of(api: Api, order_id: str, who: str = MANAGER) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call(who, "GET", f"/api/orders/{order_id}/"))
    return body


def office(api: Api, order_id: str, path: str = "", **body: Any) -> dict[str, Any]:
    """A change made at the office, through the ordinary endpoints."""
    answer: dict[str, Any] = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order_id}/{path}",
                                         json=body))
    return answer


def history(api: Api, order_id: str, who: str = MANAGER) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = ok(api.call(who, "GET", f"/api/orders/{order_id}/history/",
                                               params={"page_size": 200}))["results"]
    return events


def logged_conflicts(api: Api, order_id: str) -> list[dict[str, Any]]:
    return [c for e in history(api, order_id) if e["event_type"] == "Order.ConflictSettled"
            for c in e["data"]["conflicts"]]


def orders_count(api: Api) -> int:
    count: int = ok(api.call("admin", "GET", "/api/orders/"))["count"]
    return count


def created_order(phone: Phone, product_id: str, **fields: Any) -> dict[str, Any]:
    """An order created offline and synced: its local_id, version 1, `applied`."""
    local_id = new_local_id()
    [result] = phone.send(phone.created(local_id, order_data(product_id, **fields)))["results"]
    assert result["status"] == "applied", result
    assert result["order"]["version"] == 1
    order: dict[str, Any] = result["order"]
    return order


def rejected(result: dict[str, Any], code: str) -> dict[str, Any]:
    assert result["status"] == "rejected", result
    assert result["error"]["code"] == code, result
    assert isinstance(result["error"]["detail"], str)
    assert result["error"]["detail"]
    assert result["conflicts"] == []
    return result


# The batch: in order, one result each, one bad event never fails the others


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_batch_is_applied_in_order_with_one_result_per_event(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    local_id = new_local_id()
    created = phone.created(local_id, order_data(
        milk, 2.5, delivery_address="Secteur 5, Koudougou", delivery_date="2026-12-01",
        priority="haute", notes="Sonner deux fois"))
    updated = phone.updated(local_id, {"notes": "Laisser chez la voisine",
                                       "items": [{"product_id": milk, "quantity": 2.5},
                                                 {"product_id": gapal, "quantity": 2}]}, 1)
    client_time = phone.clock()

    body = ok(phone.post(phone.body([created, updated], client_time)))

    assert set(body) == {"server_time", "clock_offset_seconds", "results"}
    server_time = datetime.fromisoformat(body["server_time"])
    assert server_time.tzinfo is not None
    assert body["clock_offset_seconds"] == pytest.approx(
        (server_time - client_time).total_seconds(), abs=1e-3)
    first, second = body["results"]
    assert set(first) == RESULT_FIELDS
    assert (first["event_id"], first["local_id"]) == (created["event_id"], local_id)
    assert (second["event_id"], second["local_id"]) == (updated["event_id"], local_id)
    assert [r["status"] for r in body["results"]] == ["applied", "applied"]
    assert first["error"] is None
    assert first["conflicts"] == []
    order = second["order"]
    assert first["order"] == order  # the current order, after the whole batch
    assert order["local_id"] == local_id
    assert order["client_name"] == "Awa Bationo"
    assert order["client_phone"] in ("+22670123456", "70123456", "+226 70 12 34 56")
    assert order["delivery_date"] == "2026-12-01"
    assert order["priority"] == "haute"
    assert order["notes"] == "Laisser chez la voisine"
    assert [(i["product_id"], i["quantity"], i["unit_price"], i["subtotal"])
            for i in order["items"]] == [(milk, 2.5, 500, 1250), (gapal, 2, 250, 500)]
    assert order["total_price"] == 1750
    assert order["delivery_status"] == "nouvelle"
    assert order["version"] == 2
    # Read-your-writes: the list and the detail already show it.
    assert order_of(api, order["id"], "vendeur") == order
    assert orders_count(api) == 1


def test_one_bad_event_is_rejected_and_the_others_applied(api: Api,
                                                         catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    milk = catalogue["milk"]["id"]
    archived = ok(api.call("admin", "POST", "/api/products/", json={
        "name": "Fromage (ancien)", "category_id": catalogue["category"]["id"], "unit": "pièce",
        "unit_price": 1500, "min_stock_level": 0}), 201)["id"]
    ok(api.call("admin", "DELETE", f"/api/products/{archived}/"))
    good = [phone.created(new_local_id(), order_data(milk)) for _ in range(2)]
    bad = {
        "unknown_product": phone.created(new_local_id(), order_data(str(uuid.uuid4()))),
        "archived_product": phone.created(new_local_id(), order_data(archived)),
        "bad_phone": phone.created(new_local_id(), order_data(milk, client_phone="12 34")),
        "unknown_type": {**phone.created(new_local_id(), order_data(milk)),
                         "type": "order_deleted"},
        "items_not_a_list": phone.created(new_local_id(), {**order_data(milk), "items": "lait"}),
        "no_items": phone.created(new_local_id(), {**order_data(milk), "items": []}),
        "bad_quantity": phone.created(new_local_id(), order_data(milk, -1)),
        "too_precise": phone.created(new_local_id(), order_data(milk, 1.2345)),
        "no_client_name": phone.created(new_local_id(), {"items": order_data(milk)["items"]}),
        "bad_status": phone.updated(good[0]["local_id"], {"delivery_status": "perdue"}, 1),
        "unknown_order": phone.updated(new_local_id(), {"notes": "?"}, 1),
        "no_time_zone": {**phone.created(new_local_id(), order_data(milk)),
                         "occurred_at": "2026-11-23T08:15:00"},
    }
    batch = [good[0], *bad.values(), good[1]]
    before = log_length(api.gapal)

    results = phone.send(*batch)["results"]

    assert results[0]["status"] == results[-1]["status"] == "applied"
    for (name, event), result in zip(bad.items(), results[1:-1], strict=True):
        assert result["status"] == "rejected", (name, result)
        assert set(result["error"]) == {"code", "detail"}, (name, result)
        assert result["error"]["code"], (name, result)
        assert result["error"]["detail"], (name, result)
        assert "Traceback" not in json.dumps(result)
        if event["type"] == "order_created":
            assert result["order"] is None, name
    assert results[1]["error"]["code"] == "unknown_product"
    assert rejected(results[-3], "not_found")["order"] is None
    # The two good orders and nothing else were written.
    assert orders_count(api) == 2
    after = log_length(api.gapal)
    assert after > before
    again = phone.send(*batch)["results"]
    assert [r["status"] for r in again] == ["duplicate", *["rejected"] * len(bad), "duplicate"]
    assert log_length(api.gapal) == after


def test_an_update_in_the_same_batch_as_a_rejected_creation_is_rejected_too(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    results = phone.send(
        phone.created(local_id, order_data(str(uuid.uuid4()))),
        phone.updated(local_id, {"notes": "Après"}, 1))["results"]
    rejected(results[0], "unknown_product")
    rejected(results[1], "not_found")
    assert orders_count(api) == 0


# Exactly once


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_resent_event_id_is_a_duplicate_with_the_current_order_and_changes_nothing(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    batch = [phone.created(local_id, order_data(catalogue["milk"]["id"])),
             phone.updated(local_id, {"notes": "Portail bleu"}, 1)]
    first = phone.send(*batch)["results"]
    assert [r["status"] for r in first] == ["applied", "applied"]
    order_id = first[0]["order"]["id"]
    office(api, order_id, priority="haute")
    current = order_of(api, order_id)
    length = log_length(api.gapal)

    for _ in range(3):
        again = phone.send(*batch)["results"]
        assert [r["status"] for r in again] == ["duplicate", "duplicate"]
        assert [r["order"] for r in again] == [current, current]
        assert all(r["conflicts"] == [] and r["error"] is None for r in again)
    # Also one event at a time, and from another device of the same user.
    other = Phone(api, "vendeur", skew=-HOURS)
    assert other.send(batch[1])["results"][0]["status"] == "duplicate"

    assert log_length(api.gapal) == length
    assert order_of(api, order_id) == current
    assert current["notes"] == "Portail bleu"
    assert current["priority"] == "haute"
    assert orders_count(api) == 1


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_same_local_id_never_makes_a_second_order(api: Api,
                                                      catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    local_id = new_local_id()
    order = phone.send(phone.created(local_id, order_data(milk)))["results"][0]["order"]
    length = log_length(api.gapal)

    # The phone lost its outbox and records the creation again, under a new event id.
    [again] = phone.send(phone.created(local_id, order_data(gapal, 3, client_name="Autre")))[
        "results"]
    assert again["status"] == "duplicate"
    assert again["order"] == order
    # The ordinary endpoint with that local_id answers the same order (200, not 201).
    answer = api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Encore", "local_id": local_id,
        "items": [{"product_id": gapal, "quantity": 1}]})
    assert answer.status_code == 200, answer.text
    assert answer.json() == order
    assert log_length(api.gapal) == length
    assert orders_count(api) == 1

    # And the other way round: placed online first, then synced.
    placed = ok(api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "En ligne", "local_id": (online := new_local_id()),
        "items": [{"product_id": milk, "quantity": 1}]}), 201)
    [synced] = phone.send(phone.created(online, order_data(milk)))["results"]
    assert synced["status"] == "duplicate"
    assert synced["order"]["id"] == placed["id"]
    assert synced["order"]["client_name"] == "En ligne"
    assert orders_count(api) == 2


def test_another_sellers_local_id_neither_makes_an_order_nor_shows_theirs(
        api: Api, catalogue: dict[str, Any]) -> None:
    mine = created_order(Phone(api, "vendeur"), catalogue["milk"]["id"])
    other_seller = api.user("vendeur")["username"]
    theirs = Phone(api, other_seller)
    length = log_length(api.gapal)

    created, updated = theirs.send(
        theirs.created(mine["local_id"], order_data(catalogue["milk"]["id"])),
        theirs.updated(mine["local_id"], {"notes": "Pirate"}, 1))["results"]

    assert created["status"] in ("duplicate", "rejected")
    assert created["order"] is None
    rejected(updated, "not_found")
    assert updated["order"] is None
    assert "Awa" not in json.dumps([created, updated])
    assert log_length(api.gapal) == length
    assert orders_count(api) == 1
    assert order_of(api, mine["id"])["notes"] == ""


# Merging on the log


def test_changes_on_different_fields_both_apply(api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order = created_order(phone, catalogue["milk"]["id"])
    edit = phone.updated(order["local_id"], {"notes": "Après la mosquée"}, 1,
                         at=later(phone.clock(), -600))  # offline, ten minutes ago
    office(api, order["id"], priority="haute", delivery_address="Marché central")

    [result] = phone.send(edit)["results"]

    assert result["status"] == "applied"
    assert result["conflicts"] == []
    merged = result["order"]
    assert (merged["notes"], merged["priority"], merged["delivery_address"]) == (
        "Après la mosquée", "haute", "Marché central")
    assert logged_conflicts(api, order["id"]) == []


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("skew", [timedelta(0), -HOURS, HOURS], ids=["on-time", "slow", "fast"])
def test_both_sides_changed_the_later_phone_edit_wins_on_corrected_time(
        api: Api, catalogue: dict[str, Any], skew: timedelta) -> None:
    phone = Phone(api, "vendeur", skew=skew)
    order = created_order(phone, catalogue["milk"]["id"])
    office(api, order["id"], notes="Bureau : livrer le matin")
    time.sleep(0.05)
    edit = phone.updated(order["local_id"], {"notes": "Téléphone : livrer le soir"}, 1)

    [result] = phone.send(edit)["results"]

    assert result["status"] == "merged"
    assert result["conflicts"] == [{"field": "notes", "client_value": "Téléphone : livrer le soir",
                                    "server_value": "Bureau : livrer le matin",
                                    "kept": "client"}]
    assert result["order"]["notes"] == "Téléphone : livrer le soir"
    # The losing value stays in the log, with the device and the phone's event.
    [settled] = [e for e in history(api, order["id"])
                 if e["event_type"] == "Order.ConflictSettled"]
    assert settled["data"]["conflicts"] == result["conflicts"]
    assert settled["data"]["device_id"] == phone.device_id
    assert settled["data"]["sync_event_id"] == edit["event_id"]
    assert settled["username"] == "vendeur"


@pytest.mark.parametrize("skew", [timedelta(0), -HOURS, HOURS], ids=["on-time", "slow", "fast"])
def test_both_sides_changed_the_later_office_edit_wins_on_corrected_time(
        api: Api, catalogue: dict[str, Any], skew: timedelta) -> None:
    phone = Phone(api, "vendeur", skew=skew)
    order = created_order(phone, catalogue["milk"]["id"])
    edit = phone.updated(order["local_id"], {"notes": "Téléphone", "priority": "basse"}, 1,
                         at=later(phone.clock(), -120))  # two minutes before the office
    office(api, order["id"], notes="Bureau")

    [result] = phone.send(edit)["results"]

    assert result["status"] == "merged"
    assert result["conflicts"] == [{"field": "notes", "client_value": "Téléphone",
                                    "server_value": "Bureau", "kept": "server"}]
    assert (result["order"]["notes"], result["order"]["priority"]) == ("Bureau", "basse")
    assert logged_conflicts(api, order["id"]) == result["conflicts"]


def test_the_clock_offset_decides_not_the_phones_raw_clock(api: Api,
                                                          catalogue: dict[str, Any]) -> None:
    """Raw times say the opposite of corrected ones: the phone is 5 hours slow or fast."""
    milk = catalogue["milk"]["id"]
    slow, fast = Phone(api, "vendeur", skew=-HOURS), Phone(api, "vendeur", skew=HOURS)
    first, second = created_order(slow, milk), created_order(fast, milk)
    office(api, first["id"], notes="Bureau")
    office(api, second["id"], notes="Bureau")
    time.sleep(0.05)
    # Slow phone: edited just now, its raw time is 5 hours before the office's edit.
    [slow_result] = slow.send(slow.updated(first["local_id"], {"notes": "Lent"}, 1))["results"]
    # Fast phone: edited 10 minutes ago, its raw time is hours after the office's edit.
    fast_edit = fast.updated(second["local_id"], {"notes": "Rapide"}, 1,
                             at=later(fast.clock(), -600))
    [fast_result] = fast.send(fast_edit)["results"]

    assert slow_result["conflicts"][0]["kept"] == "client"
    assert slow_result["order"]["notes"] == "Lent"
    assert fast_result["conflicts"][0]["kept"] == "server"
    assert fast_result["order"]["notes"] == "Bureau"
    assert fast.send(fast.updated(second["local_id"], {}, None))["clock_offset_seconds"] == \
        pytest.approx(-HOURS.total_seconds(), abs=5)


def test_two_offline_edits_of_one_field_the_later_one_wins(api: Api,
                                                           catalogue: dict[str, Any]) -> None:
    """The phone does not know the versions its own edits will make: both carry base 1."""
    phone = Phone(api, "vendeur", skew=HOURS)
    local_id = new_local_id()
    start = phone.clock()
    results = phone.send(
        phone.created(local_id, order_data(catalogue["milk"]["id"]), at=later(start, -900)),
        phone.updated(local_id, {"notes": "Premier"}, 1, at=later(start, -600)),
        phone.updated(local_id, {"notes": "Second", "priority": "haute"}, 1,
                      at=later(start, -300)))["results"]

    assert [r["status"] for r in results] == ["applied", "applied", "applied"]
    assert all(r["conflicts"] == [] for r in results)
    assert results[-1]["order"]["notes"] == "Second"
    assert results[-1]["order"]["priority"] == "haute"
    assert logged_conflicts(api, results[0]["order"]["id"]) == []


def test_an_edit_resent_after_a_lost_answer_still_wins_over_the_phones_own_older_edit(
        api: Api, catalogue: dict[str, Any]) -> None:
    """Batch 1 reached the server but its answer was lost; the phone sends its whole outbox
    again with one more edit, still on base 1."""
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    outbox = [phone.created(local_id, order_data(catalogue["milk"]["id"])),
              phone.updated(local_id, {"notes": "Premier"}, 1)]
    phone.send(*outbox)  # answer lost
    time.sleep(0.02)
    outbox.append(phone.updated(local_id, {"notes": "Second"}, 1))

    results = phone.send(*outbox)["results"]

    assert [r["status"] for r in results] == ["duplicate", "duplicate", "applied"]
    assert results[-1]["order"]["notes"] == "Second"


def test_a_newer_edit_that_arrived_first_is_not_undone_by_an_older_one(
        api: Api, catalogue: dict[str, Any]) -> None:
    """Two requests of one phone crossed on the network: the newer edit arrived first."""
    phone = Phone(api, "vendeur", skew=-HOURS)
    order = created_order(phone, catalogue["milk"]["id"])
    start = phone.clock()
    older = phone.updated(order["local_id"], {"notes": "Ancien"}, 1, at=later(start, -300))
    newer = phone.updated(order["local_id"], {"notes": "Nouveau"}, 1, at=later(start, -60))
    assert phone.send(newer)["results"][0]["status"] == "applied"

    [result] = phone.send(older)["results"]

    assert result["status"] == "merged"
    assert result["conflicts"] == [{"field": "notes", "client_value": "Ancien",
                                    "server_value": "Nouveau", "kept": "server"}]
    assert result["order"]["notes"] == "Nouveau"
    assert logged_conflicts(api, order["id"]) == result["conflicts"]


@pytest.mark.parametrize("early_syncs_first", [True, False], ids=["early-first", "late-first"])
def test_a_phone_edit_made_before_another_phones_edit_loses_to_it(
        api: Api, catalogue: dict[str, Any], early_syncs_first: bool) -> None:
    """Two managers' phones, both offline: the later edit wins, whichever syncs first."""
    early = Phone(api, MANAGER, skew=HOURS)
    late = Phone(api, "admin", skew=-HOURS)
    order = created_order(early, catalogue["milk"]["id"])
    early_edit = early.updated(order["local_id"], {"notes": "Tôt"}, 1,
                               at=later(early.clock(), -600))
    late_edit = late.updated(order["local_id"], {"notes": "Tard"}, 1,
                             at=later(late.clock(), -300))
    if early_syncs_first:
        assert early.send(early_edit)["results"][0]["status"] == "applied"
        [result] = late.send(late_edit)["results"]
        expected = {"field": "notes", "client_value": "Tard", "server_value": "Tôt",
                    "kept": "client"}
    else:
        assert late.send(late_edit)["results"][0]["status"] == "applied"
        [result] = early.send(early_edit)["results"]
        expected = {"field": "notes", "client_value": "Tôt", "server_value": "Tard",
                    "kept": "server"}

    assert result["status"] == "merged"
    assert result["conflicts"] == [expected]
    assert result["order"]["notes"] == "Tard"
    assert logged_conflicts(api, order["id"]) == [expected]


def test_an_unknown_or_future_base_version_is_rejected(api: Api,
                                                       catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order = created_order(phone, catalogue["milk"]["id"])
    [result] = phone.send(phone.updated(order["local_id"], {"notes": "x"}, 7))["results"]
    assert rejected(result, "invalid_input")["order"] == order
    answer = phone.post(phone.body([phone.updated(order["local_id"], {"notes": "x"}, 0)]))
    assert answer.status_code == 422


# Rules: who may change what


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_seller_may_not_change_an_order_the_office_has_taken(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order = created_order(phone, catalogue["milk"]["id"])
    edit = phone.updated(order["local_id"], {"notes": "Trop tard", "delivery_status": "annulee"},
                         1)
    taken = office(api, order["id"], "status/", delivery_status="en_preparation")
    length = log_length(api.gapal)

    [result] = phone.send(edit)["results"]

    rejected(result, "order_locked")
    assert result["order"] == taken  # the current order, so the phone can show what happened
    assert result["order"]["delivery_status"] == "en_preparation"
    assert log_length(api.gapal) == length
    # Sent again: still refused, still nothing written.
    rejected(phone.send(edit)["results"][0], "order_locked")
    assert log_length(api.gapal) == length


def test_a_seller_may_change_own_new_order_but_not_anothers(api: Api,
                                                            catalogue: dict[str, Any]) -> None:
    placed = ok(api.call(MANAGER, "POST", "/api/orders/", json={
        "client_name": "Bureau", "local_id": (office_local := new_local_id()),
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]}), 201)
    phone = Phone(api, "vendeur")
    mine = created_order(phone, catalogue["milk"]["id"])
    length = log_length(api.gapal)

    theirs, own = phone.send(
        phone.updated(office_local, {"notes": "Pas à moi"}, 1),
        phone.updated(mine["local_id"], {"notes": "À moi", "payment_status": "payee"}, 1),
    )["results"]

    assert rejected(theirs, "not_found")["order"] is None
    assert own["status"] == "applied"
    assert (own["order"]["notes"], own["order"]["payment_status"]) == ("À moi", "payee")
    assert order_of(api, placed["id"])["version"] == placed["version"]
    assert log_length(api.gapal) > length


def test_the_creator_is_the_signed_in_user_whatever_the_data_says(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    data = order_data(catalogue["milk"]["id"], created_by=me(api, "admin"),
                      created_by_username="admin", total_price=1, order_number="FAUX-1")

    [result] = phone.send(phone.created(new_local_id(), data))["results"]

    order = result["order"]
    assert order["created_by"] == me(api, "vendeur")
    assert order["created_by_username"] == "vendeur"
    assert order["total_price"] == 500
    assert order["order_number"] != "FAUX-1"
    placed = [e for e in history(api, order["id"]) if e["event_type"] == "Order.Placed"]
    assert placed[0]["username"] == "vendeur"


def test_roles_that_may_not_sync_are_refused_and_nothing_is_written(
        api: Api, catalogue: dict[str, Any]) -> None:
    length = log_length(api.gapal)
    stock_keeper = Phone(api, "gestionnaire_stocks")
    event = stock_keeper.created(new_local_id(), order_data(catalogue["milk"]["id"]))
    answer = stock_keeper.post(stock_keeper.body([event]))
    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "permission_denied"
    empty = stock_keeper.post(stock_keeper.body([]))
    assert empty.status_code == 403, empty.text
    anonymous = api.call(None, "POST", SYNC, json=stock_keeper.body([event]))
    assert anonymous.status_code == 401
    assert log_length(api.gapal) == length


def test_statuses_never_move_backwards_through_sync(api: Api,
                                                    catalogue: dict[str, Any]) -> None:
    phone = Phone(api, MANAGER, skew=-HOURS)
    order = created_order(phone, catalogue["milk"]["id"])
    office(api, order["id"], "status/", delivery_status="en_cours")
    time.sleep(0.05)

    # Later than the office, yet backwards: the server keeps its status.
    [back] = phone.send(phone.updated(order["local_id"],
                                      {"delivery_status": "en_preparation"}, 1))["results"]
    assert back["status"] == "merged"
    assert back["conflicts"] == [{"field": "delivery_status", "client_value": "en_preparation",
                                  "server_value": "en_cours", "kept": "server"}]
    assert back["order"]["delivery_status"] == "en_cours"
    # Even from an up-to-date base.
    [again] = phone.send(phone.updated(order["local_id"], {"delivery_status": "nouvelle"},
                                       back["order"]["version"]))["results"]
    assert again["conflicts"][0]["kept"] == "server"
    # Forward is fine, and `livree` takes the milk out of stock.
    [done] = phone.send(phone.updated(order["local_id"], {"delivery_status": "livree"},
                                      again["order"]["version"]))["results"]
    assert done["status"] == "applied"
    assert done["order"]["delivery_status"] == "livree"
    milk = ok(api.call("vendeur", "GET", f"/api/products/{catalogue['milk']['id']}/"))
    assert milk["stock_quantity"] == 9
    # `livree` is final.
    [final] = phone.send(phone.updated(order["local_id"], {"delivery_status": "annulee"},
                                       done["order"]["version"]))["results"]
    assert final["conflicts"][0]["kept"] == "server"
    assert order_of(api, order["id"])["delivery_status"] == "livree"
    values = [(c["client_value"], c["server_value"]) for c in logged_conflicts(api, order["id"])]
    assert values == [("en_preparation", "en_cours"), ("nouvelle", "en_cours"),
                      ("annulee", "livree")]


def test_a_sync_delivery_short_of_stock_is_rejected_whole(api: Api,
                                                          catalogue: dict[str, Any]) -> None:
    phone = Phone(api, MANAGER)
    order = created_order(phone, catalogue["gapal"]["id"], quantity=50)
    length = log_length(api.gapal)
    [result] = phone.send(phone.updated(order["local_id"], {"notes": "Livrée",
                                                            "delivery_status": "livree"},
                                        1))["results"]
    rejected(result, "insufficient_stock")
    assert result["order"]["notes"] == ""
    assert result["order"]["delivery_status"] == "nouvelle"
    assert log_length(api.gapal) == length


# Prices: the catalogue's at the corrected time of the edit


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_prices_are_those_valid_at_the_corrected_time(api: Api,
                                                     catalogue: dict[str, Any]) -> None:
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    # The products' registration, then three clear seconds before the price change: the phone
    # edits in the middle, 1.5 s from either, however late a loaded machine delivers them.
    registered = max(datetime.fromisoformat(event["occurred_at"]) for product in (milk, gapal)
                     for event in ok(api.call("admin", "GET",
                                              f"/api/products/{product}/history/"))["results"])
    time.sleep(max(0.0, (registered + timedelta(seconds=3) - datetime.now(UTC)).total_seconds()))
    ok(api.call("admin", "PATCH", f"/api/products/{milk}/", json={"unit_price": 600}))
    ok(api.call("admin", "PATCH", f"/api/products/{gapal}/", json={"unit_price": 300}))
    revised = [e for e in ok(api.call("admin", "GET", f"/api/products/{milk}/history/"))["results"]
               if "unit_price" in e["data"].get("changes", {})]
    changed_at = datetime.fromisoformat(revised[-1]["occurred_at"])
    before = changed_at - timedelta(seconds=1.5)  # the correction is off by the transit time
    # The phone is 3 hours fast: its raw times all look later than the change.
    phone = Phone(api, "vendeur", skew=timedelta(hours=3))
    old_local, new_local = new_local_id(), new_local_id()
    old_data = order_data(milk, 2)
    old_data["items"][0]["unit_price"] = 600  # what the phone showed: wrong, the server says
    new_data = order_data(milk, 2)
    new_data["items"][0]["unit_price"] = 600

    old, added, new = phone.send(
        phone.created(old_local, old_data, at=before + phone.skew),
        phone.updated(old_local, {"items": [{"product_id": milk, "quantity": 2},
                                            {"product_id": gapal, "quantity": 1}]}, 1,
                      at=before + timedelta(seconds=0.05) + phone.skew),
        phone.created(new_local, new_data))["results"]

    assert old["status"] == "merged"
    assert old["conflicts"] == [{"field": f"items.{milk}.unit_price", "client_value": 600,
                                 "server_value": 500, "kept": "server"}]
    assert added["status"] == "applied"
    assert [(i["product_id"], i["unit_price"]) for i in added["order"]["items"]] == [
        (milk, 500), (gapal, 250)]
    assert added["order"]["total_price"] == 1250
    assert new["status"] == "applied"
    assert new["conflicts"] == []
    assert new["order"]["items"][0]["unit_price"] == 600
    assert new["order"]["total_price"] == 1200
    assert logged_conflicts(api, old["order"]["id"]) == old["conflicts"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_taken_offline_two_days_ago_is_dated_when_it_was_taken(
        api: Api, catalogue: dict[str, Any]) -> None:
    """On the board and in the reports' days: the time the vendor took it, not the sync's."""
    phone = Phone(api, "vendeur")
    taken = phone.clock() - timedelta(days=2, hours=1)
    [result] = phone.send(phone.created(new_local_id(), order_data(catalogue["milk"]["id"], 2),
                                        at=taken))["results"]
    assert result["status"] == "applied", result
    shown = datetime.fromisoformat(order_of(api, result["order"]["id"])["created_at"])
    assert abs(shown - taken) < timedelta(seconds=5)
    by_day = ok(api.call(MANAGER, "GET", "/api/reports/summary/"))["by_day"]
    assert [(d["date"], d["orders"]) for d in by_day if d["orders"]] == [
        (taken.date().isoformat(), 1)]


def test_an_event_the_phone_dates_after_its_own_send_time_counts_as_received_now(
        api: Api, catalogue: dict[str, Any]) -> None:
    """A phone clock that jumps ahead between the event and the send must not date the order
    in the future (where it would win every later merge): the server's now is the latest."""
    phone = Phone(api, "vendeur")
    ahead = phone.clock() + timedelta(hours=20)
    [result] = phone.send(phone.created(new_local_id(), order_data(catalogue["milk"]["id"], 1),
                                        at=ahead))["results"]
    received_by = datetime.now(UTC)
    assert result["status"] == "applied", result
    shown = datetime.fromisoformat(order_of(api, result["order"]["id"])["created_at"])
    assert received_by - timedelta(seconds=30) < shown <= received_by


# Catalogue delta for the phone


def test_the_phone_downloads_only_what_changed_and_nothing_when_current(
        api: Api, catalogue: dict[str, Any]) -> None:
    first = api.call("vendeur", "GET", "/api/products/")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    unchanged = api.call("vendeur", "GET", "/api/products/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    since = datetime.now(UTC).isoformat()
    time.sleep(0.02)
    milk, gapal = catalogue["milk"]["id"], catalogue["gapal"]["id"]
    ok(api.call("admin", "PATCH", f"/api/products/{milk}/", json={"unit_price": 550}))
    ok(api.call("admin", "DELETE", f"/api/products/{gapal}/"))

    delta = api.call("vendeur", "GET", "/api/products/", params={"updated_since": since})
    rows = {p["id"]: p for p in ok(delta)["results"]}
    assert set(rows) == {milk, gapal}
    assert rows[gapal]["is_active"] is False
    assert rows[milk]["unit_price"] == 550
    delta_etag = delta.headers["ETag"]
    assert api.call("vendeur", "GET", "/api/products/", params={"updated_since": since},
                    headers={"If-None-Match": delta_etag}).status_code == 304
    changed = api.call("vendeur", "GET", "/api/products/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert gapal not in {p["id"] for p in changed.json()["results"]}
    later_since = datetime.now(UTC).isoformat()
    assert ok(api.call("vendeur", "GET", "/api/products/",
                       params={"updated_since": later_since}))["results"] == []


# Limits and malformed bodies


def test_more_than_500_events_is_413_and_nothing_is_written(api: Api,
                                                            catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    milk = catalogue["milk"]["id"]
    length = log_length(api.gapal)
    events = [phone.created(new_local_id(), order_data(milk)) for _ in range(501)]
    answer = phone.post(phone.body(events))
    assert answer.status_code == 413, answer.text[:300]
    assert answer.json()["code"] == "batch_too_large"
    assert answer.json()["detail"]
    assert log_length(api.gapal) == length
    assert orders_count(api) == 0
    # 500 is allowed (cheap events here: all of an unknown type).
    cheap = [{**e, "type": "inconnu"} for e in events[:500]]
    body = ok(phone.post(phone.body(cheap)))
    assert len(body["results"]) == 500
    assert log_length(api.gapal) == length


@pytest.mark.parametrize("body", [
    pytest.param(b"{pas du json", id="not-json"),
    pytest.param(b"", id="empty"),
    pytest.param([], id="a-list"),
    pytest.param({"client_time": "2026-11-23T08:15:00Z", "events": []}, id="no-device-id"),
    pytest.param({"device_id": "téléphone", "client_time": "2026-11-23T08:15:00Z",
                  "events": []}, id="device-id-not-uuid"),
    pytest.param({"device_id": str(uuid.uuid4()), "events": []}, id="no-client-time"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "hier", "events": []},
                 id="client-time-not-a-time"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "2026-11-23T08:15:00",
                  "events": "EVENTS"}, id="naive-client-time"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "2026-11-23T08:15:00Z"},
                 id="no-events"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "2026-11-23T08:15:00Z",
                  "events": {"event_id": str(uuid.uuid4())}}, id="events-not-a-list"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "2026-11-23T08:15:00Z",
                  "events": ["EVENT"]}, id="event-not-an-object"),
    pytest.param({"device_id": str(uuid.uuid4()), "client_time": "2026-11-23T08:15:00Z",
                  "events": [{"local_id": str(uuid.uuid4()), "type": "order_created",
                              "occurred_at": "2026-11-23T08:15:00Z", "data": {}}]},
                 id="event-without-event-id"),
])
def test_a_malformed_body_is_refused_and_nothing_is_written(
        api: Api, catalogue: dict[str, Any], body: Any) -> None:
    good = Phone(api, "vendeur").created(new_local_id(), order_data(catalogue["milk"]["id"]))
    if isinstance(body, dict) and body.get("events") == "EVENTS":
        body = {**body, "events": [good]}
    elif isinstance(body, dict) and isinstance(body.get("events"), list) and body["events"]:
        body = {**body, "events": [good, *body["events"]]}  # a good event is not saved either
    length = log_length(api.gapal)
    if isinstance(body, bytes):
        answer = api.call("vendeur", "POST", SYNC, content=body,
                          headers={"Content-Type": "application/json"})
    else:
        answer = api.call("vendeur", "POST", SYNC, json=body)
    assert answer.status_code in (400, 422), answer.text
    assert "Traceback" not in answer.text
    assert log_length(api.gapal) == length
    assert orders_count(api) == 0


def test_the_path_without_slash_works_and_openapi_describes_it(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    body = phone.body([phone.created(new_local_id(), order_data(catalogue["milk"]["id"]))])
    answer = api.call("vendeur", "POST", SYNC.rstrip("/"), json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "applied"
    schema = ok(api.call(None, "GET", "/openapi.json"))
    assert "post" in schema["paths"]["/api/orders/sync/"]
