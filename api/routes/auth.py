"""Sign in, refresh, who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.common import ExactNumbersRoute, found
from api.deps import UserDirectoryDep, UsersDep
from api.errors import ApiError
from api.schemas import LoginIn, LoginOut, RefreshIn, TokensOut, UserPublic
from api.security import CurrentActor, TokensDep
from projections.queries.users import UserRow

router = APIRouter(prefix="/api/auth", tags=["Authentification"], route_class=ExactNumbersRoute)
BAD_CREDENTIALS = "Nom d'utilisateur ou mot de passe incorrect."


@router.post("/login/", response_model=LoginOut, operation_id="login",
             responses={401: {}, 429: {}})
def login(body: LoginIn, users: UsersDep, directory: UserDirectoryDep,
          tokens: TokensDep) -> dict[str, Any]:
    wait = tokens.sessions.locked_for(body.username)
    if wait:
        raise ApiError(429, "too_many_attempts",
                       "Trop de tentatives échouées : réessayez dans 15 minutes.",
                       headers={"Retry-After": str(wait)})
    user = users.authenticate(body.username, body.password)
    if user is None:
        tokens.sessions.record_failure(body.username)
        raise ApiError(401, "invalid_credentials", BAD_CREDENTIALS)
    if not user.is_active:
        raise ApiError(401, "invalid_credentials", "Ce compte est désactivé.")
    tokens.sessions.clear_failures(body.username)
    return {**tokens.issue(user.id), "token_type": "bearer",
            "user": found(directory.account(user.id), "Utilisateur")}


@router.post("/refresh/", response_model=TokensOut, operation_id="refresh",
             responses={401: {}})
def refresh(body: RefreshIn, directory: UserDirectoryDep,
            tokens: TokensDep) -> dict[str, Any]:
    user_id, claims = tokens.subject(body.refresh, "refresh")
    if not tokens.sessions.use_refresh(str(claims.get("jti", "")), str(user_id)):
        raise ApiError(401, "token_invalid", "Jeton de rafraîchissement déjà utilisé ou révoqué.")
    if directory.active_actor(user_id) is None:
        raise ApiError(401, "token_invalid", "Compte inconnu ou désactivé.")
    return {**tokens.issue(user_id), "token_type": "bearer"}


@router.get("/me/", response_model=UserPublic, operation_id="me")
def me(actor: CurrentActor, directory: UserDirectoryDep) -> UserRow:
    return found(directory.account(actor.user_id), "Utilisateur")
