"""JWT access and refresh tokens (PyJWT): signed, checked, refresh tokens used once."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import jwt
from jwt.types import Options

from api.errors import ApiError
from api.sessions import Sessions
from domain.clock import Clock, SystemClock

ALGORITHM = "HS256"
# Signature and claims checked by PyJWT; times against the injected clock (`check_times`).
CHECKED: Options = {"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False,
                    "verify_nbf": False}


class Tokens:
    """Signs and checks tokens; refresh tokens are single-use (rotated at each refresh)."""

    def __init__(self, key: str, access_minutes: int, refresh_days: int,
                 sessions: Sessions, clock: Clock | None = None) -> None:
        self._key = key
        self._access = timedelta(minutes=access_minutes)
        self._refresh = timedelta(days=refresh_days)
        self.sessions = sessions
        self._clock = clock or SystemClock()

    def issue(self, user_id: UUID, sessions_version: int) -> dict[str, str]:
        """A pair for this user's current sessions (`ver`: see `User.sessions_version`)."""
        now = self._clock.now()
        jti = secrets.token_hex(16)
        self.sessions.remember_refresh(jti, str(user_id), now + self._refresh)
        common = {"sub": str(user_id), "ver": sessions_version, "iat": now}
        return {
            "access": self._sign({**common, "typ": "access", "exp": now + self._access}),
            "refresh": self._sign({**common, "typ": "refresh", "jti": jti,
                                   "exp": now + self._refresh}),
        }

    def subject(self, token: str, kind: str) -> tuple[UUID, int, dict[str, Any]]:
        """The user, the sessions version the token was issued at, and all its claims."""
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], options=CHECKED)
            check_times(claims, self._clock.now())
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "Session expirée : reconnectez-vous.") from None
        except jwt.PyJWTError:
            raise ApiError(401, "token_invalid", "Jeton invalide.") from None
        if claims.get("typ") != kind:
            raise ApiError(401, "token_invalid", "Jeton invalide.")
        version = claims.get("ver", 0)  # tokens issued before versions existed: 0
        try:
            user_id = UUID(claims["sub"])
        except ValueError:
            raise ApiError(401, "token_invalid", "Jeton invalide.") from None
        if type(version) is not int:
            raise ApiError(401, "token_invalid", "Jeton invalide.")
        return user_id, version, claims

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)


def check_times(claims: dict[str, Any], now: datetime) -> None:
    """PyJWT's checks of `iat`, `nbf` and `exp`, but at `now` (PyJWT reads the system's clock):
    the same errors, raised on the same bounds."""
    moment = now.timestamp()
    for claim in ("iat", "nbf", "exp"):
        if claim not in claims:
            continue
        try:
            at = int(claims[claim])
        except (ValueError, TypeError, OverflowError):
            raise jwt.DecodeError(f"The {claim} claim must be an integer.") from None
        if claim == "exp" and at <= moment:
            raise jwt.ExpiredSignatureError("Signature has expired")
        if claim != "exp" and at > moment:
            raise jwt.ImmatureSignatureError(f"The token is not yet valid ({claim})")
