"""Lots and losses: a product's lots, write-offs (`pertes`) and the losses report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError

from api.common import ExactNumbersRoute, IdempotencyKey, found
from api.consistency import ReadYourWritesDep
from api.deps import ClockDep, LotBookDep, StockDep, StockLedgerDep
from api.reports.losses_files import losses_csv, losses_pdf
from api.schemas import LossReportPublic, LotPublic, MovementPublic, WriteOffIn
from api.security import CurrentActor
from domain.lots import LossReason
from projections.queries.lots import LossFilters, LotRow
from projections.queries.stock import MovementRow

router = APIRouter(prefix="/api", tags=["Lots et pertes"], route_class=ExactNumbersRoute)


@router.get("/products/{product_id}/lots/", response_model=list[LotPublic],
            operation_id="listProductLots",
            description="""Les lots ouverts du produit (reste > 0), le premier à périmer en
tête (ordre de sortie FEFO) ; `?include_empty=true` : aussi les lots épuisés. `unit_cost` n'est
montré qu'à la gestion des stocks.""")
def list_lots(product_id: UUID, actor: CurrentActor, book: LotBookDep, clock: ClockDep,
              include_empty: bool = False) -> list[LotRow]:
    return book.lots(actor, product_id, clock.today(), include_empty)


@router.post("/stock/write-off/", response_model=MovementPublic, status_code=201,
             operation_id="stockWriteOff",
             description="""Une perte d'un lot (`perime`, `casse`, `chaine_du_froid`, `vol`,
`echantillon`, `autre` + `reason_text`), valorisée au coût unitaire du lot : une `sortie` avec
`loss_reason`. Plus que le reste du lot : 409 `insufficient_stock`.""")
def write_off(body: WriteOffIn, actor: CurrentActor, stock: StockDep,
              settle: ReadYourWritesDep, ledger: StockLedgerDep,
              idempotency: IdempotencyKey) -> MovementRow:
    written = settle(stock.write_off(actor, body.product_id, body.lot_id, body.quantity,
                                     body.reason.value, body.reason_text, idempotency.of(body)))
    return found(ledger.movement(written.id), "Mouvement")


def loss_filters(date_from: date | None = None, date_to: date | None = None,
                 product_id: UUID | None = None,
                 reason: LossReason | None = None) -> LossFilters:
    if date_from and date_to and date_from > date_to:
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "date_to"),
            "msg": "La date de fin précède la date de début."}])
    return LossFilters(date_from, date_to, product_id, reason.value if reason else None)


@router.get("/reports/losses/", response_model=LossReportPublic, operation_id="lossesReport",
            description="""Les pertes de la période (`date_from`, `date_to` inclus, jour UTC),
`?product_id=`, `?reason=` : totaux en quantité et en valeur (FCFA), par motif et par produit,
et la liste (1 000 au plus, les plus récentes). `format=csv` ou `format=pdf` : le même rapport
en fichier. Gestion des stocks, gestion des commandes (rapports) et admin.""",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                         "application/pdf": {"schema": {
                                             "type": "string", "format": "binary"}}}}})
def losses_report(actor: CurrentActor, book: LotBookDep, clock: ClockDep,
                  date_from: date | None = None,
                  date_to: date | None = None, product_id: UUID | None = None,
                  reason: LossReason | None = None,
                  report_format: Annotated[Literal["json", "csv", "pdf"], Query(
                      alias="format")] = "json") -> Any:
    report = book.losses(actor, loss_filters(date_from, date_to, product_id, reason))
    if report_format == "csv":
        return Response(losses_csv(report), media_type="text/csv; charset=utf-8",
                        headers=_attachment("pertes.csv"))
    if report_format == "pdf":
        return Response(losses_pdf(report, clock.now(), actor.username),
                        media_type="application/pdf", headers=_attachment("pertes.pdf"))
    return report


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store"}
