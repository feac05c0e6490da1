"""What a phone or a person sends never puts in the log an event a view cannot project: the
two known poisons are refused at the door, and afterwards the read side still serves at once
and rebuilds to the same rows."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api import fast_world
from tests.api.test_voice_notes import upload
from tests.conftest import BACKENDS, Api, OrderFactory, log_length
from tests.read_side import assert_rebuild_gives_same_rows

FRENCH_VOICE_CONFLICT = "autre commande"


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from fast_world.fresh_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return fast_world.catalogue_of(api)


def assert_read_side_still_serves(api: Api, catalogue: dict[str, Any]) -> None:
    """A new order answers 201 within a second, is listed, and a rebuild gives the same rows."""
    started = time.monotonic()
    placed = api.call("vendeur", "POST", "/api/orders/", json={
        "client_name": "Rasmané Ilboudo",
        "items": [{"product_id": catalogue["milk"]["id"], "quantity": 1}]})
    elapsed = time.monotonic() - started
    assert placed.status_code == 201, placed.text
    assert elapsed < 1.0, f"the write waited {elapsed:.2f} s for the views"
    listed = api.call("vendeur", "GET", "/api/orders/", params={"page_size": 200}).json()
    assert placed.json()["id"] in [o["id"] for o in listed["results"]]
    assert_rebuild_gives_same_rows(api.gapal)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_voice_note_local_id_sent_for_another_order_is_refused_with_409(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory) -> None:
    first, second = place_order(who="vendeur"), place_order(who="vendeur")
    local_id = str(uuid.uuid4())
    attached = upload(api, "vendeur", first["id"], local_id)
    assert attached.status_code == 201, attached.text
    before = log_length(api.gapal)

    refused = upload(api, "vendeur", second["id"], local_id)

    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "voice_note_conflict"
    assert FRENCH_VOICE_CONFLICT in refused.json()["detail"]
    assert log_length(api.gapal) == before
    again = upload(api, "vendeur", first["id"], local_id)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == attached.json()["id"]
    assert log_length(api.gapal) == before
    notes = api.call("vendeur", "GET", f"/api/orders/{second['id']}/voice-notes/").json()
    assert notes["count"] == 0
    assert_read_side_still_serves(api, catalogue)
