"""Every API test starts from a copy of a ready world (admin, one user per role, the small
catalogue of `tests.conftest`): the `api` and `catalogue` fixtures of `tests.conftest`, faster
(see `tests.api.fast_world`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api import fast_world
from tests.conftest import Api


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    yield from fast_world.fresh_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return fast_world.catalogue_of(api)
