"""An order's receipt (whoever may read the order): a PDF to print, 58 mm thermal strip or A5,
or plain text (`Accept: text/plain`) to share on WhatsApp."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response
from fastapi.exceptions import RequestValidationError

from api.common import ExactNumbersRoute
from api.deps import OrderBoardDep, PaymentLedgerDep
from api.receipts.receipt import receipt_of
from api.receipts.receipt_pdf import SIZES, ReceiptSize, receipt_pdf
from api.receipts.receipt_text import receipt_text
from api.security import CurrentActor
from projections.queries.orders import OrderRow
from projections.queries.payments import PaymentLedger

router = APIRouter(prefix="/api/orders", tags=["Commandes"], route_class=ExactNumbersRoute)
PDF, TEXT = "application/pdf", "text/plain"


@router.get("/{order_id}/receipt/", operation_id="orderReceipt", response_class=Response,
            description="""Le reçu de la commande, en français : en-tête de la boutique, n° de
commande, date, client et téléphone, lignes (quantité, produit, prix unitaire, sous-total),
total, payé, reste à payer, paiements reçus, vendeur.

- PDF (défaut) : `?size=a5` (défaut, page A5 portrait) ou `?size=58mm` (bande de 58 mm de large
  pour imprimante thermique, aussi longue que le reçu) ; une autre taille : 422.
- Texte brut UTF-8 sur 32 colonnes avec `Accept: text/plain`, pour WhatsApp.

Droits : ceux de `GET /api/orders/{id}/` (un vendeur : ses commandes seulement, sinon 404).""",
            responses={200: {"content": {
                PDF: {"schema": {"type": "string", "format": "binary"}},
                TEXT: {"schema": {"type": "string"}}},
                "description": "Le reçu en PDF, ou en texte avec `Accept: text/plain`"}})
def order_receipt(order_id: UUID, actor: CurrentActor, board: OrderBoardDep,
                  ledger: PaymentLedgerDep,
                  size: Annotated[str, Query(max_length=10, description=(
                      "`a5` (défaut) ou `58mm`"))] = "a5",
                  accept: Annotated[str, Header(include_in_schema=False)] = "") -> Response:
    paper = paper_size(size)
    order = board.get(actor, order_id)
    receipt = receipt_of(order, payments_of(order, ledger))
    if wants_text(accept):
        return Response(receipt_text(receipt), media_type=f"{TEXT}; charset=utf-8",
                        headers={"Cache-Control": "no-store"})
    return Response(receipt_pdf(receipt, paper), media_type=PDF, headers={
        "Content-Disposition": f'inline; filename="recu_{order["order_number"]}_{paper}.pdf"',
        "Cache-Control": "no-store"})


def payments_of(order: OrderRow, ledger: PaymentLedger) -> Sequence[Mapping[str, Any]]:
    """The payments the receipt lists: the order's payments standing (reversed ones are not
    money kept), oldest first, from the payments view (`amount`, `method`, `reference`,
    `received_at`, `received_by_username`). The caller has checked the order's read rights."""
    return ledger.standing_of(UUID(order["id"]))


def paper_size(size: str) -> ReceiptSize:
    for known in SIZES:
        if size.strip().lower() == known:
            return known
    raise RequestValidationError([{
        "type": "enum", "loc": ("query", "size"),
        "msg": f"Taille de reçu inconnue : « {size} ». Tailles possibles : a5, 58mm."}])


def wants_text(accept: str) -> bool:
    """Text when the client asks for `text/plain` and not for a PDF."""
    kinds = {kind.split(";")[0].strip().lower() for kind in accept.split(",")}
    return TEXT in kinds and PDF not in kinds
