"""Shared pieces of the routes: exact JSON numbers, pagination, idempotency keys, 404 for what
is not found."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api.schemas import NUL, NUL_REFUSED
from application.idempotency import RequestKey
from domain.errors import NotFound
from projections.queries.paging import Page, PageRequest

T = TypeVar("T")


class ExactNumbersRequest(Request):
    """Reads JSON numbers from their text as decimals: `0.1000000000000000000000001` reaches the
    schema as written (and is refused), not as the float 0.1."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_float=Decimal)
        return self._json


class ExactNumbersRoute(APIRoute):
    """The route class of every router: its JSON bodies are read by `ExactNumbersRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def exact(request: Request) -> Response:
            return await handler(ExactNumbersRequest(request.scope, request.receive))

        return exact


async def no_nul_in_query(request: Request) -> None:
    """PostgreSQL text cannot hold U+0000: a query parameter with one is refused (422)."""
    refused = [name for name, value in request.query_params.multi_items() if NUL in value]
    if refused:
        raise RequestValidationError([
            {"type": "value_error", "loc": ("query", name), "msg": f"Value error, {NUL_REFUSED}"}
            for name in refused])


async def page_request(
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    ordering: Annotated[str | None, Query(max_length=40)] = None,
) -> PageRequest:
    return PageRequest(page, page_size, ordering)


Paging = Annotated[PageRequest, Depends(page_request)]


@dataclass(frozen=True)
class Idempotency:
    """The request's `Idempotency-Key`, if any, and the endpoint it is scoped to."""

    key: str | None
    endpoint: str

    def of(self, body: BaseModel) -> RequestKey | None:
        """The key with a digest of the validated body: the same key with another body is
        refused, while a retry that only spells its JSON differently is not."""
        if self.key is None:
            return None
        digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        return RequestKey(self.key, self.endpoint, digest)


KEY_HELP = ("Rejouer la même requête avec la même clé rend la première réponse sans refaire "
            "l'effet (24 h). Une clé vaut pour un utilisateur et une adresse ; avec un autre "
            "corps : 422 `idempotency_key_reused`.")


async def idempotency(request: Request, key: Annotated[str | None, Header(
        alias="Idempotency-Key", max_length=200, description=KEY_HELP)] = None) -> Idempotency:
    return Idempotency(key, f"{request.method} {request.scope['route'].path}")


IdempotencyKey = Annotated[Idempotency, Depends(idempotency)]


def paginated(request: Request, page: Page[Any], paging: PageRequest,
              results: list[Any]) -> dict[str, Any]:
    """DRF's page shape: `count`, `next`, `previous`, `results`."""
    last = max(1, -(-page.count // paging.page_size))

    def link(number: int) -> str | None:
        if number < 1 or number > last:
            return None
        return str(request.url.include_query_params(page=number))

    return {"count": page.count, "next": link(paging.page + 1),
            "previous": link(paging.page - 1), "results": results}


def paginated_list(request: Request, items: list[Any], paging: PageRequest) -> dict[str, Any]:
    """A page of a short list already in memory (an aggregate's events, an order's notes)."""
    start = (max(paging.page, 1) - 1) * paging.page_size
    return paginated(request, Page(len(items)), paging, items[start:start + paging.page_size])


def found(value: T | None, what: str = "Élément") -> T:
    if value is None:
        raise NotFound(f"{what} introuvable.")
    return value


IfNoneMatch = Annotated[str | None, Header(max_length=200)]


def etagged(body: Any, if_none_match: str | None) -> Response:
    """The body with a strong ETag of its bytes; 304 and no body when the client has it."""
    response = JSONResponse(body)
    etag = f'"{hashlib.sha256(response.body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if if_none_match and etag in [tag.strip() for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response
