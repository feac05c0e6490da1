"""The FastAPI application: routes, errors, slash-tolerant paths, front ends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from api import errors
from api.routes import audit, auth, catalogue, health, orders, stock, users
from api.security import Tokens
from api.sessions import Sessions
from gapal import __version__
from gapal.bootstrap import Gapal

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = """API de Gapal du Faso (Koudougou) : commandes, produits, stock, utilisateurs.

Montants en FCFA (entiers), quantités exactes (3 décimales au plus), dates ISO 8601,
fuseau Africa/Ouagadougou (UTC). Messages d'erreur en français, `code` stable."""


class TrailingSlash:
    """Serves `/api/x` as `/api/x/` directly: no redirect round trip on a costly network."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith("/api/") and not path.endswith("/"):
            scope = {**scope, "path": f"{path}/"}
            if scope.get("raw_path"):
                scope["raw_path"] = scope["raw_path"] + b"/"
        await self.app(scope, receive, send)


def create_app(gapal: Gapal, *, run_projector: bool = True) -> FastAPI:
    """The HTTP application around a bootstrapped Gapal."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if run_projector:
            gapal.start()
        yield
        if run_projector:
            gapal.projector.stop()

    app = FastAPI(title="Gapal", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, redirect_slashes=False)
    app.state.gapal = gapal
    app.state.tokens = Tokens(gapal.settings.signing_key(), gapal.settings.access_token_minutes,
                              gapal.settings.refresh_token_days, Sessions(gapal.db))
    errors.install(app)
    for module in (auth, users, catalogue, orders, stock, audit, health):
        app.include_router(module.router)
    app.add_middleware(TrailingSlash)
    mount_front_ends(app)
    return app


def mount_front_ends(app: FastAPI) -> None:
    """The built dashboard at `/` and the vendor app at `/mobile/`, when they were built."""
    mobile = ROOT / "mobile" / "dist"
    web = ROOT / "web" / "out"
    if mobile.is_dir():
        app.mount("/mobile", StaticFiles(directory=mobile, html=True), name="mobile")
    if web.is_dir():
        app.mount("/", StaticFiles(directory=web, html=True), name="web")
