"""The one event store of Gapal: every aggregate lives in it; one `save()` is one transaction."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Recording, Transcoding

from application.moved_topics import register_moved_topics
from domain.catalogue import Product
from domain.lots import Lot
from domain.order import OrderLine

SaveListener = Callable[[int], None]


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class OrderLineAsDict(Transcoding):
    type = OrderLine
    name = "order_line"

    def encode(self, obj: OrderLine) -> dict[str, Any]:
        return {"product_id": obj.product_id, "product_name": obj.product_name, "unit": obj.unit,
                "quantity": obj.quantity, "unit_price": obj.unit_price}

    def decode(self, data: dict[str, Any]) -> OrderLine:
        return OrderLine(**data)


class LotAsDict(Transcoding):
    """A product's lots live in its snapshots."""

    type = Lot
    name = "lot"

    def encode(self, obj: Lot) -> dict[str, Any]:
        return obj.as_dict()

    def decode(self, data: dict[str, Any]) -> Lot:
        return Lot.from_dict(data)


class UUIDAsCachedHex(Transcoding):
    """The library's `uuid_hex`, decoded through a cache: the same ids (users, products,
    orders) come back in event after event, and `UUID(hex)` was a tenth of decoding the log."""

    type = UUID
    name = "uuid_hex"
    KEPT = 100_000

    def __init__(self) -> None:
        self._seen: dict[str, UUID] = {}

    def encode(self, obj: UUID) -> str:
        return obj.hex

    def decode(self, data: str) -> UUID:
        found = self._seen.get(data)
        if found is None:
            if len(self._seen) >= self.KEPT:
                self._seen.clear()
            found = self._seen[data] = UUID(data)
        return found


class GapalStore(Application[UUID]):
    """Gapal's event-sourced application: the log of every order, product, category and user."""

    name = "gapal"
    # A product gathers an event per stock movement, for years: load it from a recent snapshot.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Product: 50}

    def __init__(self, env: dict[str, str] | None = None) -> None:
        register_moved_topics()
        super().__init__(env)
        self._listeners: list[SaveListener] = []
        self._listeners_lock = threading.Lock()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(UUIDAsCachedHex())  # replaces the library's, same encoding
        transcoder.register(DateAsISO())
        transcoder.register(OrderLineAsDict())
        transcoder.register(LotAsDict())

    @property
    def events_table(self) -> str:
        """The stored events' table (`stored_events` on SQLite, `gapal_events` on PostgreSQL)."""
        name: str = getattr(self.recorder, "events_table_name")  # noqa: B009 (both recorders have it, the base class does not declare it)
        return name

    def on_saved(self, listener: SaveListener) -> None:
        """Calls `listener(position)` after each save, e.g. to wake the projectors at once."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        position = last_position(recordings)
        if position is not None:
            for listener in list(self._listeners):
                listener(position)

    @property
    def backend(self) -> str:
        return "postgresql" if "postgres" in self.env.get("PERSISTENCE_MODULE", "") else "sqlite"


def last_position(recordings: list[Recording[UUID]]) -> int | None:
    ids = [r.notification.id for r in recordings if r.notification.id is not None]
    return max(ids) if ids else None


@dataclass(frozen=True)
class DatabaseConfig:
    """Where the event store and the read models live: one URL for both."""

    url: str

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith(("postgresql", "postgres"))

    @property
    def schema(self) -> str | None:
        values = parse_qs(urlsplit(self.url).query).get("schema")
        return values[0] if values else None

    @property
    def sqlite_path(self) -> str:
        return unquote(self.url.removeprefix("sqlite:///").split("?")[0])

    @property
    def sqlalchemy_url(self) -> str:
        if not self.is_postgres:
            return f"sqlite:///{self.sqlite_path}"
        parts = urlsplit(self.url)
        return f"postgresql+psycopg://{parts.netloc}{parts.path}"

    def store_env(self, pool_size: int = 10) -> dict[str, str]:
        if not self.is_postgres:
            return {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                    "SQLITE_DBNAME": self.sqlite_path, "SQLITE_LOCK_TIMEOUT": "30"}
        parts = urlsplit(self.url)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_POOL_SIZE": str(pool_size),
            "POSTGRES_MAX_OVERFLOW": str(pool_size),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "10",
        }
        if self.schema:
            env["POSTGRES_SCHEMA"] = self.schema
        return env
