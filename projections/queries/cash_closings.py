"""The cash book: per vendor and day, the money expected by method (the standing payments
that vendor received), and once closed the counted amounts, the differences, and the late
payments recorded after the closing. Managers and admin see every vendor, a vendeur himself."""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from domain.cash_closing import METHODS
from domain.errors import NotFound
from domain.permissions import Action, Actor
from projections.cash_closings import cash_closings, cash_payments
from projections.db import Database

Key = tuple[str, date]


class MethodLine(TypedDict):
    """One method of a closing: `difference` = counted − expected (null while open)."""

    method: str
    expected: int
    counted: int | None
    difference: int | None
    late: int


class LatePayment(TypedDict):
    payment_id: str
    order_number: str
    method: str
    amount: int
    received_at: datetime
    recorded_at: datetime


class ClosingRow(TypedDict):
    """A vendor's day in the contract's shape."""

    vendor_id: str
    vendor_username: str
    day: date
    status: str
    methods: list[MethodLine]
    totals: dict[str, int | None]
    payments_count: int
    late_payments: list[LatePayment]
    note: str
    expected_seen: dict[str, int] | None
    closed_by: str | None
    closed_by_username: str | None
    closed_at: datetime | None
    corrections: list[dict[str, Any]]


@dataclass(frozen=True)
class ClosingFilters:
    day: date | None = None
    vendor_id: UUID | None = None


class CashBook:
    """Cash closings an actor may read: all for managers and admin, his own for a vendeur."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, actor: Actor, filters: ClosingFilters) -> list[ClosingRow]:
        """Every vendor with payments or a closing, newest day first, then by username."""
        actor.require(Action.READ_OWN_ORDERS)
        if not actor.may(Action.CLOSE_CASH):
            if filters.vendor_id not in (None, actor.user_id):
                return []
            filters = ClosingFilters(filters.day, actor.user_id)
        rows = self._rows(filters)
        return sorted(rows, key=lambda r: (-r["day"].toordinal(), r["vendor_username"],
                                           r["vendor_id"]))

    def get(self, actor: Actor, vendor_id: UUID, day: date) -> ClosingRow:
        """One vendor's day; an open one with nothing received shows zeros. A vendeur asking
        for another's: 404."""
        if not actor.may(Action.CLOSE_CASH) and vendor_id != actor.user_id:
            actor.require(Action.READ_OWN_ORDERS)
            raise NotFound("Clôture de caisse introuvable.")
        found = self.list(actor, ClosingFilters(day, vendor_id))
        if found:
            return found[0]
        empty = open_row(str(vendor_id), "", day)
        add_totals(empty)
        return empty

    def expected(self, vendor_id: UUID, day: date) -> dict[str, int]:
        """What the vendor should hand in for the day, by method, as it stands: for the
        closing's record (the use case checks who closes)."""
        found = self._rows(ClosingFilters(day, vendor_id))
        methods = found[0]["methods"] if found else []
        return {line["method"]: line["expected"] for line in methods}

    def _rows(self, filters: ClosingFilters) -> builtins.list[ClosingRow]:
        with self._db.reader.connect() as conn:
            sums = conn.execute(sa.select(
                cash_payments.c.vendor_id, cash_payments.c.vendor_username, cash_payments.c.day,
                cash_payments.c.method, cash_payments.c.after_closing,
                sa.func.sum(cash_payments.c.amount).label("amount"),
                sa.func.count().label("count"),
            ).where(cash_payments.c.reversed.is_(False), *where(cash_payments, filters))
                .group_by(cash_payments.c.vendor_id, cash_payments.c.vendor_username,
                          cash_payments.c.day, cash_payments.c.method,
                          cash_payments.c.after_closing)).mappings().all()
            late = conn.execute(sa.select(cash_payments).where(
                cash_payments.c.reversed.is_(False), cash_payments.c.after_closing.is_(True),
                *where(cash_payments, filters)).order_by(cash_payments.c.recorded_at,
                                                          cash_payments.c.id)).mappings().all()
            closed = conn.execute(sa.select(cash_closings).where(
                *where(cash_closings, filters))).mappings().all()
        rows: dict[Key, ClosingRow] = {}
        for s in sums:
            row = rows.setdefault((s["vendor_id"], s["day"]),
                                  open_row(s["vendor_id"], s["vendor_username"], s["day"]))
            add_sum(row, s["method"], int(s["amount"]), bool(s["after_closing"]),
                    int(s["count"]))
        for c in closed:
            row = rows.setdefault((c["vendor_id"], c["day"]),
                                  open_row(c["vendor_id"], c["vendor_username"], c["day"]))
            close_row(row, dict(c))
        for p in late:
            rows[(p["vendor_id"], p["day"])]["late_payments"].append(LatePayment(
                payment_id=p["id"], order_number=p["order_number"], method=p["method"],
                amount=int(p["amount"]), received_at=p["received_at"],
                recorded_at=p["recorded_at"]))
        for row in rows.values():
            add_totals(row)
        return list(rows.values())


def where(table: sa.Table, filters: ClosingFilters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.day is not None:
        found.append(table.c.day == filters.day)
    if filters.vendor_id is not None:
        found.append(table.c.vendor_id == str(filters.vendor_id))
    return found


def open_row(vendor_id: str, username: str, day: date) -> ClosingRow:
    return ClosingRow(
        vendor_id=vendor_id, vendor_username=username, day=day, status="ouverte",
        methods=[MethodLine(method=m, expected=0, counted=None, difference=None, late=0)
                 for m in METHODS],
        totals={}, payments_count=0, late_payments=[], note="", expected_seen=None,
        closed_by=None, closed_by_username=None, closed_at=None, corrections=[])


def add_sum(row: ClosingRow, method: str, amount: int, after_closing: bool,
            count: int) -> None:
    for line in row["methods"]:
        if line["method"] == method:
            line["late" if after_closing else "expected"] += amount
    row["payments_count"] += count


def close_row(row: ClosingRow, closing: dict[str, Any]) -> None:
    counted: dict[str, int] = closing["counted"]
    row["status"] = "cloturee"
    row["note"] = closing["note"]
    row["expected_seen"] = closing["expected_seen"]
    row["closed_by"] = closing["closed_by"]
    row["closed_by_username"] = closing["closed_by_username"]
    row["closed_at"] = closing["closed_at"]
    row["corrections"] = closing["corrections"]
    if not row["vendor_username"]:
        row["vendor_username"] = closing["vendor_username"]
    for line in row["methods"]:
        line["counted"] = counted.get(line["method"], 0)


def add_totals(row: ClosingRow) -> None:
    """Each closed line's difference, and the sums of the lines (counted: null while open)."""
    for line in row["methods"]:
        if line["counted"] is not None:
            line["difference"] = line["counted"] - line["expected"]
    sums: dict[str, int] = defaultdict(int)
    for line in row["methods"]:
        sums["expected"] += line["expected"]
        sums["counted"] += line["counted"] or 0
        sums["difference"] += line["difference"] or 0
        sums["late"] += line["late"]
    is_closed = row["status"] == "cloturee"
    row["totals"] = {"expected": sums["expected"], "late": sums["late"],
                     "counted": sums["counted"] if is_closed else None,
                     "difference": sums["difference"] if is_closed else None}
