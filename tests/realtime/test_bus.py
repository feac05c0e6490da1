"""The Redis bus between processes: every process hears the projectors' and waiters' own
messages (a write saved, a projection's position); only those that serve WebSockets hear the
views' news, so a `gapal worker` does not spend its CPU reading its own news back."""

from __future__ import annotations

import threading
import time
import uuid

from projections.bus import Message, connect_bus
from tests.realtime.conftest import REDIS_URL, require_redis


class Heard:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._changed = threading.Condition()

    def __call__(self, message: Message) -> None:
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def until(self, count: int, timeout: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return list(self.messages)


def test_a_bus_without_news_hears_only_the_control_messages() -> None:
    require_redis()
    deployment = f"bus-test-{uuid.uuid4()}"
    server = connect_bus(REDIS_URL, deployment)
    worker = connect_bus(REDIS_URL, deployment, news=False)
    stranger = connect_bus(REDIS_URL, f"{deployment}-other")
    heard_by = {bus: Heard() for bus in (server, worker, stranger)}
    try:
        for bus, heard in heard_by.items():
            bus.subscribe(heard)
        time.sleep(0.3)  # the subscriptions reach Redis (they are made on the bus's thread)
        sent: list[Message] = [{"type": "_saved", "position": 7},
                {"type": "order", "event": "created", "order": {"id": "x"}},
                {"type": "_user", "user_id": "u"},
                {"type": "_position", "projection": "read_models", "position": 7}]
        for message in sent:
            server.publish(message)
        assert heard_by[server].until(4) == sent
        # the worker hears the control messages alone, in the order they were sent
        assert heard_by[worker].until(2) == [sent[0], sent[3]]
        worker.publish({"type": "_position", "projection": "read_models", "position": 8})
        assert heard_by[server].until(5)[-1]["position"] == 8
        time.sleep(0.2)
        assert heard_by[worker].messages == [sent[0], sent[3],
                                             {"type": "_position", "projection": "read_models",
                                              "position": 8}]
        assert heard_by[stranger].messages == []
    finally:
        for bus in heard_by:
            bus.close()
