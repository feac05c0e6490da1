"""The one composition root: the server, the CLI, the worker and the tests all start here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api import login_attempts, sessions  # noqa: F401 (registers the sign-in tables)
from application.passwords import Passwords
from application.services import Services
from application.store import DatabaseConfig, GapalStore
from application.upgrades import introduce_lots
from application.users import NewUser
from domain.clock import Clock, SystemClock
from domain.errors import DuplicateUsername
from domain.permissions import SYSTEM
from domain.values import Role
from gapal.rebuild import PARALLEL_FROM, parallel_rebuild
from gapal.settings import Settings
from projections.bus import Bus, Message, connect_bus
from projections.db import Database
from projections.framework import Batch
from projections.health import ReadSideHealth
from projections.notifications import check_expiries
from projections.presence import Presence
from projections.publisher import Publisher
from projections.read_models import (
    create_indexes,
    drop_and_recreate,
    read_models,
    rebuild_if_changed,
)
from projections.read_side import ReadSide
from projections.runner import CATCH_UP_BATCH, PositionWaiter, Projector, few_collections
from projections.seal import Sealer, seal_projection
from projections.seal_notice import tell_closing_seal
from projections.settling import ReadYourWrites, SeenFirst
from projections.stored import decoder


@dataclass
class Gapal:
    """A running Gapal: use cases on the event store, read models, and their projector."""

    settings: Settings
    store: GapalStore
    db: Database
    services: Services
    read: ReadSide
    bus: Bus
    waiter: PositionWaiter
    projector: Projector
    settle: ReadYourWrites
    health: ReadSideHealth
    presence: Presence
    sealer: Sealer
    clock: Clock  # the one clock of this Gapal: its use cases', views' and routes'
    # The read models were made anew at start (their schema changed): the whole log is to be
    # replayed into them (`gapal migrate` does it at rebuild speed).
    made_anew: bool = False

    def wait_for(self, position: int | None) -> None:
        """Read-your-writes: returns once the read models include `position`."""
        self.settle.wait_for(position)

    def failures(self) -> tuple[int, list[dict[str, Any]]]:
        """How many events the views skipped, and the first ones (for health)."""
        return self.health.failures()

    def start(self) -> None:
        """Runs the projector in this process (unless `GAPAL_RUN_PROJECTOR=false`); either way
        the process counts as running on its database, so that a rebuild refuses meanwhile."""
        self.presence.join()
        if self.settings.run_projector:
            self.projector.start()
            self.sealer.start()

    def stop(self) -> None:
        """Stops this process's projectors (the read models' and the seal's)."""
        self.projector.stop()
        self.sealer.stop()

    def rebuild(self, on_progress: Callable[[int], None] | None = None,
                workers: int | None = None, parallel_from: int = PARALLEL_FROM) -> int:
        """Empties the read models and projects the whole log again, in big batches and
        publishing nothing (a rebuild is no news to anyone); returns the events replayed.
        On PostgreSQL, a log of `parallel_from` events or more is replayed by `workers`
        processes (`GAPAL_REBUILD_WORKERS`), each into a group of views (`gapal.rebuild`)."""
        projection = self.projector.projection
        drop_and_recreate(self.db, projection, indexes=False)
        workers = self.settings.rebuild_workers if workers is None else workers
        end = self.store.recorder.max_notification_id() or 0
        with few_collections():
            count = 0
            if workers > 1 and self.db.config.is_postgres and end >= parallel_from:
                count = parallel_rebuild(self, end, workers, on_progress)
            count += self.projector.catch_up(on_progress, limit=CATCH_UP_BATCH, publish=False)
            self.sealer.catch_up(limit=CATCH_UP_BATCH, publish=False)  # kept, never redone
        create_indexes(self.db, projection)
        return count

    def close(self) -> None:
        self.stop()
        self.presence.leave()
        self.bus.close()
        self.db.dispose()
        self.store.close()

    def on_bus(self, message: Message) -> None:
        """Other processes' news: a projector's progress, or a write to project."""
        if message.get("type") == "_position":
            self.waiter.reached(int(message["position"]))
        elif message.get("type") == "_saved":
            self.projector.wake()
            self.sealer.wake()


def bootstrap(settings: Settings | None = None, *, passwords: Passwords | None = None,
              pool_size: int | None = None, clock: Clock | None = None,
              news: bool = True) -> Gapal:
    """Builds Gapal from its settings; connects, creates missing tables, starts nothing.
    `pool_size`: the connections each pool keeps (`GAPAL_DB_POOL_SIZE` by default); `clock`:
    the time of everything built here (the system's by default; tests move their own);
    `news=False`: a process that serves no WebSocket, deaf to the views' news on the bus."""
    settings = settings or Settings()
    clock = clock or SystemClock()
    pool_size = pool_size or settings.db_pool_size
    config = DatabaseConfig(settings.database_url)
    db = Database.connect(config, pool_size=pool_size)
    limits = settings.order_limits()
    projection = read_models(settings.expiry_warning_days, limits, clock)
    store_env = config.store_env(pool_size=pool_size)
    store_env["CREATE_TABLE"] = "y" if settings.create_tables else "n"
    if settings.aggregate_cache_size:
        store_env["AGGREGATE_CACHE_MAXSIZE"] = str(settings.aggregate_cache_size)
    made_anew = False
    with db.schema_lock():
        if settings.create_tables:
            db.create_schema()
        store = GapalStore(env=store_env)
        if settings.create_tables:  # a changed view is replayed before anything serves
            made_anew = rebuild_if_changed(db, projection, lambda view, told: Projector(
                store, db, projection, PositionWaiter(projection, db)).rebuild_view(view, told))
    read = ReadSide.on(db, limits, store.events_table, decoder(store.mapper.to_domain_event),
                       clock)
    waiter = PositionWaiter(projection, db)
    head = store.recorder.max_notification_id
    settle = ReadYourWrites(waiter, head, lambda: settings.write_wait_seconds)
    seen_first = SeenFirst(settle, read.customers, read.catalogue)
    services = Services.build(store, seen_first, read.voice_notes, passwords,
                              credit=seen_first, clock=clock)
    bus = connect_bus(settings.redis_url, deployment=settings.database_url, news=news)
    publisher = Publisher(read.orders, read.catalogue, read.inbox, bus, projection.name)
    projector = Projector(store, db, projection, waiter, publisher,
                          periodic=expiry_check(settings.expiry_warning_days, clock))
    seal = seal_projection(clock)
    sealed = PositionWaiter(seal, db)
    sealer = Sealer(store, db, seal, sealed, store.events_table)
    health = ReadSideHealth(db, head, (store.backend, bus.name),
                            {projection.name: waiter, seal.name: sealed},
                            lambda: settings.projection_stall_seconds)
    gapal = Gapal(settings, store, db, services, read, bus, waiter, projector, settle, health,
                  Presence(db), sealer, clock, made_anew)
    bus.subscribe(gapal.on_bus)
    if bus.name != "memory":
        store.on_saved(lambda position: bus.publish({"type": "_saved", "position": position}))
    return gapal


def upgrade_log(gapal: Gapal) -> None:
    """The log's upgrades (new events, never rewritten ones): pre-lot stock becomes a lot."""
    introduce_lots(gapal.store, gapal.clock.today())


def ensure_configured_admin(gapal: Gapal) -> None:
    """`GAPAL_ADMIN_USERNAME` + `GAPAL_ADMIN_PASSWORD`: that admin exists after start."""
    settings = gapal.settings
    if settings.admin_username and settings.admin_password:
        ensure_admin(gapal, settings.admin_username, settings.admin_password)


def expiry_check(warning_days: int, clock: Clock) -> Callable[[Batch], None]:
    """The periodic checks: expiry dates passing overnight, and yesterday's closing seal."""

    def check(batch: Batch) -> None:
        now = clock.now()
        check_expiries(batch, now.date(), warning_days, now)
        tell_closing_seal(batch, now)

    return check


def ensure_admin(gapal: Gapal, username: str, password: str) -> bool:
    """Creates this admin unless a user of that name exists; True if created."""
    users = gapal.services.users
    if users.find_by_username(username) is not None:
        return False
    try:
        written = users.register(SYSTEM, NewUser(username, "", password, Role.ADMIN))
    except DuplicateUsername:  # another process created it at the same moment
        return False
    gapal.projector.catch_up()
    gapal.wait_for(written.position)
    return True
