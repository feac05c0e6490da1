"""Accessibility of the vendor app: axe-core finds nothing on any screen; a focused field is never
under the fixed footer; each step of the order form takes the focus; the manifest lets the phone
turn."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.axe import axe_source_of, violations
from tests.e2e_mobile.conftest import shoot
from tests.e2e_mobile.vendor import SYNCED, NewOrder, VendorApp

LAIT = "Lait frais de vache (1 L)"


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe_source_of("mobile")


def check(page: Any, axe_source: str, screen: str, seen: dict[str, list[str]]) -> None:
    page.wait_for_timeout(100)  # a render in flight (Preact batches) ends before axe reads
    seen[screen] = violations(page, axe_source)


def test_axe_finds_nothing_on_any_screen_of_the_phone_app(
        page: Any, server: str, axe_source: str) -> None:
    seen: dict[str, list[str]] = {}
    app = VendorApp(page, server)
    app.open()
    page.get_by_label("Nom d'utilisateur").wait_for()
    check(page, axe_source, "connexion", seen)
    page.get_by_label("Nom d'utilisateur").fill("salif.vendeur")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_label("Mot de passe").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Mot de passe").get_attribute("aria-describedby") == "login-error"
    check(page, axe_source, "connexion refusée", seen)
    app.log_in()
    check(page, axe_source, "mes commandes", seen)
    shoot(page, "69-mes-commandes")

    page.get_by_role("link", name="Nouvelle commande").click()
    check(page, axe_source, "étape 1 client", seen)
    page.get_by_role("button", name="Suivant").click()  # nothing typed: the refusals show
    page.locator("#client_name-error").wait_for()
    check(page, axe_source, "étape 1 refusée", seen)
    page.get_by_role("button", name="Nouveau client").click()
    check(page, axe_source, "étape 1 nouveau client", seen)
    page.get_by_label("Nom du client").fill(f"Axe Client {uuid4().hex[:4].upper()}")
    page.get_by_label("Téléphone").fill("70 11 22 33")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Suivant").click()  # no product: refused
    page.get_by_role("alert").filter(has_text="Choisissez au moins un produit").wait_for()
    check(page, axe_source, "étape 2 refusée", seen)
    page.get_by_label("Rechercher un produit").fill("Lait frais")
    page.get_by_role("button", name=f"Ajouter : {LAIT}", exact=True).click()
    check(page, axe_source, "étape 2 produits", seen)
    for step in ("étape 3 priorité", "étape 4 paiement", "étape 5 notes"):
        page.get_by_role("button", name="Suivant").click()
        check(page, axe_source, step, seen)
    page.get_by_role("button", name="Enregistrer la commande").click()
    page.get_by_role("link", name="Livrée sur place ?").wait_for()
    check(page, axe_source, "commande enregistrée", seen)

    order = NewOrder(f"Axe Détail {uuid4().hex[:4].upper()}", [(LAIT, 4)])
    app.take_order(order)
    app.expect_state(order.number, SYNCED)
    app.card(order.number).locator("a.card-main").click()
    page.get_by_role("heading", name=order.number).wait_for()
    check(page, axe_source, "détail", seen)
    page.get_by_role("link", name="Enregistrer un paiement").click()
    page.get_by_label("Montant reçu (FCFA)").fill("0")
    page.get_by_role("button", name="Moov Money", exact=True).click()
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_role("alert").first.wait_for()
    check(page, axe_source, "paiement refusé", seen)
    page.get_by_label("Montant reçu (FCFA)").fill("500")
    page.get_by_label("Référence de la transaction").fill("MM-AXE")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_role("dialog", name="Confirmer le paiement").wait_for()
    check(page, axe_source, "confirmer le paiement", seen)
    page.get_by_role("button", name="Oui, enregistrer").click()
    page.get_by_role("link", name="Livrer").wait_for()
    page.get_by_role("link", name="Livrer").click()
    page.get_by_role("button", name="Payée", exact=True).click()
    check(page, axe_source, "livraison", seen)
    page.get_by_role("button", name="Livrer", exact=True).click()
    page.get_by_role("dialog", name="Confirmer la livraison").wait_for()
    check(page, axe_source, "confirmer la livraison", seen)
    page.goto(f"{server}/mobile/#/caisse")
    page.get_by_role("heading", name="Ma caisse du jour").wait_for()
    page.get_by_role("table", name="Par moyen de paiement").wait_for()
    check(page, axe_source, "ma caisse du jour", seen)
    shoot(page, "70-accessibilite-caisse")

    page.goto(f"{server}/mobile/#/")
    page.get_by_role("heading", name="Mes commandes").wait_for()
    app.card(order.number).get_by_role("link", name="Modifier").click()
    page.get_by_role("button", name="Suivant").wait_for()
    check(page, axe_source, "modifier une commande", seen)
    page.goto(f"{server}/mobile/#/")
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Nom du client").fill("Axe Inhabituelle")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill("Yaourt nature")
    page.get_by_label("Quantité de Yaourt nature (pot 125 g)", exact=True).fill("250")
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()
    page.get_by_role("dialog", name="Vérifiez cette commande").wait_for()
    check(page, axe_source, "commande inhabituelle", seen)
    page.get_by_role("dialog", name="Vérifiez cette commande").get_by_role(
        "button", name="Corriger").click()
    page.get_by_role("dialog", name="Vérifiez cette commande").wait_for(state="detached")

    assert {screen: found for screen, found in seen.items() if found} == {}
    assert len(seen) == 20
    # axe is really looking: an image without a text alternative is caught.
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert [found.split(" ")[0] for found in violations(page, axe_source)] == ["image-alt"]


def focused_box(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const footer = document.querySelector('.wizard-nav');
        const name = el.getAttribute('aria-label') || el.name || el.textContent.trim();
        return {tag: el.tagName, name,
                top: box.top, bottom: box.bottom, inFooter: Boolean(footer && footer.contains(el)),
                footerTop: footer ? footer.getBoundingClientRect().top : null};
    }""")


def tab_until_footer(page: Any, limit: int = 40) -> list[dict[str, Any]]:
    """Tabs forward from the focus until it reaches the footer's buttons; each stop on the way."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        box = focused_box(page)
        if box["inFooter"]:
            return stops
        stops.append(box)
    raise AssertionError(f"Le pied de page n'est jamais atteint : {stops}")


def wait_for_focus(page: Any, tag: str, text: str) -> None:
    """Waits until the focus is on that element (effects run after the render)."""
    page.wait_for_function(
        "([tag, text]) => document.activeElement.matches(tag)"
        " && document.activeElement.textContent === text", arg=[tag, text], timeout=5_000)


def test_a_focused_field_is_never_under_the_footer_and_each_step_takes_the_focus(
        page: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_role("button", name="Nouveau client").click()  # the longest step 1
    page.locator(".wizard h1").click()  # start the tabbing from the top of the form
    stops = tab_until_footer(page)
    names = [stop["name"] for stop in stops]
    assert "delivery_date" in names, names
    hidden = [stop for stop in stops if stop["bottom"] > stop["footerTop"] or stop["top"] < 0]
    assert hidden == [], hidden

    page.get_by_label("Nom du client").fill(f"Pied De Page {uuid4().hex[:4].upper()}")
    page.get_by_label("Téléphone").fill("70 11 22 44")
    page.get_by_role("button", name="Suivant").click()
    wait_for_focus(page, "h2", "Étape 2 sur 5 · Produits")
    # A chosen product puts the running total on two lines: the footer at its tallest.
    page.get_by_label(f"Quantité de {LAIT}").fill("20")
    footer = page.locator(".wizard-nav").bounding_box()
    assert footer["height"] > 130, footer
    page.locator(".wizard h2.progress").focus()
    stops = tab_until_footer(page)
    assert len(stops) >= 16, [stop["name"] for stop in stops]
    assert any(stop["name"] == f"Quantité de {LAIT}" for stop in stops)
    hidden = [stop for stop in stops if stop["bottom"] > stop["footerTop"] or stop["top"] < 0]
    assert hidden == [], hidden
    page.keyboard.press("Shift+Tab")
    shoot(page, "71-focus-au-dessus-du-pied")
    page.get_by_label(f"Quantité de {LAIT}").fill("")  # no product again

    page.get_by_role("button", name="Précédent").click()
    wait_for_focus(page, "h2", "Étape 1 sur 5 · Client")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Suivant").click()  # no product: the focus goes to the refusal
    wait_for_focus(page, "p", "Choisissez au moins un produit.")
    page.get_by_label("Rechercher un produit").fill("Lait frais")
    page.get_by_role("button", name=f"Ajouter : {LAIT}", exact=True).click()
    for label in ("Étape 3 sur 5 · Priorité", "Étape 4 sur 5 · Paiement", "Étape 5 sur 5 · Notes"):
        page.get_by_role("button", name="Suivant").click()
        wait_for_focus(page, "h2", label)


def test_the_manifest_lets_the_phone_turn_and_shows_screenshots(server: str) -> None:
    manifest = httpx.get(f"{server}/mobile/manifest.webmanifest", timeout=10).json()
    assert "orientation" not in manifest
    assert manifest["id"] == "/mobile/"
    assert {shot["form_factor"] for shot in manifest["screenshots"]} == {"narrow"}
    for shot in manifest["screenshots"]:
        answer = httpx.get(f"{server}/mobile/{shot['src']}", timeout=10)
        assert answer.status_code == 200, shot
        assert answer.headers["content-type"] == "image/png"
