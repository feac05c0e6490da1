"""Price histories kept in memory give, at any moment, the price the product's whole log gives,
however the product's life goes on between two questions (and from a stale copy of it)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from application.prices import PriceHistories
from application.store import GapalStore
from domain.catalogue import Product, price_at
from domain.permissions import SYSTEM

KINDS = [None, "boutique", "maquis"]
TODAY = date(2026, 11, 30)

steps = st.lists(st.one_of(
    st.tuples(st.just("price"), st.integers(1, 5_000)),
    st.tuples(st.just("kinds"), st.dictionaries(st.sampled_from(["boutique", "maquis"]),
                                                st.integers(0, 5_000), max_size=2)),
    st.tuples(st.just("stock"), st.integers(1, 50)),
    st.tuples(st.just("ask"), st.integers(0, 30)),
), max_size=25)


def apply(product: Product, step: tuple[str, object]) -> None:
    kind, value = step
    if kind == "price":
        product.revise({"unit_price": value}, SYSTEM.user_id)
    elif kind == "kinds":
        product.set_kind_prices(value, SYSTEM.user_id)  # type: ignore[arg-type]
    else:
        product.receive_stock(uuid4(), Decimal(str(value)), "Livraison", None, SYSTEM.user_id,
                              today=TODAY)


@settings(max_examples=60, deadline=None)
@given(steps=steps, stale_at=st.integers(0, 25))
def test_a_kept_history_prices_as_the_whole_log_does(
        steps: list[tuple[str, object]], stale_at: int) -> None:
    store = GapalStore({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    product = Product.register(name="Lait", category_id=uuid4(), unit="L", unit_price=500,
                               min_stock_level=Decimal(1), barcode=None, expiration_date=None,
                               actor_id=SYSTEM.user_id)
    store.save(product)
    histories = PriceHistories(store)
    stale = store.repository.get(product.id)
    for number, step in enumerate(steps):
        if step[0] != "ask":
            current = store.repository.get(product.id)
            apply(current, step)
            store.save(current)
            continue
        if number == stale_at:
            stale = store.repository.get(product.id)
        log = list(store.events.get(product.id))
        for copy in (store.repository.get(product.id), stale):
            known = [event for event in log if event.originator_version <= copy.version]
            moments = [event.timestamp for event in known]
            for at in [*moments, moments[0] - timedelta(seconds=1),
                       moments[-1] + timedelta(seconds=int(step[1]))]:  # type: ignore[arg-type]
                for kind in KINDS:
                    assert histories.price_at(copy, at, kind) == price_at(known, at, kind)
