"""When people are told: new orders, status changes, low stock, expiry, pending orders short.

Pure rules; the notifications view applies them to the log and the products' current state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from domain.limits import credit_sentence
from domain.values import DeliveryStatus, Role

STATUS_LABELS = {
    DeliveryStatus.NOUVELLE: "nouvelle",
    DeliveryStatus.EN_PREPARATION: "en préparation",
    DeliveryStatus.EN_COURS: "en cours de livraison",
    DeliveryStatus.LIVREE: "livrée",
    DeliveryStatus.ANNULEE: "annulée",
}


class AlertType(StrEnum):
    NOUVELLE_COMMANDE = "nouvelle_commande"
    STATUT_COMMANDE = "statut_commande"
    STOCK_BAS = "stock_bas"
    PEREMPTION = "peremption"
    STOCK_INSUFFISANT = "stock_insuffisant"
    ANOMALIE_VUE = "anomalie_vue"
    CREDIT_DEPASSE = "credit_depasse"
    SCEAU_JOURNAL = "sceau_journal"


RECIPIENTS: dict[AlertType, tuple[Role, ...]] = {
    AlertType.NOUVELLE_COMMANDE: (Role.GESTIONNAIRE_COMMANDES, Role.ADMIN),
    AlertType.STATUT_COMMANDE: (Role.GESTIONNAIRE_COMMANDES,),
    AlertType.STOCK_BAS: (Role.GESTIONNAIRE_STOCKS, Role.ADMIN),
    AlertType.PEREMPTION: (Role.GESTIONNAIRE_STOCKS, Role.ADMIN),
    AlertType.STOCK_INSUFFISANT: (Role.GESTIONNAIRE_STOCKS, Role.GESTIONNAIRE_COMMANDES,
                                  Role.ADMIN),
    AlertType.ANOMALIE_VUE: (Role.ADMIN,),
    AlertType.CREDIT_DEPASSE: (Role.GESTIONNAIRE_COMMANDES, Role.ADMIN),
    AlertType.SCEAU_JOURNAL: (Role.ADMIN,),
}


@dataclass(frozen=True)
class Alert:
    """What to tell, to whom: the roles, and one user beside them (an order's creator)."""

    type: AlertType
    title: str
    message: str
    roles: tuple[Role, ...]
    user_id: str | None = None


def qty(amount: Decimal) -> str:
    """`2,5` as people write it here."""
    return f"{amount.normalize():f}".replace(".", ",")


def fcfa(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u202f") + " FCFA"


def new_order(order_number: str, client_name: str, total_price: int) -> Alert:
    return Alert(AlertType.NOUVELLE_COMMANDE, f"Nouvelle commande {order_number}",
                 f"{client_name} — {fcfa(total_price)}.", RECIPIENTS[AlertType.NOUVELLE_COMMANDE])


def status_changed(order_number: str, client_name: str, to: DeliveryStatus,
                   creator_id: str) -> Alert:
    return Alert(AlertType.STATUT_COMMANDE, f"Commande {order_number} {STATUS_LABELS[to]}",
                 f"La commande de {client_name} est maintenant {STATUS_LABELS[to]}.",
                 RECIPIENTS[AlertType.STATUT_COMMANDE], creator_id)


def credit_exceeded(client_name: str, balance_after: int, credit_limit: int,
                    order_number: str) -> Alert:
    """An order accepted although it takes its customer's balance above his credit limit."""
    return Alert(AlertType.CREDIT_DEPASSE, f"Crédit dépassé : {client_name}",
                 credit_sentence(client_name, balance_after, credit_limit, order_number) + ".",
                 RECIPIENTS[AlertType.CREDIT_DEPASSE])


def is_low(stock: Decimal, min_stock_level: Decimal) -> bool:
    return stock <= min_stock_level


def low_stock(name: str, stock: Decimal, unit: str, min_stock_level: Decimal) -> Alert:
    return Alert(AlertType.STOCK_BAS, f"Stock bas : {name}",
                 f"Il reste {qty(stock)} {unit} (seuil : {qty(min_stock_level)}).",
                 RECIPIENTS[AlertType.STOCK_BAS])


def expiry_is_near(expiration_date: date | None, stock: Decimal, today: date,
                   warning_days: int) -> bool:
    """Stock on the shelf whose expiry date is within the warning window, or past."""
    return (expiration_date is not None and stock > 0
            and expiration_date <= today + timedelta(days=warning_days))


def expiry(name: str, expiration_date: date, today: date) -> Alert:
    when = "périmé depuis le" if expiration_date < today else "périme le"
    return Alert(AlertType.PEREMPTION, f"Péremption : {name}",
                 f"{name} {when} {expiration_date:%d/%m/%Y} : écoulez ou retirez le stock.",
                 RECIPIENTS[AlertType.PEREMPTION])


def lot_expiry(name: str, unit: str, lot_code: str, remaining: Decimal,
               expiration_date: date, today: date) -> Alert:
    """One lot near or past its date: which lot, how much, and when (J-N)."""
    days = (expiration_date - today).days
    if days < 0:
        when = f"est périmé depuis le {expiration_date:%d/%m/%Y} : retirez-le en perte"
    else:
        when = f"périme le {expiration_date:%d/%m/%Y} (J-{days}) : écoulez-le en premier"
    return Alert(AlertType.PEREMPTION, f"Péremption : {name} (lot {lot_code})",
                 f"Le lot {lot_code} de {name} ({qty(remaining)} {unit}) {when}.",
                 RECIPIENTS[AlertType.PEREMPTION])


def lot_threshold(expiration_date: date, today: date) -> str:
    """Each lot is told once as near its date and once as expired."""
    return "perime" if expiration_date < today else "proche"


def is_short(available: Decimal) -> bool:
    return available < 0


def insufficient_stock(name: str, stock: Decimal, reserved: Decimal, unit: str) -> Alert:
    return Alert(AlertType.STOCK_INSUFFISANT, f"Stock insuffisant : {name}",
                 f"Les commandes en attente demandent {qty(reserved)} {unit}, "
                 f"le stock n'en a que {qty(stock)}.",
                 RECIPIENTS[AlertType.STOCK_INSUFFISANT])


def view_failure(view: str, position: int, event_type: str) -> Alert:
    """A view skipped an event it could not project: its figures may be off until a rebuild."""
    return Alert(AlertType.ANOMALIE_VUE, f"Vue « {view} » incomplète",
                 f"L'événement n° {position} ({event_type}) n'a pas pu y être pris en compte. "
                 "Les autres vues sont à jour ; après correction, lancez "
                 f"« gapal projections rebuild --view {view} ».",
                 RECIPIENTS[AlertType.ANOMALIE_VUE])


def journal_seal(day: date, position: int, digest: str) -> Alert:
    """The log's closing hash of a day, for admins to keep outside the database."""
    return Alert(AlertType.SCEAU_JOURNAL, f"Sceau du journal du {day:%d/%m/%Y}",
                 f"Fin de journée à l'événement n° {position}, hachage {digest}. Notez-le hors "
                 f"de la base : « gapal audit verify --anchor {digest}@{position} » vérifiera "
                 "que le journal n'a pas été réécrit depuis.",
                 RECIPIENTS[AlertType.SCEAU_JOURNAL])
