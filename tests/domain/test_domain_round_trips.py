"""Every event of every aggregate survives being stored and reloaded, in memory and in SQLite.

Uses the application's own store (`application.store.GapalStore`), whose transcodings for
`date` and `OrderLine` are the ones production relies on.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import pytest
from domain_builders import ACTOR, DAIRY, DAY, a_client, qty
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, UUIDAsHex

from application.store import GapalStore, UUIDAsCachedHex
from domain.base import Claim, GapalAggregate
from domain.cash_closing import CashClosing
from domain.catalogue import Category, Product
from domain.customer import Customer
from domain.limits import CreditCheck
from domain.order import Order, OrderLine, VoiceNote
from domain.returns import GoodsReturn, return_goods
from domain.user import AdminRoster, User
from domain.values import DeliveryStatus, PaymentStatus, Priority, Role

AGGREGATES = (Claim, User, AdminRoster, Category, Product, Order, Customer, CashClosing)


class Journal:
    """Saves what each command produced, and remembers every version of every aggregate."""

    def __init__(self, open_store: Callable[[], GapalStore]) -> None:
        self.open_store = open_store
        self.store = open_store()
        self.versions: dict[UUID, list[GapalAggregate]] = defaultdict(list)
        self.events: dict[UUID, list[Any]] = defaultdict(list)

    def save(self, *aggregates: GapalAggregate) -> None:
        pending = [e for aggregate in aggregates for e in aggregate.collect_events()]
        self.store.save(*pending)
        for event in pending:
            self.events[event.originator_id].append(event)
        for aggregate in aggregates:
            self.versions[aggregate.id].append(copy.deepcopy(aggregate))

    def event_classes(self) -> set[str]:
        return {type(e).__qualname__ for events in self.events.values() for e in events}


@pytest.fixture(params=["popo", "sqlite"])
def open_store(request, tmp_path, monkeypatch) -> Iterator[Callable[[], GapalStore]]:
    for key in list(os.environ):
        if key.endswith(("PERSISTENCE_MODULE", "SQLITE_DBNAME")):
            monkeypatch.delenv(key)
    opened: list[GapalStore] = []
    if request.param == "popo":
        memory = GapalStore({"PERSISTENCE_MODULE": "eventsourcing.popo"})
        opened.append(memory)

        def reopen() -> GapalStore:  # in memory, "reopening" can only mean the same store
            return memory
    else:
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
               "SQLITE_DBNAME": str(tmp_path / "x.db")}

        def reopen() -> GapalStore:  # a new store on the same file: nothing comes from memory
            opened.append(GapalStore(env))
            return opened[-1]
    yield reopen
    for store in opened:
        store.close()


# --- scenarios: each command of each aggregate, saved as the application would ----------------


def claims_are_claimed_released_and_reclaimed(journal: Journal) -> None:
    claim = Claim.claim("username", "Awa", owner_id=uuid4(), actor_id=ACTOR)
    journal.save(claim)
    claim.release(ACTOR)
    journal.save(claim)
    claim.reclaim(uuid4(), ACTOR)
    journal.save(claim)


def users_come_and_go_under_the_roster(journal: Journal) -> None:
    roster = AdminRoster.start(ACTOR)
    awa = User.register(username="awa", email="awa@gapal.bf", role=Role.ADMIN,
                        phone="+22670123456", password_hash="argon2$1", actor_id=ACTOR)
    ali = User.register(username="ali", email="ali@gapal.bf", role=Role.VENDEUR,
                        phone="+22676451289", password_hash="argon2$2", actor_id=ACTOR)
    roster.follow(awa, ACTOR)
    journal.save(roster, awa, ali)
    ali.revise({"role": Role.ADMIN, "email": "ali@gapal.bf", "phone": "+22671223344"}, awa.id)
    roster.follow(ali, awa.id)
    journal.save(ali, roster)
    ali.change_password("argon2$3", ali.id)
    journal.save(ali)
    awa.deactivate(ali.id)
    roster.follow(awa, ali.id)
    journal.save(awa, roster)
    awa.reactivate(ali.id)
    journal.save(awa)
    awa.unlock_sign_in(ali.id)
    journal.save(awa)


def categories_are_created_revised_and_removed(journal: Journal) -> None:
    category = Category(name="Yaourts", description="", actor_id=ACTOR)
    journal.save(category)
    category.revise({"description": "Nature, sucrés, à boire"}, ACTOR)
    journal.save(category)
    category.remove(ACTOR)
    journal.save(category)


def stock_from_before_lots_becomes_a_lot(journal: Journal) -> None:
    product = Product.register(
        name="Crème fraîche", category_id=DAIRY, unit="pot", unit_price=900,
        min_stock_level=Decimal(1), barcode=None, expiration_date=date(2024, 6, 20),
        actor_id=ACTOR,
    )
    product._stock_received(  # an entry as recorded before lots existed
        movement_id=uuid4(), quantity=Decimal(5), stock_after=Decimal(5), reason="Réception",
        expiration_date=None, actor_id=ACTOR, lots=None, takes=None, expiry_after=None)
    journal.save(product)
    product.introduce_lots(ACTOR, DAY)
    journal.save(product)


def products_move_stock_and_are_archived(journal: Journal) -> None:
    product = Product.register(
        name="Fromage frais", category_id=DAIRY, unit="kg", unit_price=3500,
        min_stock_level=Decimal("1.5"), barcode="6001234567890",
        expiration_date=date(2024, 7, 1), actor_id=ACTOR,
    )
    journal.save(product)
    product.revise({"unit_price": 3750, "min_stock_level": "2.25", "category_id": uuid4(),
                    "expiration_date": date(2024, 7, 8), "barcode": None}, ACTOR)
    journal.save(product)
    product.set_kind_prices({"revendeur": 3400, "hotel": 3900}, ACTOR)
    journal.save(product)
    product.receive_stock(uuid4(), Decimal("12.345"), "Réception", date(2024, 7, 10), ACTOR,
                          today=DAY)
    journal.save(product)
    product.receive_stock(uuid4(), Decimal("1"), "Réception", None, ACTOR, today=DAY)
    journal.save(product)
    product.issue_stock(uuid4(), Decimal("0.345"), "Vente au comptoir", None, ACTOR, today=DAY)
    journal.save(product)
    product.issue_stock(uuid4(), Decimal("1"), "Commande", uuid4(), ACTOR, today=DAY)
    journal.save(product)
    product.adjust_stock(uuid4(), Decimal("10.5"), "Inventaire : casse", ACTOR, today=DAY)
    journal.save(product)
    first_lot = product.lots[0]
    product.write_off(uuid4(), first_lot.lot_id, Decimal("0.5"), "casse", "Pot tombé", ACTOR,
                      today=DAY)
    journal.save(product)
    product.take_back(uuid4(), uuid4(), first_lot.lot_id, Decimal("1"), "Retour", ACTOR,
                      today=DAY)
    journal.save(product)
    product.archive(ACTOR)
    journal.save(product)
    product.restore(ACTOR)
    journal.save(product)


def orders_are_placed_revised_paid_moved_and_delivered(journal: Journal) -> None:
    milk = Product.register(name="Lait frais 1 L", category_id=DAIRY, unit="litre",
                            unit_price=500, min_stock_level=Decimal(0), barcode=None,
                            expiration_date=None, actor_id=ACTOR)
    milk.receive_stock(uuid4(), Decimal(20), "Réception", None, ACTOR, today=DAY)
    yogurt = Product.register(name="Yaourt sucré", category_id=DAIRY, unit="pot",
                              unit_price=375, min_stock_level=Decimal(0), barcode=None,
                              expiration_date=None, actor_id=ACTOR)
    yogurt.receive_stock(uuid4(), Decimal(20), "Réception", None, ACTOR, today=DAY)
    journal.save(milk, yogurt)

    local_id = uuid4()
    order = Order.place(
        order_id=Order.id_for_local_id(local_id), day=DAY,
        client=a_client(priority=Priority.HAUTE),
        lines=[OrderLine.of(milk, qty("1.5")), OrderLine.of(yogurt, qty(3))],
        payment_status=PaymentStatus.NON_PAYEE, local_id=local_id, actor_id=ACTOR,
    )
    journal.save(order)
    order.revise({"lines": [OrderLine.of(milk, qty("2.25")), OrderLine.of(milk, qty(1))],
                  "delivery_date": date(2024, 6, 20), "priority": "basse",
                  "notes": "Appeler avant"}, ACTOR)
    journal.save(order)
    order.attach_voice_note(VoiceNote(
        note_id=VoiceNote.id_for(order.id, local_id), local_id=local_id, content_type="audio/mp4",
        size_bytes=48_213, duration_seconds=12.5, sha256="ab" * 32), ACTOR)
    journal.save(order)
    order.record_conflicts([
        {"field": "notes", "client_value": "Portail bleu", "server_value": "Appeler avant",
         "kept": "server"},
        {"field": "delivery_date", "client_value": date(2024, 6, 21),
         "server_value": date(2024, 6, 20), "kept": "client"},
        {"field": f"items.{milk.id}.unit_price", "client_value": 450, "server_value": 500,
         "kept": "server"},
        {"field": "items", "client_value": [{"product_id": milk.id, "quantity": qty("3")}],
         "server_value": None, "kept": "client"},
    ], device_id=uuid4(), sync_event_id=uuid4(), actor_id=ACTOR)
    journal.save(order)
    order.change_payment(PaymentStatus.PAYEE, ACTOR, datetime(2024, 6, 19, 9, 30, tzinfo=UTC))
    journal.save(order)
    order.change_status(DeliveryStatus.EN_PREPARATION, ACTOR)
    journal.save(order)
    order.deliver({milk.id: milk, yogurt.id: yogurt}, [uuid4()], ACTOR, DAY)
    journal.save(order, milk)
    return_goods(order, {milk.id: milk}, GoodsReturn(uuid4(), {milk.id: qty("0.5")},
                                                     "Pot abîmé", restock=False), ACTOR, DAY)
    journal.save(order, milk)

    walk_in = Order.place(
        order_id=uuid4(), day=DAY, client=a_client(delivery_date=None),
        lines=[OrderLine.of(yogurt, qty("0.5"))], payment_status=PaymentStatus.PAYEE,
        local_id=None, actor_id=ACTOR, customer_id=uuid4(),
        credit=CreditCheck(balance_before=12_000, credit_limit=10_000,
                           customer_name="Maquis Le Baobab"),
    )
    journal.save(walk_in)
    walk_in.change_status(DeliveryStatus.ANNULEE, ACTOR)
    journal.save(walk_in)
    walk_in.change_payment(PaymentStatus.NON_PAYEE, ACTOR, datetime(2024, 6, 19, tzinfo=UTC))
    journal.save(walk_in)  # the money given back: its payment reversed
    walk_in.link_customer(uuid4(), ACTOR)
    journal.save(walk_in)

    # Before payments were recorded one by one, a whole order was marked paid (PaymentChanged).
    older = Order.place(
        order_id=uuid4(), day=DAY, client=a_client(), lines=[OrderLine.of(milk, qty("1"))],
        payment_status=PaymentStatus.NON_PAYEE, local_id=None, actor_id=ACTOR)
    older._payment_changed(from_status="non_payee", to_status="payee", actor_id=ACTOR)
    journal.save(older)
    older.change_payment(PaymentStatus.NON_PAYEE, ACTOR, datetime(2024, 6, 19, tzinfo=UTC))
    journal.save(older)



def customers_are_registered_revised_and_deactivated(journal: Journal) -> None:
    local_id = uuid4()
    maquis = Customer.register(customer_id=Customer.id_for_local_id(local_id), fields={
        "name": "Maquis Le Baobab", "phone": "70 12 34 56", "other_phones": ["0022676451289"],
        "kind": "maquis", "address": "Secteur 3", "credit_limit": 25_000},
        local_id=local_id, actor_id=ACTOR)
    journal.save(maquis)
    maquis.revise({"kind": "hotel", "other_phones": [], "credit_limit": 0}, ACTOR)
    journal.save(maquis)
    maquis.deactivate(ACTOR)
    journal.save(maquis)
    maquis.reactivate(ACTOR)
    journal.save(maquis)
    shop = Customer.register(customer_id=uuid4(), fields={"name": "Awa", "phone": "71223344"},
                             local_id=None, actor_id=ACTOR)
    journal.save(shop)


def cash_days_are_closed_and_corrected(journal: Journal) -> None:
    closing = CashClosing.close(vendor_id=uuid4(), day=date(2024, 6, 20),
                                today=date(2024, 6, 21), counted={"especes": 1000},
                                expected={"especes": 1500}, note="manque 500", actor_id=ACTOR)
    journal.save(closing)
    closing.correct({"especes": 1500}, "billet retrouvé", ACTOR)
    journal.save(closing)


SCENARIOS = [
    claims_are_claimed_released_and_reclaimed,
    users_come_and_go_under_the_roster,
    categories_are_created_revised_and_removed,
    products_move_stock_and_are_archived,
    stock_from_before_lots_becomes_a_lot,
    orders_are_placed_revised_paid_moved_and_delivered,
    customers_are_registered_revised_and_deactivated,
    cash_days_are_closed_and_corrected,
]


# --- exact comparison: same values *and* same types (Decimal places, date, UUID, enums) --------


def assert_identical(reloaded: Any, original: Any, path: str = "") -> None:
    assert type(reloaded) is type(original), f"{path}: {type(reloaded)} != {type(original)}"
    if isinstance(original, dict):
        assert reloaded.keys() == original.keys(), path
        for key in original:
            assert_identical(reloaded[key], original[key], f"{path}[{key!r}]")
    elif isinstance(original, list | tuple):
        assert len(reloaded) == len(original), path
        for i, (r, o) in enumerate(zip(reloaded, original, strict=True)):
            assert_identical(r, o, f"{path}[{i}]")
    elif dataclasses.is_dataclass(original):
        assert_identical(vars(reloaded), vars(original), path)
    elif isinstance(original, Decimal):
        assert reloaded.as_tuple() == original.as_tuple(), f"{path}: {reloaded} != {original}"
    else:
        assert reloaded == original, path


def state(aggregate: Aggregate) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_every_version_of_an_aggregate_reloads_exactly_as_it_was(open_store, scenario):
    journal = Journal(open_store)
    scenario(journal)

    store = open_store()

    for aggregate_id, versions in journal.versions.items():
        for original in versions:
            reloaded = store.repository.get(aggregate_id, version=original.version)
            assert type(reloaded) is type(original)
            assert_identical(state(reloaded), state(original), type(original).__name__)
            assert reloaded == original


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_every_stored_event_reads_back_equal_with_the_same_types(open_store, scenario):
    journal = Journal(open_store)
    scenario(journal)

    store = open_store()

    for aggregate_id, events in journal.events.items():
        stored = list(store.events.get(aggregate_id))
        assert [type(e) for e in stored] == [type(e) for e in events]
        assert_identical([vars(e) for e in stored], [vars(e) for e in events])


def test_a_reloaded_order_has_real_lines_dates_decimals_and_enums(open_store):
    journal = Journal(open_store)
    orders_are_placed_revised_paid_moved_and_delivered(journal)
    delivered = next(v[-1] for v in journal.versions.values() if isinstance(v[-1], Order))

    order = open_store().repository.get(delivered.id)

    assert order.delivery_status is DeliveryStatus.LIVREE
    assert order.payment_status is PaymentStatus.PAYEE
    assert order.priority is Priority.BASSE
    assert order.delivery_date == date(2024, 6, 20)
    assert all(isinstance(line, OrderLine) for line in order.lines)
    assert [line.quantity for line in order.lines] == [Decimal("2.250"), Decimal("1.000")]
    assert isinstance(order.lines[0].product_id, UUID)
    assert order.total_price == 1625
    assert all(isinstance(getattr(order, name), Enum)
               for name in ("delivery_status", "payment_status", "priority"))


def test_the_scenarios_store_every_event_class_of_every_aggregate():
    journal = Journal(lambda: GapalStore({"PERSISTENCE_MODULE": "eventsourcing.popo"}))
    for scenario in SCENARIOS:
        scenario(journal)

    declared = set()
    for aggregate in AGGREGATES:
        events = {name: c for name, c in vars(aggregate).items()
                  if isinstance(c, type) and issubclass(c, Aggregate.Event)}
        creations = {n for n, c in events.items() if issubclass(c, Aggregate.Created)}
        generic = {"Event"} | ({"Created"} if creations - {"Created"} else set())
        declared |= {f"{aggregate.__name__}.{name}" for name in events.keys() - generic}

    assert {"Claim.Claimed", "Category.Created", "Order.Placed"} <= declared
    assert declared - journal.event_classes() == set()


def test_two_claims_on_the_same_value_collide_in_the_store(open_store):
    store = open_store()
    store.save(Claim.claim("username", "awa", owner_id=uuid4(), actor_id=ACTOR))

    with pytest.raises(IntegrityError):
        store.save(Claim.claim("username", "AWA", owner_id=uuid4(), actor_id=ACTOR))


def test_an_order_sent_twice_from_a_phone_is_stored_once(open_store):
    store = open_store()
    local_id = uuid4()
    milk = Product.register(name="Lait", category_id=DAIRY, unit="litre", unit_price=500,
                            min_stock_level=Decimal(0), barcode=None, expiration_date=None,
                            actor_id=ACTOR)

    def place() -> Order:
        return Order.place(order_id=Order.id_for_local_id(local_id), day=DAY, client=a_client(),
                           lines=[OrderLine.of(milk, qty(1))],
                           payment_status=PaymentStatus.NON_PAYEE, local_id=local_id,
                           actor_id=ACTOR)

    store.save(place())
    with pytest.raises(IntegrityError):
        store.save(place())


def test_uuids_are_stored_as_the_library_s_hex_and_decoded_once_per_id() -> None:
    transcoding = UUIDAsCachedHex()
    value = uuid4()
    assert transcoding.name == UUIDAsHex.name
    assert transcoding.encode(value) == UUIDAsHex().encode(value) == value.hex
    first = transcoding.decode(value.hex)
    assert first == value
    assert transcoding.decode(value.hex) is first  # the ids of a log repeat: decoded once
