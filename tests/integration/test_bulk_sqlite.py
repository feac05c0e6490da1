"""The views' bulk inserts on SQLite go straight to the driver, converting values themselves:
what they store must be exactly what SQLAlchemy stores for the same row (a live upsert and a
rebuild's insert write one row each way, and a rebuild must give the same rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from projections import bulk
from projections.db import UTCDateTime

metadata = sa.MetaData()
probe = sa.Table(
    "probe", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("day", sa.Date),
    sa.Column("data", sa.JSON, nullable=False),
)

zones = st.builds(lambda minutes: UTC if minutes == 0 else timezone(timedelta(minutes=minutes)),
                  st.integers(-14 * 60, 14 * 60))
times = st.datetimes(min_value=datetime(2020, 1, 2), max_value=datetime(2100, 1, 1),
                     timezones=zones)


@settings(max_examples=150, deadline=None)
@given(at=times, day=st.none() | st.dates(date(2020, 1, 1), date(2100, 1, 1)),
       data=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5),
                            max_size=3))
def test_bulk_insert_stores_what_sqlalchemy_stores(at: datetime, day: date | None,
                                                    data: dict[str, object]) -> None:
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(probe.insert(), [{"id": 1, "at": at, "day": day, "data": data}])
        bulk.sqlite_insert(conn, probe, [{"id": 2, "at": at, "day": day, "data": data}])
        stored = conn.exec_driver_sql("SELECT at, day, data FROM probe ORDER BY id").all()
        read = conn.execute(sa.select(probe.c.at).order_by(probe.c.id)).scalars().all()
    assert stored[0] == stored[1]
    assert read == [at, at]
