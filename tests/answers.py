"""What the API tests say of an answer: it succeeded (its body), or it was refused as expected."""

from __future__ import annotations

from typing import Any


def ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def refused(answer: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """A refusal with its status; with a `code`, the contract's body: that code and a French
    sentence in `detail` (a 422 has FastAPI's list instead: give no code)."""
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    if code is not None:
        assert body["code"] == code, body
        assert isinstance(body["detail"], str), body
        assert body["detail"], body
    return body
