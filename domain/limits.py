"""Bounds beyond which an order is most likely a typo, yet sometimes real: the phone asks before
saving (mobile/src/ui/wizard/limits.ts, same defaults), the server keeps the order and flags it
on the dashboard ("À vérifier"). Pure rules; the bounds come from the configuration.

An order is judged against the day it was created, never "today": the same log gives the same
doubts whenever it is projected again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from domain.errors import InvalidInput
from domain.values import fr_number

DEFAULT_QUANTITY_BY_UNIT: Mapping[str, Decimal] = {  # read-only: copied where it is used
    "sachet": Decimal(200), "pot": Decimal(200), "L": Decimal(100), "bouteille": Decimal(100),
    "bidon": Decimal(50)}


def fr_quantity(amount: Decimal) -> str:
    """`2,5`, `1 000 000`: a quantity as people write it here."""
    whole = int(amount)
    rest = f"{(amount - whole).normalize():f}" if amount != whole else ""
    return fr_number(whole) + (rest.lstrip("-0").replace(".", ",") if rest else "")


def fr_day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class UnusualLine:
    """What the rules look at in an order line."""

    product_name: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class OrderLimits:
    """The sensible bounds of one order: its total, each line's quantity by unit, its delivery
    date (not before the day it was placed, not more than `days_ahead` days after)."""

    total_fcfa: int = 500_000
    quantity_by_unit: Mapping[str, Decimal] = field(
        default_factory=lambda: dict(DEFAULT_QUANTITY_BY_UNIT))
    quantity_other_units: Decimal = Decimal(200)
    days_ahead: int = 30

    def __post_init__(self) -> None:
        bounds: list[int | Decimal] = [self.total_fcfa, self.quantity_other_units,
                                       self.days_ahead, *self.quantity_by_unit.values()]
        if any(bound < 0 for bound in bounds):
            raise InvalidInput("Les seuils de commande inhabituelle sont positifs ou nuls.")

    def bound_for(self, unit: str) -> Decimal:
        return self.quantity_by_unit.get(unit, self.quantity_other_units)

    def doubts(self, total_price: int, lines: Iterable[UnusualLine],
               delivery_date: date | None, created_day: date) -> list[str]:
        """What looks wrong with the order, in French; empty when nothing does."""
        found: list[str] = []
        if total_price > self.total_fcfa:
            found.append(f"Total de {fr_number(total_price)} FCFA, plus de "
                         f"{fr_number(self.total_fcfa)} FCFA.")
        for line in lines:
            bound = self.bound_for(line.unit)
            if line.quantity > bound:
                found.append(f"{fr_quantity(line.quantity)} {line.unit} de {line.product_name} "
                             f": c’est beaucoup (plus de {fr_quantity(bound)}).")
        if delivery_date is not None:
            if delivery_date < created_day:
                found.append(f"Livraison le {fr_day(delivery_date)} : date déjà passée le jour "
                             f"de la commande ({fr_day(created_day)}).")
            elif delivery_date > created_day + timedelta(days=self.days_ahead):
                found.append(f"Livraison le {fr_day(delivery_date)} : plus de "
                             f"{self.days_ahead} jours après la commande "
                             f"({fr_day(created_day)}).")
        return found

    def describe(self) -> str:
        """The bounds in one stable line: part of the orders view's fingerprint, so that
        changed bounds rebuild the view (every order judged again by the same rules)."""
        units = ",".join(f"{unit}={bound}" for unit, bound in sorted(self.quantity_by_unit.items()))
        return (f"total={self.total_fcfa};units={units};other={self.quantity_other_units};"
                f"days_ahead={self.days_ahead}")


def parse_quantity_bounds(text: str) -> dict[str, Decimal]:
    """`sachet=200,bidon=50` (the setting `GAPAL_UNUSUAL_QUANTITY_BY_UNIT`) as bounds by unit."""
    bounds: dict[str, Decimal] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        unit, sep, value = part.partition("=")
        try:
            bound = Decimal(value.strip())
        except ArithmeticError:
            bound = Decimal(-1)
        if not sep or not unit.strip() or not bound.is_finite() or bound < 0:
            raise InvalidInput(f"Seuil par unité illisible : « {part.strip()} » "
                               "(attendu : unité=quantité, par exemple sachet=200).")
        bounds[unit.strip()] = bound
    return bounds


@dataclass(frozen=True)
class CreditCheck:
    """What the customer owed before an order (his other orders' `amount_due`) and his limit:
    recorded with the order, so that every view judges it alike, replayed or not."""

    balance_before: int
    credit_limit: int
    customer_name: str = ""

    def balance_after(self, due: int) -> int:
        return self.balance_before + due

    def exceeded_by(self, due: int) -> bool:
        """An order still owing that takes the balance above the limit (0: cash only, so any
        unpaid order); an order paid at once takes nothing."""
        return due > 0 and self.balance_after(due) > self.credit_limit


def credit_sentence(client: str, balance_after: int, credit_limit: int,
                    order_number: str) -> str:
    return (f"Crédit dépassé : {client} doit {fr_number(balance_after)} FCFA (limite "
            f"{fr_number(credit_limit)} FCFA) après la commande {order_number}")
