"""Bodies over the size limit are refused with 413, whether or not they declare their length."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.middleware import MAX_BODY_BYTES
from tests.conftest import Api, log_length

CHUNK = b"x" * 64 * 1024


def chunked(total: int) -> Iterator[bytes]:
    """A body sent in chunks, without Content-Length (`Transfer-Encoding: chunked`)."""
    sent = 0
    while sent < total:
        yield CHUNK
        sent += len(CHUNK)


@pytest.mark.parametrize(("path", "content_type"), [
    ("/api/orders/sync/", "application/json"),
    ("/api/stock/entry/", "application/json"),
    ("/api/orders/{order}/voice-notes/", "multipart/form-data; boundary=gapal"),
])
def test_a_chunked_body_over_the_limit_is_413_and_writes_nothing(
        api: Api, place_order: Any, path: str, content_type: str) -> None:
    path = path.format(order=place_order(who="vendeur")["id"])
    before = log_length(api.gapal)

    answer = api.call("admin", "POST", path, content=chunked(MAX_BODY_BYTES + len(CHUNK)),
                      headers={"content-type": content_type})

    assert answer.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413, answer.text
    assert answer.json() == {"detail": "Requête trop volumineuse.", "code": "payload_too_large"}
    assert log_length(api.gapal) == before


def test_a_declared_length_over_the_limit_is_413(api: Api) -> None:
    answer = api.call("admin", "POST", "/api/orders/sync/",
                      content=b"x" * (MAX_BODY_BYTES + 1),
                      headers={"content-type": "application/json"})

    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "payload_too_large"
