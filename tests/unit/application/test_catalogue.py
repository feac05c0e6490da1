"""Catalogue: categories and products, each barcode on one active product."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from application.catalogue import NewProduct
from domain.catalogue import Category, Product
from domain.errors import CategoryNotEmpty, DuplicateBarcode, PermissionDenied
from tests.unit.application.conftest import Shop


def a_product(category_id: UUID, barcode: str | None = None) -> NewProduct:
    return NewProduct(name="Yaourt", category_id=category_id, unit="pot",
                      unit_price=300, min_stock_level=Decimal(1), barcode=barcode,
                      stock_quantity=Decimal(5))


def test_a_product_created_with_stock_has_it(shop: Shop) -> None:
    product_id = shop.services.catalogue.create_product(shop.stock_keeper,
                                                        a_product(shop.category())).id
    product: Product = shop.store.repository.get(product_id)
    assert (product.name, product.stock_quantity) == ("Yaourt", Decimal(5))


def test_a_barcode_already_on_an_active_product_is_refused(shop: Shop) -> None:
    category_id = shop.category()
    shop.services.catalogue.create_product(shop.admin, a_product(category_id, "6001234"))
    with pytest.raises(DuplicateBarcode):
        shop.services.catalogue.create_product(shop.admin, a_product(category_id, "6001234"))


def test_an_empty_category_is_removed(shop: Shop) -> None:
    category_id = shop.category()
    shop.services.catalogue.remove_category(shop.admin, category_id)
    category: Category = shop.store.repository.get(category_id)
    assert not category.is_active


def test_a_category_with_active_products_is_not_removed(shop: Shop) -> None:
    category_id = shop.category()
    shop.products.counts[category_id] = 1
    with pytest.raises(CategoryNotEmpty):
        shop.services.catalogue.remove_category(shop.admin, category_id)


def test_a_vendeur_may_not_change_the_catalogue(shop: Shop) -> None:
    with pytest.raises(PermissionDenied):
        shop.services.catalogue.create_category(shop.vendeur, "Boissons", "")
