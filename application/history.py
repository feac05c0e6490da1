"""The log read back: an aggregate's events, and an aggregate as it was at a version or a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from types import UnionType
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.ids import uuid_text
from application.store import GapalStore
from application.unit_of_work import load
from domain.base import GapalAggregate
from domain.catalogue import STOCK_EVENTS
from domain.errors import NotFound
from domain.order import OrderLine
from domain.permissions import Action, Actor

SECRET_FIELDS = frozenset({"password_hash"})
_ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                       "actor_id"})


def event_type(event: object) -> str:
    """`Order.Placed`, `Product.StockReceived`, ...: the aggregate and the past-tense event."""
    return type(event).__qualname__


def aggregate_type(event: object) -> str:
    kind = type(event)
    found = _AGGREGATE_TYPES.get(kind)
    if found is None:
        found = _AGGREGATE_TYPES[kind] = kind.__qualname__.split(".")[0]
    return found


_AGGREGATE_TYPES: dict[type, str] = {}


def event_data(event: object) -> dict[str, Any]:
    """The event's own fields as JSON values; secrets (password hashes) are never shown."""
    return {name: value if type(value) in _PLAIN else plain(value)
            for name, value in vars(event).items()
            if name not in _HIDDEN and not (value is None and name in _ADDED_LATER)}


# Fields added to an event class after it was first recorded: shown only when set, so that the
# same kind of event reads alike before and after (a status change carries `takes` at delivery).
_ADDED_LATER = frozenset({"takes"})


_PLAIN = frozenset({str, int, bool, type(None)})
_HIDDEN = _ENVELOPE | SECRET_FIELDS


def plain(value: Any) -> Any:
    """A JSON-ready copy of a value from an event."""
    kind = type(value)
    if kind in _PLAIN:  # most values: returned at once (the audit rebuilds a million)
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter_for(kind)
    return convert(value)


def _converter_for(kind: type) -> Callable[[Any], Any]:
    """How a value of this class is made JSON-ready, chosen once per class (the chain of
    `isinstance` tests, run for every value, was most of `plain`'s time)."""
    converters: list[tuple[type | UnionType, Callable[[Any], Any]]] = [
        (dict, _plain_dict), (list | tuple, _plain_list), (OrderLine, _plain_line),
        (Decimal, float), (UUID, uuid_text), (datetime | date, _isoformat),
        (Enum, _enum_value)]
    return next((convert for cls, convert in converters if issubclass(kind, cls)), _same)


def _plain_dict(value: dict[Any, Any]) -> dict[Any, Any]:
    return {k: v if type(v) in _PLAIN else plain(v)  # no call for plain values: most of them
            for k, v in value.items() if k not in SECRET_FIELDS}


def _plain_list(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [v if type(v) in _PLAIN else plain(v) for v in value]


def _plain_line(value: OrderLine) -> dict[str, Any]:
    return {"product_id": uuid_text(value.product_id), "product_name": value.product_name,
            "unit": value.unit, "quantity": float(value.quantity),
            "unit_price": value.unit_price, "subtotal": value.subtotal}


def _isoformat(value: date) -> str:
    return value.isoformat()


def _enum_value(value: Enum) -> Any:
    return value.value


def _same(value: Any) -> Any:
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


class History:
    """Reads an aggregate's past straight from the log."""

    def __init__(self, store: GapalStore) -> None:
        self._store = store

    def events(self, aggregate_id: UUID) -> list[GapalAggregate.Event]:
        events = list(self._store.events.get(aggregate_id))
        if not events:
            raise NotFound("Élément introuvable.")
        return events  # type: ignore[return-value]  # every event of ours is a GapalAggregate.Event

    def product_events(self, actor: Actor, product_id: UUID) -> list[GapalAggregate.Event]:
        """A product's events; its stock movements only for those who may read stock."""
        events = self.events(product_id)
        if actor.may(Action.MANAGE_STOCK):
            return events
        return [e for e in events if not isinstance(e, STOCK_EVENTS)]

    def as_of(self, cls: type[Aggregate], aggregate_id: UUID, *, version: int | None = None,
              at: datetime | None = None) -> Aggregate:
        """The aggregate at `version`, or as it was at the moment `at`."""
        if at is not None:
            version = self.version_at(aggregate_id, at)
        if version is not None and version < 1:
            raise NotFound("Cet élément n'existait pas encore à cette date.")
        found = self._store.repository.get(aggregate_id, version=version) if version else None
        return found if isinstance(found, cls) else load(self._store, cls, aggregate_id)

    def version_at(self, aggregate_id: UUID, at: datetime) -> int:
        if at.tzinfo is None:  # a moment given without offset is Koudougou time, that is UTC
            at = at.replace(tzinfo=UTC)
        versions = [e.originator_version for e in self.events(aggregate_id) if e.timestamp <= at]
        return max(versions, default=0)
