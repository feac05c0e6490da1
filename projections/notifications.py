"""Notifications view: who is told what, from the log and the product facts it keeps itself.

Rows are addressed to a role (every user of it sees them) or to one user (an order's creator);
ids derive from the log position (or the expiry's product and date), so a rebuild gives the same
rows and per-user read state, kept outside the projection, survives it. The view keeps in its
own tables what its rules need: each product's stock, reserved quantity, threshold, name, unit,
state and expiry date; each open order's number, client, creator and quantities; users' roles."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from domain import alerts
from domain.catalogue import Product
from domain.clock import Clock, SystemClock
from domain.lots import lots_of_event
from domain.order import Order
from domain.user import User
from domain.values import DeliveryStatus
from projections import bulk
from projections.alert_facts import Facts, load_facts
from projections.db import UTCDateTime, from_milli, metadata, to_milli, uuid_text
from projections.failures import Failure
from projections.framework import Batch, Events, Row, View
from projections.outbox import Outbox

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
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(50), nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("stock_milli", sa.BigInteger, nullable=False),
    sa.Column("reserved_milli", sa.BigInteger, nullable=False),
    sa.Column("min_stock_milli", sa.BigInteger, nullable=False),
    sa.Column("expiration_date", sa.Date),
    sa.Column("is_low", sa.Boolean, nullable=False),
    sa.Column("is_short", sa.Boolean, nullable=False),
)

# Each lot with an expiry date, and what remains of it: expiry is told lot by lot.
lot_alerts = sa.Table(
    "view_lot_alerts", metadata,
    sa.Column("lot_id", sa.String(36), primary_key=True),
    sa.Column("product_id", sa.String(36), nullable=False, index=True),
    sa.Column("lot_code", sa.String(40), nullable=False),
    sa.Column("remaining_milli", sa.BigInteger, nullable=False),
    sa.Column("expiration_date", sa.Date, nullable=False, index=True),
)

alert_orders = sa.Table(
    "view_alert_orders", metadata,
    sa.Column("order_id", sa.String(36), primary_key=True),
    sa.Column("order_number", sa.String(14), nullable=False),
    sa.Column("client_name", sa.String(200), nullable=False),
    sa.Column("created_by", sa.String(36), nullable=False),
    sa.Column("lines", sa.JSON, nullable=False),
)

alert_users = sa.Table(
    "view_alert_users", metadata,
    sa.Column("user_id", sa.String(36), primary_key=True),
    sa.Column("role", sa.String(32), nullable=False),
)

# Read state is the users' own doing, not the log's: it lives beside the view, never rebuilt.
notification_reads = sa.Table(
    "notification_reads", metadata,
    sa.Column("notification_id", sa.String(36), primary_key=True),
    sa.Column("user_id", sa.String(36), primary_key=True),
    sa.Column("read_at", UTCDateTime, nullable=False),
)


class NotificationsView(View):
    """Applies the alert rules of `domain.alerts` event by event to the facts it folds."""

    name = "notifications"
    tables = (notifications, product_alerts, alert_orders, alert_users, lot_alerts)
    reads = (Order.Event, Product.Event, User.Event)

    def __init__(self, warning_days: int, clock: Clock | None = None) -> None:
        self.warning_days = warning_days
        self.clock = clock or SystemClock()  # stamps the notices of skipped events
        self.lots = DatedLots({})  # the batch's dated lots: their products are told lot by lot

    def apply(self, batch: Batch, events: Events) -> None:
        facts = load_facts(batch.conn, events, product_alerts, alert_orders, alert_users)
        if facts is None:
            return
        outbox = Outbox(notifications)
        self.lots = DatedLots.load(batch.conn, facts.events)
        for position, event in facts.events:
            touched = facts.fold(event)
            told = self.lots.fold(event)
            self._tell(outbox, facts, position, event)
            # A new product's initial stock is the next event saved with it: judged alone, its
            # empty shelf would tell of a low stock that never was.
            if not isinstance(event, Product.Registered):
                for product_id in sorted(touched):
                    self.check_product(outbox, facts.products[product_id], position,
                                       event.timestamp)
            for lot in told:
                product = facts.products[lot["product_id"]]
                if product["is_active"]:
                    warn_of_lot_expiry(outbox, lot, product, self.warning_days, event.timestamp)
        self.lots.write(batch.conn)
        facts.write(batch.conn)
        outbox.write(batch)

    def skipped(self, batch: Batch, failure: Failure) -> None:
        """Admins are told of every event a view skipped."""
        outbox = Outbox(notifications)
        outbox.notify(alerts.view_failure(failure.view, failure.position, failure.event_type),
                      {}, self.clock.now(), f"{failure.position}:{failure.view}:skipped",
                      once=True)
        outbox.write(batch)

    @staticmethod
    def _tell(outbox: Outbox, facts: Facts, position: int, event: Any) -> None:
        if isinstance(event, Order.Placed):
            total = sum(line.subtotal for line in event.lines)
            outbox.notify(alerts.new_order(event.order_number, event.client_name, total),
                          {"order_id": uuid_text(event.originator_id)}, event.timestamp,
                          f"{position}")
            if event.credit_exceeded and event.customer_id is not None:
                outbox.notify(alerts.credit_exceeded(
                    event.customer_name or event.client_name, event.balance_after or 0,
                    event.credit_limit or 0, event.order_number), {
                        "order_id": uuid_text(event.originator_id),
                        "customer_id": uuid_text(event.customer_id)}, event.timestamp,
                    f"{position}:credit")
        elif isinstance(event, Order.StatusChanged):
            order = facts.order_seen(uuid_text(event.originator_id))
            alert = alerts.status_changed(order["order_number"], order["client_name"],
                                          DeliveryStatus(event.to_status), order["created_by"])
            outbox.notify(alert, {"order_id": uuid_text(event.originator_id)}, event.timestamp,
                          f"{position}", user_role=facts.roles.get(order["created_by"]))

    def check_product(self, outbox: Outbox, row: Row, position: int, at: datetime) -> None:
        """Low stock and pending orders beyond stock are told on the crossing, once."""
        stock_milli, reserved_milli = row["stock_milli"], row["reserved_milli"]
        low = row["is_active"] and alerts.is_low(Decimal(stock_milli),
                                                 Decimal(row["min_stock_milli"]))
        short = row["is_active"] and alerts.is_short(Decimal(stock_milli - reserved_milli))
        data = {"product_id": row["product_id"]}
        if low and not row["is_low"]:
            alert = alerts.low_stock(row["name"], from_milli(stock_milli), row["unit"],
                                     from_milli(row["min_stock_milli"]))
            outbox.notify(alert, data, at, f"{position}:{row['product_id']}:low")
        if short and not row["is_short"]:
            alert = alerts.insufficient_stock(row["name"], from_milli(stock_milli),
                                              from_milli(reserved_milli), row["unit"])
            outbox.notify(alert, data, at, f"{position}:{row['product_id']}:short")
        row["is_low"], row["is_short"] = low, short
        if row["is_active"] and not self.lots.has_open(row["product_id"]):
            warn_of_expiry(outbox, row, at.date(), self.warning_days, at)


def warn_of_expiry(outbox: Outbox, row: Row, today: date, warning_days: int,
                   at: datetime) -> None:
    """Once per product and expiry date, whenever it is first seen near or past."""
    expiration = row["expiration_date"]
    if expiration is None or not alerts.expiry_is_near(
            expiration, Decimal(row["stock_milli"]), today, warning_days):
        return
    key = f"peremption:{row['product_id']}:{expiration.isoformat()}"
    outbox.notify(alerts.expiry(row["name"], expiration, today),
                  {"product_id": row["product_id"]}, at, key, once=True)


def check_expiries(batch: Batch, today: date, warning_days: int, at: datetime) -> None:
    """The periodic check: a date that passed overnight raises its warning too."""
    rows = batch.conn.execute(sa.select(product_alerts).where(
        product_alerts.c.is_active, product_alerts.c.stock_milli > 0,
        product_alerts.c.expiration_date.is_not(None))).mappings().all()
    dated = products_with_dated_lots(batch.conn, {row["product_id"] for row in rows})
    outbox = Outbox(notifications)
    for row in rows:
        if row["product_id"] in dated:
            for lot in open_dated_lots(batch.conn, row["product_id"]):
                warn_of_lot_expiry(outbox, lot, dict(row), warning_days, at, today)
        else:
            warn_of_expiry(outbox, dict(row), today, warning_days, at)
    outbox.write(batch)


def warn_of_lot_expiry(outbox: Outbox, lot: Row, product: Row, warning_days: int,
                       at: datetime, today: date | None = None) -> None:
    """Once per lot date and threshold (near its date, then expired): lots of one product
    sharing a date leave together (FEFO), and the key near the date is the one products were
    told with before lots, so an upgrade tells nothing twice."""
    today = today or at.date()
    expiration, remaining = lot["expiration_date"], from_milli(lot["remaining_milli"])
    if not alerts.expiry_is_near(expiration, remaining, today, warning_days):
        return
    key = f"peremption:{lot['product_id']}:{expiration.isoformat()}"
    if alerts.lot_threshold(expiration, today) == "perime":
        key += ":perime"
    outbox.notify(alerts.lot_expiry(product["name"], product["unit"], lot["lot_code"],
                                    remaining, expiration, today),
                  {"product_id": lot["product_id"], "lot_id": lot["lot_id"]}, at, key,
                  once=True)


class DatedLots:
    """The dated lots of the batch's products, folded event by event (so that live batches and
    a rebuild's big ones tell the same things)."""

    def __init__(self, rows: dict[str, Row]) -> None:
        self.rows = rows
        self.changed: set[str] = set()
        self.open: dict[str, set[str]] = {}  # product id → its open dated lots' ids
        for lot_id, row in rows.items():
            self._follow(lot_id, row)

    @classmethod
    def load(cls, conn: sa.Connection, events: list[tuple[int, Any]]) -> DatedLots:
        products = {uuid_text(e.originator_id) for _, e in events if isinstance(e, Product.Event)}
        if not products:
            return cls({})
        query = sa.select(lot_alerts).where(lot_alerts.c.product_id.in_(sorted(products)),
                                            lot_alerts.c.remaining_milli > 0)
        return cls({row["lot_id"]: dict(row) for row in conn.execute(query).mappings()})

    def fold(self, event: Any) -> list[Row]:
        """The dated lots this event touched, after it."""
        touched = []
        for lot in lots_of_event(event) or []:
            if lot.expiration_date is not None:
                row = self.rows[uuid_text(lot.lot_id)] = {
                    "lot_id": uuid_text(lot.lot_id),
                    "product_id": uuid_text(event.originator_id), "lot_code": lot.lot_code,
                    "remaining_milli": to_milli(lot.remaining),
                    "expiration_date": lot.expiration_date}
                self.changed.add(row["lot_id"])
                self._follow(row["lot_id"], row)
                touched.append(row)
        return touched

    def has_open(self, product_id: str) -> bool:
        return bool(self.open.get(product_id))

    def _follow(self, lot_id: str, row: Row) -> None:
        """Keeps `open` in step with a lot's row (asked for each product an event touches:
        a scan of every lot of the batch each time grew with the batch)."""
        lots = self.open.setdefault(row["product_id"], set())
        if row["remaining_milli"] > 0:
            lots.add(lot_id)
        else:
            lots.discard(lot_id)

    def write(self, conn: sa.Connection) -> None:
        bulk.upsert(conn, lot_alerts, [self.rows[i] for i in sorted(self.changed)])


def products_with_dated_lots(conn: sa.Connection, product_ids: set[str]) -> set[str]:
    if not product_ids:
        return set()
    query = sa.select(lot_alerts.c.product_id).distinct().where(
        lot_alerts.c.product_id.in_(sorted(product_ids)), lot_alerts.c.remaining_milli > 0)
    return {row[0] for row in conn.execute(query)}


def open_dated_lots(conn: sa.Connection, product_id: str) -> list[Row]:
    query = sa.select(lot_alerts).where(lot_alerts.c.product_id == product_id,
                                        lot_alerts.c.remaining_milli > 0)
    return [dict(row) for row in conn.execute(query).mappings()]

