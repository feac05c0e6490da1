"""One phone, one active customer, even when offices and phones register it at the same
moment: the phone's claim collides in the event store, never a check-then-act."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from application.sync import PhoneEvent
from domain.errors import CustomerPhoneUsed
from domain.permissions import SYSTEM
from gapal.bootstrap import Gapal
from tests.conftest import BACKENDS

THREADS = 6


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_concurrent_registrations_of_one_phone_make_one_customer(gapal: Gapal) -> None:
    start = threading.Barrier(THREADS)

    def register(n: int) -> str:
        start.wait()
        try:
            gapal.services.customers.create(SYSTEM, {"name": f"Client {n}",
                                                     "phone": "70 12 34 56"})
        except CustomerPhoneUsed:
            return "refused"
        return "created"

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = sorted(pool.map(register, range(THREADS)))

    assert outcomes == ["created"] + ["refused"] * (THREADS - 1)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_phones_creating_one_customer_at_once_are_merged_into_one(gapal: Gapal) -> None:
    start = threading.Barrier(THREADS)

    def sync(n: int) -> tuple[str, UUID | None]:
        event = PhoneEvent(uuid4(), uuid4(), "customer_created", datetime.now(UTC),
                           {"name": f"Maquis {n}", "phone": "+22670123456"})
        start.wait()
        [result] = gapal.services.sync.apply(SYSTEM, uuid4(), timedelta(0), [event])
        return result.status, result.customer_id

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(sync, range(THREADS)))

    statuses = sorted(status for status, _ in results)
    assert statuses == ["applied"] + ["merged"] * (THREADS - 1)
    assert len({customer_id for _, customer_id in results}) == 1
