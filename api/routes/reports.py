"""Reports (gestionnaire_commandes, admin): the orders as CSV and PDF, and the dashboard's
figures, all computed on the read models."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from api.common import ExactNumbersRoute
from api.deps import ClockDep, JournalSealLine, ReportQueriesDep
from api.errors import ApiError
from api.reports.french import grouped, period_slug
from api.reports.orders_csv import csv_chunks
from api.reports.orders_pdf import MAX_PDF_ORDERS, OrdersReport, orders_pdf
from api.reports.schemas import ReportSummaryPublic
from api.routes.orders import delivery_statuses
from api.security import CurrentActor
from domain.permissions import Action
from domain.values import PaymentStatus, Priority
from projections.reports import ReportFilters, Reports, Summary

router = APIRouter(prefix="/api/reports", tags=["Rapports"], route_class=ExactNumbersRoute)
FILTERS_NOTE = """Filtres communs aux trois rapports : `date_from`, `date_to` (jour de création,
inclus, heure de Ouagadougou = UTC), `payment_status`, `delivery_status` (liste séparée par des
virgules, comme `/api/orders/`), `priority`. Les commandes à encaisser en un clic :
`?payment_status=non_payee` (et `partielle` : payées en partie)."""


async def report_filters(
    date_from: Annotated[date | None, Query(
        description="Premier jour de création inclus (AAAA-MM-JJ)")] = None,
    date_to: Annotated[date | None, Query(
        description="Dernier jour de création inclus (AAAA-MM-JJ)")] = None,
    payment_status: Annotated[PaymentStatus | None, Query(
        description="`non_payee` : rien encaissé ; `partielle` : payée en partie")] = None,
    delivery_status: Annotated[str | None, Query(
        max_length=200, description="Liste séparée par des virgules : `nouvelle,en_cours`")
    ] = None,
    priority: Priority | None = None,
) -> ReportFilters:
    if date_from and date_to and date_from > date_to:
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "date_to"),
            "msg": "La date de fin précède la date de début."}])
    return ReportFilters(
        date_from, date_to, payment_status.value if payment_status else None,
        tuple(delivery_statuses(delivery_status)) if delivery_status else (),
        priority.value if priority else None)


Filters = Annotated[ReportFilters, Depends(report_filters)]


async def reports_of(actor: CurrentActor, reports: ReportQueriesDep) -> Reports:
    """The report queries, for the roles that may read reports only (others: 403)."""
    actor.require(Action.READ_REPORTS)
    return reports


ReportsDep = Annotated[Reports, Depends(reports_of)]


@router.get("/orders/csv/", operation_id="ordersReportCsv", response_class=StreamingResponse,
            description=f"""Une ligne par commande, de la plus ancienne à la plus récente :
« N° de commande », « Créée le » (AAAA-MM-JJ HH:MM:SS, heure de Ouagadougou = UTC), « Client »,
« Téléphone », « Statut », « Paiement », « Priorité » (en toutes lettres : « Non payée »),
« Total (FCFA) » (entier), « Payé (FCFA) », « Reste dû (FCFA) », « Saisie par », « Articles »
(une cellule : « 2,5 L Lait frais de vache (1 L) × 500 FCFA; … »).

Pour un programme, `?format=raw` garde les noms de champs et les codes : `order_number`,
`created_at`, `client_name`, `client_phone`, `delivery_status` (`en_cours`…), `payment_status`
(`non_payee`, `partielle`, `payee`), `priority`, `total_price`, `amount_paid`, `amount_due`,
`created_by_username`, `items`.

Pour un tableur réglé en français (Excel, LibreOffice) : UTF-8 **avec BOM** (les accents
s'affichent bien) et **`;`** comme séparateur (la virgule y est le séparateur décimal). Une
cellule de texte libre qui commence par `=`, `+`, `-` ou `@` est précédée d'une apostrophe, pour
qu'un tableur ne l'exécute pas comme une formule. Le fichier est envoyé au fil de la lecture :
une année de commandes ne tient jamais en mémoire d'un coup.

{FILTERS_NOTE}""",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                             "description": "CSV `;`, UTF-8 avec BOM, en pièce jointe"}})
def orders_csv(reports: ReportsDep, filters: Filters, csv_format: Annotated[
        Literal["fr", "raw"], Query(alias="format", description=(
            "`fr` (défaut) : en-têtes et statuts en français ; `raw` : noms de champs et codes"))
        ] = "fr") -> StreamingResponse:
    return StreamingResponse(
        csv_chunks(reports.orders(filters), raw=csv_format == "raw"),
        media_type="text/csv; charset=utf-8",
        headers=attachment(f"commandes_{period_slug(filters)}.csv"))


@router.get("/orders/pdf/", operation_id="ordersReportPdf", response_class=Response,
            description=f"""Rapport A4 en français : titre, période et filtres, totaux
(nombre de commandes, montant hors annulées, payé, non payé hors annulées, livré), le chiffre
d'affaires par type de client (les types qui ont commandé, « Sans client » compris), tableau des
commandes (priorité en couleur), date de génération et utilisateur, « Page X / Y ».
Au plus 5 000 commandes (environ 125 pages) : au-delà, 400 `report_too_large` ; réduire la
période ou prendre le CSV.

{FILTERS_NOTE}""",
            responses={200: {"content": {"application/pdf": {
                "schema": {"type": "string", "format": "binary"}}},
                "description": "Document PDF en pièce jointe"}})
def orders_pdf_report(reports: ReportsDep, filters: Filters, actor: CurrentActor,
                      seal_line: JournalSealLine, clock: ClockDep) -> Response:
    totals = reports.totals(filters)
    if totals.orders_count > MAX_PDF_ORDERS:
        raise ApiError(400, "report_too_large", (
            f"Trop de commandes pour un PDF ({grouped(totals.orders_count, ' ')}, au plus "
            f"{grouped(MAX_PDF_ORDERS, ' ')}) : réduisez la période ou les filtres, ou "
            "téléchargez le CSV."))
    document = orders_pdf(OrdersReport(filters, totals, reports.orders(filters),
                                       clock.now(), actor.username,
                                       tuple(reports.by_customer_kind(filters)), seal_line))
    return Response(document, media_type="application/pdf",
                    headers=attachment(f"commandes_{period_slug(filters)}.pdf"))


@router.get("/summary/", response_model=ReportSummaryPublic, operation_id="reportSummary",
            description=f"""Chiffres du tableau de bord : `orders_count`, `revenue_total`
(commandes livrées), `paid_total` (argent reçu : somme des paiements, partiels compris, commandes
annulées comprises), `paid_cancelled` (dont commandes annulées, à rembourser), `unpaid_total`
(reste dû des commandes non annulées), `by_status` (chaque statut, 0 compris), `by_day` (jour
par jour sur la période, les jours sans commande à 0), `top_products` (par montant commandé,
commandes annulées exclues), `by_customer_kind` (par type de client, chaque type présent puis
`sans_client` : commandes et montant livré) ; `receivables_total` (total dû aujourd'hui,
toutes périodes) et `top_debtors` (les 5 clients qui doivent le plus), qui ne suivent pas les
filtres.

{FILTERS_NOTE}""")
def report_summary(reports: ReportsDep, filters: Filters, top: Annotated[int, Query(
        ge=1, le=50, description="Nombre de produits dans `top_products`")] = 10,
                   ) -> dict[str, Any]:
    return {**summary_shape(reports.summary(filters, top)),
            "receivables_total": reports.receivables_total(),
            "top_debtors": [vars(debtor) for debtor in reports.top_debtors(5)]}


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store"}


def summary_shape(summary: Summary) -> dict[str, Any]:
    totals = summary.totals
    return {
        "orders_count": totals.orders_count, "revenue_total": totals.revenue_total,
        "paid_total": totals.paid_total, "paid_cancelled": totals.paid_cancelled,
        "unpaid_total": totals.unpaid_total,
        "by_status": summary.by_status,
        "by_day": [vars(day) for day in summary.by_day],
        "top_products": [vars(product) for product in summary.top_products],
        "by_customer_kind": [vars(kind) for kind in summary.by_customer_kind],
    }
