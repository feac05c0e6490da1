"""Property: whatever orders for customers, payments and cancellations happen, sent by phones
whose syncs are re-sent and reordered, a customer's balance (`GET /api/customers/{id}/`) is the
`amount_due` of his orders not cancelled, never negative; each payment is counted once; and the
receivables' total is the sum of the balances (the « Sans client » line included)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.answers import ok
from tests.conftest import BACKENDS, Api, database_on
from tests.sync import Phone, catalogue_of, new_local_id, world_api

MANAGER = "gestionnaire_commandes"
_phones = itertools.count(1)


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One world per backend for the module (SQLite, then a fresh PostgreSQL schema): each
    example works on customers of its own."""
    folder: Path = tmp_path_factory.mktemp("balances")
    with database_on(request.param, folder) as url:
        yield from world_api(url, folder)


# A plan: orders (customer 0, 1 or none; litres of milk at 500 FCFA), payments on the n-th order
# (FCFA, possibly too much), cancellations at the office of the n-th order; then how the phone's
# events travel: batches of the events (any order, some sent twice), then everything again.
orders = st.tuples(st.just("order"), st.sampled_from([0, 1, None]), st.integers(1, 4))
payments = st.tuples(st.just("pay"), st.integers(0, 5), st.sampled_from([100, 500, 1000, 2500]))
cancels = st.tuples(st.just("cancel"), st.integers(0, 5), st.just(0))
plans = st.lists(st.one_of(orders, payments, cancels), min_size=1, max_size=8)


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=plans, trips=st.lists(st.lists(st.integers(0, 20), max_size=5), max_size=3),
       data=st.data())
def test_balances_are_what_orders_still_owe_whatever_the_syncs(
        world: Api, plan: list[tuple[str, Any, int]], trips: list[list[int]],
        data: st.DataObject) -> None:
    api = world
    milk = catalogue_of(api)["milk"]["id"]
    customers = [ok(api.call(MANAGER, "POST", "/api/customers/", json={
        "name": f"Client {n}", "phone": f"70{next(_phones):06d}", "kind": "maquis"}), 201)
        for n in range(2)]
    phone = Phone(api, "vendeur")
    events: list[dict[str, Any]] = []
    placed: list[str] = []  # the orders' local ids, in plan order
    office: list[int] = []  # the orders cancelled at the office once they arrived
    for kind, who, amount in plan:
        if kind == "order":
            local_id = new_local_id()
            data_ = {"client_name": "Passant", "client_phone": "",
                     "items": [{"product_id": milk, "quantity": amount}]}
            if who is not None:
                data_ = {"customer_id": customers[who]["id"],
                         "items": [{"product_id": milk, "quantity": amount}]}
            events.append(phone.created(local_id, data_))
            placed.append(local_id)
        elif kind == "pay" and placed:
            target = placed[who % len(placed)]
            events.append({"event_id": str(uuid.uuid4()), "local_id": new_local_id(),
                           "type": "payment_received", "occurred_at": phone.clock().isoformat(),
                           "data": {"order_local_id": target, "amount": amount,
                                    "method": "especes"}})
        elif kind == "cancel" and placed:
            office.append(who % len(placed))
    note(f"events: {[e['type'] for e in events]}, cancels: {office}")

    def check() -> None:
        for c in customers:
            shown = ok(api.call(MANAGER, "GET", f"/api/customers/{c['id']}/"))
            his = ok(api.call(MANAGER, "GET", "/api/orders/",
                              params={"customer_id": c["id"], "page_size": 100}))["results"]
            owed = sum(o["amount_due"] for o in his if o["delivery_status"] != "annulee")
            assert shown["balance"] == owed >= 0
            for order in his:
                paid = ok(api.call(MANAGER, "GET", f"/api/orders/{order['id']}/payments/"))
                local_ids = [p["local_id"] for p in paid["results"]]
                assert len(local_ids) == len(set(local_ids))  # each payment once
                assert order["amount_paid"] == sum(p["amount"] for p in paid["results"])
                assert 0 <= order["amount_due"] == order["total_price"] - order["amount_paid"]
        report = ok(api.call(MANAGER, "GET", "/api/reports/receivables/"))
        lines = report["results"] + ([report["no_customer"]] if report["no_customer"] else [])
        assert report["balance_total"] == sum(line["balance"] for line in lines)
        summary = ok(api.call(MANAGER, "GET", "/api/reports/summary/"))
        assert summary["receivables_total"] == report["balance_total"] == summary["unpaid_total"]
        balances = {line["customer_id"]: line["balance"] for line in report["results"]}
        for c in customers:
            shown = ok(api.call(MANAGER, "GET", f"/api/customers/{c['id']}/"))
            assert balances.get(c["id"], 0) == shown["balance"]

    ids: dict[str, str] = {}
    cancelled: set[int] = set()

    def send(batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        for result in phone.send(*batch)["results"]:
            if result.get("order") and result["status"] in ("applied", "duplicate", "merged"):
                ids.setdefault(result["order"]["local_id"] or "", result["order"]["id"])
        for index in office:
            order_id = ids.get(placed[index])
            if order_id and index not in cancelled:
                answer = api.call(MANAGER, "PATCH", f"/api/orders/{order_id}/status/",
                                  json={"delivery_status": "annulee"})
                assert answer.status_code in (200, 409), answer.text
                cancelled.add(index)
        check()

    for trip in trips:  # reordered, partial, re-sent batches
        batch = [events[i % len(events)] for i in trip] if events else []
        batch = data.draw(st.permutations(batch)) if batch else batch
        send(list({e["event_id"]: e for e in batch}.values()))
    send(events)  # everything, in order: what arrived already is `duplicate`
    before = [ok(api.call(MANAGER, "GET", f"/api/customers/{c['id']}/"))["balance"]
              for c in customers]
    send(events)  # once more: nothing changes
    assert [ok(api.call(MANAGER, "GET", f"/api/customers/{c['id']}/"))["balance"]
            for c in customers] == before
