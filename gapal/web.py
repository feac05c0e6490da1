"""The HTTP application of a bootstrapped Gapal: the parts it uses, handed over narrowly."""

from __future__ import annotations

from fastapi import FastAPI

from api import app
from api.deps import ApiDeps
from api.login_attempts import LoginAttempts
from api.login_limits import LoginLimits
from api.sessions import Sessions
from api.tokens import Tokens
from gapal import __version__
from gapal.bootstrap import Gapal


def api_deps(gapal: Gapal) -> ApiDeps:
    """What the routes use: use cases, query owners, read-your-writes, health, bus, tokens."""
    settings, clock = gapal.settings, gapal.clock
    tokens = Tokens(settings.signing_key(), settings.access_token_minutes,
                    settings.refresh_token_days, Sessions(gapal.db, clock), clock)
    return ApiDeps(gapal.services, gapal.read, gapal.settle, gapal.health, gapal.bus, tokens,
                   start=gapal.start, stop=gapal.stop,
                   attempts=LoginAttempts(gapal.db, clock),
                   trusted_proxies=settings.proxy_networks(),
                   login_limits=LoginLimits(settings.logins_per_minute,
                                            settings.password_checks_at_once),
                   clock=clock)


def create_app(gapal: Gapal, *, run_projector: bool = True) -> FastAPI:
    """The HTTP application around a bootstrapped Gapal (the server's, the tests')."""
    return app.create_app(api_deps(gapal), version=__version__, run_projector=run_projector)
