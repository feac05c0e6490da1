"""Demo data: the Koudougou catalogue, real-looking customers and orders, one user per role."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from importlib import resources
from uuid import UUID, uuid4

from application.catalogue import NewProduct
from application.orders import NewOrder
from application.payments import NewPayment
from application.users import NewUser
from domain.order import ClientDetails
from domain.permissions import SYSTEM, Actor
from domain.values import (
    DeliveryStatus,
    PaymentMethod,
    PaymentStatus,
    Priority,
    Role,
    burkina_phone,
)
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
    today = gapal.clock.today()
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


# `partielle` is derived from payments: an order is placed unpaid or paid.
PLACED_AS = (PaymentStatus.NON_PAYEE, PaymentStatus.PAYEE)


def _place_orders(gapal: Gapal, actors: dict[Role, Actor], product_ids: list[UUID], count: int,
                  rng: random.Random) -> None:
    customers = rows("customers.csv")
    sellers = [actors[Role.VENDEUR], actors[Role.GESTIONNAIRE_COMMANDES]]
    manager = actors[Role.GESTIONNAIRE_COMMANDES]
    # Marked paid or not as before payments were recorded one by one (`partielle` is derived).
    statuses = [s for s in PaymentStatus if s is not PaymentStatus.PARTIELLE]
    customer_ids = _register_customers(gapal, manager, customers)
    for n in range(count):
        customer = rng.choice(customers)
        client = ClientDetails(customer["client_name"], burkina_phone(customer["client_phone"]),
                               customer["delivery_address"],
                               gapal.clock.today() + timedelta(days=rng.randint(0, 3)), "",
                               rng.choice(list(Priority)))
        chosen = rng.sample(product_ids, rng.randint(1, 3))
        items = [(pid, Decimal(rng.randint(1, 6))) for pid in chosen]
        seller = rng.choice(sellers)
        written = gapal.services.orders.place(seller, NewOrder(
            client, items, rng.choice(statuses),
            customer_id=customer_ids.get(customer["client_phone"])))
        _advance(gapal, manager, written.id, n)
        if n % HALF_PAID_EVERY == 1:  # some orders half paid by Orange Money: owed the rest
            _pay_half(gapal, manager, written.id, n)


HALF_PAID_EVERY = 6

# Kinds and credit limits (FCFA) for the demo's customers, in the order of customers.csv.
CUSTOMER_TERMS = [("boutique", 50_000), ("maquis", 30_000), ("hotel", 150_000),
                  ("cantine", 100_000), ("particulier", 0), ("revendeur", 75_000)]


def _register_customers(gapal: Gapal, manager: Actor,
                        customers: list[dict[str, str]]) -> dict[str, UUID]:
    """The demo's customers as customer accounts, by the phone written in customers.csv."""
    found: dict[str, UUID] = {}
    taken: set[str] = set()
    for n, row in enumerate(customers):
        kind, limit = CUSTOMER_TERMS[n % len(CUSTOMER_TERMS)]
        if burkina_phone(row["client_phone"]) in taken:  # one phone, one customer: the first
            continue
        taken.add(burkina_phone(row["client_phone"]))
        written = gapal.services.customers.create(manager, {
            "name": row["client_name"], "phone": row["client_phone"], "kind": kind,
            "address": row["delivery_address"], "credit_limit": limit})
        found[row["client_phone"]] = written.id
    return found


def _pay_half(gapal: Gapal, manager: Actor, order_id: UUID, n: int) -> None:
    gapal.projector.catch_up()
    order = gapal.read.orders.get(manager, order_id)
    half = order["amount_due"] // 2
    if order["delivery_status"] != DeliveryStatus.ANNULEE.value and half > 0:
        gapal.services.payments.record(manager, order_id, NewPayment(
            uuid4(), half, PaymentMethod.ORANGE_MONEY, f"OM-DEMO-{n:04d}"))


def _advance(gapal: Gapal, manager: Actor, order_id: UUID, n: int) -> None:
    steps = [[], [DeliveryStatus.EN_PREPARATION], [DeliveryStatus.EN_COURS],
             [DeliveryStatus.LIVREE], [DeliveryStatus.ANNULEE]][n % 5]
    for status in steps:
        try:
            gapal.services.orders.change_status(manager, order_id, status)
        except Exception:
            return
