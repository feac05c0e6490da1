"""The phone as a vendor lives with it: switched off and on without network, and the data bill."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from uuid import uuid4

from tests.e2e_mobile.conftest import (
    CHROMIUM,
    PHONE_ARGS,
    SCREENSHOTS,
    Office,
    phone_options,
    shoot,
)
from tests.e2e_mobile.vendor import PENDING, SYNCED, NewOrder, VendorApp
from tests.processes import refused_by_policy

CLONE_ORDERS = """async (copies) => {
  const db = await new Promise((ok, ko) => {
    const open = indexedDB.open('gapal-vendeur');
    open.onsuccess = () => ok(open.result);
    open.onerror = () => ko(open.error);
  });
  const tx = db.transaction(['orders', 'outbox'], 'readwrite');
  const read = (request) => new Promise((ok) => { request.onsuccess = () => ok(request.result); });
  const [event] = await read(tx.objectStore('outbox').getAll());
  const order = await read(tx.objectStore('orders').get(event.local_id));
  for (let i = 1; i <= copies; i += 1) {
    const local_id = crypto.randomUUID();
    const client_name = `${order.client_name} ${i}`;
    const { seq, ...copy } = event;
    tx.objectStore('outbox').add({ ...copy, event_id: crypto.randomUUID(), local_id,
                                   owner: local_id, data: { ...event.data, client_name } });
    tx.objectStore('orders').add({ ...order, local_id, client_name });
  }
  await new Promise((ok) => { tx.oncomplete = ok; });
}"""


COUNT_OUTBOX = """async () => {
  const db = await new Promise((ok) => {
    const open = indexedDB.open('gapal-vendeur');
    open.onsuccess = () => ok(open.result);
  });
  const read = db.transaction('outbox').objectStore('outbox').getAll();
  return await new Promise((ok) => { read.onsuccess = () => ok(read.result); });
}"""


def test_the_app_opens_offline_after_a_reboot(playwright_driver: Any, server: str,
                                              tmp_path: Path) -> None:
    refused: list[str] = []

    def boot(*, offline: bool) -> Any:
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path / "profil"), executable_path=CHROMIUM, args=PHONE_ARGS, offline=offline,
            **phone_options())
        context.set_default_timeout(15_000)
        refused_by_policy(context, refused)
        return context

    phone = boot(offline=False)
    page = phone.pages[0] if phone.pages else phone.new_page()
    app = VendorApp(page, server)
    app.log_in()
    app.wait_for_service_worker()
    phone.set_offline(True)
    order = NewOrder(f"Salimata Ilboudo {uuid4().hex[:4]}", [("Dèguè (pot 0,5 L)", 2)])
    app.take_order(order)
    phone.close()  # the phone is switched off, and on again in a place without network

    phone = boot(offline=True)
    try:
        page = phone.pages[0] if phone.pages else phone.new_page()
        app = VendorApp(page, server)
        app.open()
        page.get_by_text("Hors ligne").wait_for()
        app.expect_state(order.number, PENDING)
        shoot(page, "10-apres-redemarrage-hors-ligne")
        page.get_by_role("link", name="Nouvelle commande").click()
        page.get_by_label("Nom du client").wait_for()  # the signed-in session survived too
    finally:
        phone.close()
    assert refused == []


def test_fifty_orders_sync_in_one_batch_and_the_bytes_are_shown(
        browser: Any, server: str, office: Office) -> None:
    context = browser.new_context(**phone_options(), service_workers="block")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        app = VendorApp(page, server)
        app.log_in()
        context.set_offline(True)
        order = NewOrder(f"Marché de Koudougou {uuid4().hex[:4]}",
                         [("Yaourt nature (pot 125 g)", 2), ("Lait frais de vache (1 L)", 1)])
        app.take_order(order)
        page.evaluate(CLONE_ORDERS, 49)
        assert len(page.evaluate(COUNT_OUTBOX)) == 50

        exchanges: list[dict[str, Any]] = []
        page.on("requestfinished", lambda request: exchanges.append(
            {"url": request.url, **request.sizes()}))
        bodies: list[int] = []  # requestfinished does not see a fetch(Request) body; a route does

        def weigh(route: Any) -> None:
            bodies.append(len(route.request.post_data_buffer or b""))
            route.continue_()

        page.route("**/api/orders/sync/", weigh)
        context.set_offline(False)  # the app sees the network come back and sends the outbox
        page.get_by_text("Tout est envoyé").wait_for()
        app.expect_state(order.number, SYNCED)
        shoot(page, "11-cinquante-commandes-synchronisees")

        syncs = [e for e in exchanges if "/api/orders/sync/" in e["url"]]
        assert len(syncs) == 1  # one batch for fifty orders
        sent = sum(bodies) + sum(e["requestHeadersSize"] for e in syncs)
        received = sum(e["responseBodySize"] + e["responseHeadersSize"] for e in syncs)
        shown = page.get_by_text("Dernière synchro").inner_text()
        report = {"orders": 50, "sync_request_bytes": sent, "sync_response_bytes": received,
                  "sync_request_body_bytes": bodies,
                  "all_requests": [[e["url"], e["responseHeadersSize"], e["responseBodySize"]]
                                   for e in exchanges],
                  "shown_by_the_app": shown}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "sync-50-commandes.json").write_text(json.dumps(report, indent=2))
        assert re.search(r"\d+,\d\u00a0Ko de données", shown)
        assert len(office.orders_of(f"{order.client_name} 49")) == 1
    finally:
        context.close()
