"""ASGI middleware at the edge: slash-tolerant paths, and a cap on request bodies."""

from __future__ import annotations

import logging
import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.json_values import dump_json

MAX_BODY_BYTES = 3 * 1024 * 1024  # a sync batch of 500 orders or a 2 MB voice note fits


class TrailingSlash:
    """Serves `/api/x` as `/api/x/` directly: no redirect round trip on a costly network."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] in ("http", "websocket") and path.startswith(("/api/", "/ws/")) \
                and not path.endswith("/"):
            scope = {**scope, "path": f"{path}/"}
            if scope.get("raw_path"):
                scope["raw_path"] = scope["raw_path"] + b"/"
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuses bodies over `limit` bytes with 413 before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_large(send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLargeError:
            await too_large(send)


class BodyTooLargeError(HTTPException):
    """An HTTP exception, because FastAPI passes those on while it reads a body (any other error
    there becomes its 400): a chunked body over the limit is a 413 like a declared one."""

    def __init__(self) -> None:
        super().__init__(413)


async def too_large(send: Send) -> None:
    body = dump_json({"detail": "Requête trop volumineuse.", "code": "payload_too_large"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RedactTokens(logging.Filter):
    """Keeps access tokens (`?token=` of WebSockets and audio links) out of the server logs."""

    PATTERN = re.compile(r"(token=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(self.PATTERN.sub(r"\1…", a) if isinstance(a, str) else a
                                for a in record.args) if isinstance(record.args, tuple) \
                else record.args
        if isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1…", record.msg)
        return True


def redact_tokens_in_logs() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
