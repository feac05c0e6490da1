"""Totality of the read side: whatever sequence of commands people and phones send through the
HTTP API, every event the log accepts is projected without error, and a rebuild from the log
gives the very same rows in every view.

A hypothesis state machine sends orders, edits, status and payment changes, offline syncs with
skewed clocks and extreme (but plausible) times, voice notes, stock moves, products, categories
and users, with values at and just beyond the limits. After each step the projector must catch
up to the log head without raising and without recording a failure; a refused command must
leave the log as it was; at teardown the views are rebuilt from the log and compared.

`GAPAL_TOTALITY_EXAMPLES` and `GAPAL_TOTALITY_STEPS` make a longer run (bench/)."""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from tests.api import fast_world
from tests.audio import webm
from tests.conftest import (
    BACKENDS,
    Api,
    drop_schema,
    fresh_schema_url,
    log_length,
    require_postgres,
)
from tests.read_side import assert_rebuild_gives_same_rows, caught_up
from tests.sync import SYNC

EXAMPLES = int(os.environ.get("GAPAL_TOTALITY_EXAMPLES", "15"))
STEPS = int(os.environ.get("GAPAL_TOTALITY_STEPS", "20"))
POSTGRES_SHARE = 3  # PostgreSQL builds its world the slow way: a third of the examples
WEBM = webm(bytes(range(256)) * 4)
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
SEEN: Counter[str] = Counter()  # what was sent and answered: printed, to see what ran
UUID_IN_PATH = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")

MANAGERS = ["admin", "gestionnaire_commandes"]
SELLERS = ["vendeur", "gestionnaire_commandes", "admin"]
STOCKISTS = ["admin", "gestionnaire_stocks"]



def rarely(beyond: st.SearchStrategy[Any], *within: st.SearchStrategy[Any]) -> Any:
    """Values within the limits, and one time in ten a value just beyond them."""
    return st.integers(0, 9).flatmap(lambda n: beyond if n == 0 else st.one_of(*within))


# Mostly values the API accepts, at and near its limits; now and then one just beyond them.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               min_size=1, max_size=200)
NAMES = rarely(st.sampled_from(["x" * 201, "", "a\x00"]), TEXT,
               st.sampled_from(["Awa Bationo", "Kaboré", "x" * 200, "é" * 200, "🐄" * 200]))
PRICES = rarely(st.just(1_000_000_001), st.integers(0, 1_000_000_000),
                st.sampled_from([0, 1, 999_999_999, 1_000_000_000]))
AMOUNTS = rarely(
    st.sampled_from(["10000000.001", "0", "-1", "0.0001"]),
    st.decimals(Decimal("0.001"), Decimal("10000000"), places=3).map(str),
    st.sampled_from(["0.001", "1", "2.5", "1000", "9999999.999", "10000000"]))
DATES = rarely(
    st.sampled_from([date(1, 1, 1), date(1999, 12, 31), date(2100, 1, 1), date(9999, 12, 31)]),
    st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    st.sampled_from([date(2000, 1, 1), date(2099, 12, 31)]))
OPTIONAL_DATES = st.one_of(st.none(), DATES.map(date.isoformat))
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-14)),
                         timezone(timedelta(hours=5, minutes=45))])
# How far a phone's clock is from the server's: right, minutes off, or stuck in 1970.
SKEWS = st.one_of(st.sampled_from([timedelta(0), datetime(1970, 1, 1, tzinfo=UTC)
                                   - datetime.now(UTC)]),
                  st.timedeltas(timedelta(days=-400), timedelta(days=400)))
# When the event happened, relative to the server's now: the 2020 edge, a day ahead, before.
WHENS = rarely(st.sampled_from(["now+25h", "year-1"]),
               st.sampled_from(["edge-2020", "now+23h", "now"]),
               st.timedeltas(timedelta(days=-300), timedelta(0)))
STATUSES = st.sampled_from(["nouvelle", "en_preparation", "en_cours", "livree", "annulee"])
PAYMENTS = st.sampled_from(["non_payee", "payee"])
KINDS = rarely(st.sampled_from(["banque", ""]), st.sampled_from(
    ["boutique", "maquis", "hotel", "cantine", "particulier", "revendeur"]))
# Customers' phones: few, so that phones meet (409 at the office, merges from phones).
CUSTOMER_PHONES = rarely(st.just("12"), st.sampled_from(["70 12 34 56", "+226 76 00 00 00",
                                                         "0022670123456", "71000001"]))
METHODS = st.sampled_from(["especes", "orange_money", "moov_money", "virement", "cheque"])
# A few references, spelled the way people retype them: the same one must pay once.
REFERENCES = st.sampled_from([None, "", "OM-1", " om-1 ", "MM-22", "x" * 100, "x" * 101])
PAID = rarely(st.sampled_from([0, -1, 1_000_000_000_001]),
              st.integers(1, 5000), st.sampled_from([1, 250, 500, 1000]))
PRIORITIES = st.sampled_from(["basse", "moyenne", "haute"])
SYNC_FIELDS = ["client_name", "client_phone", "delivery_address", "delivery_date", "notes",
               "priority", "payment_status", "delivery_status", "items"]
PHONES = rarely(st.just("12"), st.sampled_from([None, "70 12 34 56", "+226 76 00 00 00",
                                                "0022670123456"]))


def number(amount: str) -> float | str:
    """Phones send JSON numbers; the exact text where a float would not round-trip."""
    value = float(amount)
    return value if Decimal(repr(value)) == Decimal(amount) else amount


class ReadSideTotality(RuleBasedStateMachine):
    """Commands through the HTTP API; the projector must follow every accepted one."""

    products = Bundle("products")
    categories = Bundle("categories")
    orders = Bundle("orders")
    phone_orders = Bundle("phone_orders")
    users = Bundle("users")
    customers = Bundle("customers")

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        super().__init__()
        self._world: Iterator[Api] = fast_world.fresh_api(database_url, tmp_path)
        self.api = next(self._world)
        # A write whose event the views cannot project waits for them in vain: not for long.
        self.api.gapal.settings.write_wait_seconds = 5.0
        self.note_ids = [str(uuid.uuid4()) for _ in range(3)]
        self.payment_ids = [str(uuid.uuid4()) for _ in range(4)]  # re-sent, on any order
        self.last_status = 0

    # --- helpers

    def send(self, who: str, method: str, path: str, **kwargs: Any) -> dict[str, Any] | None:
        """The answer's body if accepted; None if refused, and then the log did not grow."""
        before = log_length(self.api.gapal)
        answer = self.api.call(who, method, path, **kwargs)
        self.last_status = answer.status_code
        if answer.status_code == 503:  # saved, but the views lag: stuck (raises) or slow
            caught_up(self.api.gapal)
            return None
        assert answer.status_code < 500, (method, path, answer.status_code, answer.text)
        SEEN[f"{method} {UUID_IN_PATH.sub('{id}', path)} -> {answer.status_code}"] += 1
        if answer.status_code >= 400:
            assert log_length(self.api.gapal) == before, (method, path, answer.text)
            return None
        body: dict[str, Any] = answer.json() if answer.content else {}
        return body

    def items(self, products: list[str], amounts: list[str]) -> list[dict[str, Any]]:
        return [{"product_id": p, "quantity": number(a)} for p, a in zip(products, amounts,
                                                                        strict=False)]

    # --- the world

    @initialize(target=products)
    def catalogue(self) -> Any:
        found = fast_world.catalogue_of(self.api)
        return multiple(found["milk"]["id"], found["gapal"]["id"])

    @initialize(target=categories)
    def shelf(self) -> Any:
        return fast_world.catalogue_of(self.api)["category"]["id"]

    # --- catalogue and stock

    @rule(target=categories, name=NAMES)
    def create_category(self, name: str) -> Any:
        body = self.send("gestionnaire_stocks", "POST", "/api/categories/", json={"name": name})
        return body["id"] if body else multiple()

    @rule(target=products, category=categories, name=NAMES, unit=NAMES.map(lambda n: n[:50]),
          price=PRICES, expiry=OPTIONAL_DATES, stock=st.none() | AMOUNTS,
          barcode=st.none() | st.from_regex(r"\A[0-9]{8,64}\Z"))
    def create_product(self, category: str, name: str, unit: str, price: int,
                       expiry: str | None, stock: str | None, barcode: str | None) -> Any:
        body = self.send("gestionnaire_stocks", "POST", "/api/products/", json={
            "name": name, "category_id": category, "unit": unit, "unit_price": price,
            "min_stock_level": 2, "expiration_date": expiry, "barcode": barcode,
            "stock_quantity": None if stock is None else number(stock)})
        return body["id"] if body else multiple()

    @rule(product=products, price=st.none() | PRICES, name=st.none() | NAMES,
          expiry=OPTIONAL_DATES, minimum=st.none() | AMOUNTS)
    def revise_product(self, product: str, price: int | None, name: str | None,
                       expiry: str | None, minimum: str | None) -> None:
        changes = {"unit_price": price, "name": name, "expiration_date": expiry,
                   "min_stock_level": None if minimum is None else number(minimum)}
        self.send("admin", "PATCH", f"/api/products/{product}/",
                  json={k: v for k, v in changes.items() if v is not None})

    @rule(product=products, prices=st.dictionaries(KINDS, st.none() | PRICES, max_size=3),
          who=st.sampled_from(["gestionnaire_stocks", "admin"]))
    def set_kind_prices(self, product: str, prices: dict[str, int | None], who: str) -> None:
        self.send(who, "PUT", f"/api/products/{product}/prices/", json=prices)

    @rule(product=products, archive=st.booleans())
    def archive_or_restore_product(self, product: str, archive: bool) -> None:
        if archive:
            self.send("gestionnaire_stocks", "DELETE", f"/api/products/{product}/")
        else:
            self.send("admin", "PATCH", f"/api/products/{product}/", json={"is_active": True})

    @rule(kind=st.sampled_from(["entry", "exit", "adjustment"]), product=products,
          amount=AMOUNTS, expiry=OPTIONAL_DATES, who=st.sampled_from(STOCKISTS))
    def move_stock(self, kind: str, product: str, amount: str, expiry: str | None,
                   who: str) -> None:
        body: dict[str, Any] = {"product_id": product, "quantity": number(amount),
                                "reason": "Inventaire"}
        if kind == "entry" and expiry is not None:
            body["expiration_date"] = expiry
        self.send(who, "POST", f"/api/stock/{kind}/", json=body)

    # --- orders at the office

    @rule(target=orders, who=st.sampled_from(SELLERS),
          products=st.lists(products, min_size=1, max_size=3),
          amounts=st.lists(AMOUNTS, min_size=3, max_size=3), client=NAMES, phone=PHONES,
          delivery=OPTIONAL_DATES, priority=PRIORITIES, payment=PAYMENTS)
    def place_order(self, who: str, products: list[str], amounts: list[str], client: str,
                    phone: str | None, delivery: str | None, priority: str,
                    payment: str) -> Any:
        body = self.send(who, "POST", "/api/orders/", json={
            "client_name": client, "client_phone": phone, "delivery_date": delivery,
            "priority": priority, "payment_status": payment, "notes": "Livrer le matin",
            "items": self.items(products, amounts)})
        return body["id"] if body else multiple()

    @rule(order=orders, client=st.none() | NAMES, delivery=OPTIONAL_DATES,
          products=st.lists(products, max_size=3), amounts=st.lists(AMOUNTS, min_size=3,
                                                                    max_size=3))
    def revise_order(self, order: str, client: str | None, delivery: str | None,
                     products: list[str], amounts: list[str]) -> None:
        changes: dict[str, Any] = {"client_name": client, "delivery_date": delivery}
        if products:
            changes["items"] = self.items(products, amounts)
        self.send("gestionnaire_commandes", "PATCH", f"/api/orders/{order}/",
                  json={k: v for k, v in changes.items() if v is not None})

    @rule(order=orders, status=STATUSES)
    def change_status(self, order: str, status: str) -> None:
        self.send("gestionnaire_commandes", "PATCH", f"/api/orders/{order}/status/",
                  json={"delivery_status": status})

    @rule(order=orders, payment=PAYMENTS)
    def change_payment(self, order: str, payment: str) -> None:
        self.send("admin", "PATCH", f"/api/orders/{order}/payment/",
                  json={"payment_status": payment})

    @rule(order=orders, who=st.sampled_from(SELLERS), payment=st.integers(0, 3),
          amount=PAID, method=METHODS, reference=REFERENCES)
    def record_payment(self, order: str, who: str, payment: int, amount: int, method: str,
                       reference: str | None) -> None:
        self.send(who, "POST", f"/api/orders/{order}/payments/", json={
            "amount": amount, "method": method, "reference": reference,
            "local_id": self.payment_ids[payment]})
        self.check_paid(order)

    def check_paid(self, order_id: str) -> None:
        """What the order says it was paid is the sum of its distinct payments still standing
        (marked unpaid reverses them), at most its total, and its payment status says the same."""
        order = self.api.call("admin", "GET", f"/api/orders/{order_id}/").json()
        listed = self.api.call("admin", "GET", f"/api/orders/{order_id}/payments/",
                               params={"page_size": 200}).json()["results"]
        paid = sum(p["amount"] for p in listed if p["reversed_at"] is None)  # reversed: no more
        assert len({p["local_id"] for p in listed}) == len(listed)
        if listed:
            assert order["amount_paid"] == paid <= order["total_price"]
        assert order["amount_due"] == order["total_price"] - order["amount_paid"]
        expected = ("non_payee" if order["amount_paid"] == 0 else
                    "payee" if order["amount_due"] == 0 else "partielle")
        if order["total_price"] > 0:
            assert order["payment_status"] == expected, order

    @rule(order=orders, who=st.sampled_from(["vendeur", "admin"]), note=st.integers(0, 2))
    def attach_voice_note(self, order: str, who: str, note: int) -> None:
        self.send(who, "POST", f"/api/orders/{order}/voice-notes/",
                  files={"audio": ("note.webm", WEBM, "audio/webm")},
                  data={"local_id": self.note_ids[note], "duration_seconds": "3.5"})

    # --- orders from phones, on their own clocks

    def sync(self, who: str, sent: dict[str, Any], when: Any, zone: Any,
             skew: timedelta) -> dict[str, Any] | None:
        now = datetime.now(UTC)
        named = {"edge-2020": EARLIEST, "now+23h": now + timedelta(hours=23),
                 "now+25h": now + timedelta(hours=25), "now": now, "year-1": now}
        at = named[when] if isinstance(when, str) else now + when
        sent["occurred_at"] = ("0001-01-01T00:00:00+14:00" if when == "year-1"
                                else (at + skew).astimezone(zone).isoformat())
        before = log_length(self.api.gapal)
        batch = {"device_id": str(uuid.uuid4()), "client_time": (now + skew).isoformat(),
                 "events": [sent]}
        answer = self.send(who, "POST", SYNC, json=batch)
        if answer is None and self.last_status == 503:  # the views lagged (a busy machine)
            answer = self.send(who, "POST", SYNC, json=batch)  # exactly-once: the same result
        assert answer is not None, self.last_status
        [result] = answer["results"]
        SEEN[f"sync {sent['type']} -> {result['status']}"
             + (f" {result['error']['code']}" if result["error"] else "")] += 1
        if when in ("edge-2020", "now+23h", "now"):
            assert result["error"] is None or result["error"]["code"] != "invalid_time", result
        elif when in ("now+25h", "year-1"):
            assert result["status"] == "rejected", result
        if result["status"] == "rejected":
            assert log_length(self.api.gapal) == before, result
            return None
        return result

    @rule(target=phone_orders, who=st.sampled_from(SELLERS),
          products=st.lists(products, min_size=1, max_size=2),
          amounts=st.lists(AMOUNTS, min_size=2, max_size=2), when=WHENS, zone=ZONES,
          skew=SKEWS, delivery=OPTIONAL_DATES, client=NAMES)
    def sync_order_created(self, who: str, products: list[str], amounts: list[str],
                           when: Any, zone: Any, skew: timedelta, delivery: str | None,
                           client: str) -> Any:
        local_id = str(uuid.uuid4())
        result = self.sync(who, {
            "event_id": str(uuid.uuid4()), "local_id": local_id, "type": "order_created",
            "data": {"client_name": client, "client_phone": "70 12 34 56",
                     "delivery_date": delivery, "items": self.items(products, amounts)}},
            when, zone, skew)
        return (who, local_id) if result else multiple()

    @rule(phone_order=phone_orders, base=rarely(st.just(3), st.sampled_from([None, 1])),
          when=WHENS, zone=ZONES,
          skew=SKEWS, notes=TEXT, status=st.none() | STATUSES, payment=st.none() | PAYMENTS,
          products=st.lists(products, max_size=2),
          amounts=st.lists(AMOUNTS, min_size=2, max_size=2),
          nulls=st.just([]) | st.lists(st.sampled_from(SYNC_FIELDS), min_size=1, max_size=2))
    def sync_order_updated(self, phone_order: tuple[str, str], base: int | None, when: Any,
                           zone: Any, skew: timedelta, notes: str, status: str | None,
                           payment: str | None, products: list[str], amounts: list[str],
                           nulls: list[str]) -> None:
        who, local_id = phone_order
        data: dict[str, Any] = {"notes": notes, "delivery_status": status,
                                "payment_status": payment}
        if products:
            data["items"] = self.items(products, amounts)
        data = {k: v for k, v in data.items() if v is not None}
        data.update(dict.fromkeys(nulls))  # a phone may send null for any field
        self.sync(who, {
            "event_id": str(uuid.uuid4()), "local_id": local_id, "type": "order_updated",
            "base_version": base, "data": data}, when, zone, skew)

    # --- customers

    @rule(target=customers, who=st.sampled_from(SELLERS), name=NAMES, phone=CUSTOMER_PHONES,
          kind=KINDS, limit=rarely(st.sampled_from([-1, 10**13]), st.just(0),
                                   st.integers(0, 10**6)),
          others=st.lists(PHONES.filter(bool), max_size=2))
    def create_customer(self, who: str, name: str, phone: str | None, kind: str, limit: int,
                        others: list[str]) -> Any:
        body = self.send(who, "POST", "/api/customers/", json={
            "name": name, "phone": phone or "", "kind": kind,
            "credit_limit": 0 if who == "vendeur" else limit,
            "other_phones": others, "address": "Secteur 3"})
        return body["id"] if body else multiple()

    @rule(customer=customers, name=st.none() | NAMES, phone=st.none() | PHONES.filter(bool),
          kind=st.none() | KINDS, active=st.none() | st.booleans())
    def revise_customer(self, customer: str, name: str | None, phone: str | None,
                        kind: str | None, active: bool | None) -> None:
        changes = {"name": name, "phone": phone, "kind": kind, "is_active": active}
        self.send("gestionnaire_commandes", "PATCH", f"/api/customers/{customer}/",
                  json={k: v for k, v in changes.items() if v is not None})

    @rule(target=orders, customer=customers, who=st.sampled_from(SELLERS), product=products,
          client=st.just("") | NAMES)
    def place_order_for_customer(self, customer: str, who: str, product: str,
                                 client: str) -> Any:
        body = self.send(who, "POST", "/api/orders/", json={
            "client_name": client, "customer_id": customer,
            "items": [{"product_id": product, "quantity": 1}]})
        return body["id"] if body else multiple()

    @rule(who=st.sampled_from(SELLERS), name=NAMES, phone=CUSTOMER_PHONES, when=WHENS,
          zone=ZONES, skew=SKEWS, product=products)
    def sync_customer_and_order(self, who: str, name: str, phone: str, when: Any,
                                zone: Any, skew: timedelta, product: str) -> None:
        local_id = str(uuid.uuid4())
        self.sync(who, {"event_id": str(uuid.uuid4()), "local_id": local_id,
                        "type": "customer_created", "data": {"name": name, "phone": phone}},
                  when, zone, skew)
        self.sync(who, {"event_id": str(uuid.uuid4()), "local_id": str(uuid.uuid4()),
                        "type": "order_created",
                        "data": {"customer_local_id": local_id,
                                 "items": [{"product_id": product, "quantity": 1}]}},
                  when, zone, skew)

    @rule(phone_order=phone_orders, payment=st.integers(0, 3), amount=PAID, method=METHODS,
          reference=REFERENCES, when=WHENS, zone=ZONES, skew=SKEWS)
    def sync_payment_received(self, phone_order: tuple[str, str], payment: int, amount: int,
                              method: str, reference: str | None, when: Any, zone: Any,
                              skew: timedelta) -> None:
        who, local_id = phone_order
        result = self.sync(who, {
            "event_id": str(uuid.uuid4()), "local_id": self.payment_ids[payment],
            "type": "payment_received",
            "data": {"order_local_id": local_id, "amount": amount, "method": method,
                     "reference": reference}}, when, zone, skew)
        if result is not None:
            self.check_paid(result["order"]["id"])

    # --- people

    @rule(target=users, role=st.sampled_from(["vendeur", "gestionnaire_stocks", "admin"]),
          name=st.one_of(st.from_regex(r"\A[a-z0-9._-]{1,160}\Z"), NAMES),
          phone=st.sampled_from(["", "70 12 34 56", "x" * 32, "x" * 33]))
    def create_user(self, role: str, name: str, phone: str) -> Any:
        body = self.send("admin", "POST", "/api/users/", json={
            "username": name, "email": "agent@gapal.bf", "password": "password-123",
            "role": role, "phone": phone})
        return body["id"] if body else multiple()

    @rule(user=users, role=st.none() | st.sampled_from(["vendeur", "admin"]),
          active=st.none() | st.booleans(), phone=st.none() | st.sampled_from(["76 00 00 00"]))
    def revise_user(self, user: str, role: str | None, active: bool | None,
                    phone: str | None) -> None:
        changes = {"role": role, "is_active": active, "phone": phone}
        self.send("admin", "PATCH", f"/api/users/{user}/",
                  json={k: v for k, v in changes.items() if v is not None})

    @rule(user=users)
    def deactivate_user(self, user: str) -> None:
        self.send("admin", "DELETE", f"/api/users/{user}/")

    # --- what must hold

    @invariant()
    def the_views_follow_the_log(self) -> None:
        caught_up(self.api.gapal)

    def teardown(self) -> None:
        try:
            assert_rebuild_gives_same_rows(self.api.gapal, view_by_view=True)
        finally:
            self._world.close()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_every_accepted_command_is_projected_and_rebuilt_alike(
        database_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    on_postgres = not database_url.startswith("sqlite")
    examples = max(1, EXAMPLES // POSTGRES_SHARE) if on_postgres else EXAMPLES
    schemas: list[str] = []

    def machine() -> ReadSideTotality:
        url = database_url
        if on_postgres:  # a fresh schema per example: the views start empty each time
            require_postgres()
            url = fresh_schema_url()
            schemas.append(url)
        return ReadSideTotality(url, tmp_path_factory.mktemp("totality"))

    try:
        run_state_machine_as_test(machine, settings=settings(
            max_examples=examples, stateful_step_count=STEPS, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                   HealthCheck.data_too_large]))
    finally:
        for url in schemas:
            drop_schema(url)
        print("\n".join(f"{count:6} {what}" for what, count in sorted(SEEN.items())))
