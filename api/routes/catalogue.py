"""Categories and products: everyone reads, stock managers and admins write."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from api.common import ExactNumbersRoute, IfNoneMatch, Paging, etagged, found, paginated
from api.consistency import ReadYourWritesDep
from api.deps import (
    CatalogueDep,
    CatalogueUseCasesDep,
    HistoryDep,
    UserDirectoryDep,
)
from api.history import history_page
from api.schemas import (
    CategoryCreate,
    CategoryPublic,
    CategoryUpdate,
    EventPublic,
    KindPricesUpdate,
    Moment,
    PageOf,
    ProductCreate,
    ProductPublic,
    ProductUpdate,
)
from api.security import CurrentActor
from application.catalogue import NewProduct
from projections.queries.catalogue import CategoryRow, ProductFilters, ProductRow

router = APIRouter(prefix="/api", tags=["Catalogue"], route_class=ExactNumbersRoute)
Search = Annotated[str | None, Query(max_length=200)]


@router.get("/categories/", response_model=PageOf[CategoryPublic], operation_id="listCategories")
def list_categories(request: Request, actor: CurrentActor, catalogue: CatalogueDep,
                    paging: Paging, search: Search = None) -> dict[str, Any]:
    page = catalogue.categories(actor, paging, search)
    return paginated(request, page, paging, page.results)


@router.post("/categories/", response_model=CategoryPublic, status_code=201,
             operation_id="createCategory")
def create_category(body: CategoryCreate, actor: CurrentActor, use: CatalogueUseCasesDep,
                    settle: ReadYourWritesDep, catalogue: CatalogueDep) -> CategoryRow:
    written = settle(use.create_category(actor, body.name, body.description))
    return found(catalogue.category(actor, written.id), "Catégorie")


@router.get("/categories/{category_id}/", response_model=CategoryPublic,
            operation_id="getCategory")
def get_category(category_id: UUID, actor: CurrentActor, catalogue: CatalogueDep) -> CategoryRow:
    return found(catalogue.category(actor, category_id), "Catégorie")


@router.put("/categories/{category_id}/", response_model=CategoryPublic,
            operation_id="replaceCategory")
@router.patch("/categories/{category_id}/", response_model=CategoryPublic,
              operation_id="updateCategory")
def update_category(category_id: UUID, body: CategoryUpdate, actor: CurrentActor,
                    use: CatalogueUseCasesDep, settle: ReadYourWritesDep,
                    catalogue: CatalogueDep) -> CategoryRow:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    settle(use.revise_category(actor, category_id, changes))
    return found(catalogue.category(actor, category_id), "Catégorie")


@router.delete("/categories/{category_id}/", status_code=204, operation_id="deleteCategory")
def delete_category(category_id: UUID, actor: CurrentActor, use: CatalogueUseCasesDep,
                    settle: ReadYourWritesDep) -> Response:
    settle(use.remove_category(actor, category_id))
    return Response(status_code=204)


@router.get("/products/", response_model=PageOf[ProductPublic], operation_id="listProducts",
            responses={304: {"description": "Rien n'a changé depuis l'ETag envoyé."}})
def list_products(
    request: Request, actor: CurrentActor, catalogue: CatalogueDep, paging: Paging,
    search: Search = None, category_id: UUID | None = None, is_active: bool | None = None,
    low_stock: bool | None = None, updated_since: Moment | None = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Supports `ETag`/`If-None-Match`: a phone whose catalogue is current downloads nothing."""
    page = catalogue.products(actor, paging, ProductFilters(search, category_id, is_active,
                                                            low_stock, updated_since))
    body = jsonable_encoder(paginated(request, page, paging, [
        ProductPublic.model_validate(p).model_dump(mode="json") for p in page.results]))
    return etagged(body, if_none_match)


@router.get("/products/low-stock/", response_model=PageOf[ProductPublic],
            operation_id="listLowStockProducts")
def list_low_stock(request: Request, actor: CurrentActor, catalogue: CatalogueDep,
                   paging: Paging) -> dict[str, Any]:
    page = catalogue.low_stock(actor, paging)
    return paginated(request, page, paging, page.results)


@router.post("/products/", response_model=ProductPublic, status_code=201,
             operation_id="createProduct")
def create_product(body: ProductCreate, actor: CurrentActor, use: CatalogueUseCasesDep,
                   settle: ReadYourWritesDep, catalogue: CatalogueDep) -> ProductRow:
    written = settle(use.create_product(actor, NewProduct(**body.model_dump())))
    return found(catalogue.product(actor, written.id), "Produit")


@router.get("/products/{product_id}/", response_model=ProductPublic, operation_id="getProduct")
def get_product(product_id: UUID, actor: CurrentActor, catalogue: CatalogueDep) -> ProductRow:
    return found(catalogue.product(actor, product_id), "Produit")


@router.put("/products/{product_id}/", response_model=ProductPublic,
            operation_id="replaceProduct")
@router.patch("/products/{product_id}/", response_model=ProductPublic,
              operation_id="updateProduct")
def update_product(product_id: UUID, body: ProductUpdate, actor: CurrentActor,
                   use: CatalogueUseCasesDep, settle: ReadYourWritesDep,
                   catalogue: CatalogueDep) -> ProductRow:
    """Revises a product; stock is never set here (use `/api/stock/adjustment/`)."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in changes.items() if v is not None or k in ("barcode",
                                                                         "expiration_date")}
    settle(use.revise_product(actor, product_id, changes, body.version))
    return found(catalogue.product(actor, product_id), "Produit")


@router.put("/products/{product_id}/prices/", response_model=ProductPublic,
            operation_id="setProductKindPrices")
def set_kind_prices(product_id: UUID, body: KindPricesUpdate, actor: CurrentActor,
                    use: CatalogueUseCasesDep, settle: ReadYourWritesDep,
                    catalogue: CatalogueDep) -> ProductRow:
    """Replaces the product's prices per customer kind (`{"revendeur": 450, "hotel": 520}`); a
    kind absent or null pays `unit_price`. Orders of a customer of that kind take its price
    (offline orders: the price valid when they were taken). Stock managers and admins."""
    settle(use.set_kind_prices(actor, product_id, body.model_dump()))
    return found(catalogue.product(actor, product_id), "Produit")


@router.delete("/products/{product_id}/", response_model=ProductPublic,
               operation_id="archiveProduct")
def archive_product(product_id: UUID, actor: CurrentActor, use: CatalogueUseCasesDep,
                    settle: ReadYourWritesDep, catalogue: CatalogueDep) -> ProductRow:
    settle(use.archive_product(actor, product_id))
    return found(catalogue.product(actor, product_id), "Produit")


@router.get("/products/{product_id}/history/", response_model=PageOf[EventPublic],
            operation_id="productHistory")
def product_history(product_id: UUID, request: Request, actor: CurrentActor,
                    catalogue: CatalogueDep, history: HistoryDep, users: UserDirectoryDep,
                    paging: Paging) -> dict[str, Any]:
    """The product's events straight from the log (price changes included), oldest first; its
    stock movements only for the roles that read stock."""
    found(catalogue.product(actor, product_id), "Produit")
    return history_page(request, history.product_events(actor, product_id), users, paging)

