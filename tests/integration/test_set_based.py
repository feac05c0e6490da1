"""Set-based projection: a view folds any split of a batch into the same rows, reserved
quantities move by deltas and stay right, a rebuild publishes nothing, and the publisher's
messages built from the rows a batch wrote are those it would read back."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from eventsourcing.persistence import Notification

from application.json_values import dump_json
from application.users import NewUser
from domain.base import derived_id
from domain.permissions import SYSTEM
from domain.values import Role
from gapal.bootstrap import Gapal
from projections import runner
from projections.bus import Message
from projections.db import uuid_text
from projections.framework import Batch
from projections.orders import order_lines
from projections.outbox import derived_text
from projections.publisher import Publisher
from projections.read_models import drop_and_recreate
from projections.runner import CATCH_UP_BATCH, ReadAhead
from projections.stock import stock
from projections.usernames import usernames
from tests.conftest import BACKENDS, Api, log_length
from tests.integration.test_rebuild import build_history, dump, ok

Events = list[tuple[int, object]]


def settled(api: Api) -> Gapal:
    build_history(api)
    gapal = api.gapal
    gapal.wait_for(log_length(gapal))
    gapal.projector.stop()
    return gapal


def the_log(gapal: Gapal) -> Events:
    notifications = gapal.store.recorder.select_notifications(start=0, limit=10**6)
    events, undecodable = gapal.projector.decode(notifications)
    assert undecodable == []
    return events


def project_by_pieces(gapal: Gapal, events: Events, size: int, view_major: bool) -> None:
    """The whole log in one transaction, each view called on pieces of `size` events: piece
    after piece for all views, or (`view_major`) view after view as a replay that isolates a
    bad event would call them."""
    projection = gapal.projector.projection
    drop_and_recreate(gapal.db, projection)
    pieces = [events[n:n + size] for n in range(0, len(events), size)]
    with gapal.db.writer.begin() as conn:
        batch = Batch(conn, usernames=projection.usernames)
        projection.usernames.learn(events)
        if view_major:
            for view in projection.views:
                for piece in pieces:
                    view.apply(batch, piece)
        else:
            for piece in pieces:
                projection.apply(batch, piece)
        projection.track(conn, events[-1][0], datetime.now(UTC))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_batch_in_one_call_or_event_by_event_gives_the_same_rows(api: Api) -> None:
    gapal = settled(api)
    tables = gapal.projector.projection.tables
    events = the_log(gapal)
    project_by_pieces(gapal, events, len(events), view_major=False)
    whole = dump(gapal.db.reader, tables)
    assert sum(len(rows) for rows in whole.values()) > 100

    for size, view_major in ((1, True), (1, False), (7, False)):
        project_by_pieces(gapal, events, size, view_major)
        pieces = dump(gapal.db.reader, tables)
        for table in tables:
            assert pieces[table.name] == whole[table.name], (size, view_major, table.name)


def reserved(api: Api, product_id: str) -> float:
    found: float = ok(api.call("admin", "GET", f"/api/products/{product_id}/"))[
        "reserved_quantity"]
    return found


def test_reserved_stock_moves_by_deltas_through_revisions_deliveries_and_cancellations(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk, yogurt = catalogue["milk"]["id"], catalogue["gapal"]["id"]

    def place(*lines: tuple[str, float]) -> str:
        return ok(api.call("vendeur", "POST", "/api/orders/", json={
            "client_name": "Awa Bationo", "client_phone": "+226 70 12 34 56",
            "items": [{"product_id": p, "quantity": q} for p, q in lines]}))["id"]

    def status(order: str, to: str) -> None:
        ok(api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{order}/status/",
                    json={"delivery_status": to}))

    first, second = place((milk, 2), (yogurt, 1)), place((milk, 3))
    assert (reserved(api, milk), reserved(api, yogurt)) == (5, 1)
    ok(api.call("gestionnaire_commandes", "PATCH", f"/api/orders/{first}/", json={
        "items": [{"product_id": yogurt, "quantity": 4}]}))
    assert (reserved(api, milk), reserved(api, yogurt)) == (3, 4)
    status(second, "annulee")
    assert (reserved(api, milk), reserved(api, yogurt)) == (0, 4)
    status(first, "livree")
    assert (reserved(api, milk), reserved(api, yogurt)) == (0, 0)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_incremental_reserved_quantities_equal_the_sum_of_open_order_lines(
        api: Api) -> None:
    gapal = settled(api)
    open_sum = (sa.select(order_lines.c.product_id, sa.func.sum(order_lines.c.quantity_milli))
                .where(order_lines.c.is_open).group_by(order_lines.c.product_id))
    with gapal.db.reader.connect() as conn:
        summed = {pid: int(total) for pid, total in conn.execute(open_sum)}
        kept = dict(conn.execute(sa.select(stock.c.product_id, stock.c.reserved_milli)).all())
    assert any(summed.values())
    assert {pid: milli for pid, milli in kept.items() if milli} == \
        {pid: milli for pid, milli in summed.items() if milli}


def test_a_rebuild_publishes_nothing_but_live_batches_do(api: Api) -> None:
    gapal = settled(api)
    heard: list[Message] = []
    gapal.bus.subscribe(heard.append)

    assert gapal.rebuild() == log_length(gapal)
    assert heard == []

    # saved, then 503 as the projector is stopped (at once, not after the usual 15 s): the
    # catch-up below projects it, live
    gapal.settings.write_wait_seconds = 0.1
    ok(api.call("gestionnaire_stocks", "POST", "/api/categories/", json={"name": "Beurre"}),
       503)
    gapal.projector.catch_up()
    assert [m["type"] for m in heard] == ["_position"]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_messages_built_from_the_batch_s_rows_are_those_read_back(api: Api) -> None:
    gapal = settled(api)
    publisher = gapal.projector.after_commit
    assert isinstance(publisher, Publisher)
    batches: list[Batch] = []
    gapal.projector.after_commit = batches.append
    drop_and_recreate(gapal.db, gapal.projector.projection)
    gapal.projector.catch_up()

    kinds = set()
    for batch in batches:
        held = publisher.messages(batch)
        batch.rows.clear()  # nothing held: every row is read back from the read models
        assert held == publisher.messages(batch)
        kinds |= {message["type"] for message in held}
    assert {"order", "product", "notification"} <= kinds


def test_notification_ids_derived_without_uuid_objects_are_the_domain_s() -> None:
    for value in ("12:nouvelle_commande:admin:None", "peremption:x:2026-01-01", "é" * 300, ""):
        assert derived_text("notification", value) == str(derived_id("notification", value))


def test_uuid_texts_are_str_of_the_uuid_or_of_the_text_given() -> None:
    for value in (uuid4(), UUID(int=0), UUID("6F1C7A2E-1234-4E5F-9ABC-0123456789AB")):
        assert uuid_text(value) == uuid_text(UUID(str(value))) == str(value)
    assert uuid_text("pas-un-uuid") == "pas-un-uuid"  # type: ignore[arg-type]


def test_json_the_views_write_is_the_text_json_dumps_writes() -> None:
    documents: list[Any] = [{}, [], None, {"é": "Aïcha Kaboré", "n": [1, 2.5, -3e-07, True]},
                            {"lines": [{"quantity": 0.1, "unit": "L"}], "z": {"a": None}}, "x"]
    for document in documents:
        assert dump_json(document) == json.dumps(document)
    with pytest.raises(TypeError):
        dump_json({"when": datetime.now(UTC)})


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_projector_far_behind_reads_on_in_big_batches(api: Api) -> None:
    gapal = settled(api)
    drop_and_recreate(gapal.db, gapal.projector.projection)
    head = log_length(gapal)
    assert head > 10
    sizes: list[int] = []
    process_batch = gapal.projector.process_batch

    def recorded(limit: int, publish: bool = True, ahead: ReadAhead | None = None) -> int:
        sizes.append(limit)
        return process_batch(limit, publish, ahead)

    gapal.projector.process_batch = recorded  # type: ignore[method-assign]
    assert gapal.projector.catch_up(limit=5) == head
    assert sizes[0] == 5  # live: small batches
    assert sizes[1] == CATCH_UP_BATCH  # a full batch came back: it is behind
    assert len(sizes) == 3  # 5 events, then the rest, then nothing left


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_projector_far_behind_reads_the_next_page_while_it_projects_one(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    gapal = settled(api)
    tables = gapal.projector.projection.tables
    live = dump(gapal.db.reader, tables)
    drop_and_recreate(gapal.db, gapal.projector.projection)
    monkeypatch.setattr(runner, "CATCH_UP_BATCH", 5)  # pages of 5 count as big ones
    readers: list[str] = []
    read = gapal.projector.read

    def recorded(start: int, limit: int, stop: int | None = None,
                 topics: Sequence[str] = ()) -> Sequence[Notification]:
        readers.append(threading.current_thread().name)
        return read(start, limit, stop, topics)

    monkeypatch.setattr(gapal.projector, "read", recorded)
    assert gapal.projector.catch_up(limit=5) == log_length(gapal)
    # On this thread: the read after the position it remembered (the rewind seen), the first
    # page and the last; every other page was read ahead.
    assert sum(name.startswith("read-ahead") for name in readers) >= len(readers) - 3
    assert dump(gapal.db.reader, tables) == live


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_projector_goes_on_from_its_position_and_sees_others_move_it(api: Api) -> None:
    """A projector starts each batch from the position it committed last, without reading it
    back (one read of the tracking row per batch, under its lock, not two); another projector
    going ahead, or a rebuild's rewind, is still seen: every event projected once."""
    gapal = settled(api)
    gapal.sealer.stop()  # its tracking row is in the same table
    projection = gapal.projector.projection
    other = runner.Projector(gapal.store, gapal.db, projection,
                             runner.PositionWaiter(projection, gapal.db))
    users = gapal.services.users
    reads: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "projection_tracking" in statement:
            reads.append(statement)

    def register(name: str) -> None:
        users.register(SYSTEM, NewUser(name, f"{name}@gapal.bf", "mot-de-passe-1",
                                       Role.VENDEUR))

    gapal.projector.catch_up()
    register("awa.suivie")
    sa.event.listen(gapal.db.writer, "before_cursor_execute", seen)
    try:
        assert gapal.projector.process_batch() == 2  # the user and the claim of the name
    finally:
        sa.event.remove(gapal.db.writer, "before_cursor_execute", seen)
    assert len(reads) == 1, reads

    register("issa.autre")
    assert other.catch_up() == 2  # another projector moves the position on
    register("mariam.apres")
    assert gapal.projector.catch_up() == 2  # from the other's position, not its own
    drop_and_recreate(gapal.db, projection)  # a rebuild's rewind
    assert gapal.projector.catch_up() == log_length(gapal)
    assert gapal.waiter.current() == log_length(gapal)
    with gapal.db.reader.connect() as conn:
        names = set(conn.execute(sa.select(usernames.c.username)).scalars())
    assert {"awa.suivie", "issa.autre", "mariam.apres"} <= names
