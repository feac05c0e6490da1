"""After a projector's commit, tells every process what changed: orders, products,
notifications, users and the position reached (for read-your-writes in other processes)."""

from __future__ import annotations

from uuid import UUID

from application.json_values import jsonable
from projections.bus import Bus, Message
from projections.framework import Batch
from projections.inbox import Inbox, unread
from projections.queries.catalogue import Catalogue
from projections.queries.orders import OrderBoard, order_public


class Publisher:
    """Builds the messages of a committed batch from the read models and publishes them."""

    def __init__(self, board: OrderBoard, catalogue: Catalogue, inbox: Inbox, bus: Bus,
                 projection: str) -> None:
        self._board = board
        self._catalogue = catalogue
        self._inbox = inbox
        self._bus = bus
        self._projection = projection

    def __call__(self, batch: Batch) -> None:
        for message in self.messages(batch):
            self._bus.publish(jsonable(message))
        self._bus.publish({"type": "_position", "projection": self._projection,
                           "position": batch.position})

    def messages(self, batch: Batch) -> list[Message]:
        """Orders and notifications from the rows the batch wrote; products with one query
        (their shape joins the catalogue, the stock and the category)."""
        return [*self._orders(batch), *self._products(batch), *self._notifications(batch),
                *({"type": "_user", "user_id": user_id}
                  for user_id in sorted(batch.changed.get("user", ())))]

    def _orders(self, batch: Batch) -> list[Message]:
        ids = sorted(batch.changed.get("order", ()))
        created = batch.changed.get("order_created", set())
        held = batch.rows.get("order", {})
        found = {**{i: order_public(held[i]) for i in ids if i in held},
                 **self._board.many([UUID(i) for i in ids if i not in held])}
        return [{"type": "order", "event": "created" if i in created else "updated",
                 "order": found[i]} for i in ids if i in found]

    def _products(self, batch: Batch) -> list[Message]:
        ids = sorted(batch.changed.get("product", ()))
        created = batch.changed.get("product_created", set())
        listing = batch.changed.get("listing", set())
        found = self._catalogue.many([UUID(i) for i in ids]) if ids else {}
        return [{"type": "product", "event": "created" if i in created else "updated",
                 "product": found[i], "listing": i in listing} for i in ids if i in found]

    def _notifications(self, batch: Batch) -> list[Message]:
        ids = sorted(batch.changed.get("notification", ()))
        held = batch.rows.get("notification", {})
        found = {**{i: unread(held[i]) for i in ids if i in held},
                 **self._inbox.get_many([UUID(i) for i in ids if i not in held])}
        return [{"type": "notification", "notification": found[i]} for i in ids if i in found]
