"""A view replayed alone reads only the events of its kinds. On PostgreSQL the projector reads
them itself, walking the log's index in order (`projections.stored.read_in_log_order`): the
library's query left the plan to a planner without statistics, which sorted the whole rest of
the log for every page. Same events as the library's query, far fewer rows touched."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.catalogue import Category, Product
from domain.permissions import SYSTEM
from gapal.bootstrap import Gapal
from projections.framework import topics_of
from projections.stored import read_in_log_order

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)

PRODUCTS, RECEIPTS = 20, 60


def write_log(gapal: Gapal) -> None:
    """A category, then products each registered and stocked many times: a few sparse kinds of
    events among many of one kind."""
    today = datetime.now(UTC).date()
    category = Category(name="Laitages", description="", actor_id=SYSTEM.user_id)
    products = [Product.register(name=f"Produit {n:02d}", category_id=category.id, unit="L",
                                 unit_price=500, min_stock_level=Decimal(1), barcode=None,
                                 expiration_date=None, actor_id=SYSTEM.user_id)
                for n in range(PRODUCTS)]
    gapal.store.save(category, *products)
    for _ in range(RECEIPTS):
        for product in products:
            product.receive_stock(uuid.uuid4(), Decimal(3), "Collecte", None, SYSTEM.user_id,
                                  today=today)
        gapal.store.save(*products)


def fields(notifications: Any) -> list[tuple[Any, ...]]:
    return [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
            for n in notifications]


KINDS = {"category": topics_of(Category.Event), "registered": topics_of(Product.Registered),
         "stock": topics_of(Product.StockReceived),
         "mixed": topics_of(Category.Event) | topics_of(Product.Registered)}


PAGES = [(0, 5000, None), (0, 7, None), (15, 40, 900), (600, 100, 1210), (1220, 50, None),
         (1300, 10, None)]


def test_the_projector_reads_the_same_events_of_some_kinds_as_the_library(gapal: Gapal) -> None:
    write_log(gapal)
    for kinds, topics in sorted(KINDS.items()):
        for start, limit, stop in PAGES:
            library = gapal.store.recorder.select_notifications(
                start=start, limit=limit, stop=stop, topics=sorted(topics),
                inclusive_of_start=False)
            ours = gapal.projector.read(start, limit, stop, sorted(topics))
            assert fields(ours) == fields(library), (kinds, start, limit, stop)
            assert ours or kinds != "stock" or start >= 1220, (kinds, start, limit, stop)


def test_a_page_of_some_kinds_touches_only_the_rows_up_to_its_last(gapal: Gapal) -> None:
    """Ten events of a dense kind from the start of a log PostgreSQL has no statistics of: the
    read fetches about as many blocks as those ten events fill, not the whole log's."""
    write_log(gapal)
    table = gapal.store.events_table
    with gapal.db.reader.connect() as conn:
        driver: Any = conn.connection.dbapi_connection
        with driver.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", (table,))
            assert cursor.fetchone()[0] == 0, "the log has statistics: the test proves nothing"
            cursor.execute("SELECT pg_relation_size(%s::regclass) / 8192", (table,))
            blocks = cursor.fetchone()[0]
            # The count before the read is taken off: PostgreSQL 15 keeps a backend's counts
            # pending across its transactions (flushed at most once a second), so this pooled
            # connection's earlier reads of the log may still be in it.
            cursor.execute("SELECT pg_stat_get_xact_blocks_fetched(%s::regclass)", (table,))
            before = cursor.fetchone()[0]
            rows = read_in_log_order(cursor, table, 0, 10, None,
                                     sorted(topics_of(Product.StockReceived)))
            cursor.execute("SELECT pg_stat_get_xact_blocks_fetched(%s::regclass)", (table,))
            fetched = cursor.fetchone()[0] - before
        driver.rollback()
    assert len(rows) == 10
    assert blocks > 20
    assert fetched < blocks / 3, f"{fetched} blocks of {blocks} read for ten events"


def test_a_replay_of_one_view_reads_its_kinds_through_the_index_walk(
        gapal: Gapal, monkeypatch: pytest.MonkeyPatch) -> None:
    """`gapal projections rebuild --view catalogue` (and a start that replays one changed view)
    reads the log through `read_in_log_order`, never the library's query of some topics."""
    write_log(gapal)
    gapal.projector.catch_up()
    library = gapal.store.recorder.select_notifications

    def unfiltered_only(*args: Any, **kwargs: Any) -> Any:
        assert not kwargs.get("topics"), "read of some kinds through the library's query"
        return library(*args, **kwargs)

    monkeypatch.setattr(gapal.store.recorder, "select_notifications", unfiltered_only)
    replayed = gapal.projector.rebuild_view("catalogue")
    assert replayed == 1 + PRODUCTS * (1 + RECEIPTS)
