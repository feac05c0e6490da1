"""New orders of a phone's batch are saved together, up to 50 per transaction; each keeps its
own result, position and exactly-once receipt, and a run that cannot be saved whole is
applied event by event as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from application.sync import TOGETHER, PhoneEvent, runs
from domain.permissions import SYSTEM
from tests.api.fast_world import api, catalogue
from tests.conftest import Api, log_length

__all__ = ["api", "catalogue"]


def new_order(catalogue: dict[str, Any], local_id: UUID | None = None,
              product_id: str | None = None, **data: Any) -> PhoneEvent:
    items = [{"product_id": product_id or catalogue["milk"]["id"], "quantity": "1"}]
    return PhoneEvent(uuid4(), local_id or uuid4(), "order_created", datetime.now(UTC),
                      {"client_name": "Awa Bationo", "items": items, **data})


@contextmanager
def transactions(api: Api) -> Iterator[list[int]]:
    """How many times the event store writes meanwhile (one transaction each)."""
    recorder = api.gapal.store.recorder
    original: Callable[..., Any] = recorder.insert_events
    written: list[int] = []

    def insert_events(*args: Any, **kwargs: Any) -> Any:
        written.append(1)
        return original(*args, **kwargs)

    recorder.insert_events = insert_events  # type: ignore[method-assign]
    try:
        yield written
    finally:
        del recorder.insert_events


def apply(api: Api, events: list[PhoneEvent]) -> list[Any]:
    return api.gapal.services.sync.apply(SYSTEM, uuid4(), timedelta(0), events)


def test_new_orders_are_saved_in_one_transaction_each_with_its_own_position(
        api: Api, catalogue: dict[str, Any]) -> None:
    before = log_length(api.gapal)
    with transactions(api) as written:
        results = apply(api, [new_order(catalogue) for _ in range(3)])
    assert [r.status for r in results] == ["applied"] * 3
    assert len(written) == 1
    positions = [r.position for r in results]
    assert positions == sorted(positions)
    assert len(set(positions)) == 3
    assert positions[-1] == log_length(api.gapal) > before
    again = apply(api, [PhoneEvent(r.event_id, r.local_id, "order_created", datetime.now(UTC),
                                   {}) for r in results])
    assert [(r.status, r.order_id) for r in again] == [
        ("duplicate", r.order_id) for r in results]


def test_the_same_order_twice_in_a_run_is_placed_once(
        api: Api, catalogue: dict[str, Any]) -> None:
    local_id = uuid4()
    first, second = apply(api, [new_order(catalogue, local_id), new_order(catalogue, local_id)])
    assert (first.status, second.status) == ("applied", "duplicate")
    assert first.order_id == second.order_id


def test_a_refused_order_in_a_run_is_rejected_alone(
        api: Api, catalogue: dict[str, Any]) -> None:
    results = apply(api, [new_order(catalogue), new_order(catalogue, product_id=str(uuid4())),
                          new_order(catalogue)])
    assert [r.status for r in results] == ["applied", "rejected", "applied"]
    assert results[1].error.code == "unknown_product"
    assert results[1].order_id is None


def test_runs_gather_new_orders_naming_no_customer_up_to_fifty() -> None:
    shelf = {"milk": {"id": str(uuid4())}}
    plain = [new_order(shelf) for _ in range(TOGETHER + 2)]
    named = new_order(shelf, customer_id=str(uuid4()))
    update = PhoneEvent(uuid4(), plain[0].local_id, "order_updated", datetime.now(UTC), {})
    grouped = runs([*plain, named, plain[0], update, plain[1], plain[2]])
    assert [len(run) for run in grouped] == [TOGETHER, 2, 1, 1, 1, 2]
    assert grouped[2] == [named]
