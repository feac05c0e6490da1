"""The bus that carries changes to every server process: in-process by default, Redis pub/sub
when `GAPAL_REDIS_URL` is set. Publishing is thread-safe; subscribers are called on the bus's
thread and must hand messages over quickly (e.g. to an asyncio queue).

On Redis, the projectors' and waiters' own messages (`CONTROL`: a write saved, a projection's
position) go on a channel of their own: a process that serves no WebSocket (`gapal worker`)
hears only those, not the views' news (a fifth of a projector process's GIL time went to reading
its own news back)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

import redis

from application.json_values import dump_json

log = logging.getLogger(__name__)
Message = dict[str, Any]
Subscriber = Callable[[Message], None]
CHANNEL = "gapal:changes"
CONTROL = frozenset({"_saved", "_position"})  # for projectors and waiters, not for sockets


class Bus(Protocol):
    name: str

    def publish(self, message: Message) -> None: ...

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]: ...

    def close(self) -> None: ...


class _Subscribers:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._lock:
                if subscriber in self._subscribers:
                    self._subscribers.remove(subscriber)

        return unsubscribe

    def deliver(self, message: Message) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(message)
            except Exception:  # one broken subscriber must not starve the others
                log.exception("Abonné en erreur")


class MemoryBus(_Subscribers):
    """One process: messages go straight to this process's subscribers."""

    name = "memory"

    def publish(self, message: Message) -> None:
        self.deliver(message)

    def close(self) -> None:
        pass


class RedisBus(_Subscribers):
    """Several processes: messages go through a Redis channel to every process's subscribers."""

    name = "redis"

    def __init__(self, url: str, channel: str = CHANNEL, *, news: bool = True) -> None:
        """`news=False`: only the `CONTROL` messages are heard (all are published)."""
        super().__init__()
        self._channel, self._control = channel, f"{channel}:control"
        self._closing = False
        self._redis = redis.Redis.from_url(url, socket_timeout=5, health_check_interval=10)
        self._redis.ping()
        self._pubsub = self._redis.pubsub(  # type: ignore[no-untyped-call]  # untyped in redis-py
            ignore_subscribe_messages=True)
        heard = [self._control, *([channel] if news else [])]
        self._pubsub.subscribe(**dict.fromkeys(heard, self._received))
        self._thread = self._pubsub.run_in_thread(sleep_time=0.2, daemon=True,
                                                  exception_handler=self._on_error)

    def publish(self, message: Message) -> None:
        channel = self._control if message.get("type") in CONTROL else self._channel
        self._redis.publish(channel, dump_json(message))

    def close(self) -> None:
        self._closing = True
        self._thread.stop()
        self._thread.join(timeout=3)
        with contextlib.suppress(Exception):  # redis-py may race its own reader on shutdown
            self._pubsub.close()
        self._redis.close()

    def _received(self, raw: dict[str, Any]) -> None:
        self.deliver(json.loads(raw["data"]))

    def _on_error(self, error: BaseException, pubsub: Any, thread: Any) -> None:
        if not self._closing:
            log.warning("Redis : %s (nouvelle tentative)", error)


def connect_bus(redis_url: str | None, deployment: str = "", *, news: bool = True) -> Bus:
    """The bus of one deployment: processes sharing a database share a channel, and two
    deployments on one Redis never hear each other (nor wake each other's waiters).
    `news=False`: a process that serves no WebSocket hears only the `CONTROL` messages."""
    if not redis_url:
        return MemoryBus()
    suffix = hashlib.sha256(deployment.encode()).hexdigest()[:16]
    return RedisBus(redis_url, f"{CHANNEL}:{suffix}", news=news)
