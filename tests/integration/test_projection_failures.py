"""A view that cannot project an event skips that event alone: the other views, the later
events and the writes go on; health says "degraded", admins are told, and a rebuild of the
view after the fix clears it. Nothing in the log can stop the read side."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from eventsourcing.persistence import StoredEvent

from application.orders import NewOrder
from domain.order import ClientDetails, Order
from domain.permissions import Actor
from domain.values import Role
from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from projections.framework import Batch, Events, View, is_transient
from tests.conftest import (
    ADMIN_PASSWORD,
    BACKENDS,
    FAST_PASSWORDS,
    Api,
    create_catalogue,
    log_length,
    make_settings,
    served,
    sign_in_roles,
)

backends = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

bad_clients: set[str] = {"Client piégé"}
poked = sa.Table("view_poked", sa.MetaData(), sa.Column("order_id", sa.String(36),
                                                        primary_key=True))


class FragileView(View):
    """A view with a bug: it raises on the orders of some clients (a stand-in for any bug)."""

    name = "fragile"
    tables = (poked,)

    def apply(self, batch: Batch, events: Events) -> None:
        placed = [event for _, event in events if isinstance(event, Order.Placed)]
        if placed:
            batch.conn.execute(poked.insert(), [{"order_id": str(event.originator_id)}
                                                for event in placed])
        if any(event.client_name in bad_clients for event in placed):
            raise ValueError("bogue de la vue")


@pytest.fixture
def fragile(database_url: str, tmp_path: Path) -> Iterator[Api]:
    """The API on a Gapal whose projection has one more view, a fragile one."""
    gapal = bootstrap(make_settings(database_url, tmp_path), passwords=FAST_PASSWORDS)
    with gapal.db.writer.begin() as conn:
        poked.create(conn, checkfirst=True)
    gapal.projector.projection.views.insert(0, FragileView())
    gapal.start()
    ensure_admin(gapal, "admin", ADMIN_PASSWORD)
    try:
        with served(gapal) as client:
            api = Api(client, gapal, {})
            sign_in_roles(api)
            yield api
    finally:
        gapal.close()


def place(api: Api, catalogue: dict[str, Any], client_name: str) -> Any:
    return api.call("gestionnaire_commandes", "POST", "/api/orders/", json={
        "client_name": client_name, "client_phone": "+226 70 12 34 56",
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]})


def listed_clients(api: Api) -> set[str]:
    answer = api.call("admin", "GET", "/api/orders/", params={"page_size": 100})
    return {order["client_name"] for order in answer.json()["results"]}


def poked_orders(gapal: Gapal) -> int:
    with gapal.db.reader.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(poked)).scalar_one())


@backends
def test_a_view_that_raises_skips_that_event_alone_and_health_says_degraded(
        fragile: Api) -> None:
    catalogue = create_catalogue(fragile)
    assert place(fragile, catalogue, "Client piégé").status_code == 201
    started = time.monotonic()
    answer = place(fragile, catalogue, "Awa Bationo")
    assert answer.status_code == 201, answer.text
    assert time.monotonic() - started < 2.0  # writes do not wait on the skipped event
    assert listed_clients(fragile) == {"Client piégé", "Awa Bationo"}
    assert poked_orders(fragile.gapal) == 1  # the failed event's row was rolled back alone

    health = fragile.call(None, "GET", "/api/health/").json()
    assert health["status"] == "degraded"
    assert health["failure_count"] == 1
    [failure] = health["failures"]
    assert failure["view"] == "fragile"
    assert failure["event_type"] == "Order.Placed"
    assert "bogue de la vue" in failure["error"]
    assert health["projections"]["read_models"]["lag"] == 0


@backends
def test_admins_are_told_of_a_skipped_event(fragile: Api) -> None:
    catalogue = create_catalogue(fragile)
    place(fragile, catalogue, "Client piégé")
    titles = [n["title"] for n in fragile.call("admin", "GET", "/api/notifications/")
              .json()["results"]]
    assert "Vue « fragile » incomplète" in titles
    others = fragile.call("gestionnaire_stocks", "GET", "/api/notifications/").json()["results"]
    assert all(n["type"] != "anomalie_vue" for n in others)


@backends
def test_rebuilding_the_view_after_the_fix_clears_the_failure(fragile: Api) -> None:
    catalogue = create_catalogue(fragile)
    place(fragile, catalogue, "Client piégé")
    place(fragile, catalogue, "Awa Bationo")
    bad_clients.clear()  # the fix
    try:
        replayed = fragile.gapal.projector.rebuild_view("fragile")
    finally:
        bad_clients.add("Client piégé")
    assert replayed == log_length(fragile.gapal)
    assert poked_orders(fragile.gapal) == 2
    health = fragile.call(None, "GET", "/api/health/").json()
    assert (health["status"], health["failure_count"]) == ("ok", 0)
    assert listed_clients(fragile) == {"Client piégé", "Awa Bationo"}


@backends
def test_an_event_no_code_can_read_is_skipped_by_every_view(fragile: Api) -> None:
    catalogue = create_catalogue(fragile)
    fragile.gapal.store.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1, topic="domain.gone:Vanished",
        state=b"{}")])
    answer = place(fragile, catalogue, "Awa Bationo")
    assert answer.status_code == 201
    assert "Awa Bationo" in listed_clients(fragile)
    failures = fragile.call(None, "GET", "/api/health/").json()["failures"]
    assert [(f["view"], f["event_type"]) for f in failures] == [("*", "domain.gone:Vanished")]


def test_database_errors_are_retried_not_recorded_as_the_events_fault() -> None:
    def operational(orig: Exception) -> sa.exc.DBAPIError:
        return sa.exc.OperationalError("SELECT 1", {}, orig)

    lite = sqlite3.OperationalError
    assert is_transient(operational(Exception("server closed the connection")))
    assert is_transient(operational(lite("database is locked")))
    assert not is_transient(operational(lite("integer overflow")))
    assert not is_transient(operational(lite("no such column: x")))
    assert not is_transient(sa.exc.ProgrammingError("SELECT", {}, Exception("syntax error")))
    assert not is_transient(sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_transient(OverflowError("date value out of range"))


@backends
def test_a_batch_with_many_bad_events_tells_admins_once(fragile: Api) -> None:
    catalogue = create_catalogue(fragile)
    fragile.gapal.projector.stop()  # three bad orders in the log before the next batch
    admin = fragile.gapal.services.users.find_by_username("admin")
    assert admin is not None
    actor = Actor(admin.id, "admin", Role.ADMIN)
    client = ClientDetails("Client piégé", "", "", None, "")
    for _ in range(3):
        fragile.gapal.services.orders.place(
            actor, NewOrder(client, [(UUID(catalogue["milk"]["id"]), Decimal(1))]))
    fragile.gapal.projector.catch_up()
    health = fragile.call(None, "GET", "/api/health/").json()
    assert health["failure_count"] == 3
    titles = [n["title"] for n in fragile.call("admin", "GET", "/api/notifications/")
              .json()["results"]]
    assert titles.count("Vue « fragile » incomplète") == 1
