"""ASGI factory for uvicorn (`api.asgi:make_app`, factory=True): one Gapal per process."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from gapal.bootstrap import bootstrap


def make_app() -> FastAPI:
    return create_app(bootstrap())
