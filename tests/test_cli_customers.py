"""`gapal customers link`: proposes a customer per phone for the orders placed without one
(a dry run that changes nothing), then with `--apply` registers them and links the orders.
The first test calls the command in this process; the second spawns the console script."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from application.catalogue import NewProduct
from application.orders import NewOrder
from application.passwords import Passwords
from domain.order import ClientDetails
from domain.permissions import SYSTEM
from gapal.bootstrap import Gapal, bootstrap
from projections.queries.customers import CustomerFilters
from projections.queries.orders import OrderFilters
from projections.queries.paging import PageRequest
from tests.conftest import log_length, make_settings
from tests.test_cli import invoke, run

CLIENTS = (("Awa Kaboré", "+22670123456"), ("Awa Kabore", "+22670123456"),
           ("Awa Kaboré", "+22670123456"), ("Hôtel Relax", "+22676451289"),
           ("Hôtel Relax", "+22676451289"), ("Passant", ""))


def opened(folder: Path) -> Gapal:
    gapal = bootstrap(make_settings(f"sqlite:///{folder / 'gapal.db'}", folder),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    gapal.projector.catch_up()
    return gapal


def orders_before_customers(folder: Path) -> list[str]:
    """An order per client of CLIENTS (the last without phone), then a customer who has the
    hotel's phone. The orders' numbers, in CLIENTS' order."""
    gapal = opened(folder)
    try:
        category = gapal.services.catalogue.create_category(SYSTEM, "Lait", "")
        milk = gapal.services.catalogue.create_product(SYSTEM, NewProduct(
            "Lait", category.id, "L", 500, Decimal(0), stock_quantity=Decimal(100)))
        ids = [gapal.services.orders.place(SYSTEM, NewOrder(
            ClientDetails(name, phone, "", None, ""), [(milk.id, Decimal(1))])).id
            for name, phone in CLIENTS]
        gapal.services.customers.create(SYSTEM, {"name": "Hôtel Relax SARL",
                                                 "phone": "+22676451289", "kind": "hotel"})
        gapal.projector.catch_up()
        return [gapal.read.orders.get(SYSTEM, order_id)["order_number"] for order_id in ids]
    finally:
        gapal.close()


def state(folder: Path) -> tuple[dict[str, str | None], dict[str, Any], int]:
    """Each order's customer id by number, the active customers by phone, the log's length."""
    gapal = opened(folder)
    try:
        orders = gapal.read.orders.list(SYSTEM, PageRequest(page_size=50), OrderFilters())
        customers = gapal.read.customers.page(SYSTEM, PageRequest(), CustomerFilters())
        return ({o["order_number"]: o["customer_id"] for o in orders.results},
                {c["phone"]: c for c in customers.results}, log_length(gapal))
    finally:
        gapal.close()


def test_link_proposes_first_then_links_every_order_with_a_phone(tmp_path: Path) -> None:
    numbers = orders_before_customers(tmp_path)
    before = state(tmp_path)

    dry = invoke(["customers", "link"], tmp_path)

    assert dry.returncode == 0, dry.stdout + dry.stderr
    awa = ", ".join(numbers[:3])
    assert "+22670123456 → nouveau client « Awa Kaboré » : 3 commande(s)" in dry.stdout
    assert "noms vus : Awa Kaboré, Awa Kabore" in dry.stdout
    assert f"commandes : {awa}" in dry.stdout
    assert "+22676451289 → client existant « Hôtel Relax SARL » : 2 commande(s)" in dry.stdout
    assert numbers[5] not in dry.stdout  # no phone: nothing to propose
    assert "Simulation : rien n'a été modifié" in dry.stdout
    assert state(tmp_path) == before

    applied = invoke(["customers", "link", "--apply"], tmp_path)

    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "1 client(s) créé(s), 5 commande(s) liée(s)." in applied.stdout
    links, customers, length = state(tmp_path)
    kabore, hotel = customers["+22670123456"], customers["+22676451289"]
    assert (kabore["name"], kabore["kind"], kabore["balance"]) == ("Awa Kaboré", "particulier",
                                                                   1500)
    assert (hotel["name"], hotel["balance"]) == ("Hôtel Relax SARL", 1000)
    assert [links[n] for n in numbers] == [kabore["id"]] * 3 + [hotel["id"]] * 2 + [None]

    again = invoke(["customers", "link", "--apply"], tmp_path)
    assert "Aucune commande sans client avec un téléphone." in again.stdout
    assert state(tmp_path)[2] == length


def test_the_link_is_in_each_orders_history(tmp_path: Path) -> None:
    orders_before_customers(tmp_path)
    assert run(["customers", "link", "--apply"], tmp_path).returncode == 0
    gapal = opened(tmp_path)
    try:
        order = gapal.read.orders.list(SYSTEM, PageRequest(), OrderFilters(
            search="Hôtel")).results[0]
        kinds = [type(e).__name__ for e in gapal.services.history.events(UUID(order["id"]))]
        assert kinds[-1] == "CustomerLinked"
    finally:
        gapal.close()
