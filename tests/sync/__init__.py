"""Offline sync suites. The `Phone` below records events offline on its own (possibly wrong)
clock and sends them to `POST /api/orders/sync/` oldest first, as API.md "Offline sync" says."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.api.fast_world import catalogue_of
from tests.api.fast_world import fresh_api as world_api
from tests.conftest import Api

__all__ = ["SYNC", "Phone", "catalogue_of", "later", "new_local_id", "order_data", "world_api"]

SYNC = "/api/orders/sync/"


@dataclass
class Phone:
    """One device of one user; `skew` is how far its clock is from the server's.

    A `measuring` phone is a new one (README "Extensions of the HTTP contract"): from each
    answer it hears it measures its clock offset NTP-style and sends the best (narrowest)
    estimate with its next requests; the others send none, as phones before it."""

    api: Api
    who: str
    skew: timedelta = timedelta(0)
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    measuring: bool = False
    estimate: tuple[float, float] | None = None  # (offset, error) in seconds

    def estimate_fields(self) -> dict[str, float]:
        if not self.measuring or self.estimate is None:
            return {}
        offset, error = self.estimate
        return {"clock_offset_estimate_seconds": offset,
                "clock_offset_estimate_error_seconds": error}

    def heard(self, body: dict[str, Any], reply: dict[str, Any]) -> None:
        """The answer to `body` came back now: `server_time` lies between the phone's send and
        receive times (on the server's clock), so the offset is their middle +- half."""
        if not self.measuring:
            return
        sent = datetime.fromisoformat(body["client_time"])
        received = self.clock()
        middle = sent + (received - sent) / 2
        offset = (datetime.fromisoformat(reply["server_time"]) - middle).total_seconds()
        error = (received - sent).total_seconds() / 2
        if self.estimate is None or error <= self.estimate[1]:
            self.estimate = (offset, error)

    def clock(self) -> datetime:
        return datetime.now(UTC) + self.skew

    def created(self, local_id: str, data: dict[str, Any], at: datetime | None = None,
                event_id: str | None = None) -> dict[str, Any]:
        return {"event_id": event_id or str(uuid.uuid4()), "local_id": local_id,
                "type": "order_created", "occurred_at": (at or self.clock()).isoformat(),
                "data": data}

    def updated(self, local_id: str, data: dict[str, Any], base_version: int | None,
                at: datetime | None = None, event_id: str | None = None) -> dict[str, Any]:
        event: dict[str, Any] = {
            "event_id": event_id or str(uuid.uuid4()), "local_id": local_id,
            "type": "order_updated", "occurred_at": (at or self.clock()).isoformat(),
            "data": data}
        if base_version is not None:
            event["base_version"] = base_version
        return event

    def body(self, events: list[dict[str, Any]],
             client_time: datetime | None = None) -> dict[str, Any]:
        return {"device_id": self.device_id,
                "client_time": (client_time or self.clock()).isoformat(), "events": events,
                **self.estimate_fields()}

    def post(self, body: Any) -> Any:
        return self.api.call(self.who, "POST", SYNC, json=body)

    def send(self, *events: dict[str, Any]) -> dict[str, Any]:
        """Sends these events now (client_time = the phone's clock); the 200 answer."""
        request = self.body(list(events))
        answer = self.post(request)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert [r["event_id"] for r in body["results"]] == [e["event_id"] for e in events]
        self.heard(request, body)
        return body


def new_local_id() -> str:
    return str(uuid.uuid4())


def order_data(product_id: str, quantity: float = 1, **fields: Any) -> dict[str, Any]:
    return {"client_name": "Awa Bationo", "client_phone": "70 12 34 56",
            "items": [{"product_id": product_id, "quantity": quantity}], **fields}


def later(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)
