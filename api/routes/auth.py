"""Sign in, refresh, who am I."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, Response
from starlette.requests import HTTPConnection

from api.common import ExactNumbersRoute, found
from api.deps import ClientAddress, LoginAttemptsDep, UserDirectoryDep, UsersDep
from api.errors import ApiError
from api.login_limits import gate_of
from api.schemas import LoginIn, LoginOut, RefreshIn, TokensOut, UserPublic
from api.security import CurrentActor, TokensDep
from projections.queries.users import UserRow

router = APIRouter(prefix="/api/auth", tags=["Authentification"], route_class=ExactNumbersRoute)
BAD_CREDENTIALS = "Nom d'utilisateur ou mot de passe incorrect."
NO_STORE = "no-store"  # tokens: kept by no cache, shared or not


async def within_rate(connection: HTTPConnection, client: ClientAddress) -> None:
    wait = gate_of(connection).rate.wait(client)
    if wait:
        raise ApiError(429, "too_many_attempts",
                       f"Trop de connexions depuis cette adresse : réessayez dans {wait} s.",
                       headers={"Retry-After": str(wait)})


async def password_check_slot(connection: HTTPConnection) -> AsyncIterator[None]:
    async with gate_of(connection).check_slot():
        yield


@router.post("/login/", response_model=LoginOut, operation_id="login",
             responses={401: {}, 429: {}},
             dependencies=[Depends(within_rate), Depends(password_check_slot)])
def login(body: LoginIn, users: UsersDep, directory: UserDirectoryDep, tokens: TokensDep,
          attempts: LoginAttemptsDep, client: ClientAddress, response: Response,
          ) -> dict[str, Any]:
    reservation = attempts.reserve(body.username, client)
    if reservation.retry_after:
        minutes = math.ceil(reservation.retry_after / 60)
        raise ApiError(429, "too_many_attempts",
                       f"Trop de tentatives échouées : réessayez dans {minutes} min.",
                       headers={"Retry-After": str(reservation.retry_after)})
    user = users.authenticate(body.username, body.password)
    if user is None:
        raise ApiError(401, "invalid_credentials", BAD_CREDENTIALS)
    if not user.is_active:
        raise ApiError(401, "invalid_credentials", "Ce compte est désactivé.")
    attempts.succeeded(reservation)
    response.headers["Cache-Control"] = NO_STORE
    return {**tokens.issue(user.id, user.sessions_version), "token_type": "bearer",
            "user": found(directory.account(user.id), "Utilisateur")}


@router.post("/refresh/", response_model=TokensOut, operation_id="refresh",
             responses={401: {}})
def refresh(body: RefreshIn, directory: UserDirectoryDep, tokens: TokensDep,
            response: Response) -> dict[str, Any]:
    user_id, version, claims = tokens.subject(body.refresh, "refresh")
    if not tokens.sessions.use_refresh(str(claims.get("jti", "")), str(user_id)):
        raise ApiError(401, "token_invalid", "Jeton de rafraîchissement déjà utilisé ou révoqué.")
    if directory.active_actor(user_id, version) is None:
        raise ApiError(401, "token_invalid", "Session terminée : reconnectez-vous.")
    response.headers["Cache-Control"] = NO_STORE
    return {**tokens.issue(user_id, version), "token_type": "bearer"}


@router.get("/me/", response_model=UserPublic, operation_id="me")
def me(actor: CurrentActor, directory: UserDirectoryDep) -> UserRow:
    return found(directory.account(actor.user_id), "Utilisateur")
