"""The one composition root: the server, the CLI, the worker and the tests all start here."""

from __future__ import annotations

from dataclasses import dataclass

from application.passwords import Passwords
from application.services import Services
from application.store import DatabaseConfig, GapalStore
from application.users import NewUser
from domain.permissions import SYSTEM
from domain.values import Role
from gapal.settings import Settings
from projections.db import Database
from projections.queries import ReadModels
from projections.read_models import READ_MODELS
from projections.runner import PositionWaiter, Projector


@dataclass
class Gapal:
    """A running Gapal: use cases on the event store, read models, and their projector."""

    settings: Settings
    store: GapalStore
    db: Database
    services: Services
    read: ReadModels
    waiter: PositionWaiter
    projector: Projector

    def wait_for(self, position: int | None) -> None:
        """Read-your-writes: returns once the read models include `position`."""
        if not self.waiter.wait_for(position):
            raise TimeoutError("Les vues n'ont pas rattrapé le journal à temps.")

    def start(self) -> None:
        self.projector.start()

    def close(self) -> None:
        self.projector.stop()
        self.db.dispose()
        self.store.close()


def bootstrap(settings: Settings | None = None, *, passwords: Passwords | None = None,
              pool_size: int = 10) -> Gapal:
    """Builds Gapal from its settings; connects, creates missing tables, starts nothing."""
    settings = settings or Settings()
    config = DatabaseConfig(settings.database_url)
    db = Database.connect(config, pool_size=pool_size)
    db.create_schema()
    store = GapalStore(env=config.store_env(pool_size=pool_size))
    read = ReadModels(db)
    services = Services.build(store, read, passwords)
    waiter = PositionWaiter(READ_MODELS, db)
    projector = Projector(store, db, READ_MODELS, waiter)
    return Gapal(settings, store, db, services, read, waiter, projector)


def ensure_admin(gapal: Gapal, username: str, password: str) -> bool:
    """Creates this admin unless a user of that name exists; True if created."""
    users = gapal.services.users
    if users.find_by_username(username) is not None:
        return False
    written = users.register(SYSTEM, NewUser(username, "", password, Role.ADMIN))
    gapal.projector.catch_up()
    gapal.wait_for(written.position)
    return True
