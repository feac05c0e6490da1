"""The seal of the log: a SHA-256 chain over every stored event, in notification order.

Each link hashes the previous link and the event exactly as stored: its position (notification
id), originator id, version, topic and state bytes (the event's time is inside the state).
Rewriting one stored event changes its link, and every later one; the links are kept in
`audit_seal`, one per event, so that `gapal audit verify` can name the first event that no
longer matches. The seal is evidence, not a view: it is never rebuilt from the log (a rebuild
would bless whatever the log holds now), so it follows the log in a projection of its own,
beside the read models."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from typing import Any, cast
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.persistence import Notification

from application.store import GapalStore
from domain.clock import Clock, SystemClock
from projections import bulk
from projections.db import Database, UTCDateTime, metadata
from projections.failures import Failure
from projections.framework import Batch, Events, Projection, View
from projections.runner import PositionWaiter, Projector
from projections.stored import UUID_BYTES, Stored, read_stored

NAME = "seal"
HEX_DIGITS = 64  # a SHA-256 written in hexadecimal
GENESIS = "0" * HEX_DIGITS  # the link before the first event

audit_seal = sa.Table(
    "audit_seal", metadata,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("sealed_at", UTCDateTime, nullable=False, index=True),
)

_HEAD = struct.Struct(">qqIQ")  # position, version, topic length, state length


def originator_bytes(value: Any) -> bytes:
    """The originator id's 16 bytes, whether the store gives a UUID (PostgreSQL) or its text
    (SQLite keeps the hex without dashes); an id that is no UUID is hashed as its text."""
    if isinstance(value, UUID):
        return value.bytes
    if isinstance(value, bytes) and len(value) == UUID_BYTES:  # PostgreSQL's uuid_send
        return value
    text = str(value)
    try:
        found = bytes.fromhex(text.replace("-", ""))
    except ValueError:
        found = b""
    return found if len(found) == UUID_BYTES else b"text:" + text.encode()


def link(previous: bytes, event: Stored) -> bytes:
    """The next link of the chain: every field framed by its length, so none can bleed into
    another."""
    return links(previous, [event])[-1]


def links(previous: bytes, events: Iterable[Stored]) -> list[bytes]:
    """The links of `events` after the link `previous`: one tight loop, the verification's
    and the sealer's whole cost but reading."""
    sha256, pack = hashlib.sha256, _HEAD.pack
    found: list[bytes] = []
    append = found.append
    for position, originator, version, topic, state in events:
        topic_bytes = topic.encode()
        identity = originator.bytes if isinstance(originator, UUID) else originator_bytes(
            originator)
        previous = sha256(b"".join((previous, pack(position, version, len(topic_bytes),
                                                   len(state)),
                                    identity, topic_bytes, state))).digest()
        append(previous)
    return found


def chain(previous: str, events: Sequence[Stored]) -> list[tuple[int, str]]:
    """The links of `events` after the link `previous` (hex), by position."""
    return [(event[0], digest.hex())
            for event, digest in zip(events, links(bytes.fromhex(previous), events),
                                     strict=True)]


def stored(event: object) -> Stored | None:
    """What the seal hashes of an event the sealer was handed (read by `read_stored`)."""
    if isinstance(event, Stored):
        return event
    if isinstance(event, Notification):
        return Stored(event.id, event.originator_id, event.originator_version, event.topic,
                      event.state)
    return None


def last_seal(conn: sa.Connection, at_most: int | None = None) -> tuple[int, str] | None:
    """The latest (position, hash), or the latest at or before `at_most`."""
    query = sa.select(audit_seal.c.position, audit_seal.c.hash)
    if at_most is not None:
        query = query.where(audit_seal.c.position <= at_most)
    row = conn.execute(query.order_by(audit_seal.c.position.desc()).limit(1)).first()
    return None if row is None else (int(row[0]), str(row[1]))


class SealView(View):
    """Appends the links of a batch's events after the last one sealed (one bulk insert)."""

    name = "seal"
    tables = (audit_seal,)

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    def apply(self, batch: Batch, events: Events) -> None:
        if not events:
            return
        last = last_seal(batch.conn)
        previous = GENESIS if last is None else last[1]
        now = self.clock.now()
        rows = chain(previous, [found for _, event in events
                                if (found := stored(event)) is not None])
        bulk.insert(batch.conn, audit_seal, [
            {"position": position, "hash": digest, "sealed_at": now}
            for position, digest in rows])


def seal_projection(clock: Clock | None = None) -> Projection:
    return Projection(NAME, [SealView(clock)], clock=clock)


class Sealer(Projector):
    """Follows the log like the read models' projector, but reads and hands the view the
    events as stored (nothing to decode, so nothing the seal could fail on)."""

    def __init__(self, store: GapalStore, db: Database, projection: Projection,
                 waiter: PositionWaiter, events_table: str) -> None:
        super().__init__(store, db, projection, waiter)
        self.events_table = events_table

    def read(self, start: int, limit: int, stop: int | None = None,
             topics: Sequence[str] = ()) -> Sequence[Notification]:
        """Every event: the seal chains them all (its view reads no kind alone)."""
        rows: Any = read_stored(self.db, self.events_table, start, stop, limit)
        return cast(Sequence[Notification], rows)  # read as Stored: the fields it uses, undecoded

    def decode(self, notifications: Sequence[Notification]
               ) -> tuple[list[tuple[int, object]], list[Failure]]:
        return [(n.id, n) for n in notifications], []
