"""Categories and products; a product's stock moves only through recorded movements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import GapalAggregate, derived_id
from domain.errors import InsufficientStock, InvalidInput, OutOfRange, ProductArchived
from domain.lots import (
    INITIAL_LOT_CODE,
    LossReason,
    Lot,
    Take,
    check_expiry_not_past,
    check_unit_cost,
    earliest_expiry,
    find_lot,
    lot_code_for,
    plan_takes,
    sellable,
    shelf_life_warning,
    with_lots,
)
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

    # Stock events recorded since lots carry `lots` (after-state of the lots touched), `takes`
    # (what moved from each) and `expiry_after` (the expiry the product shows); older ones not.
    class StockReceived(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        expiration_date: date | None
        lots: list[dict[str, Any]] | None
        takes: list[dict[str, Any]] | None
        expiry_after: date | None

    class StockIssued(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        order_id: UUID | None
        lots: list[dict[str, Any]] | None
        takes: list[dict[str, Any]] | None
        expiry_after: date | None

    class StockAdjusted(GapalAggregate.Event):
        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        lots: list[dict[str, Any]] | None
        takes: list[dict[str, Any]] | None
        expiry_after: date | None

    class LotsIntroduced(GapalAggregate.Event):
        """The stock held before lots existed becomes one lot « stock initial » (upgrade)."""

        stock_after: Decimal
        lots: list[dict[str, Any]]
        expiry_after: date | None

    class StockWrittenOff(GapalAggregate.Event):
        """A loss (`perte`): stock thrown away from one lot, valued at the lot's unit cost."""

        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason_code: str
        reason: str
        lot_id: UUID
        value: int
        order_id: UUID | None
        lots: list[dict[str, Any]]
        takes: list[dict[str, Any]]
        expiry_after: date | None

    class StockReturned(GapalAggregate.Event):
        """Goods of a delivered order brought back into the lot they came from."""

        movement_id: UUID
        quantity: Decimal
        stock_after: Decimal
        reason: str
        order_id: UUID
        lots: list[dict[str, Any]]
        takes: list[dict[str, Any]]
        expiry_after: date | None

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

    @property
    def lots(self) -> list[Lot]:
        """Every lot received, open or emptied, in order of receipt (none before the upgrade)."""
        return list(getattr(self, "lot_list", []))

    @property
    def unlotted(self) -> Decimal:
        """Stock recorded before lots existed and not yet introduced as a lot."""
        return self.stock_quantity - sum((lot.remaining for lot in self.lots), Decimal(0))

    @property
    def shown_expiry(self) -> date | None:
        """The expiry the product shows: its first open lot's, else the one it was given."""
        return earliest_expiry(self.lots) or self.expiration_date

    def introduce_lots(self, actor_id: UUID, today: date) -> None:
        """Turns pre-lot stock into one lot « stock initial » with the product's expiry date."""
        if self.unlotted <= 0:
            return
        lot = Lot(derived_id("initial-lot", str(self.id)), INITIAL_LOT_CODE, today,
                  self.expiration_date, None, self.unlotted)
        self._lots_introduced(stock_after=self.stock_quantity, lots=[lot.as_dict()],
                              expiry_after=self._expiry_with([lot]), actor_id=actor_id)

    def receive_stock(
        self, movement_id: UUID, amount: Decimal, reason: str, expiration_date: date | None,
        actor_id: UUID, *, today: date, lot_code: str | None = None,
        unit_cost: int | None = None, on_the_shelf: bool = False,
    ) -> str | None:
        """A new lot; returns a warning when it keeps less long than the product usually does.

        `on_the_shelf`: the stock a product is registered with, already there, may be past its
        date (it is then told as expired, to write off); a delivery received may not."""
        amount = moved_quantity(amount)
        check_plausible_date(expiration_date, "Date de péremption")
        if not on_the_shelf:
            check_expiry_not_past(expiration_date, today)
        check_unit_cost(unit_cost)
        check_stock_fits(self.stock_quantity + amount)
        self.introduce_lots(actor_id, today)
        if expiration_date is None and self.expiration_date and self.expiration_date >= today:
            expiration_date = self.expiration_date  # a lot without a date keeps the product's
        lot = Lot(derived_id("lot", str(movement_id)), lot_code_for(self.lots, today, lot_code),
                  today, expiration_date, unit_cost, amount)
        warning = shelf_life_warning(self.lots, expiration_date, today)
        self._stock_received(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity + amount,
            reason=reason, expiration_date=expiration_date, actor_id=actor_id,
            **self._moving([Take(lot, amount)]),
        )
        return warning

    def issue_stock(
        self, movement_id: UUID, amount: Decimal, reason: str, order_id: UUID | None,
        actor_id: UUID, *, today: date,
    ) -> list[Take]:
        """Takes `amount` from the lots that expire first, never from an expired one."""
        amount = positive_quantity(amount)
        self.introduce_lots(actor_id, today)
        self.check_stock_covers(amount, today)
        takes = plan_takes(self.lots, amount, today)
        self._stock_issued(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity - amount,
            reason=reason, order_id=order_id, actor_id=actor_id, **self._moving(takes),
        )
        return takes

    def adjust_stock(self, movement_id: UUID, counted: Decimal, reason: str,
                     actor_id: UUID, *, today: date, lot_id: UUID | None = None) -> None:
        """The stock counted: of one lot when named, else of the whole product."""
        counted = quantity(counted)
        if counted < 0:
            raise InvalidInput("Le stock compté ne peut pas être négatif.")
        self.introduce_lots(actor_id, today)
        if lot_id is not None:
            lot = find_lot(self.lots, lot_id)
            takes = [Take(lot.moved(counted - lot.remaining), counted - lot.remaining)]
        else:
            takes = self._counted_takes(counted - self.stock_quantity, today)
        delta = sum((take.quantity for take in takes), Decimal("0.000"))
        check_stock_fits(self.stock_quantity + delta)
        self._stock_adjusted(
            movement_id=movement_id, quantity=delta, stock_after=self.stock_quantity + delta,
            reason=reason, actor_id=actor_id, **self._moving(takes),
        )

    def write_off(self, movement_id: UUID, lot_id: UUID, amount: Decimal, reason_code: str,
                  reason: str, actor_id: UUID, *, today: date,
                  order_id: UUID | None = None) -> int:
        """Records a loss from one lot; returns its value in FCFA."""
        amount = moved_quantity(amount)
        code = loss_reason(reason_code)
        self.introduce_lots(actor_id, today)
        lot = find_lot(self.lots, lot_id)
        if amount > lot.remaining:
            raise InsufficientStock(
                f"Le lot « {lot.lot_code} » n'a que {lot.remaining.normalize():f} "
                f"{self.unit} : impossible d'en perdre {amount.normalize():f}.",
                shortages=[{**self.shortage(amount, today), "available": lot.remaining}])
        value = lot.value_of(amount)
        self._stock_written_off(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity - amount,
            reason_code=code.value, reason=reason, lot_id=lot.lot_id, value=value,
            order_id=order_id, actor_id=actor_id, **self._moving([Take(lot.moved(-amount),
                                                                         -amount)]),
        )
        return value

    def take_back(self, movement_id: UUID, order_id: UUID, lot_id: UUID | None,
                  amount: Decimal, reason: str, actor_id: UUID, *, today: date) -> Lot:
        """Puts returned goods back into their lot (or a new one when it is unknown)."""
        amount = moved_quantity(amount)
        self.introduce_lots(actor_id, today)
        known = {lot.lot_id: lot for lot in self.lots}
        lot = known.get(lot_id) if lot_id else None
        if lot is None:
            lot = Lot(derived_id("lot", str(movement_id)), lot_code_for(self.lots, today, None),
                      today, None, None, Decimal("0.000"))
        check_stock_fits(self.stock_quantity + amount)
        back = lot.moved(amount)
        self._stock_returned(
            movement_id=movement_id, quantity=amount, stock_after=self.stock_quantity + amount,
            reason=reason, order_id=order_id, actor_id=actor_id,
            **self._moving([Take(back, amount)]),
        )
        return back

    def _counted_takes(self, delta: Decimal, today: date) -> list[Take]:
        """A whole-product count: a shortfall leaves the lots expiring first (expired ones
        included: they are on the shelf too); a surplus joins the latest lot."""
        if delta < 0:
            return plan_takes(self.lots, -delta, today, include_expired=True)
        if delta == 0:
            return []
        lots = self.lots
        lot = lots[-1] if lots else Lot(derived_id("counted-lot", f"{self.id}:{self.version}"),
                                        lot_code_for(lots, today, None), today, None, None,
                                        Decimal("0.000"))
        return [Take(lot.moved(delta), delta)]

    def _moving(self, takes: list[Take]) -> dict[str, Any]:
        """The lot fields of a movement's event: lots after it, what moved, expiry shown."""
        return {"lots": [take.lot.as_dict() for take in takes],
                "takes": [take.as_dict() for take in takes],
                "expiry_after": self._expiry_with([take.lot for take in takes])}

    def _expiry_with(self, changed: list[Lot]) -> date | None:
        return earliest_expiry(with_lots(self.lots, changed)) or self.expiration_date

    def check_is_active(self) -> None:
        if not self.is_active:
            raise ProductArchived(f"Le produit « {self.name} » est archivé.")

    def check_stock_covers(self, amount: Decimal, today: date) -> None:
        if amount > self.sellable(today):
            expired = self.stock_quantity - self.sellable(today)
            aside = (f" ({expired.normalize():f} {self.unit} périmé(s) à retirer en perte)"
                     if expired > 0 else "")
            raise InsufficientStock(
                f"Stock insuffisant pour « {self.name} »{aside}.",
                shortages=[self.shortage(amount, today)],
            )

    def sellable(self, today: date) -> Decimal:
        """Stock that may leave: not in an expired lot (pre-lot stock counts as sellable)."""
        return sellable(self.lots, today) + self.unlotted

    def shortage(self, requested: Decimal, today: date) -> dict[str, Any]:
        return {"product_id": str(self.id), "product_name": self.name,
                "requested": requested, "available": self.sellable(today)}

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
        expiration_date: date | None, actor_id: UUID, lots: list[dict[str, Any]] | None = None,
        takes: list[dict[str, Any]] | None = None, expiry_after: date | None = None,
    ) -> None:
        self._lots_moved(stock_after, lots)
        if lots is None and expiration_date is not None:  # before lots: the product's date
            self.expiration_date = expiration_date

    @event(StockIssued)
    def _stock_issued(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        order_id: UUID | None, actor_id: UUID, lots: list[dict[str, Any]] | None = None,
        takes: list[dict[str, Any]] | None = None, expiry_after: date | None = None,
    ) -> None:
        self._lots_moved(stock_after, lots)

    @event(StockAdjusted)
    def _stock_adjusted(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        actor_id: UUID, lots: list[dict[str, Any]] | None = None,
        takes: list[dict[str, Any]] | None = None, expiry_after: date | None = None,
    ) -> None:
        self._lots_moved(stock_after, lots)

    @event(LotsIntroduced)
    def _lots_introduced(self, stock_after: Decimal, lots: list[dict[str, Any]],
                         expiry_after: date | None, actor_id: UUID) -> None:
        self._lots_moved(stock_after, lots)

    @event(StockWrittenOff)
    def _stock_written_off(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason_code: str,
        reason: str, lot_id: UUID, value: int, order_id: UUID | None, actor_id: UUID,
        lots: list[dict[str, Any]], takes: list[dict[str, Any]], expiry_after: date | None,
    ) -> None:
        self._lots_moved(stock_after, lots)

    @event(StockReturned)
    def _stock_returned(
        self, movement_id: UUID, quantity: Decimal, stock_after: Decimal, reason: str,
        order_id: UUID, actor_id: UUID, lots: list[dict[str, Any]],
        takes: list[dict[str, Any]], expiry_after: date | None,
    ) -> None:
        self._lots_moved(stock_after, lots)

    def _lots_moved(self, stock_after: Decimal, lots: list[dict[str, Any]] | None) -> None:
        self.stock_quantity = stock_after
        if lots is not None:
            self.lot_list = with_lots(self.lots, [Lot.from_dict(item) for item in lots])


STOCK_MOVEMENTS = (Product.StockReceived, Product.StockIssued, Product.StockAdjusted,
                   Product.StockWrittenOff, Product.StockReturned)
STOCK_EVENTS = (*STOCK_MOVEMENTS, Product.LotsIntroduced)


def loss_reason(code: str) -> LossReason:
    try:
        return LossReason(code)
    except ValueError:
        raise InvalidInput("Motif de perte inconnu : perime, casse, chaine_du_froid, vol, "
                           "echantillon ou autre.") from None


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
