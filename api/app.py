"""The FastAPI application: routes, errors, slash-tolerant paths, front ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors, websocket
from api.common import no_nul_in_query
from api.consistency import after_seen_position
from api.deps import ApiDeps
from api.docs import install_docs
from api.headers import SecurityHeaders
from api.login_limits import LoginGate
from api.middleware import BodyLimit, TrailingSlash, redact_tokens_in_logs
from api.routes import (
    audit,
    auth,
    cash_closings,
    catalogue,
    customers,
    health,
    lots,
    notifications,
    orders,
    payments,
    receipts,
    receivables,
    reports,
    returns,
    stock,
    sync,
    users,
    voice_notes,
)
from api.schemas import ErrorBody

ROUTES = (auth, users, catalogue, customers, sync, orders, payments, receipts, voice_notes, stock,
          returns, lots, audit, notifications, reports, receivables, cash_closings)
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (400, "JSON mal formé ou règle de saisie non respectée"),
        (401, "Non authentifié, jeton expiré, invalide ou révoqué"),
        (403, "Le rôle ne permet pas cette action"),
        (404, "Introuvable"),
        (409, "Une règle métier refuse le changement (`code` la nomme)"),
        (413, "Corps de requête trop volumineux"),
        (429, "Trop de tentatives"),
    )
}
ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = """API de Gapal du Faso (Koudougou) : commandes, produits, stock, utilisateurs.

Montants en FCFA (entiers), quantités exactes (3 décimales au plus), dates ISO 8601,
fuseau Africa/Ouagadougou (UTC). Messages d'erreur en français, `code` stable."""


def create_app(deps: ApiDeps, *, version: str, run_projector: bool = True) -> FastAPI:
    """The HTTP application around the parts of a bootstrapped Gapal it uses."""

    app = FastAPI(title="Gapal", version=version, description=DESCRIPTION, lifespan=lifespan,
                  redirect_slashes=False, docs_url=None, redoc_url=None)
    redact_tokens_in_logs()
    bind(app, deps, run_projector=run_projector)
    errors.install(app)
    for module in ROUTES:
        app.include_router(module.router, responses=ERROR_RESPONSES,
                           dependencies=[Depends(no_nul_in_query),
                                         Depends(after_seen_position)])
    app.include_router(health.router)
    app.include_router(websocket.router)
    app.add_middleware(TrailingSlash)
    app.add_middleware(BodyLimit)
    app.add_middleware(GZipMiddleware, minimum_size=800, compresslevel=6)
    app.add_middleware(SecurityHeaders)  # outermost: on the answers of the others too
    install_docs(app)
    mount_front_ends(app)
    return app


def bind(app: FastAPI, deps: ApiDeps, *, run_projector: bool = True) -> None:
    """Gives the application the parts it serves (read by the routes from `app.state`), and a
    sign-in gate of their own. An application may be bound again, between two runs of its
    lifespan, to other parts: its routes' state (FastAPI builds it at the first request, half
    a second) is kept; the tests serve each fresh database this way."""
    app.state.deps = deps
    app.state.login_gate = LoginGate(deps.login_limits)
    app.state.run_projector = run_projector


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Runs the bound parts' projector while the application serves, unless told not to."""
    deps: ApiDeps = app.state.deps
    running = bool(app.state.run_projector)
    if running:
        deps.start()
    await warm(app)
    yield
    if running:
        deps.stop()


async def warm(app: FastAPI) -> None:
    """FastAPI builds its routes' state (a validator per route) at an application's first
    request: 0.2–0.5 s that the first user after every start would wait. One request for no
    route, sent here before serving, builds it; once per application."""
    if getattr(app.state, "warm", False):
        return
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": "/api/", "raw_path": b"/api/",
             "query_string": b"", "root_path": "", "headers": [(b"host", b"localhost")],
             "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80)}

    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:  # asked again: the client is gone (never a second request body)
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Any) -> None:
        pass

    await app(scope, receive, send)
    app.state.warm = True


IMMUTABLE = "public, max-age=31536000, immutable"


class BuiltFiles(StaticFiles):
    """A built front end. Its hashed assets (under `hashed`) never change under the same name: they
    are cached for a year, as nginx does (deploy/nginx.conf); pages keep revalidating."""

    def __init__(self, *, directory: Path, hashed: str) -> None:
        super().__init__(directory=directory, html=True)
        self.hashed = hashed

    async def get_response(self, path: str, scope: Any) -> Any:
        response = await super().get_response(path, scope)
        if path.replace("\\", "/").startswith(self.hashed) and response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def mount_front_ends(app: FastAPI, root: Path = ROOT) -> None:
    """The built dashboard at `/` and the vendor app at `/mobile/`, when they were built."""
    mobile = root / "mobile" / "dist"
    web = root / "web" / "out"
    if mobile.is_dir():
        app.mount("/mobile", BuiltFiles(directory=mobile, hashed="assets/"), name="mobile")
    if web.is_dir():
        app.mount("/", BuiltFiles(directory=web, hashed="_next/static/"), name="web")
