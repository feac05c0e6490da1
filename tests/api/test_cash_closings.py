"""Cash closings over HTTP: what a vendor should hand in by method, closed once by the office
with the counted amounts and their differences; a payment of a closed day synced later is a
late difference; corrections carry a reason; a vendeur reads his own days only."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from pypdf import PdfReader

from tests.answers import ok, refused
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.integration.test_concurrency import in_parallel
from tests.read_side import assert_rebuild_gives_same_rows
from tests.sync import Phone, new_local_id, order_data

MANAGER = "gestionnaire_commandes"
CLOSINGS = "/api/cash-closings/"


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def user_id(api: Api, who: str) -> str:
    me: dict[str, Any] = ok(api.call(who, "GET", "/api/auth/me/"))
    return str(me["id"])


def pay(api: Api, order: dict[str, Any], amount: int, method: str = "especes",
        who: str = "vendeur", **fields: Any) -> dict[str, Any]:
    body = {"amount": amount, "method": method, "local_id": str(uuid.uuid4()), **fields}
    paid: dict[str, Any] = ok(api.call(who, "POST", f"/api/orders/{order['id']}/payments/",
                                       json=body), 201)
    return paid


def vendor_day(api: Api, place_order: OrderFactory) -> str:
    """The vendeur's three orders of the day, two paid cash, one by Moov Money: 1 500 FCFA
    cash and 1 500 FCFA Moov expected. His id."""
    for quantity, method in ((2, "especes"), (1, "especes"), (3, "moov_money")):
        order = place_order(who="vendeur", quantity=quantity)
        pay(api, order, quantity * 500, method,
            **({"reference": f"MOOV-{uuid.uuid4().hex[:8]}"} if method != "especes" else {}))
    return user_id(api, "vendeur")


def close(api: Api, vendor: str, counted: dict[str, Any], who: str = MANAGER,
          day: str | None = None, **fields: Any) -> Any:
    return api.call(who, "POST", CLOSINGS, json={
        "vendor_id": vendor, "day": day or today(), "counted": counted, **fields})


def line(closing: dict[str, Any], method: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in closing["methods"] if m["method"] == method)
    return found


def listed(api: Api, who: str = MANAGER, **params: Any) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = ok(api.call(who, "GET", CLOSINGS,
                                                params=params))["results"]
    return results


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_500_fcfa_less_in_cash_shows_minus_500_in_especes(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    [before] = listed(api, day=today())
    assert (before["vendor_username"], before["status"]) == ("vendeur", "ouverte")
    assert (line(before, "especes")["expected"], line(before, "moov_money")["expected"]) == (
        1500, 1500)
    assert line(before, "especes")["difference"] is None

    closing = ok(close(api, vendor, {"especes": 1000, "moov_money": 1500},
                       note="Billet de 500 manquant"), 201)

    assert closing["status"] == "cloturee"
    assert line(closing, "especes") == {"method": "especes", "expected": 1500,
                                        "counted": 1000, "difference": -500, "late": 0}
    assert line(closing, "moov_money")["difference"] == 0
    assert closing["totals"] == {"expected": 3000, "counted": 2500, "difference": -500,
                                 "late": 0}
    assert (closing["closed_by_username"], closing["note"]) == (MANAGER, "Billet de 500 manquant")
    assert closing["expected_seen"]["especes"] == 1500
    assert listed(api, day=today()) == [closing]
    assert ok(api.call("admin", "GET", f"{CLOSINGS}{vendor}/{today()}/")) == closing


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_payment_synced_after_the_closing_is_a_late_difference(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    vendor = vendor_day(api, place_order)
    phone = Phone(api, "vendeur")
    order_local_id = new_local_id()
    now = phone.clock()  # taken before the closing, offline, on the closing's day
    taken = now - min(timedelta(minutes=30),
                      (now - now.replace(hour=0, minute=0, second=0, microsecond=0)) / 2)
    phone.send(phone.created(order_local_id, order_data(catalogue["milk"]["id"], 2), at=taken))
    ok(close(api, vendor, {"especes": 1000, "moov_money": 1500}), 201)

    [result] = phone.send({
        "event_id": str(uuid.uuid4()), "local_id": new_local_id(), "type": "payment_received",
        "occurred_at": taken.isoformat(),
        "data": {"order_local_id": order_local_id, "amount": 1000, "method": "especes"}}
    )["results"]

    assert result["status"] == "applied", result
    now = ok(api.call(MANAGER, "GET", f"{CLOSINGS}{vendor}/{today()}/"))
    assert line(now, "especes") == {"method": "especes", "expected": 1500, "counted": 1000,
                                    "difference": -500, "late": 1000}
    assert now["totals"]["late"] == 1000
    [late] = now["late_payments"]
    assert (late["amount"], late["method"]) == (1000, "especes")
    [payment] = ok(api.call(MANAGER, "GET", "/api/payments/", params={
        "created_by": vendor, "day": today(), "ordering": "-created_at"}))["results"][:1]
    assert late["payment_id"] == payment["id"]
    assert payment["after_closing"] is True
    listed = ok(api.call(MANAGER, "GET", "/api/payments/", params={"created_by": vendor}))
    assert [p["after_closing"] for p in listed["results"]].count(True) == 1
    assert assert_rebuild_gives_same_rows(api.gapal, view_by_view=True)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_closing_twice_is_refused_and_a_correction_needs_its_reason(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    ok(close(api, vendor, {"especes": 1000, "moov_money": 1500}), 201)
    length = log_length(api.gapal)

    refused(close(api, vendor, {"especes": 1500}, who="admin"), 409, "cash_closing_closed")
    path = f"{CLOSINGS}{vendor}/{today()}/corrections/"
    refused(api.call(MANAGER, "POST", path, json={"counted": {"especes": 1500},
                                                  "reason": "  "}), 400, "invalid_input")
    assert log_length(api.gapal) == length

    corrected = ok(api.call("admin", "POST", path, json={
        "counted": {"especes": 1500, "moov_money": 1500},
        "reason": "Billet retrouvé dans la sacoche"}), 201)
    assert line(corrected, "especes")["difference"] == 0
    [correction] = corrected["corrections"]
    assert (correction["reason"], correction["corrected_by_username"]) == (
        "Billet retrouvé dans la sacoche", "admin")
    assert correction["counted"]["especes"] == 1500
    assert corrected["closed_by_username"] == MANAGER  # the first count stays on record


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_day_never_closed_cannot_be_corrected(api: Api) -> None:
    vendor = user_id(api, "vendeur")
    refused(api.call(MANAGER, "POST", f"{CLOSINGS}{vendor}/{today()}/corrections/",
                     json={"counted": {}, "reason": "essai"}), 404, "not_found")


@pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_two_offices_closing_the_same_day_at_once_close_it_once(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    answers = in_parallel([partial(close, api, vendor, {"especes": 1000 + n}, who=who)
                           for n, who in enumerate([MANAGER, "admin"] * 3)])
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409, 409, 409], [
        a.text for a in answers]
    [won] = [a.json() for a in answers if a.status_code == 201]
    assert ok(api.call(MANAGER, "GET", f"{CLOSINGS}{vendor}/{today()}/")) == won


BAD_CLOSINGS = [
    ({"counted": {"especes": -1}}, 400),
    ({"counted": {"especes": 10.5}}, 400),
    ({"counted": {"especes": "1000"}}, 400),
    ({"counted": {"especes": True}}, 400),
    ({"counted": {"bitcoin": 1000}}, 400),
    ({"counted": {"especes": 10**13}}, 400),
    ({"counted": []}, 422),
    ({"day": "2019-12-31"}, 400),
    ({"day": (datetime.now(UTC).date() + timedelta(days=1)).isoformat()}, 400),
    ({"note": "x" * 1001}, 422),
    ({"vendor_id": str(uuid.uuid4())}, 400),
]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_bad_closings_are_refused_in_french_and_change_nothing(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    stocks = user_id(api, "gestionnaire_stocks")
    length = log_length(api.gapal)
    for change, status in [*BAD_CLOSINGS, ({"vendor_id": stocks}, 400)]:
        body = {"vendor_id": vendor, "day": today(), "counted": {"especes": 1000}, **change}
        answer = api.call(MANAGER, "POST", CLOSINGS, json=body)
        refused(answer, status, None if status == 422 else answer.json().get("code"))
        assert status == 422 or answer.json()["code"] in ("invalid_input", "out_of_range")
    assert "inconnu" in close(api, vendor, {"bitcoin": 1}).json()["detail"]
    assert log_length(api.gapal) == length
    assert listed(api, day=today())[0]["status"] == "ouverte"


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_vendeur_sees_only_his_own_days_and_cannot_close(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    api.user("vendeur", username="vendeur2")
    other = user_id(api, "vendeur2")
    order = place_order(who="vendeur2", quantity=1)
    pay(api, order, 500, who="vendeur2")

    assert {r["vendor_username"] for r in listed(api, day=today())} == {"vendeur", "vendeur2"}
    [own] = listed(api, "vendeur", day=today())
    assert own["vendor_id"] == vendor
    assert listed(api, "vendeur", vendor_id=other) == []
    refused(api.call("vendeur", "GET", f"{CLOSINGS}{other}/{today()}/"), 404, "not_found")
    refused(api.call("vendeur", "GET", f"{CLOSINGS}{other}/{today()}/pdf/"), 404, "not_found")
    refused(close(api, vendor, {"especes": 1500}, who="vendeur"), 403, "permission_denied")
    refused(api.call("gestionnaire_stocks", "GET", CLOSINGS), 403, "permission_denied")
    ok(close(api, vendor, {"especes": 1500, "moov_money": 1500}), 201)
    assert ok(api.call("vendeur", "GET", f"{CLOSINGS}{vendor}/{today()}/"))["status"] == (
        "cloturee")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_closing_pdf_is_signed_with_the_closers_name_and_time(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    ok(close(api, vendor, {"especes": 1000, "moov_money": 1500}), 201)

    answer = api.call("admin", "GET", f"{CLOSINGS}{vendor}/{today()}/pdf/")

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    text = pdf_text(answer.content)
    assert "Clôturée par gestionnaire_commandes le" in text
    assert "Vendeur : vendeur" in text
    assert "−500" in text  # espèces: 500 FCFA missing


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_pdf_of_a_vendor_named_in_any_script_has_a_plain_file_name(api: Api) -> None:
    name = 'aïcha"日本'
    answer = api.call("admin", "POST", "/api/users/", json={
        "username": name, "email": "aicha@gapal.bf", "password": "password-123",
        "role": "vendeur", "phone": ""})
    vendor = ok(answer, 201)["id"]
    ok(close(api, vendor, {}), 201)

    answer = api.call("admin", "GET", f"{CLOSINGS}{vendor}/{today()}/pdf/")

    assert answer.status_code == 200, answer.text
    assert f'filename="cloture-aicha-{today()}.pdf"' in answer.headers["content-disposition"]
    assert 'Vendeur : aïcha"' in pdf_text(answer.content)  # the fonts have no CJK glyphs


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_reversed_payments_and_other_days_count_in_no_expected_amount_and_rebuild_the_same(
        api: Api, place_order: OrderFactory) -> None:
    vendor = vendor_day(api, place_order)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).replace(hour=9)
    old = place_order(who="vendeur", quantity=1)
    pay(api, old, 500, received_at=yesterday.isoformat())
    reversed_order = place_order(who="vendeur", quantity=2)
    pay(api, reversed_order, 1000)
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{reversed_order['id']}/payment/",
                json={"payment_status": "non_payee"}))

    [day] = listed(api, day=today())
    assert line(day, "especes")["expected"] == 1500
    [before] = listed(api, day=yesterday.date().isoformat())
    assert line(before, "especes")["expected"] == 500
    ok(close(api, vendor, {"especes": 1500, "moov_money": 1500}), 201)
    ok(api.call(MANAGER, "POST", f"{CLOSINGS}{vendor}/{today()}/corrections/", json={
        "counted": {"especes": 1400, "moov_money": 1500}, "reason": "Recompté le soir"}), 201)
    assert {r["day"] for r in listed(api, vendor_id=vendor)} == {
        today(), yesterday.date().isoformat()}
    assert assert_rebuild_gives_same_rows(api.gapal, view_by_view=True)
    assert line(ok(api.call(MANAGER, "GET", f"{CLOSINGS}{vendor}/{today()}/")),
                "especes")["difference"] == -100
