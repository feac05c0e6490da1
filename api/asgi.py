"""ASGI factory for uvicorn (`api.asgi:make_app`, factory=True): one Gapal per process."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from gapal.bootstrap import bootstrap, ensure_configured_admin


def make_app() -> FastAPI:
    gapal = bootstrap()
    ensure_configured_admin(gapal)
    return create_app(gapal)
