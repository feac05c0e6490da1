"""Credit limits over HTTP: an order that takes its customer's balance above his limit is
accepted, flagged `over_credit_limit` (HTTP and filter), told to the order managers and the
admin, and stays flagged while it owes; a rebuild from the log gives the same rows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.answers import ok
from tests.api.test_notifications import of_type
from tests.conftest import BACKENDS, Api, OrderFactory
from tests.read_side import assert_rebuild_gives_same_rows

MANAGER = "gestionnaire_commandes"
NNBSP = "\u202f"


def customer(api: Api, credit_limit: int, phone: str = "70 12 34 56") -> dict[str, Any]:
    body = {"name": "Maquis Le Baobab", "phone": phone, "kind": "maquis",
            "credit_limit": credit_limit}
    created: dict[str, Any] = ok(api.call(MANAGER, "POST", "/api/customers/", json=body), 201)
    return created


def flagged(api: Api, value: str) -> set[str]:
    page = ok(api.call(MANAGER, "GET", "/api/orders/", params={"over_credit_limit": value}))
    return {o["id"] for o in page["results"]}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_order_over_the_limit_is_accepted_flagged_told_and_rebuilt_alike(
        api: Api, place_order: OrderFactory) -> None:
    baobab = customer(api, credit_limit=3000)
    within = place_order(quantity=4, customer_id=baobab["id"])  # 2 000 FCFA: owes 2 000
    over = place_order(quantity=4, customer_id=baobab["id"])  # owes 4 000 > 3 000

    assert (within["over_credit_limit"], over["over_credit_limit"]) == (False, True)
    assert ok(api.call(MANAGER, "GET", f"/api/orders/{over['id']}/"))["over_credit_limit"]
    assert flagged(api, "true") == {over["id"]}
    assert flagged(api, "false") == {within["id"]}
    message = (f"Crédit dépassé : Maquis Le Baobab doit 4{NNBSP}000 FCFA (limite 3{NNBSP}000 "
               f"FCFA) après la commande {over['order_number']}.")
    for who in (MANAGER, "admin"):
        (told,) = of_type(api, who, "credit_depasse")
        assert told["message"] == message
        assert told["title"] == "Crédit dépassé : Maquis Le Baobab"
        assert (told["data"]["order_id"], told["data"]["customer_id"]) == (over["id"],
                                                                           baobab["id"])
    assert of_type(api, "vendeur", "credit_depasse") == []
    assert of_type(api, "gestionnaire_stocks", "credit_depasse") == []

    paid = ok(api.call(MANAGER, "PATCH", f"/api/orders/{over['id']}/payment/",
                       json={"payment_status": "payee"}))
    assert paid["over_credit_limit"] is False  # owes nothing any more
    assert flagged(api, "true") == set()
    unpaid = ok(api.call(MANAGER, "PATCH", f"/api/orders/{over['id']}/payment/",
                         json={"payment_status": "non_payee"}))
    assert unpaid["over_credit_limit"] is True
    assert_rebuild_gives_same_rows(api.gapal)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_limit_of_zero_is_cash_only(api: Api, place_order: OrderFactory) -> None:
    cash_only = customer(api, credit_limit=0)

    paid = place_order(customer_id=cash_only["id"], payment_status="payee")
    unpaid = place_order(customer_id=cash_only["id"])

    assert (paid["over_credit_limit"], unpaid["over_credit_limit"]) == (False, True)
    (told,) = of_type(api, MANAGER, "credit_depasse")
    assert told["data"]["order_id"] == unpaid["id"]
    assert f"doit 500 FCFA (limite 0 FCFA) après la commande {unpaid['order_number']}" in (
        told["message"])


def test_an_order_without_customer_is_never_over(api: Api, place_order: OrderFactory) -> None:
    order = place_order(quantity=40)
    assert order["over_credit_limit"] is False
    assert of_type(api, MANAGER, "credit_depasse") == []


def test_payments_and_cancelled_orders_lower_the_balance_the_next_order_meets(
        api: Api, place_order: OrderFactory) -> None:
    baobab = customer(api, credit_limit=2500)
    first = place_order(quantity=4, customer_id=baobab["id"])  # owes 2 000
    ok(api.call(MANAGER, "POST", f"/api/orders/{first['id']}/payments/", json={
        "amount": 1500, "method": "especes", "local_id": "0b9c6a44-5b83-4d1e-9a3e-7f6c2d1e0a11"}),
       201)  # owes 500
    second = place_order(quantity=4, customer_id=baobab["id"])  # owes 2 500: at the limit
    ok(api.call(MANAGER, "PATCH", f"/api/orders/{second['id']}/status/",
                json={"delivery_status": "annulee"}))  # owes 500 again
    third = place_order(quantity=4, customer_id=baobab["id"])  # 2 500 again

    assert [o["over_credit_limit"] for o in (first, second, third)] == [False, False, False]
    fourth = place_order(quantity=1, customer_id=baobab["id"])  # 3 000 > 2 500
    assert fourth["over_credit_limit"] is True
