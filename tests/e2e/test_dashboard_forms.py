"""Managers type numbers the French way and confirm what takes stock out (issue 14)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, Backend, login, shoot
from tests.e2e.test_dashboard import unique

pytestmark = pytest.mark.slow
GARBAGE = "Saisissez un nombre, par exemple 2,5 ou 1 500."


def stock_form(page: Any, server: str, tab: str, product: str) -> Any:
    login(page, server, "issouf.stock")
    page.get_by_role("link", name="Stock").click()
    page.get_by_role("tab", name=tab).click()
    form = page.get_by_role("tabpanel")
    form.get_by_role("combobox", name=re.compile("^Produit")).select_option(label=product)
    return form


def stock_of(backend: Backend, product: dict[str, Any]) -> float:
    answer = backend.call("admin", "GET", f"/api/products/{product['id']}/").json()
    return float(answer["stock_quantity"])


def test_an_exit_of_2_comma_5_takes_out_two_and_a_half_and_garbage_is_refused_in_french(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Lait frais")
    product = backend.product(name, stock=10)
    form = stock_form(page, server, "Sortie", name)
    quantity = form.get_by_label(re.compile("^Quantité"))
    assert quantity.get_attribute("inputmode") == "decimal"
    assert quantity.get_attribute("type") in (None, "text")
    quantity.fill("2,5 litres")
    form.get_by_role("button", name="Enregistrer la sortie").click()
    form.get_by_text(GARBAGE).wait_for()
    assert quantity.get_attribute("aria-invalid") == "true"
    assert quantity.evaluate("element => element === document.activeElement")
    shoot(page, "sortie-nombre-refuse")
    assert stock_of(backend, product) == 10

    quantity.fill("2,5")
    form.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_role("status").filter(has_text="Stock après : 7,5 pot").wait_for()
    assert stock_of(backend, product) == 7.5


def test_a_product_priced_1_500_with_2_comma_5_in_stock_reads_the_french_way(
        page: Any, server: str) -> None:
    name = unique("Dègué")
    login(page, server, "issouf.stock")
    page.get_by_role("link", name="Produits").click()
    page.get_by_role("button", name="Nouveau produit").click()
    form = page.get_by_role("dialog", name="Nouveau produit")
    form.get_by_label("Nom").fill(name)
    form.get_by_label("Catégorie", exact=True).select_option(index=1)
    form.get_by_label("Unité").fill("pot")
    form.get_by_label("Prix unitaire (FCFA)").fill("1 500,50")
    form.get_by_label("Stock initial").fill("2,5")
    form.get_by_role("button", name="Enregistrer").click()
    form.get_by_text("Saisissez un nombre entier, sans virgule.").wait_for()
    shoot(page, "produit-prix-refuse")

    form.get_by_label("Prix unitaire (FCFA)").fill("1 500")
    form.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Rechercher").fill(name)
    row = page.get_by_role("row").filter(has_text=name)
    row.wait_for()
    cells = [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]
    assert "1 500 FCFA" in cells, cells
    assert "2,5 pot" in cells, cells


def test_delivering_asks_first_and_shows_the_stock_that_will_leave(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Yaourt nature")
    product = backend.product(name, stock=10)
    order = backend.order(unique("Client prudent"), [(product["id"], 2.5)])
    login(page, server, "awa.commandes")
    page.goto(f"{server}/commandes/?id={order['id']}")
    page.get_by_role("button", name="Passer à « Livrée »").click()
    confirm = page.get_by_role("dialog", name=f"Livrer la commande {order['order_number']} ?")
    table = confirm.get_by_role("table", name="Stock qui va sortir")
    row = table.get_by_role("row").filter(has_text=name)
    row.get_by_text("10 pot → 7,5 pot").wait_for()
    assert row.get_by_role("cell").nth(1).inner_text().strip() == "2,5 pot"
    shoot(page, "livraison-confirmation")

    confirm.get_by_role("button", name="Annuler").click()
    assert stock_of(backend, product) == 10
    page.get_by_role("button", name="Passer à « Livrée »").click()
    confirm.get_by_role("button", name="Confirmer la livraison").click()
    page.get_by_role("status").filter(has_text="Statut changé : Livrée").wait_for()
    assert stock_of(backend, product) == 7.5


def test_an_exit_beyond_stock_is_refused_as_an_exit_not_as_a_delivery(
        page: Any, server: str, backend: Backend) -> None:
    name = unique("Fromage sec")
    product = backend.product(name, stock=2)
    form = stock_form(page, server, "Sortie", name)
    form.get_by_label(re.compile("^Quantité")).fill("5")
    form.get_by_role("button", name="Enregistrer la sortie").click()
    alert = form.get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert text.startswith("Stock insuffisant, la sortie n’a pas été enregistrée"), text
    assert "commande" not in text
    shoot(page, "sortie-stock-insuffisant")
    assert stock_of(backend, product) == 2


@pytest.mark.parametrize(("tab", "typed", "submit", "after"), [
    ("Sortie", "5", "Enregistrer la sortie", "Stock après : 5 pot"),
    ("Ajustement", "3", "Enregistrer l’ajustement", "Stock après : 3 pot"),
])
def test_an_exit_or_adjustment_into_reserved_stock_asks_first(
        page: Any, server: str, backend: Backend, tab: str, typed: str, submit: str,
        after: str) -> None:
    name = unique("Lait caillé réservé")
    product = backend.product(name, stock=10)
    backend.order(unique("Client réservé"), [(product["id"], 6)])
    form = stock_form(page, server, tab, name)
    form.get_by_label(re.compile("^Quantité")).fill(typed)
    form.get_by_role("button", name=submit).click()
    warning = form.get_by_role("alertdialog", name="Stock réservé par des commandes")
    warning.get_by_text("Des commandes en cours réservent 6 pot").wait_for()
    shoot(page, f"{tab.lower()}-stock-reserve")
    warning.get_by_role("button", name="Annuler").click()
    assert stock_of(backend, product) == 10

    form.get_by_role("button", name=submit).click()
    warning.get_by_role("button", name="Enregistrer quand même").click()
    page.get_by_role("status").filter(has_text=after).wait_for()


def test_forms_speak_french_even_in_an_english_browser(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{server}/connexion/")
        page.get_by_role("button", name="Se connecter").click()
        username = page.get_by_label("Nom d'utilisateur")
        page.get_by_text("Ce champ est obligatoire.").first.wait_for()
        assert username.get_attribute("aria-invalid") == "true"
        shoot(page, "connexion-champs-vides")

        login(page, server, "admin")
        page.get_by_role("link", name="Utilisateurs").click()
        page.get_by_role("button", name="Nouvel utilisateur").click()
        form = page.get_by_role("dialog", name="Nouvel utilisateur")
        form.get_by_label("Nom d'utilisateur").fill("court")
        form.get_by_label("Mot de passe").fill("abcd")
        form.get_by_label("E-mail").fill("pas-une-adresse")
        form.get_by_role("button", name="Créer").click()
        form.get_by_text("Au moins 10 caractères (4 saisis).").wait_for()
        form.get_by_text("Adresse e-mail invalide").wait_for()
        shoot(page, "utilisateur-champs-refuses")
        forms = page.locator("form")
        assert forms.count() >= 2
        assert all(forms.nth(i).evaluate("form => form.noValidate") for i in range(forms.count()))
    finally:
        context.close()


def test_dates_are_typed_the_french_way_even_in_an_english_browser(
        browser: Any, server: str, backend: Backend) -> None:
    """Chromium in English shows `<input type="date">` as mm/dd/yyyy: every date field of the
    dashboard is a jj/mm/aaaa text field instead, refused in French when it is no date."""
    name = unique("Yaourt daté")
    backend.product(name, stock=1)
    context = browser.new_context(viewport=DESKTOP, locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    try:
        login(page, server, "admin")
        page.get_by_role("table", name="Commandes").get_by_role("row").nth(1).wait_for()
        since = page.get_by_label("Du", exact=True)
        assert since.get_attribute("type") == "text"
        assert since.get_attribute("placeholder") == "jj/mm/aaaa"
        assert page.locator('input[type="date"]').count() == 0
        since.fill("31/02/2026")
        page.get_by_text("Le 31/02/2026 n’existe pas (ce mois a 28 jours).").wait_for()
        assert since.get_attribute("aria-invalid") == "true"
        since.fill("01/01/2099")  # a day after every order: the list empties
        page.get_by_text("Aucun résultat.").wait_for()
        page.get_by_role("button", name="Effacer les filtres").click()
        assert page.get_by_label("Du", exact=True).input_value() == ""
        shoot(page, "commandes-dates-francaises")

        page.get_by_role("link", name="Stock").click()
        page.get_by_role("tab", name="Entrée").click()
        form = page.get_by_role("tabpanel")
        form.get_by_role("combobox", name=re.compile("^Produit")).select_option(label=name)
        form.get_by_label(re.compile("^Quantité")).fill("4")
        expiry = form.get_by_label(re.compile("^Date de péremption"))
        assert expiry.get_attribute("placeholder") == "jj/mm/aaaa"
        expiry.fill("12/25/2030")  # the American way: refused, nothing recorded
        form.get_by_role("button", name=re.compile("^Enregistrer")).click()
        form.get_by_text("Le mois va de 01 à 12.").wait_for()
        expiry.fill("25/12/2030")
        form.get_by_role("button", name=re.compile("^Enregistrer")).click()
        page.get_by_role("status").filter(has_text="Mouvement enregistré").wait_for()
        products = backend.call("admin", "GET", "/api/products/",
                                params={"search": name}).json()["results"]
        assert [(p["stock_quantity"], p["expiration_date"]) for p in products] == [
            (5, "2030-12-25")]
        shoot(page, "entree-stock-peremption-francaise")

        page.get_by_role("link", name="Produits").click()
        page.get_by_label("Rechercher").fill(name)
        page.get_by_role("row").filter(has_text=name).get_by_role("button", name="Modifier").click()
        dialog = page.get_by_role("dialog", name=f"Modifier {name}")
        assert dialog.get_by_label(re.compile("^Date de péremption")).input_value() == "25/12/2030"
    finally:
        context.close()
