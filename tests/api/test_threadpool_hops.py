"""FastAPI runs a plain-function dependency in its threadpool: a thread hop per dependency per
request. Placing an order takes only the hops that do I/O: signing the actor in (the user's
row) and the command itself (the event store, the views), plus the one FastAPI takes to check
a plain function's answer."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest

from tests.conftest import Api


def test_placing_an_order_hops_to_a_thread_only_for_what_does_io(
        api: Api, catalogue: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"client_name": "Awa Bationo",
            "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]}
    api.call("gestionnaire_commandes", "POST", "/api/orders/", json=body)
    hops: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(func, "__name__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    for tracked in ({}, {"X-Gapal-Position": "0"}):
        hops.clear()
        answer = api.call("gestionnaire_commandes", "POST", "/api/orders/", json=body,
                          headers=tracked)
        assert answer.status_code == 201
        assert len(hops) == 3, hops
