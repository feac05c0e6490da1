"""The audit trail: every change, in log order, with who made it, for those who audit."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa

from application.history import event_data
from domain.permissions import Action, Actor
from projections.audit import audit
from projections.db import Database
from projections.queries.paging import Page, PageRequest, Reader, day_range
from projections.stored import Decode, stored_at


class AuditRow(TypedDict):
    """One change of the log: which aggregate, which event, when, by whom, and its data."""

    position: int
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int
    event_type: str
    occurred_at: datetime
    user_id: str
    username: str
    data: dict[str, Any]


@dataclass(frozen=True)
class AuditFilters:
    """What the audit trail may be narrowed to (each field a column but the days)."""

    aggregate_id: UUID | None = None
    aggregate_type: str | None = None
    user_id: UUID | None = None
    event_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class AuditTrail:
    """The audit log, for the roles that may read it: its rows are searched in the audit view,
    each row's data is read from the log, the page's events in one query, and shown as
    `application.history.event_data` shows an event (never a password hash)."""

    def __init__(self, db: Database, events_table: str, decode: Decode) -> None:
        self._db = db
        self._reader = Reader(db)
        self._events_table = events_table
        self._decode = decode

    def entries(self, actor: Actor, request: PageRequest, filters: AuditFilters) -> Page[AuditRow]:
        actor.require(Action.READ_AUDIT)
        where = day_range(audit.c.occurred_at, filters.date_from, filters.date_to)
        where += [audit.c[f.name] == str(getattr(filters, f.name)) for f in fields(filters)
                  if not f.name.startswith("date_") and getattr(filters, f.name) is not None]
        page = self._reader.page(sa.select(audit).where(*where), [audit.c.position.asc()],
                                 request)
        stored = stored_at(self._db, self._events_table, (row["position"] for row in page.results))
        data = {event.id: event_data(self._decode(event)) for event in stored}
        return Page(page.count, [cast(AuditRow, {**row, "data": data.get(row["position"], {})})
                                 for row in page.results])
