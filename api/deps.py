"""What the HTTP application is given by the composition root, and what each route asks for."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends
from starlette.requests import HTTPConnection

from api.client_address import Networks, client_address
from api.login_attempts import LoginAttempts
from api.login_limits import LoginLimits
from api.tokens import Tokens
from application.cash_closings import CashClosings
from application.catalogue import Catalogue as CatalogueUseCases
from application.customers import Customers
from application.history import History
from application.orders import Orders
from application.payments import Payments
from application.returns import Returns
from application.services import Services
from application.stock import Stock
from application.sync import Sync
from application.users import Users
from application.voice_notes import VoiceNotes
from domain.clock import Clock, SystemClock
from projections.bus import Bus
from projections.health import ReadSideHealth
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
from projections.read_side import ReadSide
from projections.reports import Reports
from projections.seal_notice import last_closed_day, seal_footer
from projections.settling import ReadYourWrites
from projections.voice_notes import VoiceNoteStore

T = TypeVar("T")


@dataclass(frozen=True)
class ApiDeps:
    """The parts of a running Gapal the HTTP application uses, and its start and stop."""

    services: Services
    read: ReadSide
    settle: ReadYourWrites
    health: ReadSideHealth
    bus: Bus
    tokens: Tokens
    start: Callable[[], None]
    stop: Callable[[], None]
    attempts: LoginAttempts
    trusted_proxies: Networks = ()
    login_limits: LoginLimits = field(default_factory=LoginLimits)
    clock: Clock = field(default_factory=SystemClock)


def deps_of(connection: HTTPConnection) -> ApiDeps:
    deps: ApiDeps = connection.app.state.deps
    return deps


def part(pick: Callable[[ApiDeps], T]) -> Callable[[HTTPConnection], Awaitable[T]]:
    """A dependency giving one part of the application's dependencies (async: FastAPI runs a
    plain function in its threadpool, a hop per dependency per request, for no I/O here)."""

    async def dependency(connection: HTTPConnection) -> T:
        return pick(deps_of(connection))

    return dependency


OrderBoardDep = Annotated[OrderBoard, Depends(part(lambda d: d.read.orders))]
CatalogueDep = Annotated[Catalogue, Depends(part(lambda d: d.read.catalogue))]
StockLedgerDep = Annotated[StockLedger, Depends(part(lambda d: d.read.stock))]
LotBookDep = Annotated[LotBook, Depends(part(lambda d: d.read.lots))]
AuditTrailDep = Annotated[AuditTrail, Depends(part(lambda d: d.read.audit))]
AuditSealDep = Annotated[AuditSeal, Depends(part(lambda d: d.read.seal))]


def journal_seal_line(connection: HTTPConnection) -> str:
    """The log's closing seal of the last closed day, for the foot of every PDF report."""
    deps = deps_of(connection)
    return seal_footer(deps.read.seal.closing(last_closed_day(deps.clock.now())))


JournalSealLine = Annotated[str, Depends(journal_seal_line)]
ClockDep = Annotated[Clock, Depends(part(lambda d: d.clock))]
UserDirectoryDep = Annotated[UserDirectory, Depends(part(lambda d: d.read.users))]
InboxDep = Annotated[Inbox, Depends(part(lambda d: d.read.inbox))]
VoiceNoteStoreDep = Annotated[VoiceNoteStore, Depends(part(lambda d: d.read.voice_notes))]
CustomerBookDep = Annotated[CustomerBook, Depends(part(lambda d: d.read.customers))]
ReportQueriesDep = Annotated[Reports, Depends(part(lambda d: d.read.reports))]
OrdersDep = Annotated[Orders, Depends(part(lambda d: d.services.orders))]
CatalogueUseCasesDep = Annotated[CatalogueUseCases,
                                 Depends(part(lambda d: d.services.catalogue))]
StockDep = Annotated[Stock, Depends(part(lambda d: d.services.stock))]
UsersDep = Annotated[Users, Depends(part(lambda d: d.services.users))]
HistoryDep = Annotated[History, Depends(part(lambda d: d.services.history))]
SyncDep = Annotated[Sync, Depends(part(lambda d: d.services.sync))]
CustomersDep = Annotated[Customers, Depends(part(lambda d: d.services.customers))]
PaymentsDep = Annotated[Payments, Depends(part(lambda d: d.services.payments))]
ReturnsDep = Annotated[Returns, Depends(part(lambda d: d.services.returns))]
PaymentLedgerDep = Annotated[PaymentLedger, Depends(part(lambda d: d.read.payments))]
VoiceNotesDep = Annotated[VoiceNotes, Depends(part(lambda d: d.services.voice_notes))]
CashClosingsDep = Annotated[CashClosings, Depends(part(lambda d: d.services.cash_closings))]
CashBookDep = Annotated[CashBook, Depends(part(lambda d: d.read.cash))]
HealthDep = Annotated[ReadSideHealth, Depends(part(lambda d: d.health))]
LoginAttemptsDep = Annotated[LoginAttempts, Depends(part(lambda d: d.attempts))]


async def _client_of(connection: HTTPConnection) -> str:  # async: no thread for so little
    return client_address(connection, deps_of(connection).trusted_proxies)


ClientAddress = Annotated[str, Depends(_client_of)]
