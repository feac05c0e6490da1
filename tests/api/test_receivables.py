"""Receivables over HTTP: what each customer owes by age, over his credit limit or not, the
orders without customer on their own line, the totals matching the summary, CSV and PDF; the
dashboard summary's `receivables_total` and `top_debtors`; a customer's statement."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.answers import ok
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.integration.test_payments_read_side import marked_paid_the_old_way

MANAGER = "gestionnaire_commandes"
RECEIVABLES = "/api/reports/receivables/"
SUMMARY = "/api/reports/summary/"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
BUCKETS = ("days_0_7", "days_8_30", "days_31_60", "days_over_60")


def customer(api: Api, name: str, phone: str, kind: str = "maquis",
             credit_limit: int = 0) -> dict[str, Any]:
    body = {"name": name, "phone": phone, "kind": kind, "credit_limit": credit_limit}
    created: dict[str, Any] = ok(api.call(MANAGER, "POST", "/api/customers/", json=body), 201)
    return created


def pay(api: Api, order: dict[str, Any], amount: int, method: str = "especes",
        **fields: Any) -> dict[str, Any]:
    body = {"amount": amount, "method": method, "local_id": str(uuid.uuid4()), **fields}
    paid: dict[str, Any] = ok(api.call(MANAGER, "POST", f"/api/orders/{order['id']}/payments/",
                                       json=body), 201)
    return paid


def cancel(api: Api, order: dict[str, Any]) -> None:
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/status/",
                json={"delivery_status": "annulee"}))


def receivables(api: Api, who: str = MANAGER, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call(who, "GET", RECEIVABLES, params=params))
    return body


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text().translate(SPACES)
                     for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def book(api: Api, place_order: OrderFactory) -> dict[str, Any]:
    """Aïcha owes 1 750 (limit 1 000: over), Hôtel Nazemsé 1 250 (limit 50 000), Clément
    nothing (all paid), an order without customer 2 000; a cancelled order of Aïcha's."""
    aicha = customer(api, "Aïcha Kaboré", "70 11 22 33", "boutique", 1_000)
    hotel = customer(api, "Hôtel Nazemsé", "76 44 55 66", "hotel", 50_000)
    clement = customer(api, "Clément Zongo", "78 00 11 22")
    first = place_order(customer_id=aicha["id"], quantity=2)  # 1 000
    place_order(customer_id=aicha["id"], product="gapal", quantity=3)  # 750
    cancel(api, place_order(customer_id=aicha["id"], quantity=4))
    partly = place_order(customer_id=hotel["id"], quantity=5)  # 2 500
    pay(api, partly, 1_250, "orange_money", reference="OM-778899")
    place_order(customer_id=clement["id"], payment_status="payee")
    place_order(quantity=4)  # 2 000, no customer
    return {"aicha": aicha, "hotel": hotel, "clement": clement, "first": first,
            "partly": partly}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_each_customer_who_owes_is_listed_biggest_balance_first(
        api: Api, book: dict[str, Any]) -> None:
    body = receivables(api)
    assert body["as_of"] == datetime.now(UTC).date().isoformat()
    lines = [(r["name"], r["balance"], r["credit_limit"], r["over_limit"], r["orders_count"])
             for r in body["results"]]
    assert lines == [("Aïcha Kaboré", 1_750, 1_000, True, 2),
                     ("Hôtel Nazemsé", 1_250, 50_000, False, 1)]
    aicha = body["results"][0]
    assert aicha["customer_id"] == book["aicha"]["id"]
    assert aicha["kind"] == "boutique"
    assert aicha["oldest_debt_at"] == book["first"]["created_at"]
    assert [aicha[name] for name in BUCKETS] == [1_750, 0, 0, 0]
    no_customer = body["no_customer"]
    assert (no_customer["customer_id"], no_customer["name"], no_customer["balance"],
            no_customer["over_limit"]) == (None, "Sans client", 2_000, False)
    assert body["balance_total"] == 5_000
    assert body["totals"] == {"days_0_7": 5_000, "days_8_30": 0, "days_31_60": 0,
                              "days_over_60": 0}
    summary = ok(api.call(MANAGER, "GET", SUMMARY))
    assert summary["unpaid_total"] == body["balance_total"] == summary["receivables_total"]


@pytest.mark.parametrize(("days", "bucket"), [
    (0, "days_0_7"), (7, "days_0_7"), (8, "days_8_30"), (30, "days_8_30"),
    (31, "days_31_60"), (60, "days_31_60"), (61, "days_over_60"), (400, "days_over_60"),
    (-3, "days_0_7"),
])
def test_a_debt_is_aged_from_the_day_the_order_was_placed(
        api: Api, place_order: OrderFactory, days: int, bucket: str) -> None:
    someone = customer(api, "Awa", "70 12 34 56")
    place_order(customer_id=someone["id"], quantity=3)
    as_of = datetime.now(UTC).date() + timedelta(days=days)
    line = receivables(api, as_of=as_of.isoformat())["results"][0]
    assert {name: line[name] for name in BUCKETS} == {
        name: 1_500 if name == bucket else 0 for name in BUCKETS}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_filters_narrow_the_customers_and_leave_the_orders_without_customer_out(
        api: Api, book: dict[str, Any]) -> None:
    over = receivables(api, over_limit="true")
    assert [r["name"] for r in over["results"]] == ["Aïcha Kaboré"]
    assert over["no_customer"] is None
    assert over["balance_total"] == 1_750
    under = receivables(api, over_limit="false")
    assert [r["name"] for r in under["results"]] == ["Hôtel Nazemsé"]
    hotels = receivables(api, kind="hotel")
    assert [r["name"] for r in hotels["results"]] == ["Hôtel Nazemsé"]
    assert hotels["totals"]["days_0_7"] == 1_250
    assert receivables(api, kind="cantine")["results"] == []
    answer = api.call(MANAGER, "GET", RECEIVABLES, params={"kind": "banque"})
    assert answer.status_code == 422
    assert api.call(MANAGER, "GET", RECEIVABLES, params={"format": "xls"}).status_code == 422


def test_only_order_managers_and_admins_read_the_receivables(
        api: Api, book: dict[str, Any]) -> None:
    assert receivables(api, "admin")["balance_total"] == 5_000
    for role in ("vendeur", "gestionnaire_stocks"):
        assert api.call(role, "GET", RECEIVABLES).status_code == 403
        assert api.call(role, "GET", f"/api/customers/{book['aicha']['id']}/statement/"
                        ).status_code == 403
    assert api.call(None, "GET", RECEIVABLES).status_code == 401


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_receivables_as_french_csv_raw_csv_and_pdf(api: Api, book: dict[str, Any]) -> None:
    french = api.call(MANAGER, "GET", RECEIVABLES, params={"format": "csv"})
    assert french.status_code == 200
    assert french.headers["content-type"].startswith("text/csv")
    assert "attachment" in french.headers["content-disposition"]
    text = french.content.decode("utf-8")
    assert text.startswith("\ufeffClient;Téléphone;Type;Plafond (FCFA);Solde (FCFA);0–7 j")
    rows = text.lstrip("\ufeff").splitlines()
    assert rows[1].startswith("Aïcha Kaboré;+22670112233;Boutique;1000;1750;1750;0;0;0;Oui;")
    assert rows[3].startswith("Sans client;;;;2000;2000;")
    assert rows[4].startswith("Total;;;;5000;5000;0;0;0")
    raw = api.call(MANAGER, "GET", RECEIVABLES, params={"format": "raw"}).content.decode()
    assert raw.lstrip("\ufeff").startswith(
        "customer_id;name;phone;kind;credit_limit;balance;days_0_7;days_8_30;days_31_60;"
        "days_over_60;over_limit;oldest_debt_at;orders_count")
    assert f"{book['aicha']['id']};Aïcha Kaboré;+22670112233;boutique;1000;1750;" in raw
    pdf = api.call(MANAGER, "GET", RECEIVABLES, params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "creances.pdf").write_bytes(pdf.content)
    shown = pdf_text(pdf.content)
    for words in ("Créances clients", "Aïcha Kaboré", "Hôtel Nazemsé", "+226 70 11 22 33",
                  "Sans client", "Total dû : 5 000 FCFA", "Page 1 / 1", "31–60 j"):
        assert words in shown


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_summary_names_the_top_debtors(api: Api, book: dict[str, Any]) -> None:
    summary = ok(api.call(MANAGER, "GET", SUMMARY))
    assert summary["receivables_total"] == 5_000
    assert [(d["customer_id"], d["name"], d["balance"]) for d in summary["top_debtors"]] == [
        (book["aicha"]["id"], "Aïcha Kaboré", 1_750),
        (book["hotel"]["id"], "Hôtel Nazemsé", 1_250)]
    assert summary["top_debtors"][0]["oldest_debt_at"] == book["first"]["created_at"]
    # the period filters the other figures, not what is owed today
    future = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    later = ok(api.call(MANAGER, "GET", SUMMARY, params={"date_from": future}))
    assert (later["unpaid_total"], later["receivables_total"]) == (0, 5_000)


def test_at_most_five_top_debtors(api: Api, place_order: OrderFactory) -> None:
    for n in range(7):
        someone = customer(api, f"Client {n}", f"70 00 00 0{n}")
        place_order(customer_id=someone["id"], quantity=n + 1)
    debtors = ok(api.call(MANAGER, "GET", SUMMARY))["top_debtors"]
    assert [d["name"] for d in debtors] == [f"Client {n}" for n in (6, 5, 4, 3, 2)]


def statement(api: Api, customer_id: str, who: str = MANAGER, **params: Any) -> Any:
    return api.call(who, "GET", f"/api/customers/{customer_id}/statement/", params=params)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_statement_lists_orders_payments_and_cancellations_with_a_running_balance(
        api: Api, place_order: OrderFactory) -> None:
    awa = customer(api, "Awa Bationo", "70 12 34 56", credit_limit=5_000)
    first = place_order(customer_id=awa["id"], quantity=4)  # 2 000
    pay(api, first, 500, "orange_money", reference="OM-1")
    second = place_order(customer_id=awa["id"], quantity=2)  # 1 000
    pay(api, second, 200)
    cancel(api, second)
    place_order(customer_id=awa["id"], product="gapal", quantity=2)  # 500
    body = ok(statement(api, awa["id"]))
    steps = [(e["kind"], e["order_number"], e["debit"], e["credit"], e["balance"])
             for e in body["entries"]]
    one, two = first["order_number"], second["order_number"]
    assert steps[:5] == [("order", one, 2_000, 0, 2_000), ("payment", one, 0, 500, 1_500),
                         ("order", two, 1_000, 0, 2_500), ("payment", two, 0, 200, 2_300),
                         ("cancellation", two, 0, 800, 1_500)]
    assert steps[5][2:] == (500, 0, 2_000)
    assert body["entries"][1]["method"] == "orange_money"
    assert body["entries"][1]["reference"] == "OM-1"
    assert body["entries"][2]["delivery_status"] == "annulee"
    assert (body["opening_balance"], body["closing_balance"]) == (0, 2_000)
    assert (body["total_debit"], body["total_credit"]) == (3_500, 1_500)
    balance = ok(api.call(MANAGER, "GET", f"/api/customers/{awa['id']}/"))["balance"]
    assert body["closing_balance"] == balance
    today = datetime.now(UTC).date()
    later = ok(statement(api, awa["id"], date_from=(today + timedelta(days=1)).isoformat()))
    assert (later["opening_balance"], later["entries"], later["closing_balance"]) == (
        2_000, [], 2_000)
    before = ok(statement(api, awa["id"], date_to=(today - timedelta(days=1)).isoformat()))
    assert (before["opening_balance"], before["entries"], before["closing_balance"]) == (
        0, [], 0)
    pdf = statement(api, awa["id"], "admin", format="pdf", date_from=today.isoformat(),
                    date_to=today.isoformat())
    assert pdf.status_code == 200, pdf.text
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "releve-client.pdf").write_bytes(pdf.content)
    shown = pdf_text(pdf.content)
    for words in ("Relevé de compte client", "Awa Bationo", "Solde d'ouverture",
                  "Solde de clôture", "Orange Money · OM-1", "Annulation", "Annulée",
                  "+226 70 12 34 56",
                  f"du {today:%d/%m/%Y} au {today:%d/%m/%Y}"):
        assert words in shown


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_payments_reversed_by_marking_the_order_unpaid_leave_the_statement(
        api: Api, place_order: OrderFactory) -> None:
    awa = customer(api, "Awa Bationo", "70 12 34 56", credit_limit=5_000)
    order = place_order(customer_id=awa["id"], quantity=4)  # 2 000
    pay(api, order, 500, "orange_money", reference="OM-9")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                json={"payment_status": "non_payee"}))
    body = ok(statement(api, awa["id"]))
    assert [(e["kind"], e["debit"], e["credit"]) for e in body["entries"]] == [
        ("order", 2_000, 0)]
    balance = ok(api.call(MANAGER, "GET", f"/api/customers/{awa['id']}/"))["balance"]
    assert body["closing_balance"] == balance == 2_000


def test_a_statement_refuses_bad_input_and_unknown_customers(
        api: Api, place_order: OrderFactory) -> None:
    awa = customer(api, "Awa", "70 12 34 56")
    before = log_length(api.gapal)
    answer = statement(api, awa["id"], date_from="2026-05-02", date_to="2026-05-01")
    assert answer.status_code == 422
    assert "précède" in answer.text
    assert statement(api, awa["id"], format="docx").status_code == 422
    missing = statement(api, str(uuid.uuid4()))
    assert missing.status_code == 404
    assert "Client introuvable" in missing.json()["detail"]
    assert log_length(api.gapal) == before


def test_a_balance_at_the_limit_is_not_over_it_and_a_zero_limit_means_cash_only(
        api: Api, place_order: OrderFactory) -> None:
    at_limit = customer(api, "Juste au plafond", "70 55 55 55", credit_limit=500)
    cash_only = customer(api, "Comptant", "70 66 66 66", credit_limit=0)
    place_order(customer_id=at_limit["id"], quantity=1)  # 500
    place_order(customer_id=cash_only["id"], product="gapal", quantity=1)  # 250
    lines = {r["name"]: r["over_limit"] for r in receivables(api)["results"]}
    assert lines == {"Juste au plafond": False, "Comptant": True}


def test_an_order_marked_paid_before_payments_existed_is_credited_in_the_statement(
        api: Api, place_order: OrderFactory) -> None:
    awa = customer(api, "Awa", "70 12 34 56")
    order = place_order(customer_id=awa["id"], quantity=4)  # 2 000
    marked_paid_the_old_way(api, order["id"])
    body = ok(statement(api, awa["id"]))
    assert [(e["kind"], e["debit"], e["credit"], e["balance"]) for e in body["entries"]] == [
        ("order", 2_000, 0, 2_000), ("marked_paid", 0, 2_000, 0)]
    assert body["closing_balance"] == 0 == ok(
        api.call(MANAGER, "GET", f"/api/customers/{awa['id']}/"))["balance"]
