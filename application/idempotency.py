"""`Idempotency-Key`: a retried write returns its first answer and never repeats its effect.

A key belongs to one user on one endpoint. Its receipt has an id derived from the three and is
saved in the same transaction as the effect, so of concurrent duplicates one saves and the
others collide on the receipt, decide again, and find it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.store import GapalStore
from application.unit_of_work import lookup_new
from domain.clock import Clock
from domain.permissions import Actor
from domain.receipts import RequestReceipt

KEY_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class RequestKey:
    """An `Idempotency-Key` as sent to one endpoint (`POST /api/orders/`), with a digest of
    the request it came with."""

    key: str
    endpoint: str
    digest: str


@dataclass(frozen=True)
class Recall:
    """What one attempt of a keyed command learnt of its key: the first answer's id if the key
    was used within 24 h, else the receipt to save with the effect."""

    actor: Actor
    request: RequestKey | None
    expired: RequestReceipt | None
    previous: UUID | None

    def receipt(self, result_id: UUID) -> RequestReceipt | None:
        """New, or renewing the expired one read by this attempt (a concurrent renewal of it
        collides on its version)."""
        if self.request is None:
            return None
        if self.expired is not None:
            self.expired.renew(self.request.digest, result_id, self.actor.user_id)
            return self.expired
        request = self.request
        return RequestReceipt.record(request.key, request.endpoint, request.digest, result_id,
                                     self.actor.user_id)


class Receipts:
    """Finds and writes receipts of keyed requests."""

    def __init__(self, store: GapalStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def recall(self, actor: Actor, request: RequestKey | None) -> Recall:
        """Reads the key's receipt once; refuses the key if it came with another request."""
        if request is None:
            return Recall(actor, None, None, None)
        receipt_id = RequestReceipt.id_for(actor.user_id, request.endpoint, request.key)
        receipt = lookup_new(self._store, RequestReceipt, receipt_id)
        if receipt is None or not receipt.is_fresh(self._clock.now(), KEY_LIFETIME):
            return Recall(actor, request, receipt, None)
        receipt.check_same_request(request.digest)
        return Recall(actor, request, None, receipt.result_id)
