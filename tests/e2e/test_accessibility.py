"""Accessibility of the dashboard: axe-core (from npm, web's devDependency) finds nothing on any
screen; the focus never falls to <body> in the order dialog; the bell and the stock tabs follow
the keyboard patterns people expect; each page has its own title; the 404 page is French; hashed
assets are cached for a year."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.axe import axe_source_of, violations
from tests.e2e.conftest import Backend, login, shoot
from tests.processes import first_script

pytestmark = pytest.mark.slow
APP = "Gapal du Faso"
TITLES = {"/commandes/": "Commandes", "/clients/": "Clients", "/caisse/": "Caisse",
          "/produits/": "Produits", "/stock/": "Stock", "/pertes/": "Pertes",
          "/rapports/": "Rapports", "/utilisateurs/": "Utilisateurs",
          "/journal/": "Journal d'audit"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe_source_of("web")


def settled(page: Any) -> None:
    """Queries answered and rendered: nothing says it is loading any more."""
    page.wait_for_function("() => !document.body.innerText.includes('Chargement…')")
    page.wait_for_timeout(150)  # a render in flight ends before axe reads


def new_order(backend: Backend, client: str, notes: str = "") -> dict[str, Any]:
    product = backend.call("admin", "GET", "/api/products/?page_size=1").json()["results"][0]
    answer = backend.call("salif.vendeur", "POST", "/api/orders/", json={
        "client_name": client, "client_phone": "70 12 34 56", "priority": "moyenne",
        "notes": notes, "items": [{"product_id": product["id"], "quantity": 1}]})
    assert answer.status_code == 201, answer.text
    order: dict[str, Any] = answer.json()
    return order


def focus(page: Any) -> dict[str, Any]:
    """What has the focus: its tag, role, text, and whether it is inside an open dialog."""
    found: dict[str, Any] = page.evaluate("""() => {
        const element = document.activeElement;
        return {tag: element.tagName.toLowerCase(), role: element.getAttribute('role'),
                text: element.textContent.trim().slice(0, 80),
                inDialog: !!element.closest('dialog[open]')};
    }""")
    return found


def greyed_rows(backend: Backend) -> None:
    """A deactivated user, an archived product and a deactivated customer."""
    name = f"axe.inactif.{uuid.uuid4().hex[:6]}"
    user = backend.call("admin", "POST", "/api/users/", json={
        "username": name, "email": f"{name}@gapal.bf", "password": "mot-de-passe-axe-2026",
        "role": "vendeur", "phone": ""})
    assert user.status_code == 201, user.text
    assert backend.call("admin", "DELETE", f"/api/users/{user.json()['id']}/").status_code == 200
    product = backend.product(f"Axe archivé {uuid.uuid4().hex[:4]}", 0)
    archived = backend.call("admin", "DELETE", f"/api/products/{product['id']}/")
    assert archived.status_code in (200, 204), archived.text
    customer = backend.call("admin", "POST", "/api/customers/", json={
        "name": f"Axe Inactif {uuid.uuid4().hex[:4]}", "phone": f"7{uuid.uuid4().int % 10**7:07d}",
        "kind": "maquis"})
    assert customer.status_code == 201, customer.text
    closed = backend.call("admin", "PATCH", f"/api/customers/{customer.json()['id']}/",
                          json={"is_active": False})
    assert closed.status_code == 200, closed.text


def test_axe_finds_nothing_on_any_screen_of_the_dashboard(
        page: Any, server: str, backend: Backend, axe_source: str) -> None:
    seen: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        settled(page)
        seen[screen] = violations(page, axe_source)

    page.goto(f"{server}/connexion/")
    page.get_by_role("button", name="Se connecter").wait_for()
    check("connexion")
    assert page.title() == f"Connexion · {APP}"
    answer = page.goto(f"{server}/nulle-part/")
    page.get_by_role("heading", name="Page introuvable", level=1).wait_for()
    check("404")
    shoot(page, "72-page-introuvable")
    assert (answer.status, page.title()) == (404, f"Page introuvable · {APP}")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Revenir à l’accueil").get_attribute("href") == "/"
    login(page, server, "salif.vendeur")
    page.get_by_role("heading", name="Bienvenue, salif.vendeur").wait_for()
    check("accueil du vendeur")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/connexion/")

    order = new_order(backend, "Axe Tableau", notes="Livrer avant midi.\nSonner deux fois.")
    greyed_rows(backend)  # archived or deactivated rows are drawn lighter: they must stay legible
    login(page, server, "admin")
    nav = page.get_by_role("navigation", name="Navigation principale")
    titles: dict[str, str] = {}
    for path, title in TITLES.items():
        nav.get_by_role("link", name=title, exact=True).click()  # as people go: no reload
        page.wait_for_url(f"{server}{path}")
        page.get_by_role("heading", name=title, level=1).wait_for()
        check(title)
        titles[path] = page.title()
    # Each page has its own title: tabs, history and the route announcer tell them apart.
    assert titles == {path: f"{title} · {APP}" for path, title in TITLES.items()}
    nav.get_by_role("link", name="Stock", exact=True).click()
    for tab in ("Sortie", "Ajustement"):
        page.get_by_role("tab", name=tab).click()
        check(f"Stock, onglet {tab}")

    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")
    dialog.get_by_role("heading", name="Historique").wait_for()
    check("commande ouverte")
    shoot(page, "71-accessibilite-commande")
    dialog.get_by_role("button", name="Fermer").click()

    nav.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("button", name="Ouvrir la fiche de").first.click()
    page.get_by_test_id("customer-statement").wait_for()
    check("fiche client et relevé")
    page.keyboard.press("Escape")

    nav.get_by_role("link", name="Commandes", exact=True).click()
    page.get_by_role("button", name="Notifications", exact=True).click()
    page.get_by_role("region", name="Notifications").wait_for()
    check("notifications")

    assert {screen: found for screen, found in seen.items() if found} == {}, "\n".join(
        f"{screen}: {found}" for screen, found in seen.items() if found)
    assert len(seen) == 17
    # axe is really looking: an image without a text alternative is caught.
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert [found.split(" ")[0] for found in violations(page, axe_source)] == ["image-alt"]


def message_has_focus(page: Any, dialog: Any, message: str) -> None:
    """The dialog tells the result of an action and the focus is on that message."""
    dialog.get_by_role("status").filter(has_text=message).wait_for()
    assert focus(page) == {"tag": "p", "role": "status", "inDialog": True, "text": message}


def press_then_read(page: Any, dialog: Any, button: str, message: str) -> None:
    """An action taken from the keyboard in the dialog; its result message takes the focus."""
    dialog.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")
    message_has_focus(page, dialog, message)


def test_the_focus_stays_in_the_order_dialog_after_each_action(
        page: Any, server: str, backend: Backend) -> None:
    order = new_order(backend, "Axe Clavier")
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {order['order_number']}")

    press_then_read(page, dialog, "Passer à « En préparation »", "Statut changé : En préparation.")

    # Recording a payment: the form, its confirmation (Escape closes only it), the message.
    dialog.get_by_role("button", name="Enregistrer un paiement").focus()
    page.keyboard.press("Enter")
    form = dialog.get_by_role("form", name="Enregistrer un paiement")
    assert page.evaluate("() => document.activeElement.name") == "amount"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("100")
    page.keyboard.press("Enter")
    confirmation = form.get_by_role("group", name="Enregistrer un paiement")
    confirmation.wait_for()
    assert focus(page) == {"tag": "button", "role": None, "inDialog": True, "text": "Confirmer"}
    page.keyboard.press("Escape")
    confirmation.wait_for(state="detached")
    assert focus(page) == {"tag": "button", "role": None, "inDialog": True, "text": "Enregistrer"}
    page.keyboard.press("Enter")
    confirmation.get_by_role("button", name="Confirmer").wait_for()
    page.keyboard.press("Enter")
    message_has_focus(page, dialog, "Paiement de 100 FCFA enregistré.")

    press_then_read(page, dialog, "Marquer payée", "Paiement : Payée.")

    dialog.get_by_role("button", name="Annuler la commande").focus()
    page.keyboard.press("Enter")
    confirmation = dialog.get_by_role("group", name="Annuler définitivement cette commande ?")
    confirmation.wait_for()
    assert focus(page) == {"tag": "button", "role": None, "inDialog": True, "text": "Confirmer"}
    page.keyboard.press("Escape")  # closes the confirmation only
    confirmation.wait_for(state="detached")
    assert dialog.is_visible()
    assert focus(page) == {"tag": "button", "role": None, "inDialog": True,
                           "text": "Annuler la commande"}

    page.keyboard.press("Enter")
    confirmation.get_by_role("button", name="Confirmer").wait_for()
    page.keyboard.press("Enter")
    message_has_focus(page, dialog, "Statut changé : Annulée.")
    assert backend.call("admin", "GET", f"/api/orders/{order['id']}/").json()[
        "delivery_status"] == "annulee"
    page.keyboard.press("Escape")  # now the dialog itself closes
    dialog.wait_for(state="hidden")

    # Delivering goes through its own confirmation dialog: back in the order's, on the message.
    other = new_order(backend, "Axe Livraison")
    page.goto(f"{server}/commandes/?id={other['id']}")
    dialog = page.get_by_role("dialog", name=f"Commande {other['order_number']}")
    dialog.get_by_role("button", name="Passer à « Livrée »").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Confirmer la livraison").focus()
    page.keyboard.press("Enter")
    message_has_focus(page, dialog, "Statut changé : Livrée.")


def test_the_bell_names_itself_and_escape_gives_the_focus_back(
        page: Any, server: str, backend: Backend) -> None:
    new_order(backend, "Axe Cloche")
    login(page, server, "admin")
    bell = page.get_by_role("button", name="Notifications", exact=True)
    page.get_by_test_id("unread-badge").wait_for()
    assert page.get_by_test_id("unread-badge").get_attribute("aria-hidden") == "true"
    assert "non lue" in bell.evaluate(
        "b => document.getElementById(b.getAttribute('aria-describedby')).textContent")
    bell.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("region", name="Notifications")
    panel.wait_for()
    page.keyboard.press("Tab")  # into the panel
    assert page.evaluate("() => !!document.activeElement.closest('section[aria-label]')")
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    assert bell.evaluate("b => b === document.activeElement")
    assert bell.get_attribute("aria-expanded") == "false"


def test_stock_tabs_move_with_the_arrow_keys(page: Any, server: str) -> None:
    login(page, server, "issouf.stock")
    page.goto(f"{server}/stock/")
    tabs = page.get_by_role("tablist", name="Mouvement de stock").get_by_role("tab")

    def state() -> list[tuple[str, str | None, str | None]]:
        return [(tab.inner_text().strip(), tab.get_attribute("aria-selected"),
                 tab.get_attribute("tabindex")) for tab in tabs.all()]

    tabs.first.wait_for()
    assert state() == [("Entrée", "true", "0"), ("Sortie", "false", "-1"),
                       ("Ajustement", "false", "-1")]
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    assert state()[1] == ("Sortie", "true", "0")
    assert page.evaluate("() => document.activeElement.textContent") == "Sortie"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # past the last: back to the first
    assert page.evaluate("() => document.activeElement.textContent") == "Entrée"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.textContent") == "Ajustement"
    page.keyboard.press("Home")
    assert state() == [("Entrée", "true", "0"), ("Sortie", "false", "-1"),
                       ("Ajustement", "false", "-1")]
    page.keyboard.press("Tab")  # only the active tab is in the Tab order: on into its panel
    assert page.evaluate("() => !!document.activeElement.closest('[role=tabpanel]')")


def test_served_hashed_assets_are_immutable_and_pages_are_not(server: str) -> None:
    script = httpx.get(f"{server}{first_script(server, '/')}", timeout=10)
    assert script.headers.get("cache-control") == "public, max-age=31536000, immutable"
    assert "immutable" not in httpx.get(f"{server}/commandes/", timeout=10).headers.get(
        "cache-control", "")
