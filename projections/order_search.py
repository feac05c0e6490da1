"""The order board's search table: each order's search text and what a page of results needs
to be chosen without the whole row (its creator, for a vendeur; its creation, the default
order). Part of the orders view, written in its transaction."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from projections import bulk
from projections.db import UTCDateTime, metadata, trigram_index
from projections.framework import Row

# A count of `?search=ka` reads every row of the search: here ~160 bytes a row, not the
# board's ~690 (its `items` JSON mostly). Only what never changes after a revision of the
# client's name or phone is kept, so payments and deliveries never write here.
order_search = sa.Table(
    "view_order_search", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(36), nullable=False),
    # A page of a frequent term in the default order (`-created_at`) reads the newest first.
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
)
# `LIKE '%term%'` on `search_text`: trigrams find the rows from three letters on. Without
# `fastupdate` new rows go into the index at once, not into a pending list every search would
# read until a VACUUM (autovacuum may be off).
trigram_index(sa.Index("ix_view_order_search_text", order_search.c.search_text,
                       postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"},
                       postgresql_with={"fastupdate": "off"}))

SEARCH_FIELDS = tuple(column.name for column in order_search.columns)


def search_row(order: Row) -> Row:
    """An order's row of the search, from its row on the board."""
    return {name: order[name] for name in SEARCH_FIELDS}


def write_search(conn: sa.Connection, orders: bulk.Folded, revised: Iterable[str]) -> None:
    """The rows of the orders placed in the batch, inserted; those of orders revised before
    it, written again (a revision may change the client's name or phone)."""
    bulk.insert(conn, order_search, [search_row(row) for key, row in orders.items()
                                     if key in orders.new])
    bulk.upsert(conn, order_search, [search_row(orders[key])
                                     for key in sorted(set(revised) - orders.new)])
