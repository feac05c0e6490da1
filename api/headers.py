"""Security headers on every answer: what each page may load, and that no site may frame it.

deploy/nginx.conf repeats them for the files nginx serves itself (a test holds them equal)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Measured in Chromium (tests/e2e, tests/e2e_mobile fail on any refusal): the Next.js static
# export starts each page with inline scripts that differ per page and per build (its RSC
# payload) and its not-found page carries inline styles, so the dashboard alone allows both.
# The vendor app (Vite) needs nothing inline. 'self' covers the WebSocket (same host) and the
# service worker; voice notes play from blob: URLs; CSV/PDF downloads are blob: links.
DASHBOARD_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
VENDOR_APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
COMMON = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
          "Referrer-Policy": "no-referrer"}
API_PREFIXES = ("/api/", "/ws/", "/openapi.json")


def content_policy(path: str) -> str:
    """The policy of what `path` serves: the API, the vendor app, or the dashboard (the rest)."""
    if path.startswith(API_PREFIXES):
        return API_POLICY
    if path == "/mobile" or path.startswith("/mobile/"):
        return VENDOR_APP_POLICY
    return DASHBOARD_POLICY


def security_headers(path: str) -> dict[str, str]:
    return {"Content-Security-Policy": content_policy(path), **COMMON}


class SecurityHeaders:
    """Adds the security headers to every HTTP answer; a route that set one keeps its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = [(name.lower().encode(), value.encode())
                 for name, value in security_headers(scope["path"]).items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                message = {**message, "headers": headers + [
                    (name, value) for name, value in added if name not in present]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
