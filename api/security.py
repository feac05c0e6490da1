"""The `CurrentActor` of each request: the active user behind its Bearer access token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import deps_of, part
from api.errors import ApiError
from api.tokens import Tokens
from domain.permissions import Actor
from projections.queries.users import UserDirectory

bearer = HTTPBearer(auto_error=False, description="Jeton d'accès obtenu par /api/auth/login/")


def tokens_of(request: Request) -> Tokens:
    return deps_of(request).tokens


def actor_for_token(users: UserDirectory, tokens: Tokens, token: str) -> Actor:
    """The active user behind an access token; a deactivated user is refused at once, and so
    is a token issued before the user's password changed or the account was deactivated."""
    user_id, version, _ = tokens.subject(token, "access")
    actor = users.active_actor(user_id, version)
    if actor is None:
        raise ApiError(401, "token_invalid", "Session terminée : reconnectez-vous.")
    return actor


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    if credentials is None:
        raise ApiError(401, "not_authenticated", "Authentification requise.",
                       headers={"WWW-Authenticate": "Bearer"})
    return actor_for_token(deps_of(request).read.users, tokens_of(request),
                           credentials.credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]
TokensDep = Annotated[Tokens, Depends(part(lambda d: d.tokens))]
