"""Barcodes are stored trimmed, and unique once trimmed: `" 123 "` is `"123"`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.test_catalogue import category, patch, product
from tests.conftest import BACKENDS, Api, log_length
from tests.integration.test_concurrency import in_parallel

CODE = "6190001000995"


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_barcode_with_spaces_around_is_stored_trimmed_and_collides_with_the_plain_one(
        api: Api) -> None:
    shelf = category(api)["id"]
    first = product(api, shelf, "Yaourt nature", barcode=f" {CODE}\t")
    before = log_length(api.gapal)

    second = api.call("gestionnaire_stocks", "POST", "/api/products/", json={
        "name": "Yaourt sucré", "category_id": shelf, "unit": "pot", "unit_price": 300,
        "barcode": CODE})

    assert first["barcode"] == CODE
    assert second.status_code == 409, second.text
    assert second.json()["code"] == "duplicate_barcode"
    assert log_length(api.gapal) == before


def test_a_barcode_changed_to_a_padded_one_in_use_is_refused(api: Api) -> None:
    shelf = category(api)["id"]
    product(api, shelf, "Yaourt nature", barcode=CODE)
    other = product(api, shelf, "Yaourt sucré")

    taken = patch(api, other["id"], barcode=f"  {CODE} ")
    blank = patch(api, other["id"], barcode="   ")

    assert taken.status_code == 409, taken.text
    assert taken.json()["code"] == "duplicate_barcode"
    assert blank.status_code == 200, blank.text
    assert blank.json()["barcode"] is None


TRIALS = 5


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_padded_and_a_plain_barcode_sent_at_once_make_one_product(api: Api) -> None:
    shelf = category(api)["id"]

    def create(name: str, code: str) -> Callable[[], Any]:
        return lambda: api.call("gestionnaire_stocks", "POST", "/api/products/", json={
            "name": name, "category_id": shelf, "unit": "pot", "unit_price": 300,
            "barcode": code})

    for trial in range(TRIALS):
        code = f"61900020{trial:05d}"
        answers = in_parallel([create("Yaourt A", f" {code} "), create("Yaourt B", code)])

        assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
        listed = api.call("admin", "GET", "/api/products/", params={"search": code}).json()
        assert [p["barcode"] for p in listed["results"]] == [code]
