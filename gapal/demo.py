"""Demo data: the Koudougou catalogue, real-looking customers and orders, one user per role."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from uuid import UUID

from application.catalogue import NewProduct
from application.orders import NewOrder
from application.users import NewUser
from domain.order import ClientDetails
from domain.permissions import SYSTEM, Actor
from domain.values import DeliveryStatus, PaymentStatus, Priority, Role, burkina_phone
from gapal.bootstrap import Gapal

DEMO_USERS = [
    ("admin", Role.ADMIN, "admin-gapal-2026"),
    ("awa.commandes", Role.GESTIONNAIRE_COMMANDES, "commandes-2026"),
    ("issouf.stock", Role.GESTIONNAIRE_STOCKS, "stock-gapal-2026"),
    ("salif.vendeur", Role.VENDEUR, "vendeur-2026"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    password: str


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("gapal").joinpath("demo_data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_demo(gapal: Gapal, orders: int = 40, seed: int = 7) -> list[DemoLogin]:
    """Loads the demo once (a second call finds the users and adds nothing)."""
    services = gapal.services
    logins = [DemoLogin(u, r, p) for u, r, p in DEMO_USERS]
    if services.users.find_by_username("admin") is not None:
        return logins
    actors = {}
    for login in logins:
        written = services.users.register(SYSTEM, NewUser(
            login.username, f"{login.username}@gapal.bf", login.password, login.role))
        actors[login.role] = Actor(written.id, login.username, login.role)
    product_ids = _load_catalogue(gapal, actors[Role.GESTIONNAIRE_STOCKS])
    _place_orders(gapal, actors, product_ids, orders, random.Random(seed))
    gapal.projector.catch_up()
    return logins


def _load_catalogue(gapal: Gapal, keeper: Actor) -> list[UUID]:
    catalogue, categories, product_ids = gapal.services.catalogue, {}, []
    today = datetime.now(UTC).date()
    for row in rows("catalogue.csv"):
        if row["category"] not in categories:
            categories[row["category"]] = catalogue.create_category(keeper, row["category"], "").id
        written = catalogue.create_product(keeper, NewProduct(
            name=row["name"], category_id=categories[row["category"]], unit=row["unit"],
            unit_price=int(row["unit_price_fcfa"]), min_stock_level=Decimal(row["min_stock_level"]),
            barcode=row["barcode"],
            expiration_date=today + timedelta(days=int(row["shelf_life_days"])),
            stock_quantity=Decimal(int(row["min_stock_level"]) * 3)))
        product_ids.append(written.id)
    return product_ids


def _place_orders(gapal: Gapal, actors: dict[Role, Actor], product_ids: list[UUID], count: int,
                  rng: random.Random) -> None:
    customers = rows("customers.csv")
    sellers = [actors[Role.VENDEUR], actors[Role.GESTIONNAIRE_COMMANDES]]
    manager = actors[Role.GESTIONNAIRE_COMMANDES]
    for n in range(count):
        customer = rng.choice(customers)
        client = ClientDetails(customer["client_name"], burkina_phone(customer["client_phone"]),
                               customer["delivery_address"],
                               date.today() + timedelta(days=rng.randint(0, 3)), "",
                               rng.choice(list(Priority)))
        chosen = rng.sample(product_ids, rng.randint(1, 3))
        items = [(pid, Decimal(rng.randint(1, 6))) for pid in chosen]
        written = gapal.services.orders.place(rng.choice(sellers), NewOrder(
            client, items, rng.choice([PaymentStatus.NON_PAYEE, PaymentStatus.PAYEE])))
        _advance(gapal, manager, written.id, n)


def _advance(gapal: Gapal, manager: Actor, order_id: UUID, n: int) -> None:
    steps = [[], [DeliveryStatus.EN_PREPARATION], [DeliveryStatus.EN_COURS],
             [DeliveryStatus.LIVREE], [DeliveryStatus.ANNULEE]][n % 5]
    for status in steps:
        try:
            gapal.services.orders.change_status(manager, order_id, status)
        except Exception:
            return
