"""Ids as text, remembered: the read side and the audit format the same ids again and again."""

from __future__ import annotations

from uuid import UUID

_TEXTS: dict[int, str] = {}
_TEXTS_KEPT = 200_000


def uuid_text(value: UUID) -> str:
    """`str(value)`, remembered: the views format the same ids again and again, and
    `UUID.__str__` was a tenth of a rebuild (py-spy). A cache of log facts, safe to drop;
    keyed by the UUID's integer, whose hash and comparison are C, not `UUID.__hash__`."""
    try:
        key = value.int
    except AttributeError:  # not a UUID after all (an id stored as text): as `str` does
        return str(value)
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) >= _TEXTS_KEPT:
            _TEXTS.clear()
        found = _TEXTS[key] = str(value)
    return found
