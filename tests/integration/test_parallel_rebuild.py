"""A rebuild on PostgreSQL replays groups of views in several processes at once: the rows are
those of one process, the views of each group are told of the others' failures, and a rebuild
that dies half-way is never taken for finished."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
import sqlalchemy as sa
from eventsourcing.persistence import StoredEvent

from gapal.bootstrap import Gapal
from gapal.rebuild import UNFINISHED, WEIGHTS, groups_of, parallel_rebuild
from projections.failures import projection_failures
from projections.framework import tracking
from projections.notifications import notifications
from projections.read_models import (
    NAME,
    drop_and_recreate,
    fingerprint,
    projection_schemas,
    read_models,
    rebuild_if_changed,
)
from tests.conftest import Api, log_length
from tests.integration.test_rebuild import assert_realistic, build_history, dump

postgres = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
VANISHED = "domain.gone:Vanished"


def settled(api: Api) -> Gapal:
    """A realistic log, with one event no code can read, projected; the projector stopped."""
    build_history(api)
    gapal = api.gapal
    gapal.store.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1, topic=VANISHED, state=b"{}")])
    gapal.wait_for(log_length(gapal))
    gapal.projector.stop()
    return gapal


def rows(gapal: Gapal) -> dict[str, Any]:
    """Every view's rows, the moment a failure was met or told left out (it is the rebuild's)."""
    tables = [t for t in gapal.projector.projection.tables if t is not notifications]
    found = dump(gapal.db.reader, [*tables, projection_failures])
    found["projection_failures"] = sorted(row[:-1] for row in found["projection_failures"])
    timeless = sa.select(*[c for c in notifications.c if c.name != "created_at"])
    with gapal.db.reader.connect() as conn:
        found["view_notifications"] = sorted(tuple(map(str, row)) for row in conn.execute(timeless))
    return found


def stored_fingerprint(gapal: Gapal) -> str | None:
    with gapal.db.reader.connect() as conn:
        return conn.execute(sa.select(projection_schemas.c.fingerprint).where(
            projection_schemas.c.name == NAME)).scalar_one_or_none()


def position(gapal: Gapal) -> int | None:
    with gapal.db.reader.connect() as conn:
        return conn.execute(sa.select(tracking.c.position)
                            .where(tracking.c.name == "read_models")).scalar_one_or_none()


@postgres
def test_views_replayed_in_two_processes_give_the_rows_of_one(api: Api) -> None:
    gapal = settled(api)
    head = log_length(gapal)
    assert gapal.rebuild(workers=1) == head
    alone = rows(gapal)
    assert_realistic(alone)
    assert [row[0] for row in alone["projection_failures"]] == ["*"]

    # the notifications in the child: told of the undecodable event only by `finish`
    views = [view.name for view in gapal.projector.projection.views]
    groups = [[name for name in views if name != "notifications"], ["notifications"]]
    progress: list[int] = []
    drop_and_recreate(gapal.db, gapal.projector.projection)
    assert parallel_rebuild(gapal, head, 2, progress.append, groups) == head

    assert rows(gapal) == alone
    assert sum(progress) == head
    assert position(gapal) == head
    assert stored_fingerprint(gapal) == fingerprint(gapal.projector.projection,
                                                    gapal.db.writer.dialect)


@postgres
def test_gapal_rebuild_goes_parallel_on_a_long_log(api: Api) -> None:
    gapal = settled(api)
    head = log_length(gapal)
    before = rows(gapal)
    seen: list[int] = []
    assert gapal.rebuild(seen.append, workers=2, parallel_from=head) == head
    assert rows(gapal) == before
    assert sum(seen) == head
    assert position(gapal) == head


@postgres
def test_a_rebuild_whose_other_process_dies_is_redone_at_the_next_start(api: Api) -> None:
    gapal = settled(api)
    head = log_length(gapal)
    before = rows(gapal)
    real = gapal.settings
    gapal.settings = real.model_copy(update={"database_url": "postgresql://gapal@127.0.0.1:1/x"})
    try:
        with pytest.raises(RuntimeError, match="Reconstruction interrompue"):
            gapal.rebuild(workers=2, parallel_from=0)
    finally:
        gapal.settings = real
    assert stored_fingerprint(gapal) == UNFINISHED

    assert rebuild_if_changed(gapal.db, gapal.projector.projection)
    assert gapal.projector.catch_up() == head
    assert rows(gapal) == before


def test_the_groups_hold_every_view_once_in_order_and_of_even_weight() -> None:
    views = read_models().views
    names = [view.name for view in views]
    for count in (1, 2, 3):
        groups = groups_of(views, count)
        assert sorted(n for group in groups for n in group) == sorted(names)
        for group in groups:
            assert group == [n for n in names if n in group]
        loads = [sum(WEIGHTS.get(n, 1) for n in group) for group in groups]
        assert max(loads) - min(loads) <= max(WEIGHTS.values())
    two = groups_of(views, 2)
    assert len(two) == 2
    assert {"notifications", "audit"} & set(two[0]) != {"notifications", "audit"}
