"""Starting up: several processes creating the schema at once, and views whose tables changed
since they were projected rebuilding themselves from the log."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from gapal.bootstrap import bootstrap, ensure_admin
from gapal.web import create_app
from projections import read_models
from projections.db import made_on
from projections.orders import orders
from projections.read_models import (
    NAME,
    drop_and_recreate,
    fingerprint,
    projection_schemas,
    rebuild_if_changed,
    view_fingerprints,
)
from projections.usernames import usernames
from tests.conftest import (
    ADMIN_PASSWORD,
    BACKENDS,
    FAST_PASSWORDS,
    Api,
    create_catalogue,
    drop_schema,
    fresh_schema_url,
    make_settings,
    require_postgres,
    sign_in_roles,
)


def boot(url: str, data_dir: str) -> None:
    """One process starting on the database (run in a child process)."""
    bootstrap(make_settings(url, Path(data_dir)), passwords=FAST_PASSWORDS).close()


def test_processes_starting_together_on_a_fresh_postgresql_schema_all_start(
        tmp_path: Path) -> None:
    require_postgres()
    # Real processes, each with its own connections; a fork server imports Gapal once, so
    # each start costs the bootstrap alone, not the imports (22 s of CI time before).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["gapal.bootstrap", "tests.conftest", __name__])
    for trial in range(3):
        url = fresh_schema_url()
        try:
            starters = [context.Process(target=boot, args=(url, str(tmp_path)))
                        for _ in range(4)]
            for starter in starters:
                starter.start()
            for starter in starters:
                starter.join(timeout=120)
            codes = [starter.exitcode for starter in starters]
            assert codes == [0] * 4, f"essai {trial} : {codes}"
        finally:
            drop_schema(url)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_views_whose_tables_changed_are_rebuilt_at_start(database_url: str,
                                                         tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path)
    first = bootstrap(settings, passwords=FAST_PASSWORDS)
    ensure_admin(first, "admin", ADMIN_PASSWORD)
    with first.db.writer.begin() as conn:
        conn.execute(orders.insert().values(
            id="stale", order_number="CMD-0000-0000", client_name="Ligne d'un ancien schéma",
            client_phone="", delivery_address="", delivery_status="nouvelle",
            payment_status="non_payee", priority="moyenne", urgency=1, total_price=0, notes="",
            items=[], created_by="x", created_by_username="x", created_at=sa.func.now(),
            created_day=sa.func.current_date(), updated_at=sa.func.now(), version=1,
            search_text="", unusual_reasons=[], is_unusual=False, credit_exceeded=False,
            amount_paid=0, amount_due=0, payments_total=0, marked_paid=False,
            over_credit_limit=False))
        conn.execute(projection_schemas.update().values(fingerprint="ancienne version"))
    first.close()

    second = bootstrap(settings, passwords=FAST_PASSWORDS)
    try:
        with second.db.reader.connect() as conn:
            stale = conn.execute(sa.select(orders.c.id).where(orders.c.id == "stale")).first()
            position = second.waiter.current()
        assert stale is None  # the tables were made anew
        assert position == 0  # and the projector replays the whole log into them
        second.projector.catch_up()
        with second.db.reader.connect() as conn:
            stored = conn.execute(sa.select(projection_schemas.c.fingerprint).where(
                projection_schemas.c.name == NAME)).scalar_one()
        assert stored != "ancienne version"
    finally:
        second.close()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_changed_unusual_order_bounds_judge_every_order_again_at_start(
        database_url: str, tmp_path: Path) -> None:
    """`GAPAL_UNUSUAL_*` changed: the orders view alone is replayed before the server starts,
    its orders judged by the new bounds (not only the orders placed after); the other views
    are kept as they are, and the projection's position too."""
    first = bootstrap(make_settings(database_url, tmp_path), passwords=FAST_PASSWORDS)
    ensure_admin(first, "admin", ADMIN_PASSWORD)
    with TestClient(create_app(first)) as client:
        api = Api(client, first, {})
        sign_in_roles(api)
        catalogue = create_catalogue(api)
        order = api.call("vendeur", "POST", "/api/orders/", json={
            "client_name": "Awa Bationo",
            "items": [{"product_id": catalogue["gapal"]["id"], "quantity": 150}]}).json()
    assert order["unusual_reasons"] == []
    first.projector.catch_up()
    position = first.waiter.current()
    with first.db.writer.begin() as conn:  # a row the untouched views' tables would lose
        conn.execute(usernames.insert().values(id="marque", username="gardée"))
    first.close()

    stricter = make_settings(database_url, tmp_path, unusual_quantity_by_unit="sachet=100")
    second = bootstrap(stricter, passwords=FAST_PASSWORDS)
    try:
        assert second.waiter.current() == position  # nothing left to project
        with second.db.reader.connect() as conn:
            reasons = conn.execute(sa.select(orders.c.unusual_reasons)
                                   .where(orders.c.id == order["id"])).scalar_one()
            kept = conn.execute(sa.select(usernames.c.username)
                                .where(usernames.c.id == "marque")).scalar_one_or_none()
            stored = dict(conn.execute(sa.select(projection_schemas.c.name,
                                                 projection_schemas.c.fingerprint)).all())
        assert reasons == [
            "150 sachet de Gapal (sachet 0,5 L) : c’est beaucoup (plus de 100)."]
        assert kept == "gardée"
        projection = second.projector.projection
        assert stored[NAME] == fingerprint(projection, second.db.writer.dialect)
        assert {name: stored[f"{NAME}:{name}"] for name in view_fingerprints(
            projection, second.db.writer.dialect)} == view_fingerprints(
                projection, second.db.writer.dialect)
    finally:
        second.close()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_unchanged_views_are_kept_at_start(database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path)
    first = bootstrap(settings, passwords=FAST_PASSWORDS)
    ensure_admin(first, "admin", ADMIN_PASSWORD)
    position = first.waiter.current()
    assert position > 0
    first.close()
    second = bootstrap(settings, passwords=FAST_PASSWORDS)
    try:
        assert second.waiter.current() == position
    finally:
        second.close()


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_start_on_a_complete_schema_creates_nothing(database_url: str, tmp_path: Path) -> None:
    """Every start but the first looks at the catalogue once instead of asking table by table
    and index by index (0.26 s of each start on PostgreSQL); a missing index is still made
    (next test)."""
    settings = make_settings(database_url, tmp_path)
    bootstrap(settings, passwords=FAST_PASSWORDS).close()
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", seen)
    try:
        bootstrap(settings, passwords=FAST_PASSWORDS).close()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", seen)
    assert statements, "the start read nothing through SQLAlchemy"
    assert [s for s in statements if s.lstrip().upper().startswith(("CREATE TABLE",
                                                                     "CREATE INDEX"))] == []
    assert len(statements) < 150, len(statements)  # 461 on SQLite when each was asked for


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_rebuild_that_died_before_building_its_indexes_gets_them_at_the_next_start(
        database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path)
    first = bootstrap(settings, passwords=FAST_PASSWORDS)
    ensure_admin(first, "admin", ADMIN_PASSWORD)
    drop_and_recreate(first.db, first.projector.projection, indexes=False)  # then it dies
    first.close()

    second = bootstrap(settings, passwords=FAST_PASSWORDS)
    try:
        with second.db.reader.connect() as conn:
            indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes(orders.name)}
            wanted = {ix.name for ix in orders.indexes if made_on(conn.dialect, ix)}
        assert wanted <= indexes
    finally:
        second.close()


def test_unreadable_unusual_order_bounds_stop_the_start_with_a_french_message(
        tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Seuil par unité illisible"):
        make_settings("sqlite://", tmp_path, unusual_quantity_by_unit="sachet=beaucoup")
    limits = make_settings("sqlite://", tmp_path, unusual_quantity_by_unit="bidon=20,kg=5",
                           unusual_total_fcfa=1000).order_limits()
    assert limits.total_fcfa == 1000
    assert limits.bound_for("bidon") == 20
    assert limits.bound_for("kg") == 5
    assert limits.bound_for("sachet") == 200  # the defaults stay for the other units


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_start_cut_short_replays_only_the_views_it_had_not_replayed(
        database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Two views changed; the start dies while replaying the second: the next start replays
    the second alone, then notes every fingerprint. Each replay logs its progress."""
    gapal = bootstrap(make_settings(database_url, tmp_path), passwords=FAST_PASSWORDS)
    try:
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        projection, db = gapal.projector.projection, gapal.db
        with db.writer.begin() as conn:
            conn.execute(projection_schemas.update().where(projection_schemas.c.name.in_(
                [NAME, f"{NAME}:orders", f"{NAME}:movements"])).values(fingerprint="ancienne"))
        replayed: list[str] = []

        def dies_on_the_second(view: str, told: Callable[[int], None]) -> None:
            if replayed:
                raise RuntimeError("coupure de courant")
            gapal.projector.rebuild_view(view, told)
            replayed.append(view)

        monkeypatch.setattr(read_models, "PROGRESS_SECONDS", 0.0)
        with caplog.at_level(logging.WARNING, "projections.read_models"), \
                pytest.raises(RuntimeError):
            rebuild_if_changed(db, projection, dies_on_the_second)
        assert replayed == ["orders"]
        head = gapal.waiter.current()
        assert f"Vue orders : 100 % du journal rejoué ({head}/{head})." in caplog.messages
        again: list[str] = []
        assert not rebuild_if_changed(db, projection, lambda view, _: again.append(view))
        assert again == ["movements"]
        assert not rebuild_if_changed(db, projection, lambda view, _: again.append(view))
        assert again == ["movements"]  # nothing left
    finally:
        gapal.close()
