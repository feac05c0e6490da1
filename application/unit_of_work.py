"""One command, one transaction: load, decide, save; retry where commands commute."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from application.store import GapalStore, last_position
from domain.errors import NotFound, VersionConflict

A = TypeVar("A", bound=Aggregate)

MAX_ATTEMPTS = 40


@dataclass(frozen=True)
class Written:
    """What a command changed: the id it returns and the log position its events reached."""

    id: UUID
    position: int | None
    created: bool = True


@dataclass(frozen=True)
class Decision:
    """What one attempt of a command decided: the aggregates to save and the id to return."""

    id: UUID
    aggregates: Sequence[Aggregate | None]
    created: bool = True


def load(store: GapalStore, cls: type[A], aggregate_id: UUID, what: str = "Élément") -> A:
    try:
        found: Aggregate = store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        raise NotFound(f"{what} introuvable.") from None
    if not isinstance(found, cls):
        raise NotFound(f"{what} introuvable.")
    return found


def find(store: GapalStore, cls: type[A], aggregate_id: UUID) -> A | None:
    try:
        found: Aggregate = store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None
    return found if isinstance(found, cls) else None


def lookup_new(store: GapalStore, cls: type[A], aggregate_id: UUID) -> A | None:
    """`find` for an id that is most likely new (a phone's event receipt, an order number's
    claim, an order a phone placed offline): its absence costs one read of the log, not a
    read of the snapshots and one of the events."""
    if not store.recorder.select_events(aggregate_id, limit=1):
        return None
    return find(store, cls, aggregate_id)


def check_version(aggregate: Aggregate, expected: int | None) -> None:
    if expected is not None and expected != aggregate.version:
        raise VersionConflict(
            "Cet élément a été modifié entre-temps : rechargez-le puis recommencez.",
            current_version=aggregate.version,
        )


def execute(
    store: GapalStore,
    decide: Callable[[], Decision],
    *,
    expected_version: int | None = None,
    on_conflict: Callable[[], Written | None] | None = None,
) -> Written:
    """Runs `decide` and saves what it decided in one transaction.

    A concurrent write to the same aggregates is retried (the next attempt decides on fresh
    state), unless the user edited a stale `expected_version`: that is a 409 for them to settle.
    `on_conflict` may answer instead of retrying (e.g. the same order was created meanwhile).
    """
    for attempt in range(MAX_ATTEMPTS):
        decision = decide()
        try:
            recordings = store.save(*decision.aggregates)
        except IntegrityError:
            settled = on_conflict() if on_conflict else None
            if settled is not None:
                return settled
            if expected_version is not None:
                raise VersionConflict(
                    "Cet élément a été modifié entre-temps : rechargez-le puis recommencez."
                ) from None
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 (jitter, not crypto)
            continue
        return Written(decision.id, last_position(recordings), decision.created)
    raise VersionConflict("Trop de modifications simultanées : réessayez dans un instant.")
