"""Customers: vendeurs register and read them (name, phone, kind, balance); order managers
and admins do everything; stock managers nothing."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from api.common import ExactNumbersRoute, IfNoneMatch, Paging, etagged, paginated
from api.consistency import ReadYourWritesDep
from api.deps import CustomerBookDep, CustomersDep
from api.schemas import (
    CustomerBrief,
    CustomerCreate,
    CustomerPublic,
    CustomerUpdate,
    Moment,
    PageOf,
)
from api.security import CurrentActor
from projections.queries.customers import CustomerBrief as BriefRow
from projections.queries.customers import CustomerFilters, CustomerRow

router = APIRouter(prefix="/api/customers", tags=["Clients"], route_class=ExactNumbersRoute)
Shown = CustomerPublic | CustomerBrief
SHAPES = ("Gestionnaires de commandes et administrateurs : `CustomerPublic` ; vendeurs : "
          "`CustomerBrief` (id, nom, téléphone, type, solde, actif, mise à jour).")


@router.get("/", response_model=PageOf[Shown], operation_id="listCustomers",
            description="Recherche (`search`) sur le nom, sans accents, et les téléphones. "
            "`updated_since` + `ETag`/`If-None-Match` pour la synchronisation des téléphones "
            "(avec `updated_since`, les clients désactivés viennent aussi). " + SHAPES,
            responses={304: {"description": "Rien n'a changé depuis l'ETag envoyé."}})
def list_customers(
    request: Request, actor: CurrentActor, book: CustomerBookDep, paging: Paging,
    search: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=40)] = None, is_active: bool | None = None,
    updated_since: Moment | None = None, if_none_match: IfNoneMatch = None,
    over_limit: Annotated[bool | None, Query(description=(
        "`true` : les clients qui doivent plus que leur limite de crédit (une limite de 0 : "
        "toute dette) ; `false` : les autres. Gestionnaires et admin seulement."))] = None,
) -> Response:
    page = book.page(actor, paging, CustomerFilters(search, kind, is_active, updated_since,
                                                    over_limit))
    return etagged(jsonable_encoder(paginated(request, page, paging, page.results)),
                   if_none_match)


@router.post("/", response_model=Shown, status_code=201, operation_id="createCustomer",
             description=SHAPES)
def create_customer(body: CustomerCreate, actor: CurrentActor, customers: CustomersDep,
                    settle: ReadYourWritesDep, book: CustomerBookDep) -> CustomerRow | BriefRow:
    written = settle(customers.create(actor, body.model_dump()))
    return book.get(actor, written.id)


@router.get("/{customer_id}/", response_model=Shown, operation_id="getCustomer",
            description=SHAPES)
def get_customer(customer_id: UUID, actor: CurrentActor,
                 book: CustomerBookDep) -> CustomerRow | BriefRow:
    return book.get(actor, customer_id)


@router.patch("/{customer_id}/", response_model=CustomerPublic, operation_id="updateCustomer")
def update_customer(customer_id: UUID, body: CustomerUpdate, actor: CurrentActor,
                    customers: CustomersDep, settle: ReadYourWritesDep,
                    book: CustomerBookDep) -> CustomerRow | BriefRow:
    """`is_active: false` deactivates the customer and frees his phone for another."""
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude_none=True,
                                              exclude={"version"})
    settle(customers.revise(actor, customer_id, changes, body.version))
    return book.get(actor, customer_id)
