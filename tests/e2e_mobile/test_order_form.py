"""The order form on a 360×640 phone: what the vendor sees while typing, and when it refuses."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from tests.e2e_mobile.conftest import Office, phone_options, shoot
from tests.e2e_mobile.vendor import SYNCED, VendorApp


def between_the_bars(page: Any, locator: Any) -> bool:
    """On screen, neither under the sticky header nor under the sticky buttons."""
    box = locator.bounding_box()
    header = page.locator(".topbar").bounding_box()
    buttons = page.locator(".wizard-nav").bounding_box()
    return bool(box["y"] >= header["y"] + header["height"]
                and box["y"] + box["height"] <= buttons["y"])


def focused_name(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement?.getAttribute('name') ?? ''"))


def eventually(check: Callable[[], Any], seconds: float = 5.0) -> Any:
    """The check's last value, once truthy or after `seconds`: focus and scrolling follow the
    render, a moment later on a busy machine."""
    deadline = time.monotonic() + seconds
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_a_refused_step_shows_the_error_at_the_field_and_focuses_it(page: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    page.get_by_role("link", name="Nouvelle commande").click()
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="Suivant").click()

    name = page.get_by_label("Nom du client")
    error = page.get_by_text("Le nom du client est obligatoire.")
    assert eventually(lambda: focused_name(page) == "client_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert name.get_attribute("aria-describedby") == error.get_attribute("id")
    assert eventually(lambda: between_the_bars(page, error))
    shoot(page, "10-nom-obligatoire")

    name.fill("Awa Ouédraogo")
    page.get_by_label("Téléphone").fill("12")
    page.get_by_role("button", name="Suivant").click()
    phone = page.get_by_label("Téléphone")
    error = page.get_by_text("Numéro burkinabè à 8 chiffres")
    assert eventually(lambda: focused_name(page) == "client_phone"), focused_name(page)
    assert phone.get_attribute("aria-invalid") == "true"
    assert phone.get_attribute("aria-describedby") == f"phone-hint {error.get_attribute('id')}"
    assert name.get_attribute("aria-invalid") is None
    assert eventually(lambda: between_the_bars(page, error))
    shoot(page, "11-telephone-invalide")

    phone.fill("70 12 34 56")
    page.get_by_role("button", name="Suivant").click()
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="Suivant").click()
    refusal = page.get_by_role("alert").filter(has_text="Choisissez au moins un produit.")
    assert eventually(lambda: page.evaluate("() => document.activeElement?.id") == "items-error")
    assert eventually(lambda: between_the_bars(page, refusal))


def test_the_total_follows_a_quantity_as_it_is_typed_with_a_decimal_comma(
        page: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Nom du client").fill("Rasmata Ilboudo")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill("Lait frais de vache")
    quantity = page.get_by_label("Quantité de Lait frais de vache (1 L)", exact=True)
    running_total = page.locator(".running-total")

    quantity.press_sequentially("2")
    running_total.get_by_text("1\u00a0000\u00a0FCFA").wait_for()
    quantity.press_sequentially(",")
    assert quantity.input_value() == "2,"
    quantity.press_sequentially("5")
    running_total.get_by_text("1\u00a0250\u00a0FCFA").wait_for()
    assert page.evaluate("() => document.activeElement?.classList.contains('qty')")
    shoot(page, "12-total-en-tapant")


def test_an_unusual_quantity_asks_before_saving(page: Any, server: str) -> None:
    app = VendorApp(page, server)
    app.log_in()
    page.get_by_role("link", name="Nouvelle commande").click()
    page.get_by_label("Nom du client").fill("Salam Nikiéma")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Rechercher un produit").fill("Yaourt nature")
    page.get_by_label("Quantité de Yaourt nature (pot 125 g)", exact=True).fill("250")
    for _ in range(3):
        page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Enregistrer la commande").click()

    dialog = page.get_by_role("dialog", name="Vérifiez cette commande")
    dialog.get_by_text("250 pot de Yaourt nature (pot 125 g) : c’est beaucoup.").wait_for()
    shoot(page, "15-commande-inhabituelle")
    dialog.get_by_role("button", name="Corriger").click()
    dialog.wait_for(state="detached")
    page.get_by_role("heading", name="Nouvelle commande").wait_for()

    page.get_by_role("button", name="Enregistrer la commande").click()
    dialog.get_by_role("button", name="Enregistrer quand même").click()
    page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée")).wait_for()


def test_the_delivery_date_is_french_on_a_browser_set_to_english(
        browser: Any, server: str, office: Office) -> None:
    context = browser.new_context(**{**phone_options(), "locale": "en-US"})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        app = VendorApp(page, server)
        app.log_in()
        today = datetime.now(UTC).date()  # Koudougou is on UTC
        page.get_by_role("link", name="Nouvelle commande").click()
        client_name = f"Date en français {uuid4().hex[:4].upper()}"
        page.get_by_label("Nom du client").fill(client_name)
        date = page.get_by_label("Date de livraison")
        assert date.input_value() == today.strftime("%d/%m/%Y")
        assert date.get_attribute("placeholder") == "jj/mm/aaaa"
        assert date.get_attribute("inputmode") == "numeric"

        date.fill("")
        date.press_sequentially("31022026")  # the number pad has no "/": they come by themselves
        assert date.input_value() == "31/02/2026"
        page.get_by_role("button", name="Suivant").click()
        page.get_by_text("Le 31/02/2026 n’existe pas.").wait_for()
        assert eventually(lambda: focused_name(page) == "delivery_date")
        assert date.get_attribute("aria-invalid") == "true"
        shoot(page, "16-date-impossible")

        page.get_by_role("button", name="Demain").click()
        tomorrow = today + timedelta(days=1)
        assert date.input_value() == tomorrow.strftime("%d/%m/%Y")
        assert page.get_by_role("button", name="Demain").get_attribute("aria-pressed") == "true"
        assert page.get_by_text("Le 31/02/2026 n’existe pas.").count() == 0
        assert date.get_attribute("aria-invalid") is None

        day = today + timedelta(days=3)
        date.fill("")
        date.press_sequentially(day.strftime("%d/%m/%Y"))
        page.locator("#date-hint").get_by_text(str(day.year)).wait_for()
        assert page.get_by_role("button", name="Demain").get_attribute("aria-pressed") == "false"
        shoot(page, "17-date-en-francais")
        page.get_by_role("button", name="Suivant").click()
        page.get_by_label("Rechercher un produit").fill("Yaourt nature")
        page.get_by_role("button", name="Ajouter : Yaourt nature (pot 125 g)", exact=True).click()
        for _ in range(3):
            page.get_by_role("button", name="Suivant").click()
        page.get_by_role("button", name="Enregistrer la commande").click()
        flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
        app.expect_state(re.findall(r"\d{6}-\w{6}", flash.inner_text())[0], SYNCED)
        [order] = office.orders_of(client_name)
        assert order["delivery_date"] == day.isoformat()
    finally:
        context.close()
