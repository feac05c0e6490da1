"""The report queries on order-board rows written straight into the view: orders on days far
apart, which the use cases (that stamp orders with the current time) cannot place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from application.store import DatabaseConfig
from projections.db import Database
from projections.orders import orders
from projections.reports import DayFigures, ReportFilters, Reports
from tests.conftest import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


@pytest.fixture
def reports(database_url: str) -> Iterator[Reports]:
    db = Database.connect(DatabaseConfig(database_url), pool_size=2)
    db.create_schema()
    yield Reports(db)
    db.dispose()


def board_row(number: int, created_at: datetime, status: str = "livree",
              payment: str = "payee", total: int = 1000) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-0000-0000-{number:012d}", "order_number": f"N-{number}",
        "local_id": None, "client_name": "Aïcha", "client_phone": "", "delivery_address": "",
        "delivery_date": None, "delivery_status": status, "payment_status": payment,
        "priority": "moyenne", "urgency": 2, "total_price": total,
        "amount_paid": total if payment == "payee" else 0,
        "amount_due": 0 if payment == "payee" else total,
        "payments_total": total if payment == "payee" else 0, "marked_paid": False,
        "notes": "", "items": [],
        "created_by": "u", "created_by_username": "awa", "created_at": created_at,
        "created_day": created_at.date(), "updated_at": created_at, "version": 1,
        "search_text": "", "unusual_reasons": [], "is_unusual": False,
        "credit_exceeded": False, "over_credit_limit": False,
    }


def write(reports: Reports, *rows: dict[str, Any]) -> None:
    with reports.db.writer.begin() as conn:
        conn.execute(orders.insert(), list(rows))


def at(day: str, clock: str = "10:00:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=UTC)


def test_the_days_between_orders_are_there_at_zero(reports: Reports) -> None:
    write(reports, board_row(1, at("2026-01-01")), board_row(2, at("2026-01-04"), "annulee"),
          board_row(3, at("2026-01-04"), total=250))
    assert reports.by_day(ReportFilters()) == [
        DayFigures(date(2026, 1, 1), 1, 1000), DayFigures(date(2026, 1, 2), 0, 0),
        DayFigures(date(2026, 1, 3), 0, 0), DayFigures(date(2026, 1, 4), 2, 250)]


def test_a_day_runs_from_midnight_to_midnight_in_ouagadougou(reports: Reports) -> None:
    write(reports, board_row(1, at("2026-01-01", "23:59:59")),
          board_row(2, at("2026-01-02", "00:00:00")))
    first_day = ReportFilters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 1))
    second_day = ReportFilters(date_from=date(2026, 1, 2))
    assert [row["order_number"] for row in reports.orders(first_day)] == ["N-1"]
    assert [row["order_number"] for row in reports.orders(second_day)] == ["N-2"]


def test_an_asked_period_without_orders_is_all_zeros(reports: Reports) -> None:
    filters = ReportFilters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 3))
    assert [(d.orders, d.revenue) for d in reports.by_day(filters)] == [(0, 0)] * 3


def test_a_period_of_centuries_lists_the_days_with_orders_only(reports: Reports) -> None:
    write(reports, board_row(1, at("2020-01-01")), board_row(2, at("2026-01-01")))
    filters = ReportFilters(date_from=date(1900, 1, 1), date_to=date(2100, 1, 1))
    assert [d.date for d in reports.by_day(filters)] == [date(2020, 1, 1), date(2026, 1, 1)]


def test_orders_come_oldest_first_whatever_the_batch(reports: Reports) -> None:
    write(reports, *(board_row(n, at(f"2026-02-{28 - n:02d}")) for n in range(7)))
    numbers = [row["order_number"] for row in reports.orders(ReportFilters(), batch_size=2)]
    assert numbers == [f"N-{n}" for n in reversed(range(7))]
