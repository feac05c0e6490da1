"""Returns recorded offline at delivery: the sync event `order_returned`, applied once by the
return's `local_id`, never more than delivered, on the vendeur's own orders only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BACKENDS, Api
from tests.sync import Phone, catalogue_of, new_local_id, order_data, world_api


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from world_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return catalogue_of(api)


def returned(phone: Phone, order_local_id: str, product_id: str, quantity: float,
             local_id: str | None = None, **data: Any) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "local_id": local_id or new_local_id(),
            "type": "order_returned", "occurred_at": phone.clock().isoformat(),
            "data": {"order_local_id": order_local_id,
                     "lines": [{"product_id": product_id, "quantity": quantity}], **data}}


def delivered(phone: Phone, catalogue: dict[str, Any]) -> str:
    """An order of 4 L of milk (2 000 FCFA) placed and delivered from the phone."""
    local_id = new_local_id()
    [placed] = phone.send(phone.created(local_id, order_data(catalogue["milk"]["id"], 4)))[
        "results"]
    [done] = phone.send(phone.updated(local_id, {"delivery_status": "livree"},
                                      placed["order"]["version"]))["results"]
    assert done["order"]["delivery_status"] == "livree", done
    return local_id


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_return_recorded_offline_is_applied_once_and_lowers_what_is_due(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order_local_id = delivered(phone, catalogue)
    milk = catalogue["milk"]["id"]
    event = returned(phone, order_local_id, milk, 1, reason="Sachet percé", restock=False)

    [result] = phone.send(event)["results"]
    [again] = phone.send(event)["results"]
    [same_return] = phone.send({**event, "event_id": str(uuid.uuid4())})["results"]

    assert result["status"] == "applied", result
    assert (result["order"]["amount_due"], result["order"]["returned_value"]) == (1500, 500)
    assert again["status"] == "duplicate"
    assert same_return["status"] == "duplicate"
    losses = api.call("admin", "GET", "/api/reports/losses/").json()
    assert losses["total_quantity"] == 1


def test_a_return_beyond_what_was_delivered_or_of_another_vendor_is_rejected(
        api: Api, catalogue: dict[str, Any]) -> None:
    phone = Phone(api, "vendeur")
    order_local_id = delivered(phone, catalogue)
    milk = catalogue["milk"]["id"]

    [too_many] = phone.send(returned(phone, order_local_id, milk, 5))["results"]
    [bad] = phone.send({**returned(phone, order_local_id, milk, 1), "data": {
        "order_local_id": order_local_id, "lines": [{"product_id": "pas-un-id"}]}})["results"]

    assert too_many["status"] == "rejected"
    assert too_many["error"]["code"] == "return_refused"
    assert bad["status"] == "rejected"
    assert bad["error"]["code"] == "invalid_input"
