"""Audit log: every event of the log, in log order, with who caused it: the columns the audit
trail is searched by. An event's data is not copied here: the trail shows it from the log itself
(`projections.queries.audit`), which holds it already."""

from __future__ import annotations

import sqlalchemy as sa

from application.history import aggregate_type, event_type
from domain.base import GapalAggregate
from projections import bulk
from projections.db import UTCDateTime, metadata, uuid_text
from projections.framework import Batch, Events, View

audit = sa.Table(
    "view_audit", metadata,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("aggregate_type", sa.String(40), nullable=False, index=True),
    sa.Column("aggregate_id", sa.String(36), nullable=False, index=True),
    sa.Column("aggregate_version", sa.Integer, nullable=False),
    sa.Column("event_type", sa.String(80), nullable=False, index=True),
    sa.Column("occurred_at", UTCDateTime, nullable=False, index=True),
    sa.Column("user_id", sa.String(36), nullable=False, index=True),
    sa.Column("username", sa.String(150), nullable=False),
)


class AuditView(View):
    """One row per event, whatever its class, written in one multi-row insert per batch."""

    name = "audit"
    tables = (audit,)

    def apply(self, batch: Batch, events: Events) -> None:
        mine = [(p, e) for p, e in events if isinstance(e, GapalAggregate.Event)]
        names = batch.usernames
        names.load(batch.conn, (e.actor_id for _, e in mine))
        bulk.insert(batch.conn, audit, [{
            "position": position, "aggregate_type": aggregate_type(event),
            "aggregate_id": uuid_text(event.originator_id),
            "aggregate_version": event.originator_version, "event_type": event_type(event),
            "occurred_at": event.timestamp, "user_id": uuid_text(event.actor_id),
            "username": names.name(event.actor_id),
        } for position, event in mine])
