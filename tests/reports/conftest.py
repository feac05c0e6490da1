"""A shop with 130 known orders for the report tests, built once per backend through the use
cases (130 orders over HTTP would be slow). Reports only read, so every test shares it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from application.catalogue import NewProduct
from application.orders import NewOrder
from application.users import NewUser
from domain.order import ClientDetails
from domain.permissions import SYSTEM, Actor
from domain.values import DeliveryStatus, PaymentStatus, Priority, Role, subtotal
from gapal.bootstrap import Gapal, bootstrap
from tests.conftest import (
    BACKENDS,
    FAST_PASSWORDS,
    Api,
    database_on,
    make_settings,
    served,
)

ORDER_COUNT = 130
PASSWORD = "password-123"
CLIENTS = ("Aïcha Kaboré", "Françoise Ouédraogo", "Œuvre Sainte-Thérèse (cantine)",
           "Hôtel Nazemsé", "Clément Zongo", "=1+2 Boutique")
STATUSES = list(DeliveryStatus)  # order n ends as STATUSES[n % 5]
PRIORITIES = (Priority.HAUTE, Priority.MOYENNE, Priority.BASSE)
MILK = ("Lait frais de vache (1 L)", "L", 500)
GAPAL = ("Gapal (sachet 0,5 L)", "sachet", 250)


@dataclass(frozen=True)
class Line:
    product: str
    quantity: Decimal
    unit_price: int

    @property
    def subtotal(self) -> int:
        return subtotal(self.quantity, self.unit_price)


@dataclass(frozen=True)
class Placed:
    """An order of the shop as the test planned it, to compare reports with by hand."""

    order_number: str
    client_name: str
    client_phone: str
    delivery_status: str
    payment_status: str
    priority: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.subtotal for line in self.lines)


@dataclass
class Shop:
    api: Api
    gapal: Gapal
    orders: list[Placed]
    product_ids: dict[str, str]
    today: date

    def get(self, path: str, who: str = "gestionnaire_commandes", **params: Any) -> httpx.Response:
        response: httpx.Response = self.api.call(who, "GET", path, params=params)
        return response


def planned(n: int) -> tuple[ClientDetails, list[Line], PaymentStatus, DeliveryStatus]:
    """Order n of the shop: every status, payment and priority mixed, some with two lines."""
    client = ClientDetails(CLIENTS[n % len(CLIENTS)], f"+22670{n:06d}", "Koudougou", None, "",
                           PRIORITIES[n % 3])
    lines = [Line(MILK[0], Decimal(n % 4 + 1) / 2, MILK[2])]
    if n % 3:
        lines.append(Line(GAPAL[0], Decimal(n % 3), GAPAL[2]))
    payment = PaymentStatus.PAYEE if n % 4 in (0, 1) else PaymentStatus.NON_PAYEE
    return client, lines, payment, STATUSES[n % len(STATUSES)]


def open_shop(database_url: str, data_dir: Path, count: int = ORDER_COUNT) -> Iterator[Shop]:
    gapal = bootstrap(make_settings(database_url, data_dir), passwords=FAST_PASSWORDS)
    try:
        # written first and projected in a few batches of 500: far quicker than event by event
        actors = {role: register(gapal, role) for role in Role}
        products = stock_products(gapal, actors[Role.ADMIN])
        orders = [place(gapal, actors, products, n) for n in range(count)]
        gapal.projector.catch_up()
        gapal.start()
        with served(gapal) as client:
            api = Api(client, gapal, {})
            for role in Role:
                api.tokens[role.value] = api.login(role.value, PASSWORD)
            yield Shop(api, gapal, orders, {k: str(v) for k, v in products.items()},
                       datetime.now(UTC).date())
    finally:
        gapal.close()


def register(gapal: Gapal, role: Role) -> Actor:
    written = gapal.services.users.register(SYSTEM, NewUser(role.value, f"{role}@gapal.bf",
                                                            PASSWORD, role))
    return Actor(written.id, role.value, role)


def stock_products(gapal: Gapal, admin: Actor) -> dict[str, UUID]:
    catalogue = gapal.services.catalogue
    category = catalogue.create_category(admin, "Lait frais", "").id
    return {name: catalogue.create_product(admin, NewProduct(
        name=name, category_id=category, unit=unit, unit_price=price,
        min_stock_level=Decimal(1), stock_quantity=Decimal(1000))).id
        for name, unit, price in (MILK, GAPAL)}


def place(gapal: Gapal, actors: dict[Role, Actor], products: dict[str, UUID], n: int) -> Placed:
    client, lines, payment, status = planned(n)
    seller = actors[Role.VENDEUR if n % 2 else Role.GESTIONNAIRE_COMMANDES]
    orders = gapal.services.orders
    written = orders.place(seller, NewOrder(
        client, [(products[line.product], line.quantity) for line in lines], payment))
    if status is not DeliveryStatus.NOUVELLE:
        written = orders.change_status(actors[Role.GESTIONNAIRE_COMMANDES], written.id, status)
    number = gapal.services.orders.get(SYSTEM, written.id).order_number
    return Placed(number, client.client_name, client.client_phone, status.value, payment.value,
                  client.priority.value, tuple(lines))


@pytest.fixture(scope="session", params=BACKENDS)
def shop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         ) -> Iterator[Shop]:
    """The shop of 130 orders on SQLite, and on PostgreSQL in a fresh schema."""
    folder = tmp_path_factory.mktemp(f"shop-{request.param}")
    with database_on(request.param, folder) as url:
        yield from open_shop(url, folder)


def of(orders: list[Placed], **fields: str | tuple[str, ...]) -> list[Placed]:
    """The planned orders whose fields match (a tuple matches any of its values)."""
    def matches(order: Placed) -> bool:
        return all(getattr(order, name) in (value if isinstance(value, tuple) else (value,))
                   for name, value in fields.items())

    return [order for order in orders if matches(order)]
