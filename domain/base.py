"""The base of our aggregates: every event says who caused it (`actor_id`)."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict

GAPAL_NAMESPACE = UUID("6f1c2a4e-3b7d-5e8f-9a0b-1c2d3e4f5a6b")


class GapalAggregate(Aggregate):
    """An aggregate whose events all carry the id of the user who caused them."""

    class Event(Aggregate.Event):
        actor_id: UUID

    class Created(Event, Aggregate.Created):
        pass


def derived_id(kind: str, value: str) -> UUID:
    """A deterministic id, so that creating the same thing twice fails on the store's uniqueness."""
    return uuid5(GAPAL_NAMESPACE, f"{kind}:{value}")


class Claim(GapalAggregate):
    """Reserves a unique value (a username, an active barcode) for one owner.

    Its id is derived from the value, so two concurrent claims collide in the event store.
    """

    class Claimed(GapalAggregate.Created):
        kind: str
        value: str
        owner_id: UUID

    class Released(GapalAggregate.Event):
        pass

    class Reclaimed(GapalAggregate.Event):
        owner_id: UUID

    @staticmethod
    def id_for(kind: str, value: str) -> UUID:
        return derived_id(f"claim:{kind}", value.casefold())

    @classmethod
    def claim(cls, kind: str, value: str, owner_id: UUID, actor_id: UUID) -> Claim:
        return cls._create(
            cls.Claimed, id=cls.id_for(kind, value), kind=kind, value=value, owner_id=owner_id,
            actor_id=actor_id,
        )

    @event(Claimed)
    def __init__(self, kind: str, value: str, owner_id: UUID, actor_id: UUID) -> None:
        self.kind = kind
        self.value = value
        self.owner_id: UUID | None = owner_id

    def release(self, actor_id: UUID) -> None:
        if self.owner_id is not None:
            self._released(actor_id=actor_id)

    def reclaim(self, owner_id: UUID, actor_id: UUID) -> None:
        if self.owner_id not in (None, owner_id):
            raise Conflict(f"« {self.value} » est déjà pris.")
        if self.owner_id is None:
            self._reclaimed(owner_id=owner_id, actor_id=actor_id)

    @event(Released)
    def _released(self, actor_id: UUID) -> None:
        self.owner_id = None

    @event(Reclaimed)
    def _reclaimed(self, owner_id: UUID, actor_id: UUID) -> None:
        self.owner_id = owner_id
