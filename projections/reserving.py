"""What orders hold back from the shelf: the quantities of open orders (neither delivered nor
cancelled) by product, and by how much each order event changes a product's reserved
quantity. Shared by the views that keep reserved quantities (stock, notifications), each in
its own tables: a delta per event, never a sum over the history."""

from __future__ import annotations

from collections import defaultdict

from domain.order import FINAL, Order, OrderLine
from projections.db import to_milli, uuid_text

Quantities = dict[str, int]  # product id -> thousandths


def quantities(lines: list[OrderLine]) -> Quantities:
    total: dict[str, int] = defaultdict(int)
    for line in lines:
        total[uuid_text(line.product_id)] += to_milli(line.quantity)
    return dict(total)


def touches_reservations(event: object) -> bool:
    """Placed, lines revised, or delivered/cancelled: the events that change reservations."""
    if isinstance(event, Order.Revised):
        return "lines" in event.changes
    if isinstance(event, Order.StatusChanged):
        return event.to_status in FINAL  # a StrEnum member hashes and compares as its value
    return isinstance(event, Order.Placed)


def orders_to_load(events: list[object]) -> set[str]:
    """The open orders whose quantities these events need and were placed before them."""
    placed = {uuid_text(e.originator_id) for e in events if isinstance(e, Order.Placed)}
    return {uuid_text(e.originator_id) for e in events  # type: ignore[attr-defined]  # order events
            if touches_reservations(e) and uuid_text(e.originator_id) not in placed}  # type: ignore[attr-defined]  # order events


class OpenOrders:
    """The open orders' quantities, changed event by event; remembers the orders it saw."""

    def __init__(self, loaded: dict[str, Quantities]) -> None:
        self.lines = loaded
        self.changed: set[str] = set()
        self.closed: set[str] = set()

    def products(self) -> set[str]:
        return {product for lines in self.lines.values() for product in lines}

    def deltas(self, event: Order.Event) -> Quantities:
        """How much `event` adds to (or takes from) each product it touches, zeros included."""
        order_id = uuid_text(event.originator_id)
        before = self.lines.get(order_id, {})
        after: Quantities = {}
        if isinstance(event, Order.Placed):
            after = quantities(event.lines)
        elif isinstance(event, Order.Revised):
            after = quantities(event.changes["lines"])
        if isinstance(event, Order.StatusChanged):
            self.lines.pop(order_id, None)
            self.closed.add(order_id)
            self.changed.discard(order_id)
        else:
            self.lines[order_id] = after
            self.changed.add(order_id)
        return {p: after.get(p, 0) - before.get(p, 0) for p in {**before, **after}}

