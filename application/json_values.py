"""Gapal's one JSON encoding of its own values: `jsonable` makes values JSON-ready as the HTTP
answers write them, `dump_json` writes JSON text exactly as `json.dumps` does with its defaults
(the read models' JSON columns hold it: its bytes must never change).

Not here, on purpose: the event store's transcoder (the library's; the audit seal hashes its
bytes), pydantic's and Starlette's encoders of HTTP bodies (an `Idempotency-Key`'s digest and the
ETags hash them), and `application.history.plain`, whose event data the audit shows with
`+00:00` times as it always has.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from json import encoder as json_encoder
from typing import Any
from uuid import UUID

_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable(value: Any) -> Any:
    """JSON values as the HTTP answers write them (`...Z` times, numbers for quantities)."""
    result: Any = value
    if type(value) in _PLAIN:  # most values of a message: returned at once
        pass
    elif isinstance(value, dict):
        result = {k: jsonable(v) for k, v in value.items()}
    elif isinstance(value, list | tuple):
        result = [jsonable(v) for v in value]
    elif isinstance(value, datetime):
        result = value.isoformat().replace("+00:00", "Z")
    elif isinstance(value, date):
        result = value.isoformat()
    elif isinstance(value, Decimal):
        result = float(value)
    elif isinstance(value, UUID):
        result = str(value)
    return result


def _json_encoder() -> Callable[[Any, int], tuple[str, ...]] | None:
    """The C encoder behind `json.dumps` with its defaults, built once: `json.dumps` builds it
    at every call, which took longer than encoding the views' small documents."""
    make: Callable[..., Callable[[Any, int], tuple[str, ...]]] | None = getattr(
        json_encoder, "c_make_encoder", None)  # private to `json`, not in its stubs
    if make is None:  # an interpreter without the C accelerator
        return None
    return make(None, json.JSONEncoder().default, json_encoder.encode_basestring_ascii, None,
                ": ", ", ", False, False, True)


_ENCODE = _json_encoder()


def dump_json(value: Any) -> str:
    """The JSON text of a value, exactly as `json.dumps(value)` writes it (no closure: psycopg
    caches the dumper it builds for this function only if it has none)."""
    if _ENCODE is None:
        return json.dumps(value)
    return "".join(_ENCODE(value, 0))
