"""Categories and products; a product's stock moves only through recorded movements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate
from domain.errors import InsufficientStock, InvalidInput, OutOfRange, ProductArchived
from domain.pricing import KindPrices, checked_kind_prices, price_for
from domain.values import (
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    check_plausible_date,
    clean_barcode,
    fr_number,
    moved_quantity,
    positive_quantity,
    quantity,
)

PRODUCT_FIELDS = (
    "name", "category_id", "unit", "unit_price", "min_stock_level", "barcode", "expiration_date",
)


class Category(GapalAggregate):
    """A shelf of the catalogue (Lait frais, Yaourts, ...)."""

    class Created(GapalAggregate.Created):
        name: str
        description: str

    class Revised(GapalAggregate.Event):
        changes: dict[str, Any]

    class Removed(GapalAggregate.Event):
        pass

    @event(Created)
    def __init__(self, name: str, description: str, actor_id: UUID) -> None:
        self.name = name
        self.description = description
        self.is_active = True

    def revise(self, changes: dict[str, Any], actor_id: UUID) -> None:
        effective = {k: v for k, v in changes.items()
                     if k in ("name", "description") and getattr(self, k) != v}
        if effective:
            self._revised(changes=effective, actor_id=actor_id)

    def remove(self, actor_id: UUID) -> None:
        if self.is_active:
            self._removed(actor_id=actor_id)

    @event(Revised)
    def _revised(self, changes: dict[str, Any], actor_id: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    @event(Removed)
    def _removed(self, actor_id: UUID) -> None:
        self.is_active = False


class Product(GapalAggregate):
    """A product of the catalogue with its stock, which never goes below zero."""

    class Registered(GapalAggregate.Created):
        name: str
        category_id: UUID
        unit: str
        unit_price: int
        min_stock_level: Decimal
        barcode: str | None
        expiration_date: date | None

    class Revised(GapalAggregate.Event):
        changes: dict[str, Any]

    class Archived(GapalAggregate.Event):
        pass

    class Restored(GapalAggregate.Event):
        pass

    class KindPricesSet(GapalAggregate.Event):
        """The whole map of prices per customer kind after the change."""

        prices: dict[str, int]

    class StockReceived(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        expiration_date: date | None

    class StockIssued(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        order_id: UUID | None

    class StockAdjusted(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str

    @classmethod
    def register(
        cls, *, name: str, category_id: UUID, unit: str, unit_price: int,
        min_stock_level: Decimal, barcode: str | None, expiration_date: date | None,
        actor_id: UUID,
    ) -> Product:
        check_price_is_whole_fcfa(unit_price)
        check_plausible_date(expiration_date, "Date de péremption")
        return cls(
            name=name, category_id=category_id, unit=unit, unit_price=unit_price,
            min_stock_level=quantity(min_stock_level), barcode=clean_barcode(barcode),
            expiration_date=expiration_date, actor_id=actor_id,
        )

    @event(Registered)
    def __init__(
        self, name: str, category_id: UUID, unit: str, unit_price: int, min_stock_level: Decimal,
        barcode: str | None, expiration_date: date | None, actor_id: UUID,
    ) -> None:
        self.name = name
        self.category_id = category_id
        self.unit = unit
        self.unit_price = unit_price
        self.min_stock_level = min_stock_level
        self.barcode = barcode
        self.expiration_date = expiration_date
        self.stock_quantity = Decimal("0.000")
        self.is_active = True
        self._kind_prices: KindPrices = {}

    def revise(self, changes: dict[str, Any], actor_id: UUID) -> None:
        if "barcode" in changes:
            changes = {**changes, "barcode": clean_barcode(changes["barcode"])}
        effective = {k: v for k, v in changes.items()
                     if k in PRODUCT_FIELDS and getattr(self, k) != v}
        if "unit_price" in effective:
            check_price_is_whole_fcfa(effective["unit_price"])
        if "expiration_date" in effective:
            check_plausible_date(effective["expiration_date"], "Date de péremption")
        if "min_stock_level" in effective:
            effective["min_stock_level"] = quantity(effective["min_stock_level"])
        if effective:
            self._revised(changes=effective, actor_id=actor_id)

    def set_kind_prices(self, prices: dict[str, object], actor_id: UUID) -> None:
        """Replaces the prices per customer kind; a kind left out pays the base price."""
        checked = checked_kind_prices(prices)
        if checked != self.prices_by_kind:
            self._kind_prices_set(prices=checked, actor_id=actor_id)

    @property
    def prices_by_kind(self) -> KindPrices:
        """Kinds with their own price (a snapshot taken before prices per kind holds none)."""
        return dict(self.__dict__.get("_kind_prices", {}))

    def price_for(self, kind: str | None) -> int:
        return price_for(self.unit_price, self.prices_by_kind, kind)

    def archive(self, actor_id: UUID) -> None:
        if self.is_active:
            self._archived(actor_id=actor_id)

    def restore(self, actor_id: UUID) -> None:
        if not self.is_active:
            self._restored(actor_id=actor_id)

    def receive_stock(
        self, movement_id: UUID, amount: Decimal, reason: str, expiration_date: date | None,
        actor_id: UUID,
    ) -> None:
        amount = moved_quantity(amount)
        check_plausible_date(expiration_date, "Date de péremption")
        check_stock_fits(self.stock_quantity + amount)
        self._stock_received(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity + amount,
            reason=reason, expiration_date=expiration_date, actor_id=actor_id,
        )

    def issue_stock(
        self, movement_id: UUID, amount: Decimal, reason: str, order_id: UUID | None,
        actor_id: UUID,
    ) -> None:
        amount = positive_quantity(amount)
        self.check_stock_covers(amount)
        self._stock_issued(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity - amount,
            reason=reason, order_id=order_id, actor_id=actor_id,
        )

    def adjust_stock(self, movement_id: UUID, counted: Decimal, reason: str,
                     actor_id: UUID) -> None:
        counted = quantity(counted)
        if counted < 0:
            raise InvalidInput("Le stock compté ne peut pas être négatif.")
        self._stock_adjusted(
            movement_id=movement_id, quantity=counted - self.stock_quantity, stock_after=counted,
            reason=reason, actor_id=actor_id,
        )

    def check_is_active(self) -> None:
        if not self.is_active:
            raise ProductArchived(f"Le produit « {self.name} » est archivé.")

    def check_stock_covers(self, amount: Decimal) -> None:
        if amount > self.stock_quantity:
            raise InsufficientStock(
                f"Stock insuffisant pour « {self.name} ».", shortages=[self.shortage(amount)]
            )

    def shortage(self, requested: Decimal) -> dict[str, Any]:
        return {"product_id": str(self.id), "product_name": self.name,
                "requested": requested, "available": self.stock_quantity}

    @event(Revised)
    def _revised(self, changes: dict[str, Any], actor_id: UUID) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    @event(KindPricesSet)
    def _kind_prices_set(self, prices: dict[str, int], actor_id: UUID) -> None:
        self._kind_prices = dict(prices)

    @event(Archived)
    def _archived(self, actor_id: UUID) -> None:
        self.is_active = False

    @event(Restored)
    def _restored(self, actor_id: UUID) -> None:
        self.is_active = True

    @event(StockReceived)
    def _stock_received(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        expiration_date: date | None, actor_id: UUID,
    ) -> None:
        self.stock_quantity = stock_after
        if expiration_date is not None:
            self.expiration_date = expiration_date

    @event(StockIssued)
    def _stock_issued(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        order_id: UUID | None, actor_id: UUID,
    ) -> None:
        self.stock_quantity = stock_after

    @event(StockAdjusted)
    def _stock_adjusted(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        actor_id: UUID,
    ) -> None:
        self.stock_quantity = stock_after


STOCK_MOVEMENTS = (Product.StockReceived, Product.StockIssued, Product.StockAdjusted)


def check_price_is_whole_fcfa(unit_price: int) -> None:
    if isinstance(unit_price, bool) or not isinstance(unit_price, int) or unit_price < 0:
        raise InvalidInput("Le prix est un nombre entier de FCFA, positif ou nul.")
    if unit_price > MAX_UNIT_PRICE:
        raise OutOfRange(f"Prix hors limites : {fr_number(MAX_UNIT_PRICE)} FCFA au plus.")


def check_stock_fits(stock_after: Decimal) -> None:
    """A shelf holds at most a billion units: beyond, it is a typo (and the views' sums)."""
    if stock_after > MAX_QUANTITY:
        raise OutOfRange(f"Stock hors limites : {fr_number(MAX_QUANTITY)} au plus par produit.")


def price_at(events: list[GapalAggregate.Event], at: datetime,
             kind: str | None = None) -> int | None:
    """The product's unit price at the moment `at`, read from its events (None: not yet sold):
    the price of the customer kind `kind` valid then if it had one, else the base price. A
    change made at `at` itself already holds."""
    price, by_kind = None, {}
    for change in events:
        if change.timestamp > at:
            break
        if isinstance(change, Product.Registered):
            price = change.unit_price
        elif isinstance(change, Product.Revised) and "unit_price" in change.changes:
            price = change.changes["unit_price"]
        elif isinstance(change, Product.KindPricesSet):
            by_kind = change.prices
    return None if price is None else price_for(price, by_kind, kind)
