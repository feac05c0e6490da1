"""The application's use cases on the library's in-memory store: no database, no HTTP, no
read side (the few questions a use case asks the read side are answered by small fakes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from application.catalogue import NewProduct
from application.orders import NewOrder
from application.passwords import Passwords
from application.services import Services
from application.store import GapalStore
from application.users import NewUser
from domain.clock import MovableClock
from domain.order import ClientDetails
from domain.permissions import Actor
from domain.values import Priority, Role

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
PASSWORD = "Karité-du-Faso-2024"


@dataclass
class ActiveProducts:
    """The read side's count of a category's active products, as the catalogue asks it."""

    counts: dict[UUID, int] = field(default_factory=dict)

    def active_product_count(self, category_id: UUID) -> int:
        return self.counts.get(category_id, 0)


@dataclass
class Blobs:
    """Voice notes' bytes, kept in memory."""

    kept: dict[UUID, tuple[str, bytes]] = field(default_factory=dict)

    def put(self, blob_id: UUID, content_type: str, data: bytes) -> None:
        self.kept[blob_id] = (content_type, data)

    def get(self, blob_id: UUID) -> tuple[str, bytes] | None:
        return self.kept.get(blob_id)


@dataclass
class Shop:
    """Gapal on the in-memory store, with one user of each role and helpers for the 'given'."""

    services: Services
    products: ActiveProducts
    blobs: Blobs
    admin: Actor
    manager: Actor
    vendeur: Actor
    stock_keeper: Actor
    clock: MovableClock

    @property
    def store(self) -> GapalStore:
        return self.services.store

    def category(self, name: str = "Produits laitiers") -> UUID:
        return self.services.catalogue.create_category(self.admin, name, "").id

    def product(self, name: str = "Lait frais 1 L", *, price: int = 500,
                stock: str = "10") -> UUID:
        new = NewProduct(name=name, category_id=self.category(f"Rayon de {name}"), unit="litre",
                         unit_price=price, min_stock_level=Decimal(2),
                         stock_quantity=Decimal(stock))
        return self.services.catalogue.create_product(self.admin, new).id

    def order(self, *items: tuple[UUID, str], by: Actor | None = None,
              customer_id: UUID | None = None) -> UUID:
        new = NewOrder(client=a_client(), items=[(p, Decimal(q)) for p, q in items],
                       customer_id=customer_id)
        return self.services.orders.place(by or self.vendeur, new).id


def a_client(name: str = "Awa Ouédraogo") -> ClientDetails:
    return ClientDetails(client_name=name, client_phone="+22670123456",
                         delivery_address="Secteur 5, Koudougou",
                         delivery_date=date(2024, 6, 17), notes="", priority=Priority.MOYENNE)


def today() -> date:
    return datetime.now(UTC).date()


def _user(services: Services, admin: Actor, role: Role) -> Actor:
    name = role.value.replace("_", "-")
    new = NewUser(username=name, email=f"{name}@gapal.bf", password=PASSWORD, role=role)
    return Actor(services.users.register(admin, new).id, name, role)


@pytest.fixture
def shop() -> Iterator[Shop]:
    store = GapalStore(env=IN_MEMORY)
    products, blobs, clock = ActiveProducts(), Blobs(), MovableClock()
    # The cheapest argon2 that still works: hashing is not what these tests are about.
    services = Services.build(store, products, blobs, Passwords(time_cost=1, memory_cost=64),
                              clock=clock)
    founder = Actor(uuid4(), "fondateur", Role.ADMIN)
    admin = _user(services, founder, Role.ADMIN)
    yield Shop(services, products, blobs, admin,
               _user(services, admin, Role.GESTIONNAIRE_COMMANDES),
               _user(services, admin, Role.VENDEUR),
               _user(services, admin, Role.GESTIONNAIRE_STOCKS), clock)
    store.close()
