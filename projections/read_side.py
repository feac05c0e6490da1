"""Every query owner of the read side, built on one database."""

from __future__ import annotations

from dataclasses import dataclass

from domain.clock import Clock, SystemClock
from domain.limits import OrderLimits
from projections.db import Database
from projections.inbox import Inbox
from projections.queries.audit import AuditTrail
from projections.queries.cash_closings import CashBook
from projections.queries.catalogue import Catalogue
from projections.queries.customers import CustomerBook
from projections.queries.lots import LotBook
from projections.queries.orders import OrderBoard
from projections.queries.payments import PaymentLedger
from projections.queries.seal import AuditSeal
from projections.queries.stock import StockLedger
from projections.queries.users import UserDirectory
from projections.reports import Reports
from projections.stored import Decode
from projections.voice_notes import VoiceNoteStore


@dataclass(frozen=True)
class ReadSide:
    """The queries of each context: orders, catalogue, stock, audit, users, inbox, reports."""

    orders: OrderBoard
    catalogue: Catalogue
    stock: StockLedger
    audit: AuditTrail
    users: UserDirectory
    inbox: Inbox
    voice_notes: VoiceNoteStore
    reports: Reports
    customers: CustomerBook
    payments: PaymentLedger
    cash: CashBook
    seal: AuditSeal
    lots: LotBook

    @classmethod
    def on(cls, db: Database, limits: OrderLimits | None, events_table: str,
           decode: Decode, clock: Clock | None = None) -> ReadSide:
        """`events_table` and `decode`: the log's table and how one of its stored events is
        decoded (the seal and the audit trail read the log itself); `clock` stamps reads of
        notifications and verifications of the seal."""
        clock = clock or SystemClock()
        return cls(OrderBoard(db, limits), Catalogue(db), StockLedger(db),
                   AuditTrail(db, events_table, decode),
                   UserDirectory(db), Inbox(db, clock), VoiceNoteStore(db), Reports(db),
                   CustomerBook(db), PaymentLedger(db), CashBook(db),
                   AuditSeal(db, events_table, clock), LotBook(db))
