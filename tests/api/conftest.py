"""Every API test starts from a copy of a ready world (admin, one user per role, the small
catalogue of `tests.conftest`): the `api` and `catalogue` fixtures of `tests.conftest`, faster
(see `tests.api.fast_world`).

Every API test runs on both backends, SQLite and PostgreSQL: a test that asks for a database
(through `api`, `gapal` or `database_url`) and does not choose its backends itself is given
`BACKENDS`. A test that only makes sense on one backend says so with its own
`@pytest.mark.parametrize("database_url", [...], indirect=True)`.
"""

from __future__ import annotations

import pytest

from tests.api.fast_world import api, catalogue
from tests.conftest import on_both_backends

__all__ = ["api", "catalogue"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    on_both_backends(metafunc)
