"""The order search: on PostgreSQL it reads the trigram index of the search's narrow table
(`view_order_search`), on both databases it finds what a substring of `search_text` finds (the
order number, the client's name and phone, accents and case aside), counted, sorted and paged as
the board alone would."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.store import DatabaseConfig
from domain.permissions import Actor, Role
from projections import (
    bulk,
    read_models,  # noqa: F401 (every view's tables, as a start makes them)
)
from projections.db import Database, search_key
from projections.order_search import order_search, search_row
from projections.orders import orders
from projections.queries import paging
from projections.queries.orders import OrderBoard, OrderFilters
from projections.queries.paging import PageRequest, ordered, searched_with_phones
from tests.conftest import BACKENDS, drop_schema, fresh_schema_url, require_postgres

INDEX = "ix_view_order_search_text"
ADMIN = Actor(uuid.UUID(int=1), "admin", Role.ADMIN)
NAMES = ("Awa Bationo", "Issouf Yaméogo", "Maïmouna Bado", "Boukary Kaboré", "Rasmata Ouédraogo",
         "Hôtel Photo Luxe (cuisine)", "Boutique Wend-Kouni", "Aminata Nébié", "Salif Zongo",
         "Cantine 100% lait", "Jean_Paul Zida")
LOOKED_FOR = ("kabore", "KABORÉ", "oué", "wend-kouni", "100%", "_", "%", "n_p", "76 45 12",
              "+226 70", "00226 66", "zzz", "a", "ama", "(cuisine)")


def order_rows(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Orders as the projection writes them, `search_text` included."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for n in range(count):
        name = f"{rng.choice(NAMES)} {n}" if n % 2 else rng.choice(NAMES)
        phone = f"+226{rng.choice(('70', '76', '66'))}{rng.randrange(10**6):06d}"
        number = f"260101-{n:06X}"
        created = start + timedelta(minutes=n // 3)  # some orders placed at the same minute
        rows.append({
            "id": str(uuid.UUID(int=n + 1)), "order_number": number, "local_id": None,
            "delivery_date": None, "customer_id": None, "returned_value": 0, "client_name": name,
            "client_phone": phone, "delivery_address": "Secteur 4", "delivery_status": "livree",
            "payment_status": "payee", "priority": "moyenne", "urgency": 2, "total_price": 500,
            "amount_paid": 500, "amount_due": 0, "payments_total": 500, "marked_paid": False,
            "notes": "", "items": [], "created_by": str(ADMIN.user_id),
            "created_by_username": "admin", "created_at": created, "created_day": created.date(),
            "updated_at": created, "version": 1,
            "search_text": search_key(number, name, phone), "unusual_reasons": [],
            "is_unusual": False, "credit_exceeded": False, "over_credit_limit": False})
    return rows


def board_on(url: str, count: int) -> Database:
    db = Database.connect(DatabaseConfig(url), pool_size=2)
    db.create_schema()
    rows = order_rows(count)
    with db.writer.begin() as conn:  # as the projection writes them: the board, the search
        bulk.insert(conn, orders, rows)
        bulk.insert(conn, order_search, [search_row(row) for row in rows])
    return db


@pytest.fixture(scope="module", params=BACKENDS)
def searched_board(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A board of 600 orders on each database, kept for the module's examples."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'gapal.db'}"
    else:
        require_postgres()
        url = fresh_schema_url()
    db = board_on(url, 600)
    yield db
    db.dispose()
    if request.param != "sqlite":
        drop_schema(url)


def found(db: Database, term: str) -> list[str]:
    page = OrderBoard(db).list(ADMIN, PageRequest(page_size=200), OrderFilters(search=term))
    return sorted(row["order_number"] for row in page.results) if page.count <= 200 else [
        f"{page.count} orders"]


def expected(db: Database, term: str) -> list[str]:
    """What the search has always meant: the term, made lower-case and accent-free, inside
    `search_text`; a phone-like term also without its spaces, dots and dashes."""
    wanted = {search_key(term)}
    if re.fullmatch(r"\+?[0-9][0-9\s.\-]*", term.strip()):
        compact = re.sub(r"[\s.\-]", "", term)
        wanted.add(search_key(f"+226{compact[5:]}" if compact.startswith("00226") else compact))
    with db.reader.connect() as conn:
        rows = conn.execute(sa.select(orders.c.order_number, orders.c.search_text)).all()
    matching = sorted(number for number, text in rows if any(w in text for w in wanted))
    return matching if len(matching) <= 200 else [f"{len(matching)} orders"]


@pytest.mark.parametrize("term", LOOKED_FOR)
def test_the_search_finds_the_orders_whose_text_holds_the_term(searched_board: Database,
                                                                term: str) -> None:
    assert found(searched_board, term) == expected(searched_board, term)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from((*NAMES, "+22670123456", "260101-00002A")), st.data())
def test_any_piece_of_a_name_phone_or_number_finds_the_same_orders(
        searched_board: Database, source: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    term = source[start:end]
    if term.strip():
        assert found(searched_board, term) == expected(searched_board, term)


@pytest.fixture(scope="module")
def postgres_board() -> Iterator[Database]:
    """20 000 orders on a fresh PostgreSQL schema, never ANALYZEd (as autovacuum off leaves it):
    fewer, the narrow table is a few pages, read faster whole than through an index."""
    require_postgres()
    url = fresh_schema_url()
    db = board_on(url, 20_000)
    yield db
    db.dispose()
    drop_schema(url)


def plans_of_a_search(db: Database, term: str) -> list[str]:
    """The plans of the statements `OrderBoard.list` runs for the search (its count and page)."""
    ran: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        ran.append((statement, parameters))

    sa.event.listen(db.reader, "before_cursor_execute", record)
    try:
        OrderBoard(db).list(ADMIN, PageRequest(), OrderFilters(search=term))
    finally:
        sa.event.remove(db.reader, "before_cursor_execute", record)
    with db.reader.connect() as conn:
        return ["\n".join(conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars())
                for statement, parameters in ran]


@pytest.mark.postgres
@pytest.mark.parametrize("term", ["Kaboré 15", "260101-000ABC", "76 45 12", "introuvable"])
def test_a_postgresql_search_reads_the_trigram_index(postgres_board: Database, term: str) -> None:
    count, *page = plans_of_a_search(postgres_board, term)
    for plan in (count, *page[:1]):  # the count and the page's ids (none for no match)
        assert f"Bitmap Index Scan on {INDEX}" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("term", ["ka", "ou", "é", "kabore", "76 45 12", "introuvable"])
def test_a_postgresql_search_reads_the_whole_board_for_its_page_alone(
        postgres_board: Database, term: str) -> None:
    """Two letters have no trigram: their count reads every row, of the narrow table; the
    board (`view_orders`, ~690 bytes a row) is read by primary key for the page's rows."""
    count, *page = plans_of_a_search(postgres_board, term)
    for plan in (count, *page[:1]):  # the count and the page's ids (none for no match)
        assert "on view_order_search" in plan, plan
        assert "view_orders" not in plan, plan
    for plan in page[1:]:
        assert "view_orders_pkey" in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("term", ["zzqx", "introuvable", "99 99 99 99"])
def test_a_search_that_finds_nothing_runs_its_count_alone(postgres_board: Database,
                                                          term: str) -> None:
    """No page to choose: a short term PostgreSQL guesses common, unstatisticated, would
    otherwise walk the whole index of `created_at` looking for its first 50."""
    assert len(plans_of_a_search(postgres_board, term)) == 1


@pytest.mark.postgres
def test_the_index_is_the_trigram_index_of_the_search_text(postgres_board: Database) -> None:
    with postgres_board.reader.connect() as conn:
        definition = conn.execute(sa.text(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND indexname = :name"), {"name": INDEX}).scalar_one()
    assert "view_order_search USING gin (search_text public.gin_trgm_ops)" in definition


def board_alone(db: Database, term: str, ordering: str,
                request: PageRequest) -> tuple[int, list[str]]:
    """What the search has always answered, read on the board itself: the count, and the page's
    order numbers, sorted by the ordering then the id."""
    columns = {"created_at": orders.c.created_at, "client_name": orders.c.client_name}
    query = sa.select(orders.c.order_number).where(*searched_with_phones(orders.c.search_text,
                                                                          term))
    size = request.page_size
    with db.reader.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
        page = conn.execute(query.order_by(*ordered(columns, ordering, [orders.c.id]))
                            .limit(size).offset((request.page - 1) * size)).scalars().all()
    return int(count or 0), list(page)


@pytest.mark.parametrize("few", [paging.FEW_KEYS, 0], ids=["few-sorted-whole", "planner"])
@pytest.mark.parametrize("ordering", ["-created_at", "created_at", "-client_name", "inconnu"])
@pytest.mark.parametrize("term", ["ka", "kabore", "76", "a 1", "zzz"])
def test_a_search_is_counted_sorted_and_paged_as_on_the_board_alone(
        searched_board: Database, term: str, ordering: str, few: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "FEW_KEYS", few)  # 600 orders: every term's keys are few
    for number in (1, 2, 5):
        request = PageRequest(page=number, page_size=7, ordering=ordering)
        page = OrderBoard(searched_board).list(ADMIN, request, OrderFilters(search=term))
        assert (page.count, [row["order_number"] for row in page.results]) == board_alone(
            searched_board, term, ordering, request)
