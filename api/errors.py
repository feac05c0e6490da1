"""The one place that turns domain errors and bad requests into HTTP answers, in French."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.headers import security_headers
from application.json_values import jsonable
from domain import errors
from projections.settling import ReadSideLagging, SeenNotShown

log = logging.getLogger(__name__)

STATUS_OF: list[tuple[type[errors.DomainError], int]] = [
    (errors.IdempotencyKeyReused, 422),
    (errors.AudioTooLarge, 413),
    (errors.NotAudio, 415),
    (errors.InvalidInput, 400),
    (errors.PermissionDenied, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
]

_HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied",
               404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
               415: "unsupported_media_type", 429: "too_many_attempts"}
_HTTP_DETAILS = {400: "Corps de la requête illisible (JSON ou encodage invalide).",
                 404: "Ressource introuvable.", 405: "Méthode non autorisée.",
                 413: "Requête trop volumineuse."}


INTERNAL_ERROR = "Erreur interne : réessayez, puis prévenez l'administrateur."


class ApiError(Exception):
    """An HTTP answer decided at the edge (authentication, throttling)."""

    def __init__(self, status: int, code: str, detail: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers


def status_of(error: errors.DomainError) -> int:
    return next(status for cls, status in STATUS_OF if isinstance(error, cls))


def domain_error_body(error: errors.DomainError) -> dict[str, Any]:
    extra = jsonable(error.extra)
    return {"detail": error.detail, "code": error.code, **extra}


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.DomainError)
    async def _domain(_: Request, error: errors.DomainError) -> JSONResponse:
        return JSONResponse(domain_error_body(error), status_code=status_of(error))

    @app.exception_handler(ApiError)
    async def _api(_: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "code": error.code},
                            status_code=error.status, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return JSONResponse({"detail": "Le corps de la requête n'est pas un JSON valide.",
                                 "code": "malformed_json"}, status_code=400)
        return JSONResponse({"detail": jsonable_encoder(_without_input(problems))},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) and error.status_code not in \
            _HTTP_DETAILS else _HTTP_DETAILS.get(error.status_code, str(error.detail))
        return JSONResponse({"detail": detail,
                             "code": _HTTP_CODES.get(error.status_code, "error")},
                            status_code=error.status_code, headers=error.headers)

    @app.exception_handler(ReadSideLagging)
    async def _lagging(_: Request, error: ReadSideLagging) -> JSONResponse:
        # A write IS saved: say so, so that a retry (same Idempotency-Key) is safe. Before
        # anything was done, the views had not reached the position the client has seen.
        detail = "L'affichage a pris du retard : rechargez dans un instant." \
            if isinstance(error, SeenNotShown) else \
            "Enregistré, mais l'affichage a pris du retard : rechargez dans un instant."
        return JSONResponse({"detail": detail, "code": "read_model_lagging"},
                            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("Erreur inattendue", exc_info=error)
        # Answered by Starlette's outermost middleware, past SecurityHeaders: add them here.
        return JSONResponse({"detail": INTERNAL_ERROR, "code": "internal_error"}, status_code=500,
                            headers=security_headers(request.url.path))


def _without_input(problems: Any) -> list[dict[str, Any]]:
    """Validation errors without echoing the input back (it may be huge or a password)."""
    return [{k: v for k, v in p.items() if k not in ("input", "ctx", "url")} for p in problems]
