"""A vendor on a new phone finds the orders the office holds, and the office's news of them."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import httpx

from tests.e2e_mobile.conftest import SCREENSHOTS, VENDEUR, Office, phone_options, shoot
from tests.e2e_mobile.vendor import SYNCED, VendorApp


def placed_by_the_vendor(base: str, client_name: str) -> dict[str, Any]:
    """An order the vendor placed on his former phone: it is on the server, not on this one."""
    login = httpx.post(f"{base}/api/auth/login/", timeout=10,
                       json={"username": VENDEUR[0], "password": VENDEUR[1]})
    assert login.status_code == 200, login.text
    products = httpx.get(f"{base}/api/products/", timeout=10,
                         headers={"Authorization": f"Bearer {login.json()['access']}"})
    body = {"client_name": client_name, "local_id": str(uuid4()),
            "items": [{"product_id": products.json()["results"][0]["id"], "quantity": 2}]}
    answer = httpx.post(f"{base}/api/orders/", json=body, timeout=20,
                        headers={"Authorization": f"Bearer {login.json()['access']}"})
    assert answer.status_code == 201, answer.text
    order: dict[str, Any] = answer.json()
    return order


def test_a_new_phone_shows_the_vendors_orders_and_the_offices_status_changes(
        browser: Any, server: str, office: Office) -> None:
    tag = uuid4().hex[:4].upper()
    first = placed_by_the_vendor(server, f"Rasmata Ilboudo {tag}")
    second = placed_by_the_vendor(server, f"Boureima Zongo {tag}")
    context = browser.new_context(**phone_options(), service_workers="block")  # see every request
    try:
        page = context.new_page()
        app = VendorApp(page, server)
        app.log_in()
        for order in (first, second):
            app.expect_state(order["order_number"], SYNCED)
            app.card(order["order_number"]).get_by_text("Nouvelle", exact=True).wait_for()

        moved = office.call("PATCH", f"/api/orders/{first['id']}/status/",
                            json={"delivery_status": "en_preparation"})
        assert moved.status_code == 200, moved.text
        page.get_by_role("button", name="Synchroniser").click()
        moved_card = app.card(first["order_number"])
        moved_card.get_by_text("En préparation", exact=True).wait_for()
        moved_card.scroll_into_view_if_needed()
        shoot(page, "12-nouveau-telephone-commandes-du-bureau")

        weighed = [sync_bytes(page), sync_bytes(page)]  # nothing changed: an empty page, then 304
        (SCREENSHOTS / "sync-rien-de-neuf.json").write_text(json.dumps(weighed, indent=2))
        assert [exchange["status"] for exchange in weighed] == [200, 304]
        assert all(exchange["bytes"] < 1500 for exchange in weighed)
    finally:
        context.close()


def sync_bytes(page: Any) -> dict[str, Any]:
    """One sync on demand: the order download's status and bytes on the wire (headers, body)."""
    with page.expect_response(lambda r: "/api/orders/?" in r.url) as answer:
        page.get_by_role("button", name="Synchroniser").click()
    response = answer.value
    response.finished()
    sizes = response.request.sizes()
    return {"status": response.status, "bytes": sum(sizes.values()), **sizes}
