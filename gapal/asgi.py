"""ASGI factory for uvicorn (`gapal.asgi:make_app`, factory=True): one Gapal per process."""

from __future__ import annotations

from fastapi import FastAPI

from gapal.bootstrap import bootstrap, ensure_configured_admin, upgrade_log
from gapal.web import create_app


def make_app() -> FastAPI:
    gapal = bootstrap()
    ensure_configured_admin(gapal)
    upgrade_log(gapal)
    return create_app(gapal)
