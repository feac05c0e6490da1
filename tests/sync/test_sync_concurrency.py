"""The same batch posted six times at once (a phone retrying on a flaky network, requests all
in flight): one order per local_id, each event applied exactly once, every answer showing the
order, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKENDS, Api
from tests.sync import Phone, catalogue_of, new_local_id, order_data, world_api

ORDERS = 10  # an order_created and an order_updated each: 20 events
COPIES = 6


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from world_api(database_url, tmp_path)


def all_pages(api: Api, path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        separator = "&" if "?" in path else "?"
        answer = api.call("admin", "GET", f"{path}{separator}page={page}&page_size=200")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        rows.extend(body["results"])
        if body["next"] is None:
            return rows
        page += 1


def all_at_once(calls: int, call: Callable[[int], Any]) -> list[Any]:
    """`call(0)` ... `call(calls - 1)` from as many threads, all released at the same moment."""
    start = threading.Barrier(calls)

    def released(number: int) -> Any:
        start.wait(timeout=30)
        return call(number)

    with ThreadPoolExecutor(max_workers=calls) as pool:
        return list(pool.map(released, range(calls)))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_one_batch_posted_six_times_at_once_is_applied_once(api: Api) -> None:
    catalogue = catalogue_of(api)
    phone = Phone(api, "vendeur")
    events = []
    local_ids = [new_local_id() for _ in range(ORDERS)]
    for number, local_id in enumerate(local_ids):
        events.append(phone.created(local_id, order_data(catalogue["milk"]["id"], 1 + number)))
        events.append(phone.updated(local_id, {"notes": f"Note {number}", "priority": "haute"},
                                    1))
    body = phone.body(events)

    answers = all_at_once(COPIES, lambda _: phone.post(body))

    assert [a.status_code for a in answers] == [200] * COPIES, [a.text for a in answers]
    statuses: dict[str, Counter[str]] = {e["event_id"]: Counter() for e in events}
    for answer in answers:
        results = answer.json()["results"]
        assert [r["event_id"] for r in results] == [e["event_id"] for e in events]
        for result in results:
            statuses[result["event_id"]][result["status"]] += 1
            assert result["error"] is None, result
            assert result["order"]["local_id"] == result["local_id"]
    for event_id, seen in statuses.items():
        assert seen == Counter({"applied": 1, "duplicate": COPIES - 1}), (event_id, seen)

    orders = all_pages(api, "/api/orders/")
    assert sorted(o["local_id"] for o in orders) == sorted(local_ids)
    assert len({o["order_number"] for o in orders}) == ORDERS
    for order in orders:
        number = local_ids.index(order["local_id"])
        assert order["notes"] == f"Note {number}"
        assert order["priority"] == "haute"
        assert order["version"] == 2
        assert order["total_price"] == 500 * (1 + number)
    # The log holds each event once: one receipt per phone event, one placement per order,
    # one revision per update.
    audit = all_pages(api, "/api/audit/")
    kinds = Counter(row["event_type"] for row in audit)
    assert kinds["SyncReceipt.Recorded"] == 2 * ORDERS
    assert kinds["Order.Placed"] == ORDERS
    assert kinds["Order.Revised"] == ORDERS
    receipts = [row for row in audit if row["event_type"] == "SyncReceipt.Recorded"]
    assert sorted(r["data"]["event_id"] for r in receipts) == sorted(statuses)
    # And once more, calmly: all duplicates.
    again = phone.send(*events)["results"]
    assert {r["status"] for r in again} == {"duplicate"}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_one_local_id_synced_and_posted_at_once_makes_one_order(api: Api) -> None:
    catalogue = catalogue_of(api)
    phone = Phone(api, "vendeur")
    local_id = new_local_id()
    body = phone.body([phone.created(local_id, order_data(catalogue["milk"]["id"]))])
    online = {"client_name": "Awa Bationo", "local_id": local_id,
              "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]}

    def call(number: int) -> Any:  # half through sync, half through the ordinary endpoint
        if number % 2:
            return api.call("vendeur", "POST", "/api/orders/", json=online)
        return phone.post(body)

    answers = all_at_once(COPIES, call)

    codes = Counter(a.status_code for a in answers)
    assert codes[200] + codes[201] == COPIES, [a.text for a in answers]
    assert codes[201] <= 1
    orders = [a.json() if "results" not in a.json() else a.json()["results"][0]["order"]
              for a in answers]
    assert all(o is not None for o in orders), [a.text for a in answers]
    assert {o["id"] for o in orders} == {all_pages(api, "/api/orders/")[0]["id"]}
    assert len(all_pages(api, "/api/orders/")) == 1
