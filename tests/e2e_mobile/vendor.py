"""The vendor app driven as a vendor uses it: by labels and button names, on a 360×640 phone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.e2e_mobile.conftest import VENDEUR, shoot

PENDING = "En attente de synchronisation"
SYNCED = "Synchronisée"
MERGED = "Modifiée au bureau"


@dataclass
class NewOrder:
    client_name: str
    products: list[tuple[str, int]]  # (exact product name, taps on +)
    phone: str = "70 12 34 56"
    address: str = "Secteur 5, Koudougou"
    priority: str = "Moyenne"
    paid: bool = False
    notes: str = ""
    voice_seconds: float = 0
    shots: str | None = None  # screenshot name prefix, one per step
    number: str = field(default="", init=False)


class VendorApp:
    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base

    def open(self) -> None:
        self.page.goto(f"{self.base}/mobile/")

    def log_in(self, shot: str | None = None) -> None:
        self.open()
        self.page.get_by_label("Nom d'utilisateur").fill(VENDEUR[0])
        self.page.get_by_label("Mot de passe").fill(VENDEUR[1])
        if shot:
            shoot(self.page, shot)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.get_by_role("heading", name="Mes commandes").wait_for()
        self.page.get_by_text("Dernière synchro").wait_for()  # the catalogue is on the phone

    def wait_for_service_worker(self) -> None:
        self.page.wait_for_function("() => navigator.serviceWorker?.controller != null")

    def card(self, number: str) -> Any:
        return self.page.locator("li.card").filter(has_text=number)

    def expect_state(self, number: str, state: str, timeout: float = 30_000) -> None:
        self.card(number).get_by_text(state, exact=True).wait_for(timeout=timeout)

    def take_order(self, order: NewOrder) -> str:
        page = self.page
        page.get_by_role("link", name="Nouvelle commande").click()
        page.get_by_label("Nom du client").fill(order.client_name)
        page.get_by_label("Téléphone").fill(order.phone)
        page.get_by_label("Adresse de livraison").fill(order.address)
        self._step_done(order, "1-client")
        for name, taps in order.products:
            page.get_by_label("Rechercher un produit").fill(name.split(" (")[0])
            for _ in range(taps):
                page.get_by_role("button", name=f"Ajouter : {name}", exact=True).click()
        self._step_done(order, "2-produits")
        page.get_by_role("button", name=order.priority, exact=True).click()
        self._step_done(order, "3-priorite")
        if order.paid:
            page.get_by_label("Payée").check()
        self._step_done(order, "4-paiement")
        if order.notes:
            page.get_by_label("Notes").fill(order.notes)
        if order.voice_seconds:
            page.get_by_role("button", name="Note vocale", exact=True).click()
            page.get_by_text("Enregistrement…").wait_for()
            # the fake microphone plays in real time: a note of N seconds takes N seconds
            page.wait_for_timeout(order.voice_seconds * 1000)
            page.get_by_role("button", name="Arrêter l'enregistrement").click()
            page.locator(".voice audio").first.wait_for()
        if order.shots:
            shoot(page, f"{order.shots}-5-notes")
        page.get_by_role("button", name="Enregistrer la commande").click()
        flash = page.get_by_text(re.compile(r"Commande \d{6}-\w{6} enregistrée"))
        order.number = re.findall(r"\d{6}-\w{6}", flash.inner_text())[0]
        if order.shots:
            shoot(page, f"{order.shots}-6-enregistree")
        return order.number

    def _step_done(self, order: NewOrder, name: str) -> None:
        if order.shots:
            shoot(self.page, f"{order.shots}-{name}")
        self.page.get_by_role("button", name="Suivant").click()

    def edit_priority(self, number: str, priority: str) -> None:
        self.card(number).get_by_role("link", name="Modifier").click()
        for _ in range(2):
            self.page.get_by_role("button", name="Suivant").click()
        self.page.get_by_role("button", name=priority, exact=True).click()
        for _ in range(2):
            self.page.get_by_role("button", name="Suivant").click()
        self.page.get_by_role("button", name="Enregistrer la commande").click()
        self.page.get_by_role("heading", name="Mes commandes").wait_for()
