"""The cash closings view folds any split of the log into the same rows: `after_closing` follows
log order alone, whether the closing and the late payment come in one batch or in two."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from projections.cash_closings import cash_closings, cash_payments
from tests.api import fast_world
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.integration.test_rebuild import dump
from tests.integration.test_set_based import project_by_pieces, the_log

api, catalogue = fast_world.api, fast_world.catalogue  # the fast world's fixtures
MANAGER = "gestionnaire_commandes"
TODAY = datetime.now(UTC).date().isoformat()


def answer(api: Api, who: str, verb: str, path: str, **body: Any) -> dict[str, Any]:
    reply = api.call(who, verb, path, json=body or None)
    assert reply.status_code in (200, 201), reply.text
    result: dict[str, Any] = reply.json()
    return result


def pay(api: Api, order: dict[str, Any], amount: int, method: str = "especes") -> None:
    extra = {"reference": f"OM-{uuid.uuid4().hex[:8]}"} if method != "especes" else {}
    answer(api, "vendeur", "POST", f"/api/orders/{order['id']}/payments/", amount=amount,
           method=method, local_id=str(uuid.uuid4()), **extra)


def a_day_closed_with_late_and_reversed_payments(api: Api, place_order: OrderFactory) -> None:
    orders = [place_order(who="vendeur", quantity=1) for _ in range(4)]
    pay(api, orders[0], 500)
    pay(api, orders[1], 500, "orange_money")
    pay(api, orders[2], 300)
    vendor = answer(api, "vendeur", "GET", "/api/auth/me/")["id"]
    answer(api, MANAGER, "POST", "/api/cash-closings/", vendor_id=vendor, day=TODAY,
           counted={"especes": 700, "orange_money": 500}, note="Il manque 100")
    pay(api, orders[2], 200)  # after the closing: late
    pay(api, orders[3], 500)  # late, then reversed
    answer(api, MANAGER, "PATCH", f"/api/orders/{orders[3]['id']}/payment/",
           payment_status="non_payee")
    answer(api, "admin", "POST", f"/api/cash-closings/{vendor}/{TODAY}/corrections/",
           counted={"especes": 800, "orange_money": 500}, reason="Recompté")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_any_split_of_the_log_gives_the_same_closing_rows(
        api: Api, place_order: OrderFactory) -> None:
    a_day_closed_with_late_and_reversed_payments(api, place_order)
    gapal = api.gapal
    gapal.wait_for(log_length(gapal))
    gapal.projector.stop()
    events = the_log(gapal)
    tables = [cash_payments, cash_closings]

    project_by_pieces(gapal, events, len(events), view_major=False)
    whole = dump(gapal.db.reader, tables)
    flags = sorted((r["amount"], r["after_closing"], r["reversed"])
                   for r in whole_rows(gapal, cash_payments))
    assert flags == [(200, True, False), (300, False, False), (500, False, False),
                     (500, False, False), (500, True, True)]
    for size, view_major in ((1, True), (1, False), (2, False), (5, True)):
        project_by_pieces(gapal, events, size, view_major)
        assert dump(gapal.db.reader, tables) == whole, (size, view_major)


def whole_rows(gapal: Any, table: Any) -> list[dict[str, Any]]:
    with gapal.db.reader.connect() as conn:
        return [dict(row) for row in conn.execute(table.select()).mappings()]
