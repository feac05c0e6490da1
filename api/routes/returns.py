"""Returns (`retours`) of delivered orders."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.common import ExactNumbersRoute, IdempotencyKey
from api.consistency import ReadYourWritesDep
from api.deps import OrderBoardDep, ReturnsDep
from api.schemas import OrderPublic, ReturnIn
from api.security import CurrentActor
from application.returns import NewReturn
from projections.queries.orders import OrderRow

router = APIRouter(prefix="/api/orders", tags=["Commandes"], route_class=ExactNumbersRoute)


@router.post("/{order_id}/returns/", response_model=OrderPublic, status_code=201,
             operation_id="recordOrderReturn",
             description="""Un retour d'une commande livrée, par ligne et en partie : jamais plus
que livré (et pas encore rendu) : 409 `return_refused`. Remis dans le lot d'où il venait s'il
n'est pas périmé (`restock`), sinon passé en perte ; le reste dû de la commande (et le solde du
client) baisse de la valeur rendue, au prix de la commande. Répond la commande.""")
def record_return(order_id: UUID, body: ReturnIn, actor: CurrentActor, returns: ReturnsDep,
                  settle: ReadYourWritesDep, board: OrderBoardDep,
                  idempotency: IdempotencyKey) -> OrderRow:
    settle(returns.record(actor, order_id, NewReturn(
        [(line.product_id, line.quantity) for line in body.lines], body.reason, body.restock),
        idempotency.of(body)))
    return board.get(actor, order_id)
