"""Gapal's one JSON encoding: the bytes the views store, the values the answers show."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi.encoders import jsonable_encoder

from api.errors import domain_error_body
from application.json_values import dump_json, jsonable
from domain.errors import Conflict

DOCUMENTS: list[Any] = [{}, [], None, "x", {"é": "Aïcha Kaboré", "n": [1, 2.5, -3e-07, True]},
                        {"lines": [{"quantity": 0.1, "unit": "L"}], "z": {"a": None}}]


def test_the_text_is_the_one_json_dumps_writes() -> None:
    for document in DOCUMENTS:
        assert dump_json(document) == json.dumps(document)


def test_values_are_shown_as_the_http_answers_show_them() -> None:
    value = {"at": datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "day": date(2026, 3, 1),
             "quantity": Decimal("1.250"), "id": UUID(int=1), "lines": ({"n": 1},)}
    assert jsonable(value) == {"at": "2026-03-01T09:30:00Z", "day": "2026-03-01",
                               "quantity": 1.25, "id": str(UUID(int=1)), "lines": [{"n": 1}]}


def test_an_error_s_details_read_as_they_did_with_fastapi_s_encoder() -> None:
    extra: dict[str, Any] = {"shortages": [{"product_id": UUID(int=7), "missing": Decimal("2.5")}],
                             "amount_due": 1500, "reference": "OM-1"}
    body = domain_error_body(Conflict("Refusé.", **extra))
    before = jsonable_encoder(extra, custom_encoder={Decimal: float})
    assert json.dumps(body) == json.dumps({"detail": "Refusé.", "code": Conflict.code, **before})
