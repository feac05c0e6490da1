"""The application's use cases, gathered around one event store."""

from __future__ import annotations

from dataclasses import dataclass

from application.cash_closings import CashClosings
from application.catalogue import Catalogue, CatalogueQueries
from application.customers import Customers
from application.history import History
from application.idempotency import Receipts
from application.orders import CreditQueries, Orders
from application.passwords import Passwords
from application.payments import Payments
from application.returns import Returns
from application.stock import Stock
from application.store import GapalStore
from application.sync import Sync
from application.users import Users
from application.voice_notes import BlobStore, VoiceNotes
from domain.clock import Clock, SystemClock


@dataclass
class Services:
    """Every use case of Gapal, sharing one `GapalStore` so a command is one transaction."""

    store: GapalStore
    users: Users
    catalogue: Catalogue
    stock: Stock
    orders: Orders
    history: History
    sync: Sync
    voice_notes: VoiceNotes
    customers: Customers
    payments: Payments
    cash_closings: CashClosings
    returns: Returns

    @classmethod
    def build(cls, store: GapalStore, queries: CatalogueQueries,
              blobs: BlobStore, passwords: Passwords | None = None,
              credit: CreditQueries | None = None, clock: Clock | None = None) -> Services:
        """`clock`: the one the composition root gives every use case (the system's if none)."""
        clock = clock or SystemClock()
        receipts = Receipts(store, clock)
        return cls(
            store=store,
            users=Users(store, passwords or Passwords()),
            catalogue=Catalogue(store, queries, clock),
            stock=Stock(store, receipts, clock),
            orders=Orders(store, receipts, clock, credit),
            history=History(store),
            sync=Sync(store, clock, credit),
            voice_notes=VoiceNotes(store, blobs),
            customers=Customers(store),
            payments=Payments(store, clock),
            cash_closings=CashClosings(store, clock),
            returns=Returns(store, receipts, clock),
        )
