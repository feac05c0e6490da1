"""Notifications over HTTP: who is told what (new orders, status changes, low stock on the
crossing, expiry, pending orders beyond stock), and each user's own read state."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from domain.clock import MovableClock
from projections.notifications import DatedLots
from projections.read_models import drop_and_recreate
from tests.answers import ok
from tests.conftest import Api, OrderFactory

MANAGER = "gestionnaire_commandes"
STOCKS = "gestionnaire_stocks"
ROLES = ["vendeur", MANAGER, STOCKS, "admin"]
NOTIFICATION_FIELDS = {"id", "type", "title", "message", "data", "recipient_role", "user_id",
                       "is_read", "created_at"}


def inbox(api: Api, who: str, **params: Any) -> list[dict[str, Any]]:
    """Every notification the user receives (all pages), newest first."""
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        body = ok(api.call(who, "GET", "/api/notifications/",
                           params={**params, "page": page, "page_size": 200}))
        rows.extend(body["results"])
        if body["next"] is None:
            return rows
        page += 1


def of_type(api: Api, who: str, kind: str, **data: str) -> list[dict[str, Any]]:
    return [n for n in inbox(api, who) if n["type"] == kind
            and all(n["data"].get(k) == v for k, v in data.items())]


def unread(api: Api, who: str) -> int:
    count: int = ok(api.call(who, "GET", "/api/notifications/unread-count/"))["count"]
    return count


def user_id(api: Api, who: str) -> str:
    me: str = ok(api.call(who, "GET", "/api/auth/me/"))["id"]
    return me


def move(api: Api, order: dict[str, Any], status: str, who: str = MANAGER) -> dict[str, Any]:
    body: dict[str, Any] = ok(api.call(who, "PATCH", f"/api/orders/{order['id']}/status/",
                                       json={"delivery_status": status}))
    return body


def stock_exit(api: Api, product: dict[str, Any], quantity: float) -> None:
    ok(api.call(STOCKS, "POST", "/api/stock/exit/", json={
        "product_id": product["id"], "quantity": quantity, "reason": "Vente au comptoir"}), 201)


def stock_entry(api: Api, product: dict[str, Any], quantity: float,
                expiration_date: date | None = None) -> None:
    body: dict[str, Any] = {"product_id": product["id"], "quantity": quantity}
    if expiration_date is not None:
        body["expiration_date"] = expiration_date.isoformat()
    ok(api.call(STOCKS, "POST", "/api/stock/entry/", json=body), 201)


def adjust(api: Api, product: dict[str, Any], counted: float) -> None:
    ok(api.call(STOCKS, "POST", "/api/stock/adjustment/", json={
        "product_id": product["id"], "quantity": counted, "reason": "Inventaire"}), 201)


def new_product(api: Api, catalogue: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {"name": f"Yaourt {uuid.uuid4().hex[:6]}", "category_id": catalogue["category"]["id"],
            "unit": "pot", "unit_price": 300, "min_stock_level": 2, **fields}
    created: dict[str, Any] = ok(api.call(STOCKS, "POST", "/api/products/", json=body), 201)
    return created


def today() -> date:
    return datetime.now(UTC).date()


# --- New orders -------------------------------------------------------------------------------


def test_a_new_order_tells_the_order_managers_and_admins_with_the_contract_shape(
        api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    for who in (MANAGER, "admin"):
        [note] = of_type(api, who, "nouvelle_commande")
        assert set(note) == NOTIFICATION_FIELDS
        assert note["data"]["order_id"] == order["id"]
        assert note["recipient_role"] == who
        assert note["user_id"] is None
        assert note["is_read"] is False
        assert order["order_number"] in note["title"]
        assert note["message"]
        uuid.UUID(note["id"])
        assert datetime.fromisoformat(note["created_at"]).utcoffset() is not None
    for who in ("vendeur", STOCKS):
        assert of_type(api, who, "nouvelle_commande") == []


def test_each_order_is_told_once_to_each_recipient(api: Api, place_order: OrderFactory) -> None:
    orders = [place_order(who=who) for who in ("vendeur", MANAGER, "admin")]
    for who in (MANAGER, "admin"):
        told = [n["data"]["order_id"] for n in of_type(api, who, "nouvelle_commande")]
        assert sorted(told) == sorted(o["id"] for o in orders)


def test_every_user_of_a_role_sees_the_role_notifications(api: Api,
                                                          place_order: OrderFactory) -> None:
    api.user(MANAGER, username="manager2")
    order = place_order()
    for who in (MANAGER, "manager2"):
        assert [n["data"]["order_id"] for n in of_type(api, who, "nouvelle_commande")] \
            == [order["id"]]


# --- Status changes ---------------------------------------------------------------------------


def test_a_status_change_tells_the_creator_and_the_order_managers_only(
        api: Api, place_order: OrderFactory) -> None:
    api.user("vendeur", username="vendeur2")
    order = place_order(who="vendeur")
    move(api, order, "en_preparation")
    [to_creator] = of_type(api, "vendeur", "statut_commande")
    assert to_creator["user_id"] == user_id(api, "vendeur")
    assert to_creator["data"]["order_id"] == order["id"]
    assert "préparation" in to_creator["title"]
    [to_managers] = of_type(api, MANAGER, "statut_commande")
    assert to_managers["recipient_role"] == MANAGER
    assert to_managers["user_id"] is None
    for who in ("vendeur2", STOCKS, "admin"):
        assert of_type(api, who, "statut_commande") == []


def test_each_status_change_is_its_own_notification(api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    for status in ("en_preparation", "en_cours", "livree"):
        move(api, order, status)
    titles = [n["title"] for n in of_type(api, "vendeur", "statut_commande")]
    assert len(titles) == 3
    assert any("livrée" in t for t in titles)
    assert len(of_type(api, MANAGER, "statut_commande")) == 3


def test_a_payment_change_is_no_status_notification(api: Api, place_order: OrderFactory) -> None:
    order = place_order(who="vendeur")
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{order['id']}/payment/",
                json={"payment_status": "payee"}))
    assert of_type(api, "vendeur", "statut_commande") == []


def test_a_creator_whose_role_is_told_anyway_gets_it_once(api: Api,
                                                         place_order: OrderFactory) -> None:
    order = place_order(who=MANAGER)
    move(api, order, "annulee")
    assert len(of_type(api, MANAGER, "statut_commande")) == 1


def test_an_admin_creator_is_told_but_not_the_other_admins(api: Api,
                                                          place_order: OrderFactory) -> None:
    api.user("admin", username="admin2")
    order = place_order(who="admin")
    move(api, order, "en_cours")
    [note] = of_type(api, "admin", "statut_commande")
    assert note["user_id"] == user_id(api, "admin")
    assert of_type(api, "admin2", "statut_commande") == []


# --- Low stock, on the crossing ---------------------------------------------------------------


def test_creating_a_product_with_stock_above_its_threshold_tells_no_low_stock(
        api: Api, catalogue: dict[str, Any]) -> None:
    for who in (STOCKS, "admin"):
        assert of_type(api, who, "stock_bas") == []


def test_low_stock_is_told_on_the_crossing_only_then_again_after_going_back_above(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]  # 10 L, threshold 2
    stock_exit(api, milk, 7)  # 3: above
    assert of_type(api, STOCKS, "stock_bas") == []
    stock_exit(api, milk, 1)  # 2: at the threshold, the crossing
    [first] = of_type(api, STOCKS, "stock_bas", product_id=milk["id"])
    assert first["data"]["product_id"] == milk["id"]
    assert "Lait" in first["title"]
    assert "2" in first["message"]
    stock_exit(api, milk, 1)  # 1: still low, no news
    adjust(api, milk, 0)  # 0: still low, no news
    assert len(of_type(api, STOCKS, "stock_bas", product_id=milk["id"])) == 1
    stock_entry(api, milk, 6)  # 6: back above
    assert len(of_type(api, STOCKS, "stock_bas", product_id=milk["id"])) == 1
    stock_exit(api, milk, 4)  # 2: crossed again
    assert len(of_type(api, STOCKS, "stock_bas", product_id=milk["id"])) == 2
    assert len(of_type(api, "admin", "stock_bas", product_id=milk["id"])) == 2
    for who in ("vendeur", MANAGER):
        assert of_type(api, who, "stock_bas") == []


def test_a_delivery_that_empties_the_shelf_crosses_the_threshold(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(quantity=8)
    assert of_type(api, STOCKS, "stock_bas") == []
    move(api, order, "livree")
    assert len(of_type(api, STOCKS, "stock_bas", product_id=catalogue["milk"]["id"])) == 1


def test_an_adjustment_down_crosses_the_threshold(api: Api, catalogue: dict[str, Any]) -> None:
    adjust(api, catalogue["gapal"], 1)
    assert len(of_type(api, "admin", "stock_bas", product_id=catalogue["gapal"]["id"])) == 1


def test_a_product_created_below_its_threshold_is_told_once(api: Api,
                                                           catalogue: dict[str, Any]) -> None:
    low = new_product(api, catalogue, stock_quantity=1)
    assert len(of_type(api, STOCKS, "stock_bas", product_id=low["id"])) == 1
    stock_exit(api, low, 0.5)
    assert len(of_type(api, STOCKS, "stock_bas", product_id=low["id"])) == 1


def test_a_raised_threshold_crosses_too(api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]
    ok(api.call(STOCKS, "PATCH", f"/api/products/{milk['id']}/", json={"min_stock_level": 12}))
    assert len(of_type(api, STOCKS, "stock_bas", product_id=milk["id"])) == 1


# --- Expiry -----------------------------------------------------------------------------------


def test_an_entry_expiring_within_the_window_is_told_once_per_product_and_date(
        api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]
    soon = today() + timedelta(days=2)
    stock_entry(api, milk, 5, expiration_date=soon)
    for who in (STOCKS, "admin"):
        [note] = of_type(api, who, "peremption", product_id=milk["id"])
        assert note["recipient_role"] == who
        assert soon.strftime("%d/%m/%Y") in note["message"]
    stock_entry(api, milk, 1, expiration_date=soon)
    stock_exit(api, milk, 1)
    assert len(of_type(api, STOCKS, "peremption", product_id=milk["id"])) == 1
    sooner = today() + timedelta(days=1)
    stock_entry(api, milk, 1, expiration_date=sooner)
    assert len(of_type(api, STOCKS, "peremption", product_id=milk["id"])) == 2
    for who in ("vendeur", MANAGER):
        assert of_type(api, who, "peremption") == []


def test_the_last_day_of_the_window_is_in_it_and_the_next_is_not(
        api: Api, catalogue: dict[str, Any]) -> None:
    edge = new_product(api, catalogue, stock_quantity=5,
                       expiration_date=(today() + timedelta(days=3)).isoformat())
    beyond = new_product(api, catalogue, stock_quantity=5,
                         expiration_date=(today() + timedelta(days=4)).isoformat())
    assert len(of_type(api, STOCKS, "peremption", product_id=edge["id"])) == 1
    assert of_type(api, STOCKS, "peremption", product_id=beyond["id"]) == []


def test_a_past_expiry_date_is_told_as_expired(api: Api, catalogue: dict[str, Any]) -> None:
    # Since lots, a delivery dated in the past is refused; stock registered with the product
    # (already on the shelf) may be past its date, and is told as expired.
    old = (today() - timedelta(days=2)).isoformat()
    stale = new_product(api, catalogue, expiration_date=old, stock_quantity=2)
    [note] = of_type(api, STOCKS, "peremption", product_id=stale["id"])
    assert "périmé" in note["message"]


def test_an_expiry_date_without_stock_is_not_told_until_stock_arrives(
        api: Api, catalogue: dict[str, Any]) -> None:
    empty = new_product(api, catalogue, expiration_date=(today() + timedelta(days=1)).isoformat())
    assert of_type(api, STOCKS, "peremption", product_id=empty["id"]) == []
    stock_entry(api, empty, 3)
    assert len(of_type(api, STOCKS, "peremption", product_id=empty["id"])) == 1


def test_an_expiry_date_moved_into_the_window_is_told(api: Api,
                                                      catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]
    ok(api.call(STOCKS, "PATCH", f"/api/products/{milk['id']}/",
                json={"expiration_date": (today() + timedelta(days=30)).isoformat()}))
    assert of_type(api, STOCKS, "peremption") == []
    ok(api.call(STOCKS, "PATCH", f"/api/products/{milk['id']}/",
                json={"expiration_date": (today() + timedelta(days=1)).isoformat()}))
    assert len(of_type(api, STOCKS, "peremption", product_id=milk["id"])) == 1


def test_an_archived_product_is_not_told_of_expiry(api: Api, catalogue: dict[str, Any]) -> None:
    milk = catalogue["milk"]
    ok(api.call(STOCKS, "DELETE", f"/api/products/{milk['id']}/"))
    ok(api.call(STOCKS, "PATCH", f"/api/products/{milk['id']}/",
                json={"expiration_date": today().isoformat()}))
    assert of_type(api, STOCKS, "peremption") == []
    api.gapal.projector.run_periodic()
    assert of_type(api, STOCKS, "peremption") == []


def days_pass(api: Api, clock: MovableClock, days: int) -> None:
    """Gapal's clock moves `days` ahead (the log's own times do not); its users sign in anew."""
    clock.advance(timedelta(days=days))
    api.sign_in_again()


def test_the_periodic_check_tells_a_date_that_came_near_without_any_change(
        api: Api, catalogue: dict[str, Any], clock: MovableClock) -> None:
    expiring = clock.today() + timedelta(days=6)
    product = new_product(api, catalogue, stock_quantity=4,
                          expiration_date=expiring.isoformat())
    api.gapal.projector.run_periodic()
    assert of_type(api, STOCKS, "peremption") == []
    days_pass(api, clock, 3)  # six days left become three: inside the window
    api.gapal.projector.run_periodic()
    for who in (STOCKS, "admin"):
        assert len(of_type(api, who, "peremption", product_id=product["id"])) == 1
    api.gapal.projector.run_periodic()
    days_pass(api, clock, 5)  # now past: since lots, told once more (J-N, then expired)
    api.gapal.projector.run_periodic()
    api.gapal.projector.run_periodic()
    told = of_type(api, STOCKS, "peremption", product_id=product["id"])
    assert len(told) == 2
    assert sum("périmé" in note["message"] for note in told) == 1
    assert of_type(api, MANAGER, "peremption") == []


def test_the_periodic_check_skips_products_without_stock(
        api: Api, catalogue: dict[str, Any], clock: MovableClock) -> None:
    new_product(api, catalogue, expiration_date=(clock.today() + timedelta(days=5)).isoformat())
    days_pass(api, clock, 10)
    api.gapal.projector.run_periodic()
    assert of_type(api, STOCKS, "peremption") == []


# --- Pending orders beyond stock --------------------------------------------------------------


def test_pending_orders_beyond_stock_are_told_on_the_crossing_to_three_roles(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    gapal_ = catalogue["gapal"]  # 5 sachets
    first = place_order(product="gapal", quantity=3)
    place_order(product="gapal", quantity=2)  # available 0: not short yet
    assert of_type(api, MANAGER, "stock_insuffisant") == []
    third = place_order(product="gapal", quantity=1, who="vendeur")  # available -1
    for who in (STOCKS, MANAGER, "admin"):
        [note] = of_type(api, who, "stock_insuffisant", product_id=gapal_["id"])
        assert note["recipient_role"] == who
        assert "Gapal" in note["title"]
    assert of_type(api, "vendeur", "stock_insuffisant") == []
    place_order(product="gapal", quantity=1)  # still short: no news
    assert len(of_type(api, MANAGER, "stock_insuffisant")) == 1
    move(api, first, "annulee")  # available 1: back in
    move(api, third, "annulee")
    assert len(of_type(api, MANAGER, "stock_insuffisant")) == 1
    place_order(product="gapal", quantity=3)  # available -1 again: told again
    assert len(of_type(api, MANAGER, "stock_insuffisant")) == 2


def test_a_stock_exit_below_the_reserved_quantity_is_told(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    place_order(quantity=6)  # milk 10, reserved 6
    stock_exit(api, catalogue["milk"], 5)  # 5 left for 6 reserved
    assert len(of_type(api, STOCKS, "stock_insuffisant",
                       product_id=catalogue["milk"]["id"])) == 1


# --- Read state -------------------------------------------------------------------------------


def test_unread_count_follows_new_notifications(api: Api, place_order: OrderFactory) -> None:
    before = unread(api, MANAGER)
    place_order()
    place_order()
    assert unread(api, MANAGER) == before + 2
    assert unread(api, "vendeur") == 0


def test_marking_one_read_answers_it_read_and_filters_follow(api: Api,
                                                             place_order: OrderFactory) -> None:
    place_order()
    place_order()
    first, second = of_type(api, MANAGER, "nouvelle_commande")
    marked = ok(api.call(MANAGER, "POST", f"/api/notifications/{first['id']}/read/"))
    assert marked["id"] == first["id"]
    assert marked["is_read"] is True
    assert set(marked) == NOTIFICATION_FIELDS
    assert [n["id"] for n in inbox(api, MANAGER, is_read="true")] == [first["id"]]
    assert second["id"] in [n["id"] for n in inbox(api, MANAGER, is_read="false")]
    assert first["id"] not in [n["id"] for n in inbox(api, MANAGER, is_read="false")]
    assert unread(api, MANAGER) == 1
    again = ok(api.call(MANAGER, "POST", f"/api/notifications/{first['id']}/read/"))
    assert again["is_read"] is True
    assert unread(api, MANAGER) == 1


def test_read_state_is_per_user_even_within_one_role(api: Api, place_order: OrderFactory) -> None:
    api.user("admin", username="admin2")
    place_order()
    [note] = of_type(api, "admin", "nouvelle_commande")
    ok(api.call("admin", "POST", f"/api/notifications/{note['id']}/read/"))
    assert unread(api, "admin") == 0
    assert unread(api, "admin2") == 1
    [seen_by_other] = of_type(api, "admin2", "nouvelle_commande")
    assert seen_by_other["id"] == note["id"]
    assert seen_by_other["is_read"] is False
    assert inbox(api, "admin2", is_read="true") == []


def test_read_all_marks_every_notification_of_the_user_and_answers_how_many(
        api: Api, place_order: OrderFactory) -> None:
    api.user(MANAGER, username="manager2")
    order = place_order(who="vendeur")
    place_order()
    move(api, order, "en_preparation")
    count = unread(api, MANAGER)
    assert count == 3
    assert ok(api.call(MANAGER, "POST", "/api/notifications/read-all/")) == {"count": 3}
    assert unread(api, MANAGER) == 0
    assert all(n["is_read"] for n in inbox(api, MANAGER))
    assert ok(api.call(MANAGER, "POST", "/api/notifications/read-all/")) == {"count": 0}
    assert unread(api, "manager2") == 3
    assert unread(api, "vendeur") == 1
    place_order()
    assert unread(api, MANAGER) == 1


def test_someone_elses_notification_cannot_be_marked_and_is_404(
        api: Api, place_order: OrderFactory) -> None:
    api.user("vendeur", username="vendeur2")
    order = place_order(who="vendeur")
    move(api, order, "en_cours")
    [to_manager] = of_type(api, MANAGER, "nouvelle_commande")
    [to_creator] = of_type(api, "vendeur", "statut_commande")
    for who, note in ((STOCKS, to_manager), ("vendeur", to_manager), ("vendeur2", to_creator),
                      ("admin", to_creator)):
        answer = api.call(who, "POST", f"/api/notifications/{note['id']}/read/")
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "not_found"
    assert unread(api, MANAGER) == 2


def test_an_unknown_or_malformed_id_is_refused(api: Api) -> None:
    answer = api.call("admin", "POST", f"/api/notifications/{uuid.uuid4()}/read/")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert api.call("admin", "POST", "/api/notifications/not-a-uuid/read/").status_code == 422


def test_notifications_need_a_signed_in_user(api: Api) -> None:
    for method, path in (("GET", "/api/notifications/"),
                         ("GET", "/api/notifications/unread-count/"),
                         ("POST", "/api/notifications/read-all/"),
                         ("POST", f"/api/notifications/{uuid.uuid4()}/read/")):
        answer = api.call(None, method, path)
        assert answer.status_code == 401, (path, answer.text)


def test_the_paths_work_without_their_trailing_slash(api: Api, place_order: OrderFactory) -> None:
    place_order()
    assert ok(api.call(MANAGER, "GET", "/api/notifications"))["count"] == 1
    assert ok(api.call(MANAGER, "GET", "/api/notifications/unread-count")) == {"count": 1}
    [note] = inbox(api, MANAGER)
    assert ok(api.call(MANAGER, "POST", f"/api/notifications/{note['id']}/read"))["is_read"]
    assert ok(api.call(MANAGER, "POST", "/api/notifications/read-all")) == {"count": 0}


def test_the_list_is_paginated_newest_first(api: Api, place_order: OrderFactory) -> None:
    orders = [place_order() for _ in range(3)]
    page = ok(api.call(MANAGER, "GET", "/api/notifications/", params={"page_size": 2}))
    assert page["count"] == 3
    assert page["next"] is not None
    assert page["previous"] is None
    assert [n["data"]["order_id"] for n in page["results"]] == [orders[2]["id"], orders[1]["id"]]
    rest = ok(api.call(MANAGER, "GET", "/api/notifications/",
                       params={"page_size": 2, "page": 2}))
    assert [n["data"]["order_id"] for n in rest["results"]] == [orders[0]["id"]]
    assert rest["previous"] is not None


def test_a_rebuild_gives_the_same_notifications_and_keeps_read_state(
        api: Api, place_order: OrderFactory, catalogue: dict[str, Any]) -> None:
    order = place_order(who="vendeur", product="gapal", quantity=6)
    move(api, order, "en_preparation")
    stock_exit(api, catalogue["milk"], 8)
    stock_entry(api, catalogue["milk"], 1, expiration_date=today())
    ok(api.call("admin", "POST", "/api/notifications/read-all/"))
    before = {who: inbox(api, who) for who in ROLES}
    gapal = api.gapal
    gapal.projector.stop()
    drop_and_recreate(gapal.db, gapal.projector.projection)
    gapal.projector.catch_up()
    after = {who: inbox(api, who) for who in ROLES}
    assert after == before
    assert unread(api, "admin") == 0
    assert {n["type"] for n in before["admin"]} == {
        "nouvelle_commande", "stock_insuffisant", "stock_bas", "peremption"}


def test_a_product_has_open_dated_lots_while_one_of_them_holds_stock() -> None:
    """`DatedLots.has_open`, asked for each product an event touches, follows each lot's row."""

    def lot(lot_id: str, product_id: str, remaining_milli: int) -> dict[str, Any]:
        return {"lot_id": lot_id, "product_id": product_id, "lot_code": lot_id,
                "remaining_milli": remaining_milli, "expiration_date": date(2026, 12, 1)}

    lots = DatedLots({"a": lot("a", "milk", 1000), "b": lot("b", "milk", 0),
                      "c": lot("c", "butter", 0)})
    assert lots.has_open("milk")
    assert not lots.has_open("butter")
    assert not lots.has_open("cheese")
    lots._follow("a", lot("a", "milk", 0))  # its last litre delivered
    assert not lots.has_open("milk")
    lots._follow("c", lot("c", "butter", 500))  # counted again
    assert lots.has_open("butter")
