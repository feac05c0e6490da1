"""Receipts and trails moved from `application/` to `domain/receipts.py`: logs written before
the move name their classes by the old modules, and must still load."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from application.store import GapalStore
from domain.receipts import RequestReceipt, SyncReceipt, SyncTrail

ACTOR, ORDER, PHONE_EVENT, DEVICE, RESULT = (UUID(int=n) for n in range(1, 6))
KEYED = UUID(int=9)
MADE_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def uuid_hex(n: int) -> dict[str, str]:
    return {"_type_": "uuid_hex", "_data_": f"{n:032x}"}


def when(text: str) -> dict[str, str]:
    return {"_type_": "datetime_iso", "_data_": text}


NOW = when("2026-11-30T12:03:40.651776+00:00")
# Events as the code before the move wrote them (their topics and states, byte for byte).
OLD_LOG: list[tuple[UUID, int, str, dict[str, object]]] = [
    (SyncReceipt.id_for(PHONE_EVENT), 1, "application.sync:SyncReceipt.Recorded",
     {"timestamp": NOW, "originator_topic": "application.sync:SyncReceipt",
      "actor_id": uuid_hex(1), "event_id": uuid_hex(3), "order_id": uuid_hex(2)}),
    (SyncTrail.id_for(ORDER), 1, "application.sync:SyncTrail.Started",
     {"timestamp": NOW, "originator_topic": "application.sync:SyncTrail",
      "actor_id": uuid_hex(1), "order_id": uuid_hex(2)}),
    (SyncTrail.id_for(ORDER), 2, "application.sync:SyncTrail.Stamped",
     {"timestamp": NOW, "actor_id": uuid_hex(1), "device_id": uuid_hex(4), "first_version": 2,
      "last_version": 3, "made_at": when("2026-03-01T09:30:00+00:00")}),
    (KEYED, 1, "application.idempotency:RequestReceipt.Recorded",
     {"timestamp": NOW, "originator_topic": "application.idempotency:RequestReceipt",
      "actor_id": uuid_hex(1), "key": "k-1", "endpoint": "POST /api/orders/", "digest": "d1",
      "result_id": uuid_hex(5)}),
    (KEYED, 2, "application.idempotency:RequestReceipt.Renewed",
     {"timestamp": NOW, "actor_id": uuid_hex(1), "digest": "d2", "result_id": uuid_hex(2)}),
]


def stored(originator: UUID, version: int, topic: str, state: dict[str, object]) -> StoredEvent:
    return StoredEvent(originator_id=originator, originator_version=version, topic=topic,
                       state=json.dumps(state, separators=(",", ":")).encode())


@pytest.fixture
def old_store(monkeypatch: pytest.MonkeyPatch) -> GapalStore:
    """A store holding the old log; the old modules cannot be imported, so the old topics
    resolve only through what the store registers, not by luck of a name still there."""
    monkeypatch.setitem(sys.modules, "application.sync", None)
    monkeypatch.setitem(sys.modules, "application.idempotency", None)
    store = GapalStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    store.recorder.insert_events([stored(*event) for event in OLD_LOG])
    return store


def test_a_sync_receipt_stored_under_its_old_topic_still_loads(old_store: GapalStore) -> None:
    receipt: SyncReceipt = old_store.repository.get(SyncReceipt.id_for(PHONE_EVENT))
    assert isinstance(receipt, SyncReceipt)
    assert receipt.order_id == ORDER


def test_a_sync_trail_stored_under_its_old_topics_still_loads(old_store: GapalStore) -> None:
    trail: SyncTrail = old_store.repository.get(SyncTrail.id_for(ORDER))
    assert isinstance(trail, SyncTrail)
    assert trail.seen_from(DEVICE, MADE_AT) == {2: None, 3: None}


def test_a_request_receipt_stored_under_its_old_topics_still_loads(
        old_store: GapalStore) -> None:
    receipt: RequestReceipt = old_store.repository.get(KEYED)
    assert isinstance(receipt, RequestReceipt)
    assert (receipt.digest, receipt.result_id, receipt.version) == ("d2", ORDER, 2)


def new_states(store: GapalStore) -> list[tuple[str, dict[str, object]]]:
    receipt = SyncReceipt.record(PHONE_EVENT, ORDER, ACTOR)
    trail = SyncTrail.start(ORDER, ACTOR)
    trail.stamp(DEVICE, 2, 3, MADE_AT, ACTOR)
    keyed = RequestReceipt.record("k-1", "POST /api/orders/", "d1", RESULT, ACTOR)
    keyed.renew("d2", ORDER, ACTOR)
    events = [e for a in (receipt, trail, keyed) for e in a.collect_events()]
    return [(s.topic, json.loads(s.state)) for s in map(store.mapper.to_stored_event, events)]


def test_the_public_commands_store_the_same_events_but_for_the_class_s_new_place() -> None:
    store = GapalStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    moved = "domain.receipts"
    for (topic, state), (_, _, old_topic, old_state) in zip(new_states(store), OLD_LOG,
                                                            strict=True):
        assert topic == old_topic.replace(old_topic.partition(":")[0], moved)
        expected = {**old_state, "timestamp": state["timestamp"]}
        if "originator_topic" in old_state:
            expected["originator_topic"] = f"{moved}:{topic.split(':')[1].split('.')[0]}"
        assert state == expected
