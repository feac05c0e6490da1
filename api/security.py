"""JWT access and refresh tokens (PyJWT), and the `CurrentActor` of each request."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from domain.permissions import Actor
from domain.values import Role
from gapal.bootstrap import Gapal
from gapal.sessions import Sessions

ALGORITHM = "HS256"
bearer = HTTPBearer(auto_error=False, description="Jeton d'accès obtenu par /api/auth/login/")


class Tokens:
    """Signs and checks tokens; refresh tokens are single-use (rotated at each refresh)."""

    def __init__(self, key: str, access_minutes: int, refresh_days: int,
                 sessions: Sessions) -> None:
        self._key = key
        self._access = timedelta(minutes=access_minutes)
        self._refresh = timedelta(days=refresh_days)
        self.sessions = sessions

    def issue(self, user_id: UUID) -> dict[str, str]:
        now = datetime.now(UTC)
        jti = secrets.token_hex(16)
        self.sessions.remember_refresh(jti, str(user_id), now + self._refresh)
        return {
            "access": self._sign({"sub": str(user_id), "typ": "access", "iat": now,
                                  "exp": now + self._access}),
            "refresh": self._sign({"sub": str(user_id), "typ": "refresh", "jti": jti,
                                   "iat": now, "exp": now + self._refresh}),
        }

    def subject(self, token: str, kind: str) -> tuple[UUID, dict[str, Any]]:
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM],
                                options={"require": ["exp", "sub"]})
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "Session expirée : reconnectez-vous.") from None
        except jwt.PyJWTError:
            raise ApiError(401, "token_invalid", "Jeton invalide.") from None
        if claims.get("typ") != kind:
            raise ApiError(401, "token_invalid", "Jeton invalide.")
        try:
            return UUID(claims["sub"]), claims
        except ValueError:
            raise ApiError(401, "token_invalid", "Jeton invalide.") from None

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)


def gapal_of(request: Request) -> Gapal:
    gapal: Gapal = request.app.state.gapal
    return gapal


def tokens_of(request: Request) -> Tokens:
    tokens: Tokens = request.app.state.tokens
    return tokens


def actor_for_token(gapal: Gapal, tokens: Tokens, token: str) -> Actor:
    """The active user behind an access token; a deactivated user is refused at once."""
    user_id, _ = tokens.subject(token, "access")
    row = gapal.read.get_user(user_id)
    if row is None or not row["is_active"]:
        raise ApiError(401, "token_invalid", "Compte inconnu ou désactivé.")
    return Actor(user_id, row["username"], Role(row["role"]))


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    if credentials is None:
        raise ApiError(401, "not_authenticated", "Authentification requise.",
                       headers={"WWW-Authenticate": "Bearer"})
    return actor_for_token(gapal_of(request), tokens_of(request), credentials.credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]
GapalDep = Annotated[Gapal, Depends(gapal_of)]
TokensDep = Annotated[Tokens, Depends(tokens_of)]
