"""Who runs on a database: every server and projector holds a shared lock on it while it runs; a
rebuild wants it alone and refuses while any holds it (PostgreSQL: a session advisory lock;
SQLite: `flock` on the database file, which SQLite's own POSIX locks leave alone)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

import sqlalchemy as sa

from projections.db import Database


class Presence:
    """This process's hold on its database, from `join()` until `leave()` or its end."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.key = f"gapal-running:{db.config.schema or 'public'}"
        self.held: sa.Connection | IO[bytes] | None = None

    def join(self) -> None:
        """Shared with every other running process; waits while a rebuild runs."""
        if self.held is None:
            self.held = self._hold(shared=True, wait=True)

    def leave(self) -> None:
        if self.held is not None:
            self.held.close()  # closing the session or the file releases its lock
            self.held = None

    @contextmanager
    def alone(self) -> Iterator[bool]:
        """True inside if no server nor projector runs on this database (none starts meanwhile)."""
        held = self._hold(shared=False, wait=False)
        try:
            yield held is not None
        finally:
            if held is not None:
                held.close()

    def _hold(self, *, shared: bool, wait: bool) -> sa.Connection | IO[bytes] | None:
        if self.db.config.is_postgres:
            return self._hold_advisory(shared=shared, wait=wait)
        file = open(self.db.config.sqlite_path, "rb")  # noqa: SIM115  # held open: it holds the lock
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(file.fileno(), flags)
        except BlockingIOError:
            file.close()
            return None
        return file

    def _hold_advisory(self, *, shared: bool, wait: bool) -> sa.Connection | None:
        function = ("pg_" + ("" if wait else "try_") + "advisory_lock"
                    + ("_shared" if shared else ""))
        conn = self.db.writer.connect()
        got = conn.execute(sa.text(f"SELECT {function}(hashtext(:key))"), {"key": self.key})
        conn.commit()
        if got.scalar() is False:
            conn.close()
            return None
        return conn
