"""Voice notes: the list per order (projected from the log) and the blob store of their bytes."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict, cast
from uuid import UUID

import sqlalchemy as sa

from domain.order import Order
from projections import bulk
from projections.db import Database, UTCDateTime, metadata, uuid_text
from projections.framework import Batch, Events, View

voice_notes = sa.Table(
    "view_voice_notes", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("order_id", sa.String(36), nullable=False, index=True),
    sa.Column("local_id", sa.String(36), nullable=False),
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("duration_seconds", sa.Float),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("created_by", sa.String(36), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# The bytes are not events: they live beside the log, keyed by the note's id.
voice_note_blobs = sa.Table(
    "voice_note_blobs", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

class VoiceNoteRow(TypedDict):
    """A voice note of an order: its recording's kind, size and length, who made it and when."""

    id: str
    order_id: str
    local_id: str
    content_type: str
    size_bytes: int
    duration_seconds: float | None
    sha256: str
    created_by: str
    created_at: datetime


class VoiceNotesView(View):
    """One row per voice note attached to an order."""

    name = "voice_notes"
    tables = (voice_notes,)
    reads = (Order.Event,)

    def apply(self, batch: Batch, events: Events) -> None:
        bulk.insert(batch.conn, voice_notes, [{
            "id": uuid_text(event.note_id), "order_id": uuid_text(event.originator_id),
            "local_id": uuid_text(event.local_id), "content_type": event.content_type,
            "size_bytes": event.size_bytes, "duration_seconds": event.duration_seconds,
            "sha256": event.sha256, "created_by": uuid_text(event.actor_id),
            "created_at": event.timestamp,
        } for _, event in events if isinstance(event, Order.VoiceNoteAttached)])


class VoiceNoteStore:
    """The blob store in the database, so every server process sees every note."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, blob_id: UUID, content_type: str, data: bytes) -> None:
        with self._db.writer.begin() as conn:
            exists = conn.execute(sa.select(voice_note_blobs.c.id)
                                  .where(voice_note_blobs.c.id == str(blob_id))).first()
            if exists is None:
                conn.execute(voice_note_blobs.insert().values(
                    id=str(blob_id), content_type=content_type, data=data))

    def get(self, blob_id: UUID) -> tuple[str, bytes] | None:
        with self._db.reader.connect() as conn:
            row = conn.execute(sa.select(voice_note_blobs.c.content_type, voice_note_blobs.c.data)
                               .where(voice_note_blobs.c.id == str(blob_id))).first()
        return (row.content_type, bytes(row.data)) if row else None

    def list_for_order(self, order_id: UUID) -> list[VoiceNoteRow]:
        with self._db.reader.connect() as conn:
            rows = conn.execute(sa.select(voice_notes)
                                .where(voice_notes.c.order_id == str(order_id))
                                .order_by(voice_notes.c.created_at)).mappings().all()
        return [cast(VoiceNoteRow, dict(row)) for row in rows]

    def get_note(self, note_id: UUID) -> VoiceNoteRow | None:
        with self._db.reader.connect() as conn:
            row = conn.execute(sa.select(voice_notes).where(voice_notes.c.id == str(note_id))
                               ).mappings().first()
        return cast(VoiceNoteRow, dict(row)) if row else None
