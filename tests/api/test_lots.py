"""Lots over HTTP: every entry a lot, deliveries first-expired-first-out, expired lots written
off as losses and the losses report; concurrent deliveries racing on the last lot."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory
from tests.integration.test_concurrency import in_parallel

KEEPER = "gestionnaire_stocks"
ORDERS = "gestionnaire_commandes"


def today() -> date:
    return datetime.now(UTC).date()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def new_product(api: Api, catalogue: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"name": "Crème fraîche (pot)", "category_id": catalogue["category"]["id"],
            "unit": "pot", "unit_price": 900, "min_stock_level": 1, **fields}
    created: dict[str, Any] = ok(api.call(KEEPER, "POST", "/api/products/", json=body), 201)
    return created


def entry(api: Api, product_id: str, quantity: float, **fields: Any) -> dict[str, Any]:
    moved: dict[str, Any] = ok(api.call(KEEPER, "POST", "/api/stock/entry/", json={
        "product_id": product_id, "quantity": quantity, **fields}), 201)
    return moved


def lots_of(api: Api, product_id: str, who: str = KEEPER, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(api.call(who, "GET", f"/api/products/{product_id}/lots/",
                                              params=params))
    return found


def product(api: Api, product_id: str) -> dict[str, Any]:
    found: dict[str, Any] = ok(api.call(KEEPER, "GET", f"/api/products/{product_id}/"))
    return found


def deliver(api: Api, order: dict[str, Any]) -> Any:
    return api.call(ORDERS, "PATCH", f"/api/orders/{order['id']}/status/",
                    json={"delivery_status": "livree"})


def write_off(api: Api, product_id: str, lot_id: str, quantity: float, reason: str,
              who: str = KEEPER, **fields: Any) -> Any:
    return api.call(who, "POST", "/api/stock/write-off/", json={
        "product_id": product_id, "lot_id": lot_id, "quantity": quantity, "reason": reason,
        **fields})


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_each_entry_is_a_lot_and_a_delivery_takes_the_one_expiring_first(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    cream = new_product(api, catalogue)
    late = entry(api, cream["id"], 6, expiration_date=day(10), unit_cost=600, lot_code="L-TARD")
    early = entry(api, cream["id"], 4, expiration_date=day(4), unit_cost=550)

    lots = lots_of(api, cream["id"])
    assert [lot["lot_code"] for lot in lots] == [f"{today():%y%m%d}-1", "L-TARD"]
    assert [lot["remaining_quantity"] for lot in lots] == [4, 6]
    assert lots[0]["expiration_date"] == day(4)
    assert lots[0]["days_left"] == 4
    assert late["lots"][0]["lot_code"] == "L-TARD"
    assert early["lots"][0]["quantity"] == 4
    shown = product(api, cream["id"])
    assert (shown["stock_quantity"], shown["expiration_date"]) == (10, day(4))

    order = place_order(quantity=5, items=[{"product_id": cream["id"], "quantity": 5}])
    ok(deliver(api, order))

    assert [lot["remaining_quantity"] for lot in lots_of(api, cream["id"])] == [5]
    [exit_] = ok(api.call(KEEPER, "GET", "/api/stock/movements/", params={
        "order_id": order["id"]}))["results"]
    assert {m["lot_code"]: m["quantity"] for m in exit_["lots"]} == {
        f"{today():%y%m%d}-1": 4, "L-TARD": 1}
    assert product(api, cream["id"])["expiration_date"] == day(10)


def test_an_entry_already_past_its_date_is_refused_and_a_short_one_warned(
        api: Api, catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    refused(api.call(KEEPER, "POST", "/api/stock/entry/", json={
        "product_id": cream["id"], "quantity": 3, "expiration_date": day(-1)}), 400)
    assert lots_of(api, cream["id"]) == []

    assert entry(api, cream["id"], 3, expiration_date=day(10))["warning"] is None
    warned = entry(api, cream["id"], 3, expiration_date=day(2))
    assert "habituelle" in warned["warning"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_expired_lot_is_not_delivered_and_is_written_off_into_the_losses_report(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    # Stock registered with the product may be past its date: it is on the shelf already.
    cream = new_product(api, catalogue, expiration_date=day(-1), stock_quantity=3)
    [stale] = lots_of(api, cream["id"])
    assert stale["is_expired"]
    assert stale["lot_code"] == f"{today():%y%m%d}-1"
    order = place_order(items=[{"product_id": cream["id"], "quantity": 1}])
    blocked = refused(deliver(api, order), 409, "insufficient_stock")
    assert "périmé" in blocked["detail"]
    assert blocked["shortages"][0]["available"] == 0

    fresh = entry(api, cream["id"], 5, expiration_date=day(6), unit_cost=700)
    lost = ok(write_off(api, cream["id"], stale["id"], 3, "perime"), 201)
    loss_of_fresh = ok(write_off(api, cream["id"], fresh["lots"][0]["lot_id"], 1, "casse",
                                 reason_text="Pot tombé"), 201)

    assert (lost["movement_type"], lost["loss_reason"], lost["quantity"]) == (
        "sortie", "perime", 3)
    assert loss_of_fresh["stock_after"] == 4
    report = ok(api.call(KEEPER, "GET", "/api/reports/losses/"))
    assert (report["total_quantity"], report["total_value"]) == (4, 700)
    assert {g["key"]: (g["quantity"], g["value"]) for g in report["by_reason"]} == {
        "perime": (3, 0), "casse": (1, 700)}
    assert [r["reason_text"] for r in report["results"]] == ["Pot tombé", ""]
    only_expired = ok(api.call(ORDERS, "GET", "/api/reports/losses/", params={
        "reason": "perime"}))
    assert only_expired["total_quantity"] == 3
    ok(deliver(api, order))  # the fresh lot serves it now


def test_the_losses_report_comes_as_csv_and_pdf(api: Api, catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    lot = entry(api, cream["id"], 4, expiration_date=day(5), unit_cost=600)["lots"][0]
    ok(write_off(api, cream["id"], lot["lot_id"], 2, "chaine_du_froid"), 201)

    as_csv = api.call(KEEPER, "GET", "/api/reports/losses/", params={"format": "csv"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Date", "Produit", "Lot", "Quantité", "Valeur (FCFA)"]
    assert rows[1][1:6] == ["Crème fraîche (pot)", lot["lot_code"], "2", "1200",
                            "Chaîne du froid rompue"]
    assert rows[-1][0] == "Total"
    assert rows[-1][4] == "1200"
    as_pdf = api.call(KEEPER, "GET", "/api/reports/losses/", params={"format": "pdf"})
    assert as_pdf.status_code == 200
    assert as_pdf.content.startswith(b"%PDF")


def test_a_write_off_never_takes_more_than_its_lot_and_needs_a_known_reason(
        api: Api, catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    lot = entry(api, cream["id"], 2, expiration_date=day(5))["lots"][0]
    refused(write_off(api, cream["id"], lot["lot_id"], 3, "casse"), 409, "insufficient_stock")
    refused(write_off(api, cream["id"], lot["lot_id"], 1, "oubli"), 422)
    refused(write_off(api, cream["id"], catalogue["milk"]["id"], 1, "casse"), 404)
    refused(write_off(api, cream["id"], lot["lot_id"], 1, "casse", who="vendeur"), 403)
    refused(write_off(api, cream["id"], lot["lot_id"], 1, "casse", who=ORDERS), 403)
    assert product(api, cream["id"])["stock_quantity"] == 2
    refused(api.call("vendeur", "GET", "/api/reports/losses/"), 403)


def test_a_count_of_one_lot_changes_that_lot_only(api: Api, catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    first = entry(api, cream["id"], 5, expiration_date=day(3))["lots"][0]
    entry(api, cream["id"], 5, expiration_date=day(8))
    counted = ok(api.call(KEEPER, "POST", "/api/stock/adjustment/", json={
        "product_id": cream["id"], "quantity": 2, "reason": "Inventaire",
        "lot_id": first["lot_id"]}), 201)

    assert (counted["quantity"], counted["stock_after"]) == (-3, 7)
    assert [lot["remaining_quantity"] for lot in lots_of(api, cream["id"])] == [2, 5]


def test_unit_costs_are_shown_to_the_stock_keepers_only(api: Api,
                                                         catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    entry(api, cream["id"], 5, expiration_date=day(3), unit_cost=650)
    assert lots_of(api, cream["id"])[0]["unit_cost"] == 650
    assert lots_of(api, cream["id"], who="vendeur")[0]["unit_cost"] is None
    assert len(lots_of(api, cream["id"], include_empty=True)) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_deliveries_racing_on_the_last_lot_never_drive_it_below_zero(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    cream = new_product(api, catalogue)
    entry(api, cream["id"], 2, expiration_date=day(2))
    entry(api, cream["id"], 3, expiration_date=day(9))
    orders = [place_order(items=[{"product_id": cream["id"], "quantity": 1}])
              for _ in range(8)]

    answers = in_parallel([lambda order=order: deliver(api, order) for order in orders])

    assert Counter(a.status_code for a in answers) == {200: 5, 409: 3}
    assert lots_of(api, cream["id"], include_empty=True)
    assert all(
        lot["remaining_quantity"] == 0 for lot in lots_of(api, cream["id"], include_empty=True))
    exits = ok(api.call(KEEPER, "GET", "/api/stock/movements/", params={
        "product_id": cream["id"], "movement_type": "sortie"}))["results"]
    taken = Counter()
    for movement in exits:
        for move in movement["lots"]:
            taken[move["lot_code"]] += move["quantity"]
    assert sorted(taken.values()) == [2, 3]


# Returns (`retours`) of delivered orders


def record_return(api: Api, order: dict[str, Any], lines: list[tuple[str, float]],
                  restock: bool = True, who: str = ORDERS, reason: str = "Client absent") -> Any:
    return api.call(who, "POST", f"/api/orders/{order['id']}/returns/", json={
        "lines": [{"product_id": pid, "quantity": q} for pid, q in lines],
        "reason": reason, "restock": restock})


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_partial_return_goes_back_into_its_lot_and_lowers_what_the_customer_owes(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    cream = new_product(api, catalogue)
    lot = entry(api, cream["id"], 5, expiration_date=day(5), unit_cost=600)["lots"][0]
    customer = ok(api.call(ORDERS, "POST", "/api/customers/", json={
        "name": "Maquis Le Baobab", "phone": "70112233", "kind": "maquis"}), 201)
    order = place_order(items=[{"product_id": cream["id"], "quantity": 4}],
                        customer_id=customer["id"])
    ok(deliver(api, order))

    back = ok(record_return(api, order, [(cream["id"], 1)]), 201)

    assert (back["amount_due"], back["returned_value"]) == (3 * 900, 900)
    assert back["delivery_status"] == "livree"
    assert lots_of(api, cream["id"])[0]["remaining_quantity"] == 2
    assert ok(api.call(ORDERS, "GET", f"/api/customers/{customer['id']}/"))["balance"] == 2700
    [returned] = ok(api.call(KEEPER, "GET", "/api/stock/movements/", params={
        "order_id": order["id"], "movement_type": "entree"}))["results"]
    assert returned["lots"] == [{"lot_id": lot["lot_id"], "lot_code": lot["lot_code"],
                                 "quantity": 1}]

    lost = ok(record_return(api, order, [(cream["id"], 2)], restock=False), 201)
    assert lost["amount_due"] == 900
    assert product(api, cream["id"])["stock_quantity"] == 2  # back, then thrown away
    report = ok(api.call(KEEPER, "GET", "/api/reports/losses/"))
    assert (report["total_quantity"], report["total_value"]) == (2, 1200)
    assert report["results"][0]["reason"] == "autre"
    assert report["results"][0]["order_id"] == order["id"]

    too_many = refused(record_return(api, order, [(cream["id"], 2)]), 409, "return_refused")
    assert too_many["returnable"] == "1"
    kept = ok(api.call(ORDERS, "GET", f"/api/orders/{order['id']}/"))
    assert (kept["amount_due"], kept["returned_value"]) == (900, 3 * 900)
    as_it_was = ok(api.call(ORDERS, "GET", f"/api/orders/{order['id']}/",
                            params={"version": kept["version"]}))
    assert as_it_was["returned_value"] == 3 * 900  # rebuilt from the log alike


def test_only_a_delivered_order_is_returned_and_by_the_order_managers(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    milk = catalogue["milk"]["id"]
    waiting = place_order(quantity=2)
    refused(record_return(api, waiting, [(milk, 1)]), 409, "return_refused")
    delivered = place_order(quantity=2)
    ok(deliver(api, delivered))
    refused(record_return(api, delivered, [(milk, 1)], who=KEEPER), 403)
    refused(record_return(api, delivered, [(catalogue["gapal"]["id"], 1)]), 409,
            "return_refused")
    refused(api.call(ORDERS, "POST", f"/api/orders/{delivered['id']}/returns/", json={
        "lines": [], "restock": True}), 422)
    assert ok(api.call(ORDERS, "GET", f"/api/orders/{delivered['id']}/"))["amount_due"] == 1000


def test_expiry_is_told_lot_by_lot_once_per_lot_date(api: Api, catalogue: dict[str, Any]) -> None:
    cream = new_product(api, catalogue)
    first = entry(api, cream["id"], 4, expiration_date=day(1), lot_code="A")["lots"][0]
    entry(api, cream["id"], 6, expiration_date=day(2), lot_code="B")
    entry(api, cream["id"], 6, expiration_date=day(9), lot_code="C")  # far: not told
    ok(write_off(api, cream["id"], first["lot_id"], 1, "casse"), 201)  # lot A again: once

    told = [n for n in ok(api.call(KEEPER, "GET", "/api/notifications/",
                                   params={"page_size": 100}))["results"]
            if n["type"] == "peremption" and n["data"].get("product_id") == cream["id"]]

    assert sorted(n["title"] for n in told) == [
        "Péremption : Crème fraîche (pot) (lot A)", "Péremption : Crème fraîche (pot) (lot B)"]
    [lot_a] = [n for n in told if n["data"]["lot_id"] == first["lot_id"]]
    assert "4 pot" in lot_a["message"]
    assert "(J-1)" in lot_a["message"]
