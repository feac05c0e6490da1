"""Use cases on the catalogue: categories and products (stock moves live in `stock`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID, uuid4

from application.store import GapalStore
from application.unit_of_work import Decision, Written, check_version, execute, find, load
from domain.base import Claim
from domain.catalogue import Category, Product
from domain.clock import Clock
from domain.errors import (
    CategoryNotEmpty,
    CategoryRemoved,
    DuplicateBarcode,
    StockIsMovedNotSet,
    UnknownCategory,
)
from domain.permissions import Action, Actor

BARCODE = "barcode"


class CatalogueQueries(Protocol):
    """What the catalogue needs to know from the read side."""

    def active_product_count(self, category_id: UUID) -> int: ...


@dataclass(frozen=True)
class NewProduct:
    name: str
    category_id: UUID
    unit: str
    unit_price: int
    min_stock_level: Decimal
    barcode: str | None = None
    expiration_date: date | None = None
    stock_quantity: Decimal | None = None


class Catalogue:
    """Creates, revises and archives categories and products."""

    def __init__(self, store: GapalStore, queries: CatalogueQueries, clock: Clock) -> None:
        self._store = store
        self._queries = queries
        self._clock = clock

    def create_category(self, actor: Actor, name: str, description: str) -> Written:
        actor.require(Action.MANAGE_CATALOGUE)
        category = Category(name=name, description=description, actor_id=actor.user_id)
        return execute(self._store, lambda: Decision(category.id, [category]))

    def revise_category(self, actor: Actor, category_id: UUID, changes: dict[str, Any]) -> Written:
        actor.require(Action.MANAGE_CATALOGUE)

        def decide() -> Decision:
            category = load(self._store, Category, category_id, "Catégorie")
            category.revise(changes, actor.user_id)
            return Decision(category.id, [category])

        return execute(self._store, decide)

    def remove_category(self, actor: Actor, category_id: UUID) -> Written:
        actor.require(Action.MANAGE_CATALOGUE)

        def decide() -> Decision:
            category = load(self._store, Category, category_id, "Catégorie")
            if self._queries.active_product_count(category_id):
                raise CategoryNotEmpty("Cette catégorie contient encore des produits actifs.")
            category.remove(actor.user_id)
            return Decision(category.id, [category])

        return execute(self._store, decide)

    def create_product(self, actor: Actor, new: NewProduct) -> Written:
        """Registers a product; an initial stock is recorded as an `entree` movement."""
        actor.require(Action.MANAGE_CATALOGUE)
        self._active_category(new.category_id)

        def decide() -> Decision:
            product = Product.register(
                name=new.name, category_id=new.category_id, unit=new.unit,
                unit_price=new.unit_price, min_stock_level=new.min_stock_level,
                barcode=new.barcode, expiration_date=new.expiration_date, actor_id=actor.user_id,
            )
            if new.stock_quantity:
                product.receive_stock(uuid4(), new.stock_quantity, "Stock initial",
                                      new.expiration_date, actor.user_id,
                                      today=self._clock.today(), on_the_shelf=True)
            return Decision(product.id, [product, self._barcode_claim(product, actor)])

        return execute(self._store, decide)

    def revise_product(self, actor: Actor, product_id: UUID, changes: dict[str, Any],
                       expected_version: int | None = None) -> Written:
        actor.require(Action.MANAGE_CATALOGUE)
        if "stock_quantity" in changes:
            raise StockIsMovedNotSet(
                "Le stock ne se modifie pas ici : utilisez /api/stock/adjustment/.",
                use="/api/stock/adjustment/",
            )
        if changes.get("category_id") is not None:
            self._active_category(changes["category_id"])

        def decide() -> Decision:
            product = load(self._store, Product, product_id, "Produit")
            check_version(product, expected_version)
            old_barcode = product.barcode
            product.revise(changes, actor.user_id)
            if changes.get("is_active") is False:
                product.archive(actor.user_id)
            elif changes.get("is_active") is True and not product.is_active:
                self._check_category_takes_it_back(product)
                product.restore(actor.user_id)
            released = self._released_claim(old_barcode, product, actor)
            return Decision(product.id, [product, released, self._barcode_claim(product, actor)])

        return execute(self._store, decide, expected_version=expected_version)

    def set_kind_prices(self, actor: Actor, product_id: UUID,
                        prices: dict[str, object]) -> Written:
        """Replaces a product's prices per customer kind (a kind left out: the base price)."""
        actor.require(Action.MANAGE_CATALOGUE)

        def decide() -> Decision:
            product = load(self._store, Product, product_id, "Produit")
            product.set_kind_prices(prices, actor.user_id)
            return Decision(product.id, [product])

        return execute(self._store, decide)

    def archive_product(self, actor: Actor, product_id: UUID) -> Written:
        return self.revise_product(actor, product_id, {"is_active": False})

    def _active_category(self, category_id: UUID) -> Category:
        category = find(self._store, Category, category_id)
        if category is None or not category.is_active:
            raise UnknownCategory("Catégorie inconnue.")
        return category

    def _check_category_takes_it_back(self, product: Product) -> None:
        category = find(self._store, Category, product.category_id)
        if category is None or not category.is_active:
            raise CategoryRemoved(
                "La catégorie de ce produit a été supprimée : choisissez-en une autre "
                "(category_id) pour le réactiver.")

    def _barcode_claim(self, product: Product, actor: Actor) -> Claim | None:
        """Claims the product's barcode while it is active; refused if another active has it."""
        if not product.barcode or not product.is_active:
            return None
        claim = find(self._store, Claim, Claim.id_for(BARCODE, product.barcode))
        if claim is None:
            return Claim.claim(BARCODE, product.barcode, product.id, actor.user_id)
        if claim.owner_id not in (None, product.id):
            raise DuplicateBarcode(f"Le code-barres {product.barcode} est déjà utilisé.")
        claim.reclaim(product.id, actor.user_id)
        return claim

    def _released_claim(self, old_barcode: str | None, product: Product,
                        actor: Actor) -> Claim | None:
        if not old_barcode or (product.barcode == old_barcode and product.is_active):
            return None
        claim = find(self._store, Claim, Claim.id_for(BARCODE, old_barcode))
        if claim is None or claim.owner_id != product.id:
            return None
        claim.release(actor.user_id)
        return claim
