"""The server's line subtotals and order totals on the cases the phone's tests check too
(`mobile/src/lib/line-totals.cases.json`): both sides must agree to the franc."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from domain_builders import a_product, an_order

from domain.values import subtotal

CASES: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "mobile" / "src" / "lib" / "line-totals.cases.json")
    .read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", CASES["lines"],
                         ids=lambda line: f"{line['quantity']}x{line['unit_price']}")
def test_a_line_subtotal_is_the_one_the_phone_computes(line: dict[str, Any]) -> None:
    assert subtotal(Decimal(line["quantity"]), line["unit_price"]) == line["subtotal"]


@pytest.mark.parametrize("order", CASES["orders"], ids=lambda order: str(order["total"]))
def test_an_orders_total_is_the_one_the_phone_computes(order: dict[str, Any]) -> None:
    placed = an_order(*[(a_product(f"Produit {n}", unit_price=price), quantity)
                        for n, (quantity, price) in enumerate(order["lines"])])
    assert placed.total_price == order["total"]


def test_the_cases_include_halves() -> None:
    halves = [line for line in CASES["lines"]
              if (Decimal(line["quantity"]) * line["unit_price"]) % 1 == Decimal("0.5")]
    assert len(halves) >= 5
