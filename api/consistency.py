"""Read-your-writes by a consistency token: `X-Gapal-Position`, the log position a client saw.

Every write's answer carries the position its events reached. A client that sends back the
last position it saw (`X-Gapal-Position` on each request) is served by views that include it,
whatever process answers, and an order command answers it straight from the log without
waiting for the views. A client that sends nothing keeps the contract's read-your-writes: each
write's answer waits until the views show it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError

from api.deps import deps_of
from application.unit_of_work import Written
from projections.settling import SEEN, ReadYourWrites

POSITION = "X-Gapal-Position"
MAX_POSITION = 2**63 - 1  # a PostgreSQL bigint

SeenHeader = Annotated[str | None, Header(
    alias=POSITION, description=(
        "Extension : la dernière position du journal que le client a vue (l'en-tête "
        f"`{POSITION}` des réponses aux écritures). La réponse inclut alors tout ce qui "
        "précède, et une commande sur une commande répond sans attendre les vues."))]


def seen_position(raw: str | None) -> int | None:
    """The position a client sent, or None; 422 unless a whole number of 0 or more."""
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_POSITION))
            and int(raw) <= MAX_POSITION):
        raise RequestValidationError([{
            "type": "int_parsing", "loc": ("header", POSITION),
            "msg": f"`{POSITION}` doit être un nombre entier positif (une position du "
                   "journal renvoyée par le serveur)."}])
    return int(raw)


async def after_seen_position(request: Request, seen: SeenHeader = None) -> None:
    """Holds a read until the views include what the client says it has seen (async: no
    thread is taken when they already do, the usual case). A command decides on the log,
    which holds it all: it waits only where it reads the views to decide (`SeenFirst`)."""
    position = seen_position(seen)
    if position is None:
        return
    if request.method not in ("GET", "HEAD"):
        SEEN.set(position)
        return
    settle = deps_of(request).settle
    if not settle.shows(position):
        await run_in_threadpool(settle.wait_for_seen, position)


class Settle:
    """Read-your-writes for one request: tells the client its write's position, and waits
    for the views unless the client tracks positions and the answer comes from the log."""

    def __init__(self, read_your_writes: ReadYourWrites, response: Response,
                 tracking: bool) -> None:
        self._views = read_your_writes
        self._response = response
        self.tracking = tracking

    def __call__(self, written: Written) -> Written:
        """Returns once the views show this write (the answer is read from them)."""
        self._views.wait_for(self._told(self._views.position_of(written)))
        return written

    def from_log(self, written: Written) -> bool:
        """True when the answer may come from the log at once: the client sent a position,
        so it will send this one back and its next reads wait for it. Else waits, False."""
        if not self.tracking:
            self(written)
            return False
        self._told(self._views.position_of(written))
        return True

    def wait_for(self, position: int | None) -> None:
        self._views.wait_for(position)

    def all(self, positions: list[int | None], *, replayed: bool) -> None:
        """After several writes: waits for the last one's position (or the log's head)."""
        self._views.wait_for(self._told(self._views.last_of(positions, replayed=replayed)))

    def _told(self, position: int | None) -> int | None:
        if position is not None:
            self._response.headers[POSITION] = str(position)
        return position


async def settle_of(request: Request, response: Response) -> Settle:
    return Settle(deps_of(request).settle, response, POSITION.lower() in request.headers)


ReadYourWritesDep = Annotated[Settle, Depends(settle_of)]
