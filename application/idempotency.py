"""`Idempotency-Key`: a retried write returns its first answer and never repeats its effect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from application.store import GapalStore
from application.unit_of_work import find
from domain.base import GapalAggregate, derived_id
from domain.permissions import Actor

KEY_LIFETIME = timedelta(hours=24)


class RequestReceipt(GapalAggregate):
    """Remembers what a keyed request produced; saved in the same transaction as its effect."""

    class Recorded(GapalAggregate.Created):
        key: str
        result_id: UUID

    class Renewed(GapalAggregate.Event):
        result_id: UUID

    @staticmethod
    def id_for(actor: Actor, key: str) -> UUID:
        return derived_id("idempotency", f"{actor.user_id}:{key}")

    @event(Recorded)
    def __init__(self, key: str, result_id: UUID, actor_id: UUID) -> None:
        self.key = key
        self.result_id = result_id

    @event(Renewed)
    def _renewed(self, result_id: UUID, actor_id: UUID) -> None:
        self.result_id = result_id

    def is_fresh(self, now: datetime) -> bool:
        return now - self.modified_on < KEY_LIFETIME


class Receipts:
    """Finds and writes receipts of keyed requests."""

    def __init__(self, store: GapalStore) -> None:
        self._store = store

    def previous_result(self, actor: Actor, key: str | None) -> UUID | None:
        if key is None:
            return None
        receipt = find(self._store, RequestReceipt, RequestReceipt.id_for(actor, key))
        if receipt is None or not receipt.is_fresh(datetime.now(UTC)):
            return None
        return receipt.result_id

    def receipt(self, actor: Actor, key: str | None, result_id: UUID) -> RequestReceipt | None:
        """The receipt to save with the effect (new, or renewing an expired one)."""
        if key is None:
            return None
        receipt_id = RequestReceipt.id_for(actor, key)
        existing = find(self._store, RequestReceipt, receipt_id)
        if existing is None:
            return RequestReceipt._create(
                RequestReceipt.Recorded, id=receipt_id, key=key, result_id=result_id,
                actor_id=actor.user_id,
            )
        existing._renewed(result_id=result_id, actor_id=actor.user_id)
        return existing
