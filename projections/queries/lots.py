"""The lots of a product and the losses (`pertes`) report, from the lots view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict
from uuid import UUID

import sqlalchemy as sa

from domain.errors import PermissionDenied
from domain.permissions import Action, Actor
from projections.db import Database, from_milli
from projections.lots import losses, lots
from projections.queries.paging import Reader, Row, day_range

REASON_LABELS = {
    "perime": "Périmé", "casse": "Casse", "chaine_du_froid": "Chaîne du froid rompue",
    "vol": "Vol", "echantillon": "Échantillon", "autre": "Autre",
}
MAX_LOSSES_LISTED = 1_000


class LotRow(TypedDict):
    """An open lot: what remains of it and when it expires."""

    id: str
    product_id: str
    lot_code: str
    received_at: date
    expiration_date: date | None
    unit_cost: int | None
    remaining_quantity: Decimal
    is_expired: bool
    days_left: int | None


class LossRow(TypedDict):
    movement_id: str
    product_id: str
    product_name: str
    lot_id: str
    lot_code: str
    quantity: Decimal
    value: int
    reason: str
    reason_text: str
    order_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class LossFilters:
    date_from: date | None = None
    date_to: date | None = None
    product_id: UUID | None = None
    reason: str | None = None


class LotBook:
    """Lots for whoever reads the catalogue (costs for stock keepers only); losses for those
    who run the stock or read the reports."""

    def __init__(self, db: Database) -> None:
        self._reader = Reader(db)

    def lots(self, actor: Actor, product_id: UUID, today: date,
             include_empty: bool = False) -> list[LotRow]:
        actor.require(Action.READ_CATALOGUE)
        query = sa.select(lots).where(lots.c.product_id == str(product_id))
        if not include_empty:
            query = query.where(lots.c.remaining_milli > 0)
        query = query.order_by(lots.c.expiration_date.is_(None), lots.c.expiration_date,
                               lots.c.received_at, lots.c.lot_code)
        with self._reader.db.reader.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        costs = actor.may(Action.MANAGE_STOCK)
        return [lot_shape(row, today, costs) for row in rows]

    def losses(self, actor: Actor, filters: LossFilters) -> dict[str, Any]:
        """Losses of the period, with totals by reason and by product (quantity and value)."""
        if not (actor.may(Action.MANAGE_STOCK) or actor.may(Action.READ_REPORTS)):
            raise PermissionDenied("Accès réservé à la gestion des stocks et aux rapports.")
        where = day_range(losses.c.created_at, filters.date_from, filters.date_to)
        if filters.product_id:
            where.append(losses.c.product_id == str(filters.product_id))
        if filters.reason:
            where.append(losses.c.reason_code == filters.reason)
        query = sa.select(losses).where(*where).order_by(losses.c.position.desc())
        with self._reader.db.reader.connect() as conn:
            rows = [loss_shape(dict(r)) for r in conn.execute(query).mappings()]
        return {
            "date_from": filters.date_from, "date_to": filters.date_to,
            "total_quantity": sum((r["quantity"] for r in rows), Decimal("0.000")),
            "total_value": sum(r["value"] for r in rows),
            "by_reason": grouped(rows, "reason", lambda r: REASON_LABELS[r["reason"]]),
            "by_product": grouped(rows, "product_id", lambda r: r["product_name"]),
            "results": rows[:MAX_LOSSES_LISTED],
        }


def grouped(rows: list[LossRow], key: str, label: Any) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"quantity": Decimal("0.000"), "value": 0, "count": 0})
    for row in rows:
        group = groups[str(row[key])]  # type: ignore[literal-required]  # key: a LossRow field
        group.update(key=str(row[key]), label=label(row))  # type: ignore[literal-required]
        group["quantity"] += row["quantity"]
        group["value"] += row["value"]
        group["count"] += 1
    return sorted(groups.values(), key=lambda g: (-g["value"], g["label"]))


def lot_shape(row: Row, today: date, with_cost: bool) -> LotRow:
    expiry = row["expiration_date"]
    return {
        "id": row["lot_id"], "product_id": row["product_id"], "lot_code": row["lot_code"],
        "received_at": row["received_at"], "expiration_date": expiry,
        "unit_cost": row["unit_cost"] if with_cost else None,
        "remaining_quantity": from_milli(row["remaining_milli"]),
        "is_expired": expiry is not None and expiry < today,
        "days_left": (expiry - today).days if expiry is not None else None,
    }


def loss_shape(row: Row) -> LossRow:
    return {
        "movement_id": row["movement_id"], "product_id": row["product_id"],
        "product_name": row["product_name"], "lot_id": row["lot_id"],
        "lot_code": row["lot_code"], "quantity": from_milli(row["quantity_milli"]),
        "value": row["value"], "reason": row["reason_code"], "reason_text": row["reason"],
        "order_id": row["order_id"], "created_at": row["created_at"],
    }
