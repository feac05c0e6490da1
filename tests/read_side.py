"""Checks that the read side is healthy: no view failed, a rebuild gives the same rows.

`projection_failures` is where a view that raises records the event and moves on (when the
projector has that table); before it, a failing view makes `catch_up` raise. Both are checked."""

from __future__ import annotations

import sqlalchemy as sa

from gapal.bootstrap import Gapal
from projections.db import metadata
from projections.read_models import drop_and_recreate
from tests.integration.test_rebuild import Dump, dump

FAILURES_TABLE = "projection_failures"


def assert_no_projection_failure(gapal: Gapal) -> None:
    """The projector holds no recorded failure (if it records them at all)."""
    table = metadata.tables.get(FAILURES_TABLE)
    if table is None:
        return
    with gapal.db.reader.connect() as conn:
        failures = conn.execute(sa.select(table)).mappings().all()
    assert not failures, [dict(f) for f in failures]


def caught_up(gapal: Gapal) -> int:
    """Projects what is left of the log, letting any view's error fail the test."""
    projected = gapal.projector.catch_up()
    head = gapal.store.recorder.max_notification_id() or 0
    assert gapal.waiter.current() == head
    assert_no_projection_failure(gapal)
    return projected


def assert_rebuild_gives_same_rows(gapal: Gapal, view_by_view: bool = False) -> Dump:
    """Stops the projector, replays the whole log into empty views: the very same rows. With
    `view_by_view`, each view is then replayed alone too (as `gapal projections rebuild --view`
    and an upgrade that changed only it do, reading only the events of the kinds it declares
    in `View.reads`): the very same rows again."""
    gapal.projector.stop()
    caught_up(gapal)
    projection = gapal.projector.projection
    before = dump(gapal.db.reader, projection.tables)
    drop_and_recreate(gapal.db, projection)
    caught_up(gapal)
    after = dump(gapal.db.reader, projection.tables)
    for table in projection.tables:
        assert after[table.name] == before[table.name], table.name
    for view in projection.views if view_by_view else ():
        gapal.projector.rebuild_view(view.name)
        alone = dump(gapal.db.reader, view.tables)
        for table in view.tables:
            assert alone[table.name] == before[table.name], (view.name, table.name)
    return after
