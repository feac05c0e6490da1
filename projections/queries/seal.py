"""The log's seal for those who audit: its head, each day's closing seal, and verifications
run in the background (their progress in a table, so any server process can report it)."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypedDict

import sqlalchemy as sa

from domain.clock import Clock, SystemClock
from domain.errors import NotFound
from domain.permissions import Action, Actor
from projections.db import Database, UTCDateTime, metadata
from projections.seal import audit_seal
from projections.seal_check import Verdict, Verification
from projections.seal_notice import ClosingSeal, closing_seal

log = logging.getLogger(__name__)

# A verification's state is nobody's event: it lives beside the seal, never rebuilt.
audit_verifications = sa.Table(
    "audit_verifications", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("requested_by", sa.String(36), nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False, index=True),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("total", sa.BigInteger, nullable=False),
    sa.Column("checked", sa.BigInteger, nullable=False),
    sa.Column("ok", sa.Boolean),
    sa.Column("position", sa.BigInteger),
    sa.Column("hash", sa.String(64)),
    sa.Column("broken_position", sa.BigInteger),
    sa.Column("broken_kind", sa.String(16)),
    sa.Column("message", sa.Text),
    sa.Column("alive_at", UTCDateTime),  # the verifying thread's last sign of life
)

# A running verification writes its progress every 20 000 events (a fraction of a second); one
# silent this long died with its server process, and is told so instead of staying « en cours ».
SILENT_FOR = timedelta(minutes=2)
INTERRUPTED = ("Vérification interrompue : le serveur qui la menait s'est arrêté avant la fin. "
               "Relancez-la.")


class SealHead(TypedDict):
    """The latest seal, and the latest verification that finished."""

    position: int
    hash: str
    sealed_at: datetime | None
    last_verification: dict[str, Any] | None


@dataclass
class AuditSeal:
    """Reads the seal and starts verifications; admins only (but the reports' footer)."""

    db: Database
    events_table: str
    clock: Clock = field(default_factory=SystemClock)

    def head(self, actor: Actor) -> SealHead:
        actor.require(Action.READ_AUDIT)
        self._end_silent()
        with self.db.reader.connect() as conn:
            row = conn.execute(sa.select(audit_seal).order_by(audit_seal.c.position.desc())
                               .limit(1)).mappings().first()
            last = conn.execute(sa.select(audit_verifications)
                                .where(audit_verifications.c.finished_at.is_not(None))
                                .order_by(audit_verifications.c.finished_at.desc())
                                .limit(1)).mappings().first()
        return SealHead(position=int(row["position"]) if row else 0,
                        hash=str(row["hash"]) if row else "",
                        sealed_at=row["sealed_at"] if row else None,
                        last_verification=dict(last) if last else None)

    def closing(self, day: date) -> ClosingSeal | None:
        """The closing seal of `day`, printed at the foot of the reports."""
        with self.db.reader.connect() as conn:
            return closing_seal(conn, day)

    def start_verification(self, actor: Actor) -> dict[str, Any]:
        """Starts verifying the whole log in a background thread; its row as it starts (read
        before the thread runs: a short log could be verified before the answer is made)."""
        actor.require(Action.READ_AUDIT)
        with self.db.reader.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(audit_seal)).scalar_one()
        verification_id = str(uuid.uuid4())
        with self.db.writer.begin() as conn:
            conn.execute(audit_verifications.insert().values(
                id=verification_id, requested_by=str(actor.user_id),
                started_at=self.clock.now(), alive_at=self.clock.now(), total=int(total),
                checked=0))
        started = self._row(verification_id)
        threading.Thread(target=self._verify, args=(verification_id,), daemon=True,
                         name=f"seal-verify-{verification_id[:8]}").start()
        return started

    def verification(self, actor: Actor, verification_id: str) -> dict[str, Any]:
        actor.require(Action.READ_AUDIT)
        return self._row(verification_id)

    def _row(self, verification_id: str) -> dict[str, Any]:
        self._end_silent()
        with self.db.reader.connect() as conn:
            row = conn.execute(sa.select(audit_verifications).where(
                audit_verifications.c.id == verification_id)).mappings().first()
        if row is None:
            raise NotFound("Vérification introuvable.")
        return dict(row)

    def _verify(self, verification_id: str) -> None:
        checked = 0

        def progress(count: int) -> None:
            nonlocal checked
            checked += count
            self._update(verification_id, checked=checked, alive_at=self.clock.now())

        try:
            verdict = Verification(self.db, self.events_table).run(on_progress=progress)
        except Exception as error:  # told to whoever asked, not lost in a thread
            log.exception("Vérification du journal %s interrompue", verification_id)
            self._update(verification_id, finished_at=self.clock.now(), ok=False,
                         message=f"Vérification interrompue : {type(error).__name__}")
            return
        self._update(verification_id, **finished(verdict, self.clock.now()))

    def _end_silent(self) -> None:
        """Verifications whose thread died with its process are ended, their verdict unknown
        (`ok` empty): any server process may tell, since the state is in the database."""
        now = self.clock.now()
        silent = sa.and_(audit_verifications.c.finished_at.is_(None),
                         sa.func.coalesce(audit_verifications.c.alive_at,
                                          audit_verifications.c.started_at) < now - SILENT_FOR)
        with self.db.reader.connect() as conn:  # most reads find none: no write lock taken
            if conn.execute(sa.select(audit_verifications.c.id).where(silent).limit(1)
                            ).first() is None:
                return
        with self.db.writer.begin() as conn:
            conn.execute(audit_verifications.update().where(silent)
                         .values(finished_at=now, message=INTERRUPTED))

    def _update(self, verification_id: str, **values: Any) -> None:
        with self.db.writer.begin() as conn:
            conn.execute(audit_verifications.update()
                         .where(audit_verifications.c.id == verification_id).values(**values))


def finished(verdict: Verdict, now: datetime) -> dict[str, Any]:
    """A verification's row once its verdict is known (at `now`)."""
    broken = verdict.broken
    return {"finished_at": now, "ok": verdict.ok, "checked": verdict.checked,
            "position": verdict.position, "hash": verdict.hash,
            "broken_position": broken.position if broken else None,
            "broken_kind": broken.kind.value if broken else None,
            "message": f"Journal altéré : {broken.message}." if broken else
            f"Journal intact jusqu'à l'événement n° {verdict.position}."}
