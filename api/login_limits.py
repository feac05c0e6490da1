"""Bounds on sign-in work, checked on the event loop before any thread is taken: a sliding
rate per client address, and a few password checks at once (argon2 takes 64 MiB each)."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from api.errors import ApiError

MINUTE = 60.0
SWEEP_ABOVE = 10_000  # addresses remembered before the idle ones are forgotten


@dataclass(frozen=True)
class LoginLimits:
    """How many sign-ins an address may try per minute; how many passwords are checked at
    once, and how long one waits for its turn before a 429."""

    per_minute: int = 20
    checks_at_once: int = 2
    check_wait_seconds: float = 2.0


class RateLimit:
    """At most `per_minute` hits per key in any sliding minute (in this process)."""

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> int:
        """0 and the hit is counted, or the seconds before `key` may try again."""
        now = time.monotonic()
        with self._lock:
            if len(self._hits) > SWEEP_ABOVE:
                self._forget_idle(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - MINUTE:
                hits.popleft()
            if len(hits) >= self._per_minute:
                return max(1, math.ceil(hits[0] + MINUTE - now))
            hits.append(now)
            return 0

    def _forget_idle(self, now: float) -> None:
        self._hits = {key: hits for key, hits in self._hits.items()
                      if hits and hits[-1] > now - MINUTE}


class LoginGate:
    """The rate per address and the password-check slots of one HTTP application."""

    def __init__(self, limits: LoginLimits) -> None:
        self.rate = RateLimit(limits.per_minute)
        self._slots = asyncio.Semaphore(limits.checks_at_once)
        self._wait = limits.check_wait_seconds

    @asynccontextmanager
    async def check_slot(self) -> AsyncIterator[None]:
        try:
            await asyncio.wait_for(self._slots.acquire(), self._wait)
        except TimeoutError:
            raise ApiError(429, "too_many_attempts",
                           "Trop de connexions en cours : réessayez dans quelques secondes.",
                           headers={"Retry-After": "5"}) from None
        try:
            yield
        finally:
            self._slots.release()


def gate_of(connection: HTTPConnection) -> LoginGate:
    gate: LoginGate = connection.app.state.login_gate
    return gate
