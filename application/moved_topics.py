"""Topics of classes that moved: the log names each event's class by its module and name
(`application.sync:SyncReceipt.Recorded`), so events written before a move name the old place."""

from __future__ import annotations

from eventsourcing.utils import register_topic

from domain.receipts import RequestReceipt, SyncReceipt, SyncTrail

# Where each class was when older logs were written (the aggregates moved into `domain/`).
MOVED_FROM: dict[str, tuple[type, ...]] = {
    "application.sync": (SyncReceipt, SyncTrail),
    "application.idempotency": (RequestReceipt,),
}


def old_topics() -> dict[str, type]:
    """Each moved aggregate's old topic and its nested classes' (its events), to the class."""
    found: dict[str, type] = {}
    for module, classes in MOVED_FROM.items():
        for cls in classes:
            nested = [value for value in vars(cls).values() if isinstance(value, type)]
            for moved in (cls, *nested):
                found[f"{module}:{moved.__qualname__}"] = moved
    return found


def register_moved_topics() -> None:
    """Lets the store decode events (and snapshots) stored under the old topics."""
    for topic, cls in old_topics().items():
        register_topic(topic, cls)
