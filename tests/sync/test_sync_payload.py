"""The sync request typed on the wire (README "Extensions of the HTTP contract"): its OpenAPI
schema names each kind of event with its own `data`, while the server still reads each event on
its own, so that one with wrong data is `rejected` alone, never the batch."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.answers import ok
from tests.conftest import Api
from tests.sync import Phone, catalogue_of, new_local_id, order_data, world_api

KINDS = {"order_created": "SyncData", "order_updated": "SyncData",
         "customer_created": "CustomerSyncData", "payment_received": "SyncPaymentData",
         "order_returned": "SyncReturnData"}


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from world_api(database_url, tmp_path)


def resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or the component its `$ref` names."""
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_the_sync_request_names_each_event_kind_with_its_typed_data(api: Api) -> None:
    schema = ok(api.call(None, "GET", "/openapi.json"))
    body = schema["paths"]["/api/orders/sync/"]["post"]["requestBody"]
    sync_in = resolved(schema, body["content"]["application/json"]["schema"])
    event = resolved(schema, sync_in["properties"]["events"]["items"])

    assert event["discriminator"]["propertyName"] == "type"
    assert set(event["discriminator"]["mapping"]) == set(KINDS)
    kinds = [resolved(schema, kind) for kind in event["oneOf"]]
    assert sorted(kind["properties"]["type"]["const"] for kind in kinds) == sorted(KINDS)
    for kind in kinds:
        name = kind["properties"]["type"]["const"]
        assert {"event_id", "local_id", "type", "occurred_at"} <= set(kind["required"]), name
        assert kind["properties"]["data"] == {"$ref": f"#/components/schemas/{KINDS[name]}"}, name
        data = resolved(schema, kind["properties"]["data"])
        assert data["properties"], name
        assert data.get("additionalProperties") is not True, name


def test_an_event_of_each_kind_with_wrong_data_is_rejected_alone(api: Api) -> None:
    catalogue = catalogue_of(api)
    milk = catalogue["milk"]["id"]
    phone = Phone(api, "vendeur")
    order_local_id = new_local_id()
    now = phone.clock().isoformat()

    def event(kind: str, data: dict[str, Any], local_id: str | None = None) -> dict[str, Any]:
        return {"event_id": str(uuid.uuid4()), "local_id": local_id or new_local_id(),
                "type": kind, "occurred_at": now, "data": data}

    good = phone.created(order_local_id, order_data(milk))
    bad = {
        "order_created": event("order_created", {**order_data(milk), "items": "lait"}),
        "order_updated": {**event("order_updated", {"delivery_status": "perdue"},
                                  order_local_id), "base_version": 1},
        "customer_created": event("customer_created", {"name": "Awa", "other_phones": "70"}),
        "payment_received": event("payment_received", {
            "order_local_id": order_local_id, "amount": "500", "method": "especes"}),
        "order_returned": event("order_returned", {
            "order_local_id": order_local_id, "lines": [{"product_id": "pas-un-id"}]}),
    }
    wrong_field = {"order_created": "items", "order_updated": "delivery_status",
                   "customer_created": "other_phones", "payment_received": "amount",
                   "order_returned": "lines.0.product_id"}
    paid = event("payment_received", {"order_local_id": order_local_id, "amount": 500,
                                      "method": "especes"})

    first, *rejected, last = phone.send(good, *bad.values(), paid)["results"]

    assert first["status"] == "applied", first
    assert last["status"] == "applied", last
    assert last["order"]["amount_paid"] == 500
    for kind, result in zip(bad, rejected, strict=True):
        assert result["status"] == "rejected", (kind, result)
        assert result["error"]["code"] == "invalid_input", (kind, result)
        assert wrong_field[kind] in result["error"]["detail"], (kind, result)


def test_an_unknown_type_or_a_payment_without_data_is_rejected_alone(api: Api) -> None:
    milk = catalogue_of(api)["milk"]["id"]
    phone = Phone(api, "vendeur")
    unknown = {**phone.created(new_local_id(), order_data(milk)), "type": "order_deleted"}
    no_data = {**phone.created(new_local_id(), {}), "type": "payment_received"}
    del no_data["data"]

    unknown_result, no_data_result, good = phone.send(
        unknown, no_data, phone.created(new_local_id(), order_data(milk)))["results"]

    assert unknown_result["status"] == "rejected"
    assert unknown_result["error"] == {
        "code": "invalid_input", "detail": "Type d'événement inconnu : order_deleted."}
    assert no_data_result["status"] == "rejected"
    assert no_data_result["error"] == {"code": "invalid_input",
                                       "detail": "Champs invalides : amount, method."}
    assert good["status"] == "applied"
