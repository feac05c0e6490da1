"""`/ws/notifications/?token=`: live notifications, orders and products, filtered by role."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from api.deps import deps_of
from api.errors import ApiError
from api.security import actor_for_token
from api.tokens import Tokens
from domain.permissions import Actor, is_addressed_to, may_see_order, may_see_product_news
from projections.queries.users import UserDirectory

router = APIRouter()
log = logging.getLogger(__name__)
UNAUTHORIZED = 4401
RECHECK_SECONDS = 60.0
QUEUE_SIZE = 1000


def visible(actor: Actor, message: dict[str, Any]) -> dict[str, Any] | None:
    """The message as this user may receive it, or None."""
    kind = message.get("type")
    if kind == "order" and may_see_order(actor, message["order"]["created_by"]):
        return message
    if kind == "product" and may_see_product_news(actor, bool(message.get("listing"))):
        return {k: v for k, v in message.items() if k != "listing"}
    notification = message.get("notification") or {}
    if kind == "notification" and is_addressed_to(actor, notification.get("recipient_role"),
                                                  notification.get("user_id")):
        return message
    return None


@router.websocket("/ws/notifications/")
async def notifications_socket(websocket: WebSocket, token: str = "") -> None:
    deps = deps_of(websocket)
    users, tokens = deps.read.users, deps.tokens
    await websocket.accept()
    actor = await _actor(users, tokens, token)
    if actor is None:
        await websocket.close(code=UNAUTHORIZED, reason="Jeton invalide ou compte désactivé")
        return
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
    loop = asyncio.get_running_loop()

    def hand_over(message: dict[str, Any]) -> None:
        loop.call_soon_threadsafe(_put, queue, message)

    unsubscribe = deps.bus.subscribe(hand_over)
    try:
        await _serve(websocket, users, tokens, token, actor, queue)
    finally:
        unsubscribe()


async def _serve(websocket: WebSocket, users: UserDirectory, tokens: Tokens, token: str,
                 actor: Actor, queue: asyncio.Queue[dict[str, Any]]) -> None:
    listener = asyncio.create_task(_until_disconnected(websocket))
    try:
        while not listener.done():
            # Wait for news or for the client to leave: waiting on the queue alone kept a
            # closed socket's handler (and a server shutting down) for up to RECHECK_SECONDS.
            getter = asyncio.ensure_future(queue.get())
            await asyncio.wait({getter, listener}, timeout=RECHECK_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                message = getter.result()
            elif listener.done():
                getter.cancel()
                return
            else:
                getter.cancel()
                message = {"type": "_user", "user_id": str(actor.user_id)}
            if message.get("type") == "_user" and message.get("user_id") == str(actor.user_id):
                if await _actor(users, tokens, token) is None:
                    await websocket.close(code=UNAUTHORIZED, reason="Compte désactivé")
                    return
                continue
            shown = visible(actor, message)
            if shown is not None:
                await websocket.send_json(shown)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
            await listener


async def _until_disconnected(websocket: WebSocket) -> None:
    """Reads what the client sends (a `ping` gets a `pong`) until it goes away."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            text = await websocket.receive_text()
            if text.strip() == "ping":
                await websocket.send_json({"type": "pong"})


async def _actor(users: UserDirectory, tokens: Tokens, token: str) -> Actor | None:
    try:
        return await run_in_threadpool(actor_for_token, users, tokens, token)
    except ApiError:
        return None


def _put(queue: asyncio.Queue[dict[str, Any]], message: dict[str, Any]) -> None:
    try:
        queue.put_nowait(message)
    except asyncio.QueueFull:
        log.warning("WebSocket trop lent : message abandonné")
