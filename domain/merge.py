"""Merging a phone's offline edit of an order with what the office changed meanwhile.

The log is the merge base: the server's events after the phone's `base_version` say which fields
changed on the server and when. A field changed on one side only takes that side's value; a
field changed on both sides goes to the later change (last write wins, on corrected time); a
delivery status never moves backwards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.order import Order, is_allowed_transition
from domain.values import DeliveryStatus

STATUS = "delivery_status"
PAYMENT = "payment_status"
ITEMS = "items"


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed: the value that lost stays in the log."""

    field: str
    client_value: Any
    server_value: Any
    kept: str  # "client" | "server"


@dataclass(frozen=True)
class Merge:
    """What to apply from the phone, and the conflicts settled on the way."""

    apply: dict[str, Any]
    conflicts: list[FieldConflict]


def server_changes(events: Iterable[Order.Event],
                   synced: Mapping[int, datetime | None] | None = None) -> dict[str, datetime]:
    """When each field last changed through these (the server's) events.

    `synced` maps the versions that phones' sync wrote to the (corrected) time the change was
    made on the phone, or to None for the merging phone's own earlier edits: they are no news
    to it, whatever `base_version` it could send while offline."""
    changed: dict[str, datetime] = {}
    for event in events:
        at = (synced or {}).get(event.originator_version, event.timestamp)
        if at is None:
            continue
        for name in fields_changed_by(event):
            changed[name] = max(at, changed.get(name, at))
    return changed


def fields_changed_by(event: Order.Event) -> list[str]:
    if isinstance(event, Order.Revised):
        return [ITEMS if name == "lines" else name for name in event.changes]
    if isinstance(event, Order.StatusChanged):
        return [STATUS]
    if isinstance(event, Order.PaymentChanged | Order.PaymentReceived
                         | Order.PaymentsReversed):
        return [PAYMENT]
    return []


def merge(phone: dict[str, Any], phone_at: datetime, current: dict[str, Any],
          changed_on_server: dict[str, datetime]) -> Merge:
    """Settles each field the phone changed against the server's current value.

    `current` holds the server's values in the phone's terms (items as product/quantity pairs);
    `phone_at` is the phone's time of the edit, corrected by the measured clock offset."""
    apply: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, value in phone.items():
        server_value = current.get(name)
        if value == server_value:
            continue
        if name == STATUS and not is_allowed_transition(DeliveryStatus(str(server_value)),
                                                        DeliveryStatus(value)):
            conflicts.append(FieldConflict(name, value, server_value, "server"))
        elif name not in changed_on_server:
            apply[name] = value
        elif phone_at > changed_on_server[name]:
            apply[name] = value
            conflicts.append(FieldConflict(name, value, server_value, "client"))
        else:
            conflicts.append(FieldConflict(name, value, server_value, "server"))
    return Merge(apply, conflicts)
