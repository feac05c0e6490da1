"""Each day's closing seal, copied outside the database: told to admins once a day, and
printed at the foot of the PDF reports. The day is the shop's (Africa/Ouagadougou = UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from domain import alerts
from projections.framework import Batch
from projections.notifications import notifications
from projections.outbox import Outbox
from projections.seal import audit_seal

SETTLING = timedelta(minutes=1)  # seals written in the day's last instants are committed by then


@dataclass(frozen=True)
class ClosingSeal:
    """The last seal written on or before a day: what the log was when that day ended."""

    day: date
    position: int
    hash: str

    @property
    def anchor(self) -> str:
        return f"{self.hash}@{self.position}"


def closing_seal(conn: sa.Connection, day: date) -> ClosingSeal | None:
    end = datetime.combine(day + timedelta(days=1), time(), UTC)
    row = conn.execute(
        sa.select(audit_seal.c.position, audit_seal.c.hash)
        .where(audit_seal.c.sealed_at < end)
        .order_by(audit_seal.c.position.desc()).limit(1)).first()
    return None if row is None else ClosingSeal(day, int(row[0]), str(row[1]))


def last_closed_day(now: datetime) -> date:
    """The latest day whose seals are all written."""
    return (now.astimezone(UTC) - SETTLING).date() - timedelta(days=1)


def tell_closing_seal(batch: Batch, now: datetime) -> None:
    """Admins get the closing seal of the last closed day, once (the periodic check)."""
    closing = closing_seal(batch.conn, last_closed_day(now))
    if closing is None:
        return
    outbox = Outbox(notifications)
    outbox.notify(alerts.journal_seal(closing.day, closing.position, closing.hash),
                  {"seal_position": closing.position, "seal_hash": closing.hash}, now,
                  f"sceau:{closing.day.isoformat()}", once=True)
    outbox.write(batch)


def seal_footer(closing: ClosingSeal | None) -> str:
    """The line at the foot of every PDF report."""
    if closing is None:
        return "Sceau du journal : aucun encore"
    return (f"Sceau du journal : {closing.hash} @ {closing.position} "
            f"(fin du {closing.day:%d/%m/%Y})")
