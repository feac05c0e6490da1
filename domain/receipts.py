"""Receipts and trails: what the log remembers so that a retried request or a phone's event
takes effect once, and a merge knows which versions phones wrote.

Their ids are derived from what they remember, so two concurrent attempts collide in the
event store. Older logs name these classes by the modules they were first written in
(`application.sync`, `application.idempotency`); the store maps those topics here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.errors import IdempotencyKeyReused


class SyncReceipt(GapalAggregate):
    """Remembers that a phone's event was applied; saved in the same transaction as its effect.
    `order_id` is the aggregate it was applied to: the customer kept, for `customer_created`."""

    class Recorded(GapalAggregate.Created):
        event_id: UUID
        order_id: UUID

    @staticmethod
    def id_for(event_id: UUID) -> UUID:
        return derived_id("sync-event", str(event_id))

    @classmethod
    def record(cls, event_id: UUID, order_id: UUID, actor_id: UUID) -> SyncReceipt:
        return cls._create(cls.Recorded, id=cls.id_for(event_id), event_id=event_id,
                           order_id=order_id, actor_id=actor_id)

    @event(Recorded)
    def __init__(self, event_id: UUID, order_id: UUID, actor_id: UUID) -> None:
        self.order_id = order_id


class SyncTrail(GapalAggregate):
    """Which versions of an order phones' updates wrote, from which device, made when: so that
    a merge weighs a synced change at the time it was made, and never against its own phone."""

    class Started(GapalAggregate.Created):
        order_id: UUID

    class Stamped(GapalAggregate.Event):
        device_id: UUID
        first_version: int
        last_version: int
        made_at: datetime

    @staticmethod
    def id_for(order_id: UUID) -> UUID:
        return derived_id("sync-trail", str(order_id))

    @classmethod
    def start(cls, order_id: UUID, actor_id: UUID) -> SyncTrail:
        return cls._create(cls.Started, id=cls.id_for(order_id), order_id=order_id,
                           actor_id=actor_id)

    @event(Started)
    def __init__(self, order_id: UUID, actor_id: UUID) -> None:
        self.stamps: dict[int, tuple[UUID, datetime]] = {}

    @event(Stamped)
    def stamp(self, device_id: UUID, first_version: int, last_version: int, made_at: datetime,
              actor_id: UUID) -> None:
        for version in range(first_version, last_version + 1):
            self.stamps[version] = (device_id, made_at)

    def seen_from(self, device_id: UUID, at: datetime) -> dict[int, datetime | None]:
        """Version -> when its change was made on a phone; None where that was this device
        before `at` (its own earlier edits are no news to it, whatever their base version)."""
        return {version: None if device == device_id and made_at <= at else made_at
                for version, (device, made_at) in self.stamps.items()}


class RequestReceipt(GapalAggregate):
    """Remembers what a keyed request (`Idempotency-Key`) produced; saved in the same
    transaction as its effect. A key belongs to one user on one endpoint."""

    class Recorded(GapalAggregate.Created):
        key: str
        endpoint: str
        digest: str
        result_id: UUID

    class Renewed(GapalAggregate.Event):
        digest: str
        result_id: UUID

    @staticmethod
    def id_for(user_id: UUID, endpoint: str, key: str) -> UUID:
        return derived_id("idempotency", f"{user_id}:{endpoint}:{key}")

    @classmethod
    def record(cls, key: str, endpoint: str, digest: str, result_id: UUID,
               actor_id: UUID) -> RequestReceipt:
        return cls._create(cls.Recorded, id=cls.id_for(actor_id, endpoint, key), key=key,
                           endpoint=endpoint, digest=digest, result_id=result_id,
                           actor_id=actor_id)

    @event(Recorded)
    def __init__(self, key: str, endpoint: str, digest: str, result_id: UUID,
                 actor_id: UUID) -> None:
        self.key = key
        self.endpoint = endpoint
        self.digest = digest
        self.result_id = result_id

    @event(Renewed)
    def renew(self, digest: str, result_id: UUID, actor_id: UUID) -> None:
        """The key used again after its receipt expired: it now answers with this result."""
        self.digest = digest
        self.result_id = result_id

    def is_fresh(self, now: datetime, lifetime: timedelta) -> bool:
        return now - self.modified_on < lifetime

    def check_same_request(self, digest: str) -> None:
        if digest != self.digest:
            raise IdempotencyKeyReused(
                "Cette clé Idempotency-Key a déjà servi pour une autre requête sur cette adresse :"
                " générez une nouvelle clé pour chaque nouvelle opération.")
