"""Runs projections: follows the log in batches, writes rows and position in one transaction,
wakes those waiting for a position, hands what changed to the publisher after commit."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager

import sqlalchemy as sa
from eventsourcing.persistence import Notification
from sqlalchemy.dialects import postgresql, sqlite

from application.store import GapalStore
from projections import failures
from projections.db import Database
from projections.failures import Failure
from projections.framework import Batch, Projection, first_of_each_view, tracking
from projections.stored import notifications_of

log = logging.getLogger(__name__)
BATCH_SIZE = 500  # live: small batches keep a write's wait short
CATCH_UP_BATCH = 5000  # a rebuild or a long catch-up: fewer, bigger set-based batches
POLL_SECONDS = 0.05
PERIODIC_SECONDS = 300.0
AfterCommit = Callable[[Batch], None]
Periodic = Callable[[Batch], None]


@contextmanager
def few_collections() -> Iterator[None]:
    """For a rebuild: the objects alive before it are frozen out of the garbage collector's
    sight and young objects are collected 70 times less often. Decoding a million events
    builds tens of millions of objects, and with the default thresholds the collector's
    passes made reading the log 1.6 times slower."""
    gc.collect()
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


Page = tuple[Sequence[Notification], list[tuple[int, object]], list[Failure]]
"""Events of the log as read, decoded, and the failures of those that could not be."""


class ReadAhead:
    """Reads and decodes the next page of the log in a thread of its own while the projector
    projects the current one. The drivers let go of the GIL while the database works, so the
    decoding of the next page fills the projector's waits on its writes (a rebuild, or a
    projector far behind, reads big pages one after the other)."""

    def __init__(self, read_page: Callable[[int, int], Page]) -> None:
        self._read_page = read_page
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
        self._next: tuple[int, int, Future[Page]] | None = None

    def ask(self, start: int, limit: int) -> None:
        """Starts reading the page of `limit` events after `start`."""
        self._next = (start, limit, self._executor.submit(self._read_page, start, limit))

    def page(self, start: int, limit: int) -> Page:
        """That page: the one read ahead if it was asked for, else read now."""
        asked, self._next = self._next, None
        if asked is not None and asked[:2] == (start, limit):
            return asked[2].result()
        return self._read_page(start, limit)

    def close(self) -> None:
        """Waits for a page still being read (nothing reads the log once catching up ends)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


class PositionWaiter:
    """Read-your-writes: blocks until a projection has reached a log position."""

    def __init__(self, projection: Projection, db: Database) -> None:
        self._projection = projection
        self._db = db
        self._reached = 0
        self._changed = threading.Condition()
        self._polled = 0.0
        self._poll_lock = threading.Lock()

    def reached(self, position: int) -> None:
        with self._changed:
            self._reached = max(self._reached, position)
            self._changed.notify_all()

    def shows(self, position: int) -> bool:
        """Whether this process already knows `position` to be projected (no I/O)."""
        return self._reached >= position

    def wait_for(self, position: int | None, timeout: float = 15.0) -> bool:
        """True once `position` is projected. Woken at once in-process; another process's
        projector is seen by re-reading its tracking row between short waits."""
        if position is None:
            return True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._changed:
                if self._reached >= position or self._changed.wait_for(
                        lambda: self._reached >= position, timeout=POLL_SECONDS):
                    return True
            self._poll()
        return self._reached >= position

    def _poll(self) -> None:
        """Re-reads the tracking row for every waiting thread, at most once per POLL_SECONDS:
        when each waiting request polled on its own, a hundred requests waiting behind a busy
        projector read it 2 000 times a second, took the pool's connections and slowed the
        projector they were waiting for (a steady 50 orders/s never recovered from a pause)."""
        with self._poll_lock:
            now = time.monotonic()
            if now - self._polled < POLL_SECONDS:
                return
            self._polled = now
        self.reached(self.current())

    def current(self) -> int:
        with self._db.reader.connect() as conn:
            return self._projection.position(conn)


class Projector:
    """Keeps one projection up to date with the log; safe to run in several processes at once
    (the tracking row is locked for the batch, so each event is projected exactly once)."""

    def __init__(self, store: GapalStore, db: Database, projection: Projection,
                 waiter: PositionWaiter, after_commit: AfterCommit | None = None,
                 periodic: Periodic | None = None) -> None:
        self.store = store
        self.db = db
        self.projection = projection
        self.waiter = waiter
        self.after_commit = after_commit
        self.periodic = periodic
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._committed: int | None = None  # the position this projector tracked last

    def wake(self, _position: int | None = None) -> None:
        self._wake.set()

    def process_batch(self, limit: int = BATCH_SIZE, publish: bool = True,
                      ahead: ReadAhead | None = None) -> int:
        """Projects the next events after the tracked position; returns how many. With
        `ahead`, a full big batch has the next one read while it is projected.

        The events are read before the write transaction begins, and the tracked position is
        checked again under its lock. On SQLite that transaction holds the database's write
        lock: reading the log inside it, through the event store's pool (whose queue puts
        readers behind writers waiting for that very lock), deadlocked concurrent writes.

        It starts from the position it committed last, without reading it back: the check
        under the lock catches another projector's progress (or a rebuild's rewind), and an
        empty read is checked against the tracked position before saying there is nothing."""
        remembered, self._committed = self._committed, None
        while True:
            start = remembered if remembered is not None else self.waiter.current()
            notifications, events, undecodable = (
                self.page(start, limit) if ahead is None else ahead.page(start, limit))
            if not notifications:
                if remembered is not None and self.waiter.current() != remembered:
                    remembered = None
                    continue  # the position moved meanwhile (another projector, a rebuild)
                self._committed = start
                return 0
            remembered = None
            if ahead is not None and len(notifications) == limit >= CATCH_UP_BATCH:
                ahead.ask(notifications[-1].id, limit)
            with self.db.writer.begin() as conn:
                if self._locked_position(conn) != start:
                    continue  # another projector got there first: read on from its position
                batch = Batch(conn)
                self.projection.apply(batch, events, undecodable)
                self.projection.track(conn, notifications[-1].id, self.projection.clock.now())
            break
        self._committed = notifications[-1].id
        self.waiter.reached(notifications[-1].id)
        if publish and self.after_commit is not None:
            self.after_commit(batch)
        return len(notifications)

    def page(self, start: int, limit: int, stop: int | None = None,
             topics: Sequence[str] = ()) -> Page:
        """The next `limit` events after `start` (up to `stop`, of `topics` only if given),
        read and decoded."""
        notifications = self.read(start, limit, stop, topics)
        return notifications, *self.decode(notifications)

    def read(self, start: int, limit: int, stop: int | None = None,
             topics: Sequence[str] = ()) -> Sequence[Notification]:
        """The next `limit` events of the log after `start` (a projector that needs them less
        than decoded, the seal's, reads them its own way)."""
        if topics and self.db.config.is_postgres:
            return notifications_of(self.db, self.store.events_table, start, limit, stop, topics)
        return self.store.recorder.select_notifications(start=start, limit=limit, stop=stop,
                                                        topics=list(topics),
                                                        inclusive_of_start=False)

    def decode(self, notifications: Sequence[Notification]
               ) -> tuple[list[tuple[int, object]], list[Failure]]:
        """The batch's domain events, and a failure for every view of each undecodable one."""
        to_domain_event = self.store.mapper.to_domain_event
        try:
            return [(n.id, to_domain_event(n)) for n in notifications], []
        except Exception:  # a stored event no code can read must not stop the others
            log.exception("Événement illisible dans le journal")
        events: list[tuple[int, object]] = []
        failures: list[Failure] = []
        for notification in notifications:
            try:
                events.append((notification.id, to_domain_event(notification)))
            except Exception as error:
                failures.append(Failure.undecodable(notification, error))
        return events, failures

    def rebuild_view(self, name: str, on_progress: Callable[[int], None] | None = None) -> int:
        """Replays the log into one view, from scratch up to the projection's position, in one
        transaction that holds the projection's lock: live projectors wait, then go on. Only
        the events of the kinds the view reads are read (`View.reads`); `on_progress` is told
        how far the log was read (positions), and the events replayed are returned."""
        solo = Projection(self.projection.name, [self.projection.view(name)],
                          self.projection.usernames, self.projection.clock)
        topics = solo.topics() or ()
        start = replayed = 0
        with self.db.writer.begin() as conn, ExitStack() as stack:
            end = self._locked_position(conn)
            for table in reversed(solo.tables):
                table.drop(conn, checkfirst=True)
            for table in solo.tables:
                table.create(conn)
            failures.forget(conn, solo.name, name)
            if end > CATCH_UP_BATCH:  # a long replay: its collection passes outweigh one
                stack.enter_context(few_collections())  # full collection first
            with closing(self.pages_up_to(end, topics)) as pages:
                for (notifications, events, unread), reached in pages:
                    solo.apply(Batch(conn), events, unread)
                    if on_progress:
                        on_progress(reached - start)
                    start, replayed = reached, replayed + len(notifications)
            if on_progress and start < end:  # no event of its kinds after `start`
                on_progress(end - start)
        return replayed

    def replay(self, end: int, on_progress: Callable[[int], None] | None = None,
               undecodable: bool = True) -> tuple[int, list[Failure]]:
        """Replays the log from its start up to `end` into the projection's views, in big
        batches of one transaction each, and tracks nothing: one group of views of a parallel
        rebuild (`gapal.rebuild`), whose caller tracks `end` once every group is done. Returns
        the events replayed and the failures the views were told of; with `undecodable=False`
        the events no code can read are left to another group to record."""
        replayed = 0
        told: list[Failure] = []
        with closing(self.pages_up_to(end)) as pages:
            for (notifications, events, unread), _ in pages:
                with self.db.writer.begin() as conn:
                    found = self.projection.apply(Batch(conn), events,
                                                  unread if undecodable else ())
                told += first_of_each_view(found)
                replayed += len(notifications)
                if on_progress:
                    on_progress(len(notifications))
        return replayed, told

    def pages_up_to(self, end: int, topics: Sequence[str] = ()
                    ) -> Generator[tuple[Page, int], None, None]:
        """The log's pages from its start up to `end` (of `topics` only, if given), each with
        the position it reaches; the next page is read ahead while one is projected."""
        start = 0
        ahead = ReadAhead(lambda after, limit: self.page(after, limit, end, topics))
        try:
            while start < end:
                page = ahead.page(start, CATCH_UP_BATCH)
                if not page[0]:
                    return
                start = page[0][-1].id
                if start < end:
                    ahead.ask(start, CATCH_UP_BATCH)
                yield page, start
        finally:
            ahead.close()

    def run_periodic(self) -> None:
        """Runs the periodic check (e.g. expiry dates passing overnight) under the batch lock."""
        if self.periodic is None:
            return
        with self.db.writer.begin() as conn:
            batch = Batch(conn, position=self._locked_position(conn))
            self.periodic(batch)
        if self.after_commit is not None:
            self.after_commit(batch)

    def catch_up(self, on_progress: Callable[[int], None] | None = None,
                 limit: int = BATCH_SIZE, publish: bool = True) -> int:
        """Projects every event not projected yet; `publish=False` for a rebuild, which nobody
        listens to (its messages would only flood the bus). A projector that is behind (a
        full batch came back) reads on in big batches: after an upgrade that rebuilds the views
        at start, the log is replayed at rebuild speed while the server already answers."""
        total, size = 0, limit
        ahead = ReadAhead(self.page)
        try:
            while count := self.process_batch(size, publish, ahead):
                total += count
                if on_progress:
                    on_progress(count)
                size = max(limit, CATCH_UP_BATCH) if count == size else limit
        finally:
            ahead.close()
        return total

    def _locked_position(self, conn: sa.Connection) -> int:
        query = sa.select(tracking.c.position).where(tracking.c.name == self.projection.name)
        if self.db.config.is_postgres:
            query = query.with_for_update()
        found = conn.execute(query).scalar_one_or_none()
        if found is None:
            # a fresh database: another projector may be creating the row at this very moment
            insert = postgresql.insert if self.db.config.is_postgres else sqlite.insert
            conn.execute(insert(tracking).values(
                name=self.projection.name, position=0, updated_at=self.projection.clock.now(),
            ).on_conflict_do_nothing())
            found = conn.execute(query).scalar_one()
        return int(found)

    def start(self) -> None:
        self.store.on_saved(self.wake)
        self._thread = threading.Thread(target=self._run, name=f"projector-{self.projection.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        next_periodic = 0.0
        while not self._stop.is_set():
            try:
                self.catch_up()
                if time.monotonic() >= next_periodic:
                    self.run_periodic()
                    next_periodic = time.monotonic() + PERIODIC_SECONDS
            except Exception:  # a projector must outlive a bad moment; it resumes from tracking
                log.exception("Projection %s : erreur, reprise dans 1 s", self.projection.name)
                self._stop.wait(1.0)
            self._wake.wait(0.2)
            self._wake.clear()
