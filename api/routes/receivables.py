"""Receivables (what customers owe, by age) and a customer's statement, for those who read the
reports (gestionnaire_commandes, admin): JSON, CSV or PDF, computed on the read models."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError

from api.common import ExactNumbersRoute
from api.deps import ClockDep, JournalSealLine
from api.reports.receivables_files import (
    KINDS,
    receivables_csv,
    receivables_pdf,
    statement_pdf,
)
from api.reports.schemas import ReceivablesPublic, StatementPublic
from api.routes.reports import ReportsDep, attachment
from api.security import CurrentActor
from domain.customer import CustomerKind
from projections.receivables import (
    BUCKET_NAMES,
    Receivable,
    ReceivableFilters,
    ReceivablesReport,
)

router = APIRouter(prefix="/api", tags=["Rapports"], route_class=ExactNumbersRoute)
PDF: dict[int | str, dict[str, Any]] = {200: {
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "text/csv": {"schema": {"type": "string"}}},
    "description": "JSON, ou le fichier demandé par `format`"}}


@router.get("/reports/receivables/", response_model=ReceivablesPublic,
            operation_id="receivablesReport", responses=PDF,
            description="""Créances : par client qui doit encore, son solde (reste dû de ses
commandes non annulées), réparti par âge — 0–7, 8–30, 31–60, plus de 60 jours, l'âge d'une
commande étant compté de son jour de création jusqu'à `as_of` (défaut : aujourd'hui ; une
commande créée après compte 0 jour) —, son plafond de crédit et `over_limit` (solde au-dessus du
plafond ; plafond 0 = comptant). Plus gros solde d'abord. Les commandes sans client forment la
ligne `no_customer` (« Sans client »), comptée dans les totaux : sans filtre, `balance_total`
est le `unpaid_total` du résumé sans filtre. `over_limit=true|false` et `kind=` filtrent les
clients (la ligne « Sans client » disparaît alors).

`format` : `json` (défaut) ; `csv` (UTF-8 avec BOM, `;`, en-têtes français, ligne Total) ;
`raw` (CSV avec noms de champs et codes) ; `pdf` (A4, dépassements de plafond en rouge).""")
def receivables_report(
    reports: ReportsDep, actor: CurrentActor, seal_line: JournalSealLine, clock: ClockDep,
    as_of: Annotated[date | None, Query(description="Jour de référence (AAAA-MM-JJ)")] = None,
    over_limit: bool | None = None, kind: CustomerKind | None = None,
    file_format: Annotated[Literal["json", "csv", "raw", "pdf"], Query(alias="format")] = "json",
) -> Any:
    day = as_of or clock.today()
    if not date(2000, 1, 1) <= day <= date(2099, 12, 31):
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "as_of"),
                                       "msg": "La date doit être entre 2000 et 2099."}])
    found = reports.receivables(ReceivableFilters(day, over_limit, kind.value if kind else None))
    name = f"creances_{day:%Y-%m-%d}"
    if file_format in ("csv", "raw"):
        return Response(receivables_csv(found, raw=file_format == "raw"),
                        media_type="text/csv; charset=utf-8",
                        headers=attachment(f"{name}.csv"))
    if file_format == "pdf":
        return Response(receivables_pdf(found, _filters_line(over_limit, kind),
                                        clock.now(), actor.username, seal_line),
                        media_type="application/pdf", headers=attachment(f"{name}.pdf"))
    return receivables_shape(found)


def _filters_line(over_limit: bool | None, kind: CustomerKind | None) -> str:
    parts = []
    if over_limit is not None:
        parts.append("au-dessus du plafond" if over_limit else "sous le plafond")
    if kind is not None:
        parts.append(f"type : {KINDS.get(kind.value, kind.value)}")
    return " · ".join(parts) if parts else "aucun (tous les clients qui doivent)"


def receivables_shape(found: ReceivablesReport) -> dict[str, Any]:
    return {"as_of": found.as_of, "results": [_line(line) for line in found.results],
            "no_customer": _line(found.no_customer) if found.no_customer else None,
            "totals": found.totals.buckets, "balance_total": found.totals.balance}


def _line(line: Receivable) -> dict[str, Any]:
    shaped = {name: value for name, value in vars(line).items() if name != "buckets"}
    return {**shaped, **{name: line.buckets[name] for name in BUCKET_NAMES}}


@router.get("/customers/{customer_id}/statement/", response_model=StatementPublic,
            operation_id="customerStatement", tags=["Clients"],
            responses={200: {"content": {"application/pdf": {
                "schema": {"type": "string", "format": "binary"}}},
                "description": "JSON, ou le PDF avec `?format=pdf`"}},
            description="""Relevé de compte d'un client : solde d'ouverture (dû au début de
`date_from`), puis dans l'ordre du temps ses commandes (débit : leur total), ses paiements
(crédit, avec moyen et référence), les commandes annulées (`cancellation` : leur reste dû
repris), chacune avec le solde courant ; solde de clôture = ce qu'il devait à la fin de
`date_to` (son `balance` quand la période va jusqu'à aujourd'hui). Dates incluses, heure de
Ouagadougou (UTC). `?format=pdf` : le relevé en PDF A4. Gestionnaires de commandes et
administrateurs.""")
def customer_statement(
    customer_id: UUID, reports: ReportsDep, actor: CurrentActor, seal_line: JournalSealLine,
    clock: ClockDep,
    date_from: Annotated[date | None, Query(description="Premier jour inclus")] = None,
    date_to: Annotated[date | None, Query(description="Dernier jour inclus")] = None,
    file_format: Annotated[Literal["json", "pdf"], Query(alias="format")] = "json",
) -> Any:
    if date_from and date_to and date_from > date_to:
        raise RequestValidationError([{
            "type": "value_error", "loc": ("query", "date_to"),
            "msg": "La date de fin précède la date de début."}])
    for name, day in (("date_from", date_from), ("date_to", date_to)):
        if day is not None and not date(2000, 1, 1) <= day <= date(2099, 12, 30):
            raise RequestValidationError([{"type": "value_error", "loc": ("query", name),
                                           "msg": "La date doit être entre 2000 et 2099."}])
    found = reports.statement(str(customer_id), date_from, date_to)
    if file_format == "pdf":
        return Response(statement_pdf(found, clock.now(), actor.username, seal_line),
                        media_type="application/pdf",
                        headers=attachment(f"releve_{str(customer_id)[:8]}.pdf"))
    return {**vars(found), "entries": [vars(entry) for entry in found.entries]}
