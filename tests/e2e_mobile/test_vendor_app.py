"""A vendor takes orders without network; they reach the office once, numbered as on the phone."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx

from tests.e2e_mobile.conftest import Office, shoot
from tests.e2e_mobile.vendor import MERGED, PENDING, SYNCED, NewOrder, VendorApp

YAOURT = "Yaourt nature (pot 125 g)"
LAIT = "Lait frais de vache (1 L)"
BEURRE = "Beurre de vache (pot 250 g)"


def client(name: str) -> str:
    """A client name no demo order carries, so that the office finds exactly this test's orders."""
    return f"{name} {uuid4().hex[:4].upper()}"


def voice_notes_of(office: Office, order_id: str) -> httpx.Response:
    return office.call("GET", f"/api/orders/{order_id}/voice-notes/")


def test_orders_taken_offline_reach_the_server_once_with_their_numbers(
        page: Any, context: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in(shot="01-connexion")
    app.wait_for_service_worker()
    shoot(page, "02-mes-commandes-en-ligne")

    context.set_offline(True)
    page.reload()
    page.get_by_text("Hors ligne").wait_for()
    page.get_by_role("heading", name="Mes commandes").wait_for()
    shoot(page, "03-hors-ligne-apres-rechargement")

    first = NewOrder(client("Mariam Kaboré"), [(YAOURT, 3), (LAIT, 2)], priority="Haute", paid=True,
                     notes="Livrer avant midi", voice_seconds=2.5, shots="04-commande")
    second = NewOrder(client("Boureima Zongo"), [(BEURRE, 1)], priority="Basse")
    app.take_order(first)
    app.take_order(second)

    page.reload()
    for order in (first, second):
        app.expect_state(order.number, PENDING)
    shoot(page, "05-en-attente-apres-rechargement")

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_text("Déconnexion impossible").wait_for()
    shoot(page, "06-deconnexion-refusee")

    context.set_offline(False)
    for order in (first, second):
        app.expect_state(order.number, SYNCED)
    shoot(page, "07-synchronisees")

    for order in (first, second):
        on_server = office.orders_of(order.client_name)
        assert [o["order_number"] for o in on_server] == [order.number]
    mariam = office.orders_of(first.client_name)[0]
    assert (mariam["priority"], mariam["payment_status"]) == ("haute", "payee")
    assert mariam["notes"] == "Livrer avant midi"
    assert mariam["total_price"] == 3 * 150 + 2 * 500

    page.get_by_text("Dernière synchro").wait_for()
    page.wait_for_function("() => document.body.innerText.includes('Tout est envoyé')")
    notes = voice_notes_of(office, mariam["id"])
    assert notes.status_code == 200, notes.text
    [note] = notes.json()["results"]
    assert note["content_type"].startswith("audio/")
    audio = office.call("GET", note["url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"].startswith("audio/")
    assert len(audio.content) == note["size_bytes"] > 1000


def test_an_office_edit_and_a_phone_edit_of_one_order_show_the_merge(
        page: Any, context: Any, server: str, office: Office) -> None:
    app = VendorApp(page, server)
    app.log_in()
    order = NewOrder(client("Fatimata Sawadogo"), [(YAOURT, 2)], priority="Moyenne")
    app.take_order(order)
    app.expect_state(order.number, SYNCED)

    context.set_offline(True)
    app.edit_priority(order.number, "Haute")
    app.expect_state(order.number, PENDING)
    [on_server] = office.orders_of(order.client_name)
    edit = office.call("PATCH", f"/api/orders/{on_server['id']}/",
                       json={"priority": "basse", "notes": "Appeler avant de livrer"})
    assert edit.status_code == 200, edit.text

    context.set_offline(False)
    app.expect_state(order.number, MERGED)
    shoot(page, "08-modifiee-au-bureau")
    app.card(order.number).get_by_role("link").first.click()
    page.get_by_text("Appeler avant de livrer").wait_for()
    page.get_by_text("Le bureau a changé cette commande").wait_for()
    shoot(page, "09-detail-fusion")
    [after] = office.orders_of(order.client_name)
    assert after["notes"] == "Appeler avant de livrer"


def test_a_lost_sync_answer_makes_no_duplicate(browser: Any, server: str, office: Office) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="fr-FR",
                                  service_workers="block")  # page.route must see every request
    try:
        page = context.new_page()
        app = VendorApp(page, server)
        app.log_in()
        context.set_offline(True)
        order = NewOrder(client("Issa Compaoré"), [(LAIT, 4)])
        app.take_order(order)

        lost: list[int] = []

        def lose_first_answer(route: Any) -> None:
            if lost:
                route.continue_()
                return
            route.fetch()  # the server applies the batch…
            lost.append(1)
            route.abort("connectionreset")  # …and its answer never reaches the phone

        page.route("**/api/orders/sync/", lose_first_answer)
        context.set_offline(False)
        page.wait_for_function("() => document.body.innerText.includes('réseau indisponible')")
        app.expect_state(order.number, PENDING)
        page.get_by_role("button", name="Synchroniser").click()
        app.expect_state(order.number, SYNCED)
        assert lost == [1]
        assert [o["order_number"] for o in office.orders_of(order.client_name)] == [order.number]
    finally:
        context.close()


def test_the_logout_refusal_goes_away_once_everything_is_sent(
        page: Any, context: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    context.set_offline(True)
    order = NewOrder(client("Adama Ouédraogo"), [(BEURRE, 1)])
    app.take_order(order)
    page.get_by_role("button", name="Se déconnecter").click()
    refusal = page.get_by_text("Déconnexion impossible")
    refusal.wait_for()

    context.set_offline(False)
    app.expect_state(order.number, SYNCED)
    page.get_by_text("Tout est envoyé").wait_for()
    refusal.wait_for(state="detached")
    shoot(page, "13-deconnexion-possible")


PERSIST_REFUSED = """Object.defineProperty(StorageManager.prototype, 'persist', {
  value: async () => { window.persistAsked = (window.persistAsked ?? 0) + 1; return false; },
})"""
NO_PERSIST_API = "delete StorageManager.prototype.persist"
STORAGE_WARNING = "Ce téléphone peut effacer les commandes non envoyées"


def test_a_refused_persistent_storage_shows_a_discreet_warning_after_login(
        page: Any, context: Any, server: str) -> None:
    context.add_init_script(PERSIST_REFUSED)
    app = VendorApp(page, server)
    app.log_in()
    page.get_by_text(STORAGE_WARNING).wait_for()
    assert page.evaluate("() => window.persistAsked") >= 1
    shoot(page, "14-stockage-non-garanti")


def test_no_storage_warning_where_the_browser_has_no_persist_api(
        page: Any, context: Any, server: str) -> None:
    context.add_init_script(NO_PERSIST_API)
    app = VendorApp(page, server)
    app.log_in()
    assert page.get_by_text(STORAGE_WARNING).count() == 0
