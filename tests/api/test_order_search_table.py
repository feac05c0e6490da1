"""The search's narrow table (`view_order_search`) kept in step with the board: each order's row
written when it is placed, written again when its client's name or phone is revised, kept
through a cancellation and a rebuild; a search finds what the board says, and a vendeur only his
own orders."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from projections.db import search_key
from projections.order_search import order_search, search_row
from projections.orders import orders
from tests.answers import ok
from tests.conftest import Api, OrderFactory
from tests.read_side import assert_rebuild_gives_same_rows

MANAGER = "gestionnaire_commandes"


def rows_of(api: Api) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The search's rows as the board's rows make them, and the search's rows as they are."""
    with api.gapal.db.reader.connect() as conn:
        board = conn.execute(sa.select(orders).order_by(orders.c.id)).mappings().all()
        search = conn.execute(sa.select(order_search).order_by(order_search.c.id)).mappings()
        return [search_row(dict(row)) for row in board], [dict(row) for row in search]


def assert_in_step(api: Api) -> list[dict[str, Any]]:
    expected, found = rows_of(api)
    assert found == expected
    return found


def searched(api: Api, term: str, who: str = MANAGER, **params: Any) -> list[str]:
    page = ok(api.call(who, "GET", "/api/orders/", params={"search": term, **params}))
    return [order["order_number"] for order in page["results"]]


def test_a_placed_order_has_its_row_in_the_search(api: Api, place_order: OrderFactory) -> None:
    order = place_order(client_name="Rasmata Ouédraogo", client_phone="76 45 12 89")
    (row,) = assert_in_step(api)
    assert row["search_text"] == search_key(order["order_number"], "Rasmata Ouédraogo",
                                            "+22676451289")
    assert searched(api, "ouedraogo") == [order["order_number"]]


def test_a_revised_client_name_and_phone_are_found_and_the_old_ones_no_longer(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(client_name="Awa Bationo", client_phone="70 12 34 56")
    other = place_order(client_name="Salif Zongo", client_phone="66 00 00 01")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "client_name": "Mariam Kaboré", "client_phone": "76 45 12 89",
        "version": order["version"]}))
    assert_in_step(api)
    assert searched(api, "kabore") == [order["order_number"]]
    assert searched(api, "76 45 12 89") == [order["order_number"]]
    assert searched(api, "bationo") == []
    assert searched(api, "70123456") == []
    assert searched(api, "zongo") == [other["order_number"]]


def test_a_revision_of_other_fields_leaves_the_order_found(api: Api,
                                                           place_order: OrderFactory) -> None:
    order = place_order(client_name="Boukary Sawadogo")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "notes": "Livrer avant midi", "priority": "haute", "version": order["version"]}))
    assert_in_step(api)
    assert searched(api, "sawadogo") == [order["order_number"]]


def test_a_cancelled_order_is_still_found_and_filtered_by_its_status(
        api: Api, place_order: OrderFactory) -> None:
    cancelled = place_order(client_name="Aminata Nébié")
    kept = place_order(client_name="Aminata Nébié")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{cancelled['id']}/status/",
                json={"delivery_status": "annulee"}))
    assert_in_step(api)
    assert sorted(searched(api, "nebie")) == sorted([cancelled["order_number"],
                                                     kept["order_number"]])
    assert searched(api, "nebie", delivery_status="annulee") == [cancelled["order_number"]]
    assert searched(api, "nebie", delivery_status="nouvelle") == [kept["order_number"]]


def test_a_vendeur_searching_finds_his_own_orders_alone(api: Api,
                                                        place_order: OrderFactory) -> None:
    his = place_order(who="vendeur", client_name="Cantine Wend-Kouni")
    place_order(client_name="Cantine Wend-Kouni")
    assert searched(api, "wend-kouni", who="vendeur") == [his["order_number"]]
    assert len(searched(api, "wend-kouni")) == 2


def test_a_rebuild_writes_the_same_rows_of_the_search(api: Api,
                                                      place_order: OrderFactory) -> None:
    order = place_order(client_name="Issouf Yaméogo")
    place_order(client_name="Adama Traoré")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/", json={
        "client_name": "Issouf Yaméogo-Zida", "version": order["version"]}))
    assert_rebuild_gives_same_rows(api.gapal, view_by_view=True)
    assert len(assert_in_step(api)) == 2
    assert searched(api, "zida") == [order["order_number"]]
