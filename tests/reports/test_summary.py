"""The dashboard's figures, checked against the shop's planned orders summed by hand; filters and
who may read reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.reports.conftest import GAPAL, MILK, Placed, Shop, of

SUMMARY = "/api/reports/summary/"
REPORTS = ("/api/reports/summary/", "/api/reports/orders/csv/", "/api/reports/orders/pdf/")


def summary(shop: Shop, who: str = "gestionnaire_commandes", **params: Any) -> dict[str, Any]:
    answer = shop.get(SUMMARY, who, **params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def total(orders: list[Placed]) -> int:
    return sum(order.total for order in orders)


def not_cancelled(orders: list[Placed]) -> list[Placed]:
    return [order for order in orders if order.delivery_status != "annulee"]


def test_the_totals_are_the_orders_summed_by_hand(shop: Shop) -> None:
    body = summary(shop)
    assert body["orders_count"] == len(shop.orders) == 130
    assert body["paid_total"] == total(of(shop.orders, payment_status="payee"))
    assert body["revenue_total"] == total(of(shop.orders, delivery_status="livree"))
    assert body["unpaid_total"] == total(not_cancelled(of(shop.orders,
                                                          payment_status="non_payee")))


def test_revenue_counts_delivered_orders_only(shop: Shop) -> None:
    delivered = of(shop.orders, delivery_status="livree")
    assert 0 < summary(shop)["revenue_total"] == total(delivered) < total(shop.orders)


def test_unpaid_leaves_cancelled_orders_out(shop: Shop) -> None:
    unpaid = of(shop.orders, payment_status="non_payee")
    assert of(unpaid, delivery_status="annulee"), "the shop has cancelled unpaid orders"
    assert summary(shop)["unpaid_total"] == total(not_cancelled(unpaid)) < total(unpaid)


def test_paid_names_the_cancelled_orders_it_includes(shop: Shop) -> None:
    paid_cancelled = of(shop.orders, payment_status="payee", delivery_status="annulee")
    assert paid_cancelled, "the shop has cancelled paid orders"
    assert summary(shop)["paid_cancelled"] == total(paid_cancelled) > 0


def test_every_status_is_counted_zeros_included(shop: Shop) -> None:
    body = summary(shop, delivery_status="livree,annulee")
    assert body["by_status"] == {
        "nouvelle": 0, "en_preparation": 0, "en_cours": 0,
        "livree": len(of(shop.orders, delivery_status="livree")),
        "annulee": len(of(shop.orders, delivery_status="annulee"))}
    assert body["orders_count"] == body["by_status"]["livree"] + body["by_status"]["annulee"]


def test_by_day_gives_every_day_of_the_period_empty_days_at_zero(shop: Shop) -> None:
    today = shop.today
    body = summary(shop, date_from=str(today - timedelta(days=2)), date_to=str(today))
    assert body["by_day"] == [
        {"date": str(today - timedelta(days=2)), "orders": 0, "revenue": 0},
        {"date": str(today - timedelta(days=1)), "orders": 0, "revenue": 0},
        {"date": str(today), "orders": 130,
         "revenue": total(of(shop.orders, delivery_status="livree"))},
    ]


def test_top_products_sum_the_lines_of_orders_not_cancelled(shop: Shop) -> None:
    lines = [line for order in not_cancelled(shop.orders) for line in order.lines]
    expected = [{"product_id": shop.product_ids[name], "name": name,
                 "quantity": float(sum(line.quantity for line in lines if line.product == name)),
                 "revenue": sum(line.subtotal for line in lines if line.product == name)}
                for name in (MILK[0], GAPAL[0])]
    expected.sort(key=lambda product: -int(product["revenue"]))
    assert summary(shop)["top_products"] == expected
    assert summary(shop, top=1)["top_products"] == expected[:1]


def test_one_click_shows_what_is_left_to_collect(shop: Shop) -> None:
    body = summary(shop, payment_status="non_payee")
    unpaid = of(shop.orders, payment_status="non_payee")
    assert body["orders_count"] == len(unpaid)
    assert body["paid_total"] == 0
    assert body["unpaid_total"] == total(not_cancelled(unpaid))


@pytest.mark.parametrize(("params", "fields"), [
    ({"priority": "haute"}, {"priority": "haute"}),
    ({"delivery_status": "nouvelle,en_cours"}, {"delivery_status": ("nouvelle", "en_cours")}),
    ({"payment_status": "payee", "priority": "basse"},
     {"payment_status": "payee", "priority": "basse"}),
])
def test_the_filters_narrow_the_figures(shop: Shop, params: dict[str, str],
                                        fields: dict[str, Any]) -> None:
    chosen = of(shop.orders, **fields)
    body = summary(shop, **params)
    assert body["orders_count"] == len(chosen) > 0
    assert body["paid_total"] == total(of(chosen, payment_status="payee"))


def test_creation_days_are_inclusive_at_both_ends(shop: Shop) -> None:
    today, day = shop.today, timedelta(days=1)
    assert summary(shop, date_from=str(today), date_to=str(today))["orders_count"] == 130
    assert summary(shop, date_from=str(today + day))["orders_count"] == 0
    assert summary(shop, date_to=str(today - day))["orders_count"] == 0
    assert summary(shop, date_from=str(today + day))["by_day"] == []


@pytest.mark.parametrize("params", [
    {"delivery_status": "livree,perdue"}, {"payment_status": "peut-etre"},
    {"priority": "urgente"}, {"date_from": "2026-02-30"},
    {"date_from": "2026-05-02", "date_to": "2026-05-01"},
])
def test_a_bad_filter_is_a_422(shop: Shop, params: dict[str, str]) -> None:
    assert shop.get(SUMMARY, **params).status_code == 422


@pytest.mark.parametrize("path", REPORTS)
@pytest.mark.parametrize("who", ["vendeur", "gestionnaire_stocks"])
def test_sellers_and_stock_keepers_may_not_read_reports(shop: Shop, path: str, who: str) -> None:
    answer = shop.get(path, who)
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"


@pytest.mark.parametrize("path", REPORTS)
def test_admins_and_order_managers_read_reports_strangers_do_not(shop: Shop, path: str) -> None:
    assert shop.get(path, "admin").status_code == 200
    assert shop.get(path, "gestionnaire_commandes").status_code == 200
    assert shop.api.client.get(path).status_code == 401


def test_the_paths_without_trailing_slash_answer_too(shop: Shop) -> None:
    assert shop.get(SUMMARY.rstrip("/")).json()["orders_count"] == 130
