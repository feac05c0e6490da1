"""An archived product comes back only into a category that still exists."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_catalogue import archive, category, patch, product
from tests.conftest import BACKENDS, Api, log_length


def archived_in_a_deleted_category(api: Api) -> dict[str, Any]:
    shelf = category(api, "Fromages")
    cheese = product(api, shelf["id"], "Fromage de Koudougou")
    archive(api, cheese["id"])
    deleted = api.call("gestionnaire_stocks", "DELETE", f"/api/categories/{shelf['id']}/")
    assert deleted.status_code == 204, deleted.text
    return cheese


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_product_cannot_be_restored_into_a_deleted_category(api: Api) -> None:
    cheese = archived_in_a_deleted_category(api)
    before = log_length(api.gapal)

    answer = patch(api, cheese["id"], is_active=True)

    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "category_removed"
    assert "catégorie" in answer.json()["detail"]
    assert log_length(api.gapal) == before
    assert api.call("admin", "GET", f"/api/products/{cheese['id']}/").json()["is_active"] is False


def test_a_product_comes_back_when_moved_to_a_live_category_at_once(
        api: Api, catalogue: dict[str, Any]) -> None:
    cheese = archived_in_a_deleted_category(api)

    answer = patch(api, cheese["id"], is_active=True, category_id=catalogue["category"]["id"])

    assert answer.status_code == 200, answer.text
    assert answer.json()["is_active"] is True
    assert answer.json()["category_name"] == catalogue["category"]["name"]
