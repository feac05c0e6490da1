"""Notifications view: who is told what, from the log and the products' state after each event.

Rows are addressed to a role (every user of it sees them) or to one user (an order's creator);
ids derive from the log position (or the expiry's product and date), so a rebuild gives the same
rows and per-user read state, kept outside the projection, survives it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from domain import alerts
from domain.base import GapalAggregate, derived_id
from domain.catalogue import Product
from domain.order import Order
from domain.values import DeliveryStatus
from projections.catalogue import products
from projections.db import UTCDateTime, from_milli, metadata
from projections.failures import Failure
from projections.framework import Batch, View
from projections.orders import orders
from projections.users import users

notifications = sa.Table(
    "view_notifications", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("type", sa.String(24), nullable=False, index=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("recipient_role", sa.String(32), index=True),
    sa.Column("user_id", sa.String(36), index=True),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)

product_alerts = sa.Table(
    "view_product_alerts", metadata,
    sa.Column("product_id", sa.String(36), primary_key=True),
    sa.Column("is_low", sa.Boolean, nullable=False),
    sa.Column("is_short", sa.Boolean, nullable=False),
)

# Read state is the users' own doing, not the log's: it lives beside the view, never rebuilt.
notification_reads = sa.Table(
    "notification_reads", metadata,
    sa.Column("notification_id", sa.String(36), primary_key=True),
    sa.Column("user_id", sa.String(36), primary_key=True),
    sa.Column("read_at", UTCDateTime, nullable=False),
)


class NotificationsView(View):
    """Applies the alert rules of `domain.alerts` after the other views handled an event."""

    def __init__(self, warning_days: int) -> None:
        super().__init__("notifications", [notifications, product_alerts])
        self.warning_days = warning_days
        self.on(Order.Placed)(self._placed)
        self.on(Order.StatusChanged)(self._status_changed)

    def handle(self, event: object, batch: Batch) -> None:
        super().handle(event, batch)
        # A new product's initial stock is the next event saved with it: judged alone, its
        # empty shelf would tell of a low stock that never was.
        if isinstance(event, GapalAggregate.Event) and not isinstance(event, Product.Registered):
            for product_id in sorted(batch.by_event.get("product", ())):
                self.check_product(batch, product_id, event.timestamp)

    def skipped(self, batch: Batch, failure: Failure) -> None:
        """Admins are told of every event a view skipped."""
        notify(batch, alerts.view_failure(failure.view, failure.position, failure.event_type),
               {}, datetime.now(UTC), f"{failure.position}:{failure.view}:skipped")

    def _placed(self, event: Order.Placed, batch: Batch) -> None:
        total = sum(line.subtotal for line in event.lines)
        notify(batch, alerts.new_order(event.order_number, event.client_name, total),
               {"order_id": str(event.originator_id)}, event.timestamp, f"{batch.position}")

    def _status_changed(self, event: Order.StatusChanged, batch: Batch) -> None:
        row = batch.conn.execute(sa.select(orders.c.order_number, orders.c.client_name,
                                           orders.c.created_by)
                                 .where(orders.c.id == str(event.originator_id))).one()
        alert = alerts.status_changed(row.order_number, row.client_name,
                                      DeliveryStatus(event.to_status), row.created_by)
        notify(batch, alert, {"order_id": str(event.originator_id)}, event.timestamp,
               f"{batch.position}")

    def check_product(self, batch: Batch, product_id: UUID, at: datetime) -> None:
        """Low stock and pending orders beyond stock are told on the crossing, once."""
        row = batch.conn.execute(sa.select(products).where(products.c.id == str(product_id))).one()
        stock, reserved = from_milli(row.stock_milli), from_milli(row.reserved_milli)
        minimum = from_milli(row.min_stock_milli)
        low = row.is_active and alerts.is_low(stock, minimum)
        short = row.is_active and alerts.is_short(stock - reserved)
        was = batch.conn.execute(sa.select(product_alerts)
                                 .where(product_alerts.c.product_id == row.id)).one_or_none()
        data = {"product_id": row.id}
        if low and not (was and was.is_low):
            notify(batch, alerts.low_stock(row.name, stock, row.unit, minimum), data, at,
                   f"{batch.position}:{row.id}:low")
        if short and not (was and was.is_short):
            notify(batch, alerts.insufficient_stock(row.name, stock, reserved, row.unit), data,
                   at, f"{batch.position}:{row.id}:short")
        if was is None:
            batch.conn.execute(product_alerts.insert().values(product_id=row.id, is_low=low,
                                                              is_short=short))
        elif (was.is_low, was.is_short) != (low, short):
            batch.conn.execute(product_alerts.update().where(product_alerts.c.product_id == row.id)
                               .values(is_low=low, is_short=short))
        if row.is_active:
            warn_of_expiry(batch, row, at.date(), self.warning_days, at)


def warn_of_expiry(batch: Batch, row: Any, today: date, warning_days: int, at: datetime) -> None:
    """Once per product and expiry date, whenever it is first seen near or past."""
    stock = from_milli(row.stock_milli)
    if not alerts.expiry_is_near(row.expiration_date, stock, today, warning_days):
        return
    key = f"peremption:{row.id}:{row.expiration_date.isoformat()}"
    notify(batch, alerts.expiry(row.name, row.expiration_date, today), {"product_id": row.id},
           at, key, once=True)


def check_expiries(batch: Batch, today: date, warning_days: int, at: datetime) -> None:
    """The periodic check: a date that passed overnight raises its warning too."""
    rows = batch.conn.execute(sa.select(products).where(
        products.c.is_active, products.c.stock_milli > 0,
        products.c.expiration_date.is_not(None))).all()
    for row in rows:
        warn_of_expiry(batch, row, today, warning_days, at)
    batch.flush()


def notify(batch: Batch, alert: alerts.Alert, data: dict[str, str], at: datetime,
           key: str, once: bool = False) -> None:
    """Writes one row per recipient role, and one for the named user unless their role has it.

    Ids derive from `key`: a key made of the log position is new by construction (the batch
    runs each event once); a `once` key (a product's expiry date) may exist already."""
    recipients: list[tuple[str | None, str | None]] = [(role.value, None) for role in alert.roles]
    if alert.user_id is not None:
        role = batch.conn.execute(sa.select(users.c.role)
                                  .where(users.c.id == alert.user_id)).scalar_one_or_none()
        if role not in {r.value for r in alert.roles}:
            recipients.append((role, alert.user_id))
    for role, user_id in recipients:
        notification_id = str(derived_id("notification", f"{key}:{alert.type}:{role}:{user_id}"))
        if once and already_told(batch, notification_id):
            continue
        batch.insert_later(notifications, {
            "id": notification_id, "type": alert.type.value, "title": alert.title,
            "message": alert.message, "data": data, "recipient_role": role,
            "user_id": user_id, "created_at": at})
        batch.touch("notification", UUID(notification_id))


def already_told(batch: Batch, notification_id: str) -> bool:
    if any(row["id"] == notification_id for row in batch.deferred.get(notifications, ())):
        return True
    return batch.conn.execute(sa.select(notifications.c.id)
                              .where(notifications.c.id == notification_id)).first() is not None
