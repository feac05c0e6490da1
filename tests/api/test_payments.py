"""Payments over HTTP: recorded once per `local_id`, never above what is due, each reference
paying once; listed per order and for the office; allowed per role; counted in the reports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.integration.test_concurrency import in_parallel
from tests.read_side import assert_rebuild_gives_same_rows

MANAGER = "gestionnaire_commandes"
PAYMENT_FIELDS = {"id", "order_id", "order_number", "amount", "method", "reference",
                  "received_at", "received_by", "received_by_username", "local_id",
                  "created_at", "reversed_at", "after_closing"}


def pay(api: Api, order: dict[str, Any], amount: int, who: str = MANAGER,
        method: str = "especes", **fields: Any) -> Any:
    body = {"amount": amount, "method": method, "local_id": str(uuid.uuid4()), **fields}
    return api.call(who, "POST", f"/api/orders/{order['id']}/payments/", json=body)


def order_of(api: Api, order: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call("admin", "GET", f"/api/orders/{order['id']}/"))
    return body


def payments_of(api: Api, order: dict[str, Any], who: str = "admin") -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = ok(api.call(
        who, "GET", f"/api/orders/{order['id']}/payments/"))["results"]
    return results


def listed(api: Api, who: str = MANAGER, **params: Any) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = ok(api.call(who, "GET", "/api/payments/",
                                                params=params))["results"]
    return results


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_payment_answers_201_and_the_order_is_paid_in_part(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)  # 4 L of milk: 2 000 FCFA
    received_at = "2026-11-23T08:15:00Z"

    payment = ok(pay(api, order, 1500, method="orange_money", reference=" MP241123.0815.A1 ",
                     received_at=received_at), 201)

    assert set(payment) == PAYMENT_FIELDS
    assert (payment["order_id"], payment["order_number"]) == (order["id"],
                                                               order["order_number"])
    assert (payment["amount"], payment["method"], payment["reference"]) == (
        1500, "orange_money", "MP241123.0815.A1")
    assert datetime.fromisoformat(payment["received_at"]) == datetime(2026, 11, 23, 8, 15,
                                                                       tzinfo=UTC)
    assert payment["received_by_username"] == MANAGER
    now = order_of(api, order)
    assert (now["amount_paid"], now["amount_due"], now["payment_status"]) == (
        1500, 500, "partielle")
    assert payments_of(api, order) == [payment]

    ok(pay(api, order, 500), 201)
    assert order_of(api, order)["payment_status"] == "payee"


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_same_local_id_again_answers_200_with_the_first_payment(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    body = {"amount": 700, "method": "especes", "local_id": str(uuid.uuid4())}
    path = f"/api/orders/{order['id']}/payments/"
    first = ok(api.call(MANAGER, "POST", path, json=body), 201)
    length = log_length(api.gapal)

    again = ok(api.call(MANAGER, "POST", path, json={**body, "amount": 900}), 200)

    assert again == first
    assert log_length(api.gapal) == length
    assert order_of(api, order)["amount_paid"] == 700


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_overpayment_is_refused_with_what_is_still_due(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    ok(pay(api, order, 1500), 201)
    length = log_length(api.gapal)

    body = refused(pay(api, order, 600), 409, "overpayment")

    assert body["amount_due"] == 500
    assert "500 FCFA" in body["detail"]
    assert log_length(api.gapal) == length
    assert order_of(api, order)["amount_paid"] == 1500


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_one_reference_pays_once_whatever_its_case_and_spaces(
        api: Api, place_order: OrderFactory) -> None:
    first, second = place_order(quantity=4), place_order(quantity=4)
    ok(pay(api, first, 1000, method="moov_money", reference="MM-7781"), 201)

    refused(pay(api, second, 1000, method="moov_money", reference="  mm-7781 "), 409,
            "payment_reference_used")
    refused(pay(api, first, 1000, method="virement", reference="MM-7781"), 409,
            "payment_reference_used")

    assert order_of(api, second)["amount_paid"] == 0


@pytest.mark.parametrize("method", ["orange_money", "moov_money", "virement"])
def test_mobile_money_and_transfers_need_their_reference(
        api: Api, place_order: OrderFactory, method: str) -> None:
    order = place_order(quantity=4)
    refused(pay(api, order, 1000, method=method), 400, "invalid_input")
    refused(pay(api, order, 1000, method=method, reference="   "), 400, "invalid_input")
    ok(pay(api, order, 1000, method="cheque"), 201)  # a cheque's number is welcome, not due


@pytest.mark.parametrize("body", [
    {"amount": 0}, {"amount": -5}, {"amount": 10.5}, {"amount": "1000"},
    {"method": "bitcoin"}, {"local_id": "pas-un-uuid"}, {"local_id": None},
    {"reference": "x" * 101, "method": "orange_money"},
])
def test_a_malformed_payment_is_a_422(api: Api, place_order: OrderFactory,
                                      body: dict[str, Any]) -> None:
    order = place_order(quantity=4)
    sent = {"amount": 1000, "method": "especes", "local_id": str(uuid.uuid4()), **body}
    answer = api.call(MANAGER, "POST", f"/api/orders/{order['id']}/payments/", json=sent)
    assert answer.status_code == 422, answer.text


@pytest.mark.parametrize("received_at", ["2019-12-31T23:59:00Z", "in two days"])
def test_a_receipt_time_outside_2020_to_now_is_refused(
        api: Api, place_order: OrderFactory, received_at: str) -> None:
    if received_at == "in two days":
        received_at = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    order = place_order(quantity=4)
    refused(pay(api, order, 1000, received_at=received_at), 400, "invalid_time")


def test_a_payment_without_its_time_was_received_now(api: Api,
                                                     place_order: OrderFactory) -> None:
    before = datetime.now(UTC)
    payment = ok(pay(api, place_order(quantity=4), 1000), 201)
    assert before <= datetime.fromisoformat(payment["received_at"]) <= datetime.now(UTC)


def test_a_cancelled_order_takes_no_payment(api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/status/",
                json={"delivery_status": "annulee"}))
    refused(pay(api, order, 1000), 409, "order_cancelled")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_items_cannot_bring_the_total_below_what_was_paid(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(quantity=4)
    ok(pay(api, order, 1500), 201)

    body = refused(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 2}]}),
        409, "total_below_paid")

    assert body["amount_paid"] == 1500
    more = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 5}]}))
    assert (more["amount_paid"], more["amount_due"], more["payment_status"]) == (
        1500, 1000, "partielle")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_marking_paid_after_a_part_records_the_rest_in_cash(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    ok(pay(api, order, 1500, method="orange_money", reference="OM-55"), 201)

    paid = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                       json={"payment_status": "payee"}))

    assert (paid["amount_paid"], paid["amount_due"], paid["payment_status"]) == (
        2000, 0, "payee")
    assert [(p["amount"], p["method"]) for p in payments_of(api, order)] == [
        (1500, "orange_money"), (500, "especes")]


def test_an_order_placed_paid_has_one_cash_payment_of_its_total(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4, payment_status="payee")
    assert (order["amount_paid"], order["amount_due"]) == (2000, 0)
    assert [(p["amount"], p["method"]) for p in payments_of(api, order)] == [(2000, "especes")]


# Roles


def test_a_vendeur_records_payments_on_his_own_orders_only(
        api: Api, place_order: OrderFactory) -> None:
    own, other = place_order("vendeur", quantity=4), place_order(MANAGER, quantity=4)

    payment = ok(pay(api, own, 2000, who="vendeur"), 201)
    assert payment["received_by_username"] == "vendeur"
    refused(pay(api, other, 2000, who="vendeur"), 404, "not_found")
    refused(api.call("vendeur", "GET", f"/api/orders/{other['id']}/payments/"), 404,
            "not_found")
    assert payments_of(api, own, who="vendeur") == [payment]


@pytest.mark.parametrize("who", [MANAGER, "admin"])
def test_managers_record_and_read_payments_on_every_order(
        api: Api, place_order: OrderFactory, who: str) -> None:
    order = place_order("vendeur", quantity=4)
    payment = ok(pay(api, order, 2000, who=who), 201)
    assert payments_of(api, order, who=who) == [payment]
    assert payment in listed(api, who)


def test_the_stock_keeper_sees_and_records_no_payment(api: Api,
                                                      place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    refused(pay(api, order, 1000, who="gestionnaire_stocks"), 403, "permission_denied")
    refused(api.call("gestionnaire_stocks", "GET", f"/api/orders/{order['id']}/payments/"),
            403, "permission_denied")
    refused(api.call("gestionnaire_stocks", "GET", "/api/payments/"), 403, "permission_denied")


def test_nobody_signed_out_pays(api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    assert pay(api, order, 1000, who=None).status_code == 401  # type: ignore[arg-type]


# The office's list


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_payments_are_listed_by_vendor_day_and_method(
        api: Api, place_order: OrderFactory) -> None:
    mine, theirs = place_order("vendeur", quantity=4), place_order(MANAGER, quantity=4)
    cash = ok(pay(api, mine, 500, who="vendeur", received_at="2026-11-20T18:00:00Z"), 201)
    orange = ok(pay(api, mine, 700, who="vendeur", method="orange_money", reference="OM-9",
                    received_at="2026-11-21T09:00:00Z"), 201)
    office = ok(pay(api, theirs, 900, received_at="2026-11-21T10:00:00Z"), 201)
    vendeur_id = cash["received_by"]

    assert listed(api) == [office, orange, cash]  # newest received first
    assert listed(api, created_by=vendeur_id) == [orange, cash]
    assert listed(api, day="2026-11-21") == [office, orange]
    assert listed(api, method="orange_money") == [orange]
    assert listed(api, created_by=vendeur_id, day="2026-11-20", method="especes") == [cash]
    assert listed(api, "vendeur") == [orange, cash]  # his own orders' payments, whatever asked
    assert listed(api, "vendeur", created_by=office["received_by"]) == []
    page = ok(api.call(MANAGER, "GET", "/api/payments/", params={"page_size": 2}))
    assert (page["count"], len(page["results"]), page["previous"]) == (3, 2, None)
    assert page["next"]


def test_an_unknown_method_filter_is_a_422(api: Api) -> None:
    assert api.call(MANAGER, "GET", "/api/payments/",
                    params={"method": "troc"}).status_code == 422


# Reversed payments (the order marked `non_payee` again)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_unmarking_paid_reverses_the_payments_frees_their_references_and_rebuilds_alike(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=4)  # 2 000 FCFA
    first = ok(pay(api, order, 1500, method="orange_money", reference="MP241129.1000.A1"), 201)
    second = ok(pay(api, order, 500), 201)

    unpaid = ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                         json={"payment_status": "non_payee"}))

    assert (unpaid["amount_paid"], unpaid["amount_due"], unpaid["payment_status"]) == (
        0, 2000, "non_payee")
    shown = {p["id"]: p for p in payments_of(api, order)}
    assert set(shown) == {first["id"], second["id"]}
    assert all(p["reversed_at"] is not None for p in shown.values())
    assert {p["id"] for p in listed(api, reversed="true")} == set(shown)
    assert listed(api, reversed="false") == []
    summary = ok(api.call(MANAGER, "GET", "/api/reports/summary/"))
    assert (summary["paid_total"], summary["unpaid_total"]) == (0, 2000)
    # The reference is free again: it may pay (this order or another).
    again = ok(pay(api, order, 2000, method="orange_money", reference="mp241129.1000.a1"), 201)
    assert again["reversed_at"] is None
    assert order_of(api, order)["payment_status"] == "payee"
    assert [p["id"] for p in listed(api, reversed="false")] == [again["id"]]
    assert_rebuild_gives_same_rows(api.gapal)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_reversed_reference_claimed_again_pays_only_once(
        api: Api, place_order: OrderFactory) -> None:
    order, other = place_order(quantity=4), place_order(quantity=4)
    ok(pay(api, order, 1000, method="moov_money", reference="MV-1"), 201)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                json={"payment_status": "non_payee"}))
    ok(pay(api, other, 1000, method="moov_money", reference="MV-1"), 201)

    refused(pay(api, order, 1000, method="moov_money", reference="MV-1"), 409,
            "payment_reference_used")


# Reports: what was received


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_summary_counts_the_money_received_partial_payments_included(
        api: Api, place_order: OrderFactory) -> None:
    partly, unpaid = place_order(quantity=4), place_order(quantity=2)
    ok(pay(api, partly, 1500), 201)

    body = ok(api.call(MANAGER, "GET", "/api/reports/summary/"))

    assert body["paid_total"] == 1500
    assert body["unpaid_total"] == 500 + unpaid["total_price"]
    partial = ok(api.call(MANAGER, "GET", "/api/reports/summary/",
                          params={"payment_status": "partielle"}))
    assert partial["orders_count"] == 1


def test_the_csv_shows_what_was_paid_and_what_is_due(api: Api,
                                                     place_order: OrderFactory) -> None:
    order = place_order(quantity=4)
    ok(pay(api, order, 1500), 201)
    text = api.call(MANAGER, "GET", "/api/reports/orders/csv/",
                    params={"format": "raw"}).content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    cells = dict(zip(header.split(";"), row.split(";"), strict=False))
    assert (cells["payment_status"], cells["amount_paid"], cells["amount_due"]) == (
        "partielle", "1500", "500")


# Concurrency


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_one_reference_sent_for_two_orders_at_once_pays_exactly_once(
        api: Api, place_order: OrderFactory) -> None:
    for trial in range(6):
        orders = [place_order(quantity=1) for _ in range(4)]
        reference = f"OM-RACE-{trial}"
        answers = in_parallel([
            partial(pay, api, order, 500, method="orange_money", reference=reference)
            for order in orders])
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 409, 409, 409], [a.text for a in answers]
        assert {a.json()["code"] for a in answers if a.status_code == 409} == {
            "payment_reference_used"}
        paid = [o for o in orders if order_of(api, o)["amount_paid"] == 500]
        assert len(paid) == 1
