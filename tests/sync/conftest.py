"""Every sync test that needs a database runs on SQLite and PostgreSQL (see
`tests.conftest.on_both_backends`); a test that only makes sense on one backend chooses it."""

from __future__ import annotations

import pytest

from tests.conftest import on_both_backends


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    on_both_backends(metafunc)
