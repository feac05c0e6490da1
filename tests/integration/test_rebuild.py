"""The read models are a pure function of the log: rebuilt from scratch (in process or with
`gapal projections rebuild`) they hold the very same rows, and projectors racing on one
PostgreSQL schema after a crash still project each event exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import sqlalchemy as sa

from gapal.bootstrap import Gapal, bootstrap
from projections.framework import Batch, Events, Projection, View
from projections.read_models import drop_and_recreate
from projections.runner import Projector
from tests.conftest import BACKENDS, FAST_PASSWORDS, Api, log_length, make_settings

GAPAL_CLI = Path(sys.executable).with_name("gapal")
Dump = dict[str, list[tuple[Any, ...]]]


# A realistic history, through the HTTP API


def ok(answer: Any, *statuses: int) -> dict[str, Any]:
    assert answer.status_code in (statuses or (200, 201)), answer.text
    body: dict[str, Any] = answer.json() if answer.content else {}
    return body


def build_history(api: Api) -> None:
    """Several users, categories, products, orders through their whole life, stock moves."""
    call = api.call
    vendeur2 = api.user("vendeur", "vendeur-koudougou")
    leaver = api.user("gestionnaire_stocks", "ancien-magasinier")
    ok(call("admin", "PATCH", f"/api/users/{vendeur2['id']}/", json={"phone": "70 11 22 33"}))
    ok(call("admin", "DELETE", f"/api/users/{leaver['id']}/"))

    milk_cat = ok(call("admin", "POST", "/api/categories/", json={
        "name": "Lait frais", "description": "Lait du jour"}))
    sour_cat = ok(call("gestionnaire_stocks", "POST", "/api/categories/", json={
        "name": "Produits fermentés"}))
    ok(call("admin", "PATCH", f"/api/categories/{sour_cat['id']}/", json={
        "name": "Lait caillé et yaourts"}))
    soon = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    later = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()

    def new_product(category: dict[str, Any], name: str, unit: str, price: int,
                    stock: float, **extra: Any) -> str:
        return ok(call("gestionnaire_stocks", "POST", "/api/products/", json={
            "name": name, "category_id": category["id"], "unit": unit, "unit_price": price,
            "min_stock_level": 3, "stock_quantity": stock, **extra}))["id"]

    milk = new_product(milk_cat, "Lait frais de vache (1 L)", "L", 500, 40,
                       barcode="6190001000018", expiration_date=later)
    gapal = new_product(sour_cat, "Gapal (sachet 0,5 L)", "sachet", 250, 30,
                        expiration_date=soon)
    yogurt = new_product(sour_cat, "Yaourt nature (pot)", "pot", 300, 12.5)
    old = new_product(milk_cat, "Fènè (ancien format)", "L", 400, 0)
    ok(call("gestionnaire_stocks", "PATCH", f"/api/products/{milk}/", json={"unit_price": 550}))
    ok(call("gestionnaire_stocks", "DELETE", f"/api/products/{old}/"))
    ok(call("gestionnaire_stocks", "PUT", f"/api/products/{gapal}/prices/",
            json={"revendeur": 200, "hotel": 240}))
    ok(call("admin", "PUT", f"/api/products/{gapal}/prices/", json={"revendeur": 210}))

    def move(kind: str, product: str, quantity: float, reason: str = "", **headers: str) -> None:
        ok(call("gestionnaire_stocks", "POST", f"/api/stock/{kind}/", headers=headers,
                json={"product_id": product, "quantity": quantity, "reason": reason}))

    move("entry", milk, 20, "Collecte du matin")
    move("entry", yogurt, 6, "Production", **{"Idempotency-Key": "entree-yaourt-1"})
    move("entry", yogurt, 6, "Production", **{"Idempotency-Key": "entree-yaourt-1"})
    move("exit", gapal, 2.5, "Sachets percés")
    move("adjustment", milk, 55.25, "Inventaire du soir")
    move("adjustment", yogurt, 20, "Recompte")

    def place(who: str, client: str, items: list[tuple[str, float]], **extra: Any) -> str:
        return ok(call(who, "POST", "/api/orders/", json={
            "client_name": client, "client_phone": "+226 70 12 34 56",
            "items": [{"product_id": p, "quantity": q} for p, q in items], **extra}))["id"]

    def status(order: str, to: str) -> None:
        ok(call("gestionnaire_commandes", "PATCH", f"/api/orders/{order}/status/",
                json={"delivery_status": to}))

    def payment(order: str, to: str) -> None:
        ok(call("gestionnaire_commandes", "PATCH", f"/api/orders/{order}/payment/",
                json={"payment_status": to}))

    a = place("vendeur", "Awa Bationo", [(milk, 2.5), (gapal, 4)], priority="haute")
    b = place("vendeur-koudougou", "Issa Ouédraogo", [(yogurt, 3)], notes="Livrer avant midi",
              delivery_date=later, local_id=str(uuid4()))
    c = place("gestionnaire_commandes", "Fatimata Kaboré", [(milk, 1), (yogurt, 1)],
              payment_status="payee")
    d = place("vendeur", "Boureima Sawadogo", [(gapal, 10)], priority="basse")
    e = place("admin", "Mariam Zongo", [(milk, 3)])
    f = place("vendeur-koudougou", "Salif Compaoré", [(yogurt, 100)])
    ok(call("gestionnaire_commandes", "PATCH", f"/api/orders/{a}/", json={
        "notes": "Client fidèle", "items": [{"product_id": milk, "quantity": 3},
                                             {"product_id": gapal, "quantity": 4}]}))
    status(a, "en_preparation")
    status(a, "en_cours")
    status(a, "livree")
    payment(a, "payee")
    status(b, "livree")
    payment(b, "payee")
    ok(call("vendeur", "POST", f"/api/orders/{d}/payments/", json={
        "amount": 500, "method": "orange_money", "reference": "OM-REBUILD-1",
        "local_id": str(uuid4())}))  # paid in part, then cancelled (to refund)
    status(c, "livree")
    status(d, "en_preparation")
    status(d, "annulee")
    status(e, "en_preparation")
    refused = call("gestionnaire_commandes", "PATCH", f"/api/orders/{f}/status/",
                   json={"delivery_status": "livree"})
    assert refused.status_code == 409, refused.text
    move("entry", gapal, 5, "Retour")


def dump(engine: sa.Engine, tables: list[sa.Table]) -> Dump:
    """Every row of every table, in a stable order and a comparable shape."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict | list):
            return json.dumps(value, sort_keys=True, default=str)
        if isinstance(value, Decimal):
            return str(value.normalize())
        return value

    result: Dump = {}
    with engine.connect() as conn:
        for table in tables:
            rows = [tuple(plain(v) for v in row) for row in conn.execute(sa.select(table))]
            result[table.name] = sorted(rows, key=repr)
    return result


def assert_realistic(rows: Dump) -> None:
    for name in ("view_users", "view_products", "view_orders", "view_movements", "view_audit"):
        if name in rows:
            assert len(rows[name]) >= 3, (name, rows[name])
    assert sum(len(r) for r in rows.values()) > 100


# Rebuilding in process


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_rebuilding_the_read_models_gives_the_same_rows(api: Api) -> None:
    build_history(api)
    gapal = api.gapal
    gapal.wait_for(log_length(gapal))
    gapal.projector.stop()
    tables = gapal.projector.projection.tables
    before = dump(gapal.db.reader, tables)
    assert_realistic(before)

    drop_and_recreate(gapal.db, gapal.projector.projection)
    assert all(rows == [] for rows in dump(gapal.db.reader, tables).values())
    replayed = gapal.projector.catch_up()

    assert replayed == log_length(gapal)
    after = dump(gapal.db.reader, tables)
    for table in tables:
        assert after[table.name] == before[table.name], table.name
    assert gapal.waiter.current() == log_length(gapal)


# Rebuilding with the real command line, on a file database


def test_gapal_projections_rebuild_command(api: Api, database_url: str, tmp_path: Path) -> None:
    assert database_url.startswith("sqlite:///")
    build_history(api)
    gapal = api.gapal
    gapal.wait_for(log_length(gapal))
    tables = gapal.projector.projection.tables
    head = log_length(gapal)
    gapal.close()  # the command wants the servers stopped
    engine = sa.create_engine(database_url)
    try:
        before = dump(engine, tables)
        assert_realistic(before)
        engine.dispose()
        env = {**os.environ, "GAPAL_DATABASE_URL": database_url, "COLUMNS": "120"}
        env.pop("GAPAL_SECRET_KEY", None)
        done = subprocess.run(
            [str(GAPAL_CLI), "projections", "rebuild"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"{head} événements rejoués" in done.stdout, done.stdout
        assert "Traceback" not in done.stdout + done.stderr
        engine.dispose()
        after = dump(engine, tables)
    finally:
        engine.dispose()
    for table in tables:
        assert after[table.name] == before[table.name], table.name


# Exactly once: a crashed batch, then two projectors racing on one PostgreSQL schema


class Crash(BaseException):
    """The process dying: not an error a view could be blamed for (a BaseException, like
    SystemExit, so the projector's isolation of failing views does not catch it)."""


class CrashingView(View):
    """Dies on one event, in the middle of the batch's transaction."""

    name = "crash"
    tables = ()

    def __init__(self, crash_at: object) -> None:
        self.crash_at = crash_at

    def apply(self, batch: Batch, events: Events) -> None:
        if any(event is self.crash_at for _, event in events):
            raise Crash


class CrashingProjection(Projection):
    """The real views, but the batch dies after a few events, in the middle of its transaction."""

    def __init__(self, real: Projection, after: int) -> None:
        super().__init__(real.name, real.views)
        self.after = after

    def apply(self, batch: Batch, events: Any, failures: Any = ()) -> Any:
        events = list(events)
        crash = CrashingView(events[self.after][1] if self.after < len(events) else None)
        return Projection(self.name, [*self.views, crash]).apply(batch, events, failures)


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_projectors_after_a_crash_project_each_event_exactly_once(
        api: Api, database_url: str, tmp_path: Path) -> None:
    build_history(api)
    first = api.gapal
    first.wait_for(log_length(first))
    first.projector.stop()
    projection = first.projector.projection
    expected = dump(first.db.reader, projection.tables)
    head = log_length(first)
    drop_and_recreate(first.db, projection)

    crashing = Projector(first.store, first.db, CrashingProjection(projection, after=25),
                         first.waiter)
    with pytest.raises(Crash):
        crashing.process_batch(limit=100)
    assert first.waiter.current() == 0
    assert all(rows == [] for rows in dump(first.db.reader, projection.tables).values())

    second: Gapal = bootstrap(make_settings(database_url, tmp_path / "second"),
                              passwords=FAST_PASSWORDS)
    try:
        counts = race(
            [first.projector, second.projector, first.projector, second.projector], limit=7)
    finally:
        second.close()

    assert sum(counts) == head, counts  # no event was projected twice, none was skipped
    log = first.store.recorder.select_notifications(start=0, limit=head + 1000)
    positions = [n.id for n in log]
    with first.db.reader.connect() as conn:
        audited = list(conn.execute(sa.text("SELECT position FROM view_audit")).scalars())
    assert sorted(audited) == positions
    assert len(audited) == len(set(audited))
    assert first.waiter.current() == positions[-1]
    after = dump(first.db.reader, projection.tables)
    for table in projection.tables:
        assert after[table.name] == expected[table.name], table.name


def race(projectors: list[Projector], limit: int) -> list[int]:
    """Each projector in its own thread, released together, until the log is exhausted."""
    start = threading.Barrier(len(projectors))
    counts = [0] * len(projectors)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait(timeout=10)
            while count := projectors[index].process_batch(limit=limit):
                counts[index] += count
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(projectors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    return counts
