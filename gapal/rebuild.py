"""A rebuild of the read models on PostgreSQL, its views split in groups replayed side by side,
one process each (a rebuild is Python work per event: one process uses one core). Each
group builds its tables' indexes once it has replayed the log.

Each group reads the whole log and folds it into its own views' tables; the views share
nothing (each writes only its tables and reads no other view's), so the groups' rows are those
of one process replaying every view. Nothing is tracked while they run: the projection's
fingerprint says « reconstruction en cours », so that a rebuild that dies half-way is started
again at the next start instead of being taken for finished. Once every group is done, the
views are told of the failures of the other groups' views, and the position and the fingerprint
are written together."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from multiprocessing.sharedctypes import Synchronized
from typing import TYPE_CHECKING

from application.store import DatabaseConfig, GapalStore
from gapal.settings import Settings
from projections.db import Database
from projections.failures import Failure
from projections.framework import Batch, Projection, View
from projections.read_models import create_indexes, read_models, remember, remember_all
from projections.runner import PositionWaiter, Projector, few_collections

if TYPE_CHECKING:
    from gapal.bootstrap import Gapal

# Below this many events, starting a second process (≈ 2 s of imports) costs more than it saves.
PARALLEL_FROM = 40_000
UNFINISHED = "reconstruction en cours"

# What each view costs a rebuild, in percent of the views' time (measured on the bench's log,
# `bench/rebuild.py`, 50 000 events): the groups are balanced on these weights.
WEIGHTS = {"notifications": 24, "audit": 22, "orders": 17, "stock": 15, "movements": 7,
           "lots": 4, "catalogue": 4, "cash_closings": 2, "payments": 2, "voice_notes": 1,
           "usernames": 1, "users": 1, "customers": 1}


def groups_of(views: Sequence[View], count: int) -> list[list[str]]:
    """The views' names in `count` groups of about equal weight, heaviest first (a greedy
    split: each view goes to the lightest group so far), each group in the projection's order."""
    order = {view.name: n for n, view in enumerate(views)}
    groups: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for view in sorted(views, key=lambda v: -WEIGHTS.get(v.name, 1)):
        lightest = loads.index(min(loads))
        groups[lightest].append(view.name)
        loads[lightest] += WEIGHTS.get(view.name, 1)
    return [sorted(group, key=order.__getitem__) for group in groups if group]


def parallel_rebuild(gapal: Gapal, end: int, workers: int,
                     on_progress: Callable[[int], None] | None = None,
                     groups: list[list[str]] | None = None) -> int:
    """Replays the log up to `end` into the (emptied) read models, in `workers` processes: this
    one and `workers - 1` children, each with a group of views (`groups`, or balanced by
    `groups_of`). Returns the events replayed."""
    whole = gapal.projector.projection
    groups = groups or groups_of(whole.views, workers)
    with gapal.db.writer.begin() as conn:
        remember(conn, whole.name, UNFINISHED)
    context = process_context()
    counters = [context.Value("q", 0) for _ in groups[1:]]
    results = context.Queue()
    children = [context.Process(target=replay_group, name=f"reconstruction-{n + 1}",
                                args=(gapal.settings, names, end, counter, results))
                for n, (names, counter) in enumerate(zip(groups[1:], counters, strict=True))]
    for child in children:
        child.start()
    progress = Progress(counters, len(groups), on_progress)
    try:
        lead = group_projection(whole, groups[0])
        projector = Projector(gapal.store, gapal.db, lead, PositionWaiter(lead, gapal.db))
        replayed, told = projector.replay(end, progress.own)
        create_indexes(gapal.db, lead)
        told_by = {0: told, **collect(groups, children, results, progress)}
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
    finish(gapal, whole, groups, told_by, end)
    return replayed


def process_context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    """`fork` where there is one: the child starts at once, with the modules this process
    imported (a spawned one spent 2 s importing them, a fifth of a 50 000-event rebuild). It
    opens connections of its own and never touches this process's: it leaves by `os._exit`,
    which closes none of them."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def group_projection(whole: Projection, names: Sequence[str]) -> Projection:
    return Projection(whole.name, [whole.view(name) for name in names], whole.usernames,
                      whole.clock)


def replay_group(settings: Settings, names: list[str], end: int, counter: Synchronized[int],
                 results: multiprocessing.Queue[tuple[list[str], list[Failure]]]) -> None:
    """A child process: replays the log up to `end` into the views `names`."""
    config = DatabaseConfig(settings.database_url)
    db = Database.connect(config, pool_size=2)
    store = GapalStore(env={**config.store_env(pool_size=2), "CREATE_TABLE": "n"})
    try:
        group = group_projection(read_models(settings.expiry_warning_days,
                                             settings.order_limits()), names)
        projector = Projector(store, db, group, PositionWaiter(group, db))

        def advance(count: int) -> None:
            with counter.get_lock():
                counter.value += count

        with few_collections():
            _, told = projector.replay(end, advance, undecodable=False)
        create_indexes(db, group)
        results.put((names, told))
    finally:
        store.close()
        db.dispose()


class Progress:
    """The rebuild's progress: the mean of the groups' (each replays the whole log)."""

    def __init__(self, counters: list[Synchronized[int]], groups: int,
                 on_progress: Callable[[int], None] | None) -> None:
        self.counters = counters
        self.groups = groups
        self.on_progress = on_progress
        self.mine = 0
        self.told = 0

    def own(self, count: int) -> None:
        self.mine += count
        self.report()

    def report(self) -> None:
        done = (self.mine + sum(counter.value for counter in self.counters)) // self.groups
        if self.on_progress and done > self.told:
            self.on_progress(done - self.told)
        self.told = max(self.told, done)


def collect(groups: list[list[str]], children: Sequence[multiprocessing.process.BaseProcess],
            results: multiprocessing.Queue[tuple[list[str], list[Failure]]],
            progress: Progress) -> dict[int, list[Failure]]:
    """The failures told in each child's group (by the group's index), once it is done; an
    error if one stopped without finishing."""
    told: dict[int, list[Failure]] = {}
    waiting = {tuple(names): n for n, names in enumerate(groups) if n > 0}
    while waiting:
        try:
            names, failures = results.get(timeout=0.25)
        except queue.Empty:
            progress.report()
            # a child writes its answer before it exits: none alive and none waiting is a crash
            if not any(child.is_alive() for child in children) and results.empty():
                codes = ", ".join(str(child.exitcode) for child in children)
                raise RuntimeError(
                    "Reconstruction interrompue : un processus de reconstruction s'est "
                    f"arrêté avant la fin (codes de sortie : {codes}). Relancez-la."
                ) from None
            continue
        told[waiting.pop(tuple(names))] = failures
    progress.report()
    return told


def finish(gapal: Gapal, whole: Projection, groups: list[list[str]],
           told_by: dict[int, list[Failure]], end: int) -> None:
    """Tells each group's views of the failures of the others, then tracks `end` and writes
    the fingerprint back, in one transaction."""
    with gapal.db.writer.begin() as conn:
        batch = Batch(conn, position=end, usernames=whole.usernames)
        for n, names in enumerate(groups):
            others = [failure for m, failures in told_by.items() if m != n
                      for failure in failures]
            if others:
                group_projection(whole, names).tell(batch, others)
        whole.track(conn, end, whole.clock.now())
        remember_all(conn, whole)
