"""Managers use the dashboard as people do: by labels, roles and names on screen."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.audio import wav
from tests.e2e.conftest import DESKTOP, TABLET, Backend, login, shoot

pytestmark = pytest.mark.slow
ALL_SECTIONS = ["Commandes", "Clients", "Caisse", "Produits", "Stock", "Pertes", "Rapports",
                "Utilisateurs", "Journal d'audit"]
SECTIONS_BY_ROLE = {
    "admin": ALL_SECTIONS,
    "awa.commandes": ["Commandes", "Clients", "Caisse", "Produits", "Rapports"],
    "issouf.stock": ["Produits", "Stock", "Pertes"],
    "salif.vendeur": [],
}


ARRIVED = "Arrivée à l'instant"


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def nav_links(page: Any) -> list[str]:
    nav = page.get_by_role("navigation", name="Navigation principale")
    if nav.count() == 0:
        return []
    return [text.strip() for text in nav.get_by_role("link").all_inner_texts()]


@pytest.mark.parametrize("username", list(SECTIONS_BY_ROLE))
def test_navigation_shows_only_what_the_role_may_use(page: Any, server: str,
                                                      username: str) -> None:
    login(page, server, username)
    page.get_by_role("button", name="Se déconnecter").wait_for()
    assert nav_links(page) == SECTIONS_BY_ROLE[username]
    if username == "salif.vendeur":
        assert page.get_by_text("application mobile").first.is_visible()


def test_orders_table_has_the_expected_columns_and_survives_a_reload(page: Any,
                                                                    server: str) -> None:
    login(page, server, "awa.commandes")
    table = page.get_by_role("table", name="Commandes")
    table.get_by_role("row").nth(1).wait_for()
    for header in ["N°", "Client", "Statut", "Paiement", "Priorité", "Total"]:
        assert table.get_by_role("columnheader", name=header).count() == 1, header
    assert table.get_by_role("row").count() > 1
    page.reload()
    page.get_by_role("table", name="Commandes").wait_for()
    assert "/commandes" in page.url


def test_orders_are_found_by_search_and_narrowed_by_status(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    client = unique("Kaboré recherché")
    backend.order(client, [(product["id"], 1)])
    login(page, server, "awa.commandes")
    page.get_by_label("Rechercher").fill(client.replace("Kaboré", "kabore"))
    table = page.get_by_role("table", name="Commandes")
    page.wait_for_function(
        "() => document.querySelectorAll('table tbody tr').length === 1")
    assert client in table.get_by_role("row").nth(1).inner_text()
    page.get_by_label("Statut").select_option(label="Livrée")
    page.get_by_text("Aucun résultat.").wait_for()
    page.get_by_role("button", name="Effacer les filtres").click()
    assert page.get_by_label("Rechercher").input_value() == ""


def test_an_order_created_elsewhere_appears_live_and_rings_the_bell(
        page: Any, server: str, backend: Backend) -> None:
    page.clock.install()  # time flows, and can jump past the tag's 6 s
    login(page, server, "awa.commandes")
    page.get_by_text("En direct", exact=True).wait_for()
    bell = page.get_by_role("button", name="Notifications", exact=True)
    badge = page.get_by_test_id("unread-badge")
    before = int(badge.inner_text()) if badge.count() else 0
    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    client = unique("Client en direct")
    order = backend.order(client, [(product["id"], 1)])

    row = page.get_by_role("row").filter(has_text=client)
    row.wait_for(timeout=5_000)
    assert order["order_number"] in row.inner_text()
    page.wait_for_function(
        "n => Number(document.querySelector('[data-testid=unread-badge]')?.textContent || 0) > n",
        arg=before, timeout=5_000)

    bell.click()
    panel = page.get_by_role("region", name="Notifications")
    panel.get_by_text(order["order_number"]).first.wait_for()
    panel.get_by_role("button", name="Tout marquer comme lu").click()
    page.get_by_test_id("unread-badge").wait_for(state="detached")


def test_only_orders_pushed_live_are_tagged_as_just_arrived(
        page: Any, server: str, backend: Backend) -> None:
    page.clock.install()  # time flows, and can jump past the tag's 6 s
    login(page, server, "awa.commandes")
    page.get_by_text("En direct", exact=True).wait_for()
    table = page.get_by_role("table", name="Commandes")
    page.get_by_label("Paiement").select_option(label="Payée")
    page.wait_for_function(
        "() => [...document.querySelectorAll('table tbody tr')].length > 0")
    page.wait_for_load_state("networkidle")
    assert table.get_by_text(ARRIVED).count() == 0  # rows a filter brings are not news
    page.get_by_role("button", name="Effacer les filtres").click()

    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    client = unique("Client arrivé")
    backend.order(client, [(product["id"], 1)])
    row = table.get_by_role("row").filter(has_text=client)
    row.get_by_text(ARRIVED).wait_for(timeout=5_000)
    assert table.get_by_text(ARRIVED).count() == 1
    assert "Nouvelle" in row.inner_text()  # the status, which the tag no longer repeats
    shoot(page, "commande-arrivee")
    page.clock.fast_forward(7_000)
    row.get_by_text(ARRIVED).wait_for(state="detached", timeout=2_000)


def test_an_unusual_order_shows_an_amber_badge_with_its_reasons(
        page: Any, server: str, backend: Backend) -> None:
    """1 000 000 pots delivered on 01/01/2020: kept, and shown « À vérifier » in the list (the
    reasons in its tooltip), through the filter, and in the detail with its reasons."""
    product = backend.product(unique("Yaourt en masse"), stock=10)
    client = unique("Client démesuré")
    answer = backend.call("salif.vendeur", "POST", "/api/orders/", json={
        "client_name": client, "delivery_date": "2020-01-01",
        "items": [{"product_id": product["id"], "quantity": 1_000_000}]})
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert len(order["unusual_reasons"]) == 3
    login(page, server, "awa.commandes")
    page.get_by_label("Rechercher").fill(client)
    table = page.get_by_role("table", name="Commandes")
    row = table.get_by_role("row").filter(has_text=client)
    row.get_by_text("À vérifier", exact=True).wait_for()
    badge = row.locator("[data-unusual]")
    assert "bg-amber-100" in (badge.get_attribute("class") or "")
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    tooltip = badge.get_attribute("title") or ""
    assert "Livraison le 01/01/2020" in tooltip
    assert "c’est beaucoup" in tooltip
    assert tooltip.split("\n") == order["unusual_reasons"]
    shoot(page, "commande-a-verifier-liste")

    page.get_by_label("Rechercher").fill("")
    page.get_by_role("combobox", name="À vérifier").select_option(label="À vérifier seulement")
    page.wait_for_function("() => [...document.querySelectorAll('table tbody tr')].every("
                           "row => row.querySelector('[data-unusual]'))")
    row.wait_for()
    page.get_by_role("combobox", name="À vérifier").select_option(label="Sans rien à vérifier")
    row.wait_for(state="detached")
    page.get_by_role("button", name="Effacer les filtres").click()

    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    note = dialog.get_by_role("note", name="À vérifier")
    note.wait_for()
    for reason in order["unusual_reasons"]:
        assert reason in note.inner_text()
    assert dialog.get_by_text("À vérifier", exact=True).first.is_visible()
    shoot(page, "commande-a-verifier-detail")


def test_an_order_over_its_customers_credit_shows_a_red_badge(
        page: Any, server: str, backend: Backend) -> None:
    """A cash-only customer (limit 0) orders on credit: the order is kept, shown « Crédit
    dépassé » in red in the list, through the filter, and in the detail."""
    product = backend.product(unique("Lait à crédit"), stock=10)
    name = unique("Maquis à crédit")
    answer = backend.call("admin", "POST", "/api/customers/", json={
        "name": name, "phone": f"70{uuid.uuid4().int % 1_000_000:06d}", "credit_limit": 0})
    assert answer.status_code == 201, answer.text
    answer = backend.call("awa.commandes", "POST", "/api/orders/", json={
        "customer_id": answer.json()["id"],
        "items": [{"product_id": product["id"], "quantity": 1}]})
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert order["over_credit_limit"] is True
    login(page, server, "awa.commandes")
    page.get_by_label("Rechercher").fill(name)
    table = page.get_by_role("table", name="Commandes")
    row = table.get_by_role("row").filter(has_text=name)
    row.get_by_text("Crédit dépassé", exact=True).wait_for()
    badge = row.locator("[data-over-credit]")
    assert "bg-red-100" in (badge.get_attribute("class") or "")
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shoot(page, "commande-credit-depasse-liste")

    page.get_by_label("Rechercher").fill("")
    page.get_by_role("combobox", name="Crédit").select_option(label="Crédit dépassé seulement")
    page.wait_for_function("() => [...document.querySelectorAll('table tbody tr')].every("
                           "row => row.querySelector('[data-over-credit]'))")
    row.wait_for()
    page.get_by_role("combobox", name="Crédit").select_option(label="Dans la limite de crédit")
    row.wait_for(state="detached")
    page.get_by_role("button", name="Effacer les filtres").click()

    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    dialog.get_by_role("note", name="Crédit dépassé").wait_for()
    assert dialog.locator("[data-over-credit]").is_visible()
    shoot(page, "commande-credit-depasse-detail")


def test_delivering_an_order_takes_its_items_out_of_the_stock_shown(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Yaourt livré")
    product = backend.product(name, stock=10)
    order = backend.order(unique("Client livraison"), [(product["id"], 3)])
    login(page, server, "admin")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    dialog.get_by_role("button", name="Passer à « Livrée »").click()
    page.get_by_role("button", name="Confirmer la livraison").click()
    dialog.get_by_role("status").filter(has_text="Statut changé : Livrée").wait_for()
    assert dialog.get_by_text("Statut final").is_visible()
    dialog.get_by_role("button", name="Fermer").click()

    page.get_by_role("link", name="Produits").click()
    page.get_by_label("Rechercher").fill(name)
    row = page.get_by_role("row").filter(has_text=name)
    row.wait_for()
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[2].strip() == "7 pot", cells  # stock
    assert cells[3].strip() == "0", cells  # reserved


def test_delivering_with_short_stock_is_refused_in_plain_words(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Fromage rare")
    product = backend.product(name, stock=2)
    order = backend.order(unique("Client gourmand"), [(product["id"], 5)])
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    dialog.get_by_role("button", name="Passer à « Livrée »").click()
    page.get_by_role("button", name="Confirmer la livraison").click()
    alert = dialog.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "Stock insuffisant, la commande n’a pas été livrée" in text
    assert f"{name} — demandé 5, disponible 2" in text
    assert dialog.get_by_role("button", name="Passer à « Livrée »").is_visible()


def test_a_vendors_voice_note_plays_in_the_order_detail(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    order = backend.order(unique("Client vocal"), [(product["id"], 1)])
    upload = backend.call("salif.vendeur", "POST", f"/api/orders/{order['id']}/voice-notes/",
                          files={"audio": ("note.wav", wav(), "audio/wav")},
                          data={"local_id": str(uuid.uuid4())})
    assert upload.status_code == 201, upload.text
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    dialog.get_by_role("button", name="Écouter").click()
    audio = dialog.locator("audio")
    audio.wait_for()
    assert audio.get_attribute("src").startswith("blob:")
    page.wait_for_function("a => a.readyState >= 1 && a.duration > 0.4", arg=audio.element_handle())


def test_stock_manager_records_an_entry_and_sees_it_in_the_movements(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Lait caillé reçu")
    backend.product(name, stock=4)
    login(page, server, "issouf.stock")
    page.get_by_role("link", name="Stock").click()
    form = page.get_by_role("tabpanel")
    form.get_by_role("combobox", name=re.compile("^Produit")).select_option(label=name)
    form.get_by_label(re.compile("^Quantité")).fill("6")
    page.get_by_role("button", name="Enregistrer l’entrée").click()
    page.get_by_role("status").filter(has_text="Stock après : 10 pot").wait_for()
    movements = page.get_by_role("table", name="Mouvements de stock")
    movements.get_by_role("row").filter(has_text=name).first.wait_for()


def test_reports_download_csv_and_pdf(page: Any, server: str, backend: Backend) -> None:
    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Rapports").click()
    page.get_by_role("heading", name="Chiffre d’affaires par jour").wait_for()
    for kind, button in (("csv", "Télécharger CSV"), ("pdf", "Télécharger PDF")):
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        download = info.value
        assert download.suggested_filename.endswith(f".{kind}")
        content = Path(download.path()).read_bytes()
        if kind == "pdf":
            assert content.startswith(b"%PDF")
        else:
            assert "client" in content.decode("utf-8-sig").lower()


def test_reports_speak_french_swapped_dates_and_paid_cancelled_orders(
        page: Any, server: str) -> None:
    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Rapports").click()
    paid = page.get_by_text("Argent reçu, paiements partiels compris")
    paid.wait_for()
    assert "annulées" in paid.inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger CSV").click()
    header = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("N° de commande;Créée le;Client;")
    shoot(page, "rapports-encaisse")
    page.get_by_label("Du", exact=True).fill("20/11/2026")
    page.get_by_label("Au", exact=True).fill("10/11/2026")
    error = page.get_by_role("alert").filter(has_text="Date de fin")
    error.wait_for()
    assert "date_to" not in error.inner_text()
    shoot(page, "rapports-dates-inversees")


def test_admin_creates_a_user_who_can_then_sign_in(page: Any, server: str) -> None:
    username = f"mariam.{uuid.uuid4().hex[:5]}"
    login(page, server, "admin")
    page.get_by_role("link", name="Utilisateurs").click()
    page.get_by_role("button", name="Nouvel utilisateur").click()
    form = page.get_by_role("dialog", name="Nouvel utilisateur")
    form.get_by_label("Nom d'utilisateur").fill(username)
    form.get_by_label("Rôle").select_option("gestionnaire_stocks")
    form.get_by_label("Mot de passe").fill("mot-de-passe-solide")
    form.get_by_label("E-mail").fill(f"{username}@gapal.bf")
    form.get_by_role("button", name="Créer").click()
    page.get_by_role("status").filter(has_text=f"Utilisateur {username} créé").wait_for()
    assert page.get_by_role("row").filter(has_text=username).count() == 1

    page.get_by_role("button", name="Se déconnecter").click()
    login(page, server, username, "mot-de-passe-solide")
    assert nav_links(page) == ["Produits", "Stock", "Pertes"]


def test_a_role_change_is_confirmed_and_a_failure_replaces_the_last_success(
        page: Any, server: str, backend: Backend) -> None:
    username = f"ali.{uuid.uuid4().hex[:5]}"
    created = backend.call("admin", "POST", "/api/users/", json={
        "username": username, "email": "", "password": "mot-de-passe-1",
        "role": "gestionnaire_stocks", "phone": ""}).json()
    login(page, server, "admin")
    page.get_by_role("link", name="Utilisateurs").click()
    page.get_by_label("Rechercher").fill(username)
    role = page.get_by_label(f"Rôle de {username}")
    role.select_option("admin")
    dialog = page.get_by_role("dialog", name="Changer le rôle ?")
    dialog.get_by_text("« Gestionnaire des stocks » à « Administrateur »").wait_for()
    shoot(page, "utilisateur-role-confirmation")
    dialog.get_by_role("button", name="Annuler").click()
    assert role.input_value() == "gestionnaire_stocks"
    user_path = f"/api/users/{created['id']}/"
    assert backend.call("admin", "GET", user_path).json()["role"] == "gestionnaire_stocks"

    role.select_option("gestionnaire_commandes")
    dialog.get_by_role("button", name="Changer le rôle").click()
    saved = page.get_by_role("status").filter(has_text="Modification enregistrée.")
    saved.wait_for()
    assert backend.call("admin", "GET", user_path).json()["role"] == "gestionnaire_commandes"

    version = backend.call("admin", "GET", user_path).json()["version"]
    elsewhere = backend.call("admin", "PATCH", user_path,
                             json={"role": "vendeur", "version": version})
    assert elsewhere.status_code == 200, elsewhere.text
    role.select_option("admin")
    dialog.get_by_role("button", name="Changer le rôle").click()
    refused = page.get_by_role("alert").filter(has_text="Quelqu’un d’autre a modifié")
    refused.wait_for()
    assert saved.count() == 0
    shoot(page, "utilisateur-role-refuse")
    page.get_by_role("button", name=f"Débloquer la connexion de {username}").click()
    page.get_by_role("status").filter(has_text=f"Connexion de {username} débloquée").wait_for()
    assert refused.count() == 0


def test_admin_unlocks_a_user_locked_out_by_failed_sign_ins(
        page: Any, server: str, backend: Backend) -> None:
    username = f"bintou.{uuid.uuid4().hex[:5]}"
    backend.call("admin", "POST", "/api/users/", json={
        "username": username, "email": "", "password": "mot-de-passe-1",
        "role": "gestionnaire_commandes", "phone": ""})
    for password in ["mauvais-mdp"] * 5 + ["mot-de-passe-1"]:
        answer = httpx.post(f"{server}/api/auth/login/", timeout=20,
                            json={"username": username, "password": password})
    assert answer.status_code == 429
    login(page, server, "admin")
    page.get_by_role("link", name="Utilisateurs").click()
    page.get_by_role("button", name=f"Débloquer la connexion de {username}").click()
    page.get_by_role("status").filter(has_text=f"Connexion de {username} débloquée").wait_for()
    assert backend.token(username, "mot-de-passe-1")


def test_audit_shows_an_order_as_it_was_before_its_status_changed(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    order = backend.order(unique("Client audité"), [(product["id"], 1)])
    moved = backend.call("admin", "PATCH", f"/api/orders/{order['id']}/status/",
                         json={"delivery_status": "en_preparation"})
    assert moved.status_code == 200, moved.text
    login(page, server, "admin")
    page.get_by_role("link", name="Journal d'audit").click()
    page.get_by_label("Identifiant de l’élément").fill(order["id"])
    rows = page.get_by_role("row").filter(has_text=order["order_number"])
    created = rows.filter(has_text="a enregistré la commande")
    created.get_by_role("button", name="Tel qu’il était").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(order["order_number"]).wait_for()
    assert dialog.get_by_text("Nouvelle", exact=True).is_visible()
    assert dialog.get_by_text("En préparation").count() == 0


def test_audit_tells_each_event_as_a_sentence_and_hides_the_bookkeeping(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.product(unique("Lait audité"), 10)
    order = backend.order(unique("Client du journal"), [(product["id"], 4)])
    delivered = backend.call("awa.commandes", "PATCH", f"/api/orders/{order['id']}/status/",
                             json={"delivery_status": "livree"})
    assert delivered.status_code == 200, delivered.text
    backend.call("admin", "POST", "/api/users/", json={
        "username": f"fatim.{uuid.uuid4().hex[:5]}", "email": "", "password": "mot-de-passe-1",
        "role": "vendeur", "phone": ""})
    login(page, server, "admin")
    page.get_by_role("link", name="Journal d'audit").click()
    table = page.get_by_role("table", name="Journal d'audit")
    sentence = (f"awa.commandes a passé la commande {order['order_number']} à « Livrée » — "
                f"4 pot {product['name']} sorti(s) du stock")
    table.get_by_text(sentence).wait_for()
    assert table.get_by_text("Valeur unique").count() == 0
    assert table.get_by_text("result_id").count() == 0
    shoot(page, "journal-phrases")
    page.get_by_role("switch", name="Détails techniques").check()
    table.get_by_text("Valeur unique").first.wait_for()
    shoot(page, "journal-details-techniques")


def test_a_session_that_ends_sends_back_to_login_cleanly(page: Any, server: str,
                                                          backend: Backend) -> None:
    username = f"temp.{uuid.uuid4().hex[:5]}"
    created = backend.call("admin", "POST", "/api/users/", json={
        "username": username, "email": "", "password": "mot-de-passe-1",
        "role": "gestionnaire_stocks", "phone": ""}).json()
    login(page, server, username, "mot-de-passe-1")
    page.get_by_role("table", name="Produits").wait_for()
    backend.call("admin", "DELETE", f"/api/users/{created['id']}/")
    page.get_by_role("link", name="Stock").click()
    page.wait_for_url(re.compile("/connexion/"))
    page.get_by_text("Votre session a expiré").wait_for()
    assert page.get_by_role("button", name="Se connecter").is_visible()


SCREENS = [
    ("commandes", "/commandes/"), ("produits", "/produits/"), ("stock", "/stock/"),
    ("rapports", "/rapports/"), ("utilisateurs", "/utilisateurs/"), ("journal", "/journal/"),
]


def test_screenshots_of_the_main_screens(browser: Any, server: str, backend: Backend) -> None:
    """Each main screen at desktop and tablet size, the page loaded once for both."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR",
                                  timezone_id="Africa/Ouagadougou")
    page = context.new_page()

    def shoot_both(name: str) -> None:
        for viewport in (DESKTOP, TABLET):
            page.set_viewport_size(viewport)
            page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h",
                                   arg=[viewport["width"], viewport["height"]])
            shoot(page, name)
        page.set_viewport_size(DESKTOP)

    try:
        page.goto(f"{server}/connexion/")
        page.get_by_role("button", name="Se connecter").wait_for()
        shoot_both("connexion")
        login(page, server, "admin")
        for name, path in SCREENS:
            page.goto(f"{server}{path}")
            page.get_by_role("heading", level=1).wait_for()
            page.wait_for_load_state("networkidle")
            shoot_both(name)
        news = backend.call("admin", "GET", "/api/orders/?page_size=1&delivery_status=nouvelle")
        order = news.json()["results"][0]
        page.goto(f"{server}/commandes/?id={order['id']}")
        page.get_by_role("heading", name="Historique").wait_for()
        page.wait_for_load_state("networkidle")
        shoot_both("commande-detail")
        page.goto(f"{server}/commandes/")
        page.get_by_role("button", name="Notifications", exact=True).click()
        page.get_by_role("region", name="Notifications").wait_for()
        page.wait_for_load_state("networkidle")
        shoot_both("notifications")
    finally:
        context.close()


def test_receivables_show_debts_by_age_over_limit_in_red_and_download(
        page: Any, server: str, backend: Backend) -> None:
    product = backend.product(unique("Yaourt créances"), 50)
    name = unique("Maquis Créance")
    phone = f"70{int(time.time() * 1000) % 1_000_000:06d}"
    customer = backend.call("awa.commandes", "POST", "/api/customers/", json={
        "name": name, "phone": phone, "kind": "maquis", "credit_limit": 0})
    assert customer.status_code == 201, customer.text
    placed = backend.call("awa.commandes", "POST", "/api/orders/", json={
        "customer_id": customer.json()["id"],
        "items": [{"product_id": product["id"], "quantity": 3}]})
    assert placed.status_code == 201, placed.text
    login(page, server, "awa.commandes")
    page.get_by_role("link", name="Rapports").click()
    page.get_by_text("Total dû", exact=True).wait_for()
    page.get_by_role("heading", name="Plus gros débiteurs").wait_for()
    table = page.get_by_role("table", name="Créances par client et par âge, en FCFA")
    row = table.get_by_role("row").filter(has_text=name)
    row.wait_for()
    assert row.get_attribute("data-over-limit") == "true"
    assert "text-red-800" in (row.get_attribute("class") or "")
    assert "Au-dessus du plafond" in row.inner_text()
    assert "1 200" in row.inner_text()  # 3 pots × 400 FCFA, 0–7 days
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers[-4:] == ["0–7 j", "8–30 j", "31–60 j", "> 60 j"]
    assert table.get_by_role("row").last.inner_text().startswith("Total")
    for kind, button in (("csv", "Créances en CSV"), ("pdf", "Créances en PDF")):
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        assert info.value.suggested_filename.startswith("creances_")
        assert info.value.suggested_filename.endswith(f".{kind}")
        content = Path(info.value.path()).read_bytes()
        if kind == "pdf":
            assert content.startswith(b"%PDF")
        else:
            assert content.decode("utf-8-sig").startswith("Client;Téléphone;Type;")
    shoot(page, "rapports-creances")
