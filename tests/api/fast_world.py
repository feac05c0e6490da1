"""A fresh Gapal for every test, quickly: the SQLite world (admin, one user per role, the
catalogue of `tests.conftest`) is built once per process and each test starts from a copy of
its database file, in memory (`/dev/shm`) where the machine has it. PostgreSQL tests build
their world the ordinary way.

`tests/api/conftest.py` gives every API test module its `api` and `catalogue` this way (and
`place_order` of `tests.conftest` uses them unchanged); other suites call `fresh_api` and
`catalogue_of` themselves.
"""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from gapal.web import create_app
from tests.conftest import (
    ADMIN_PASSWORD,
    FAST_PASSWORDS,
    Api,
    create_catalogue,
    make_settings,
    sign_in_roles,
)

DB_NAME = "gapal.db"
RAM = Path("/dev/shm")  # SQLite files in memory when the machine has it: no fsync to wait for


@dataclass
class World:
    folder: Path
    tokens: dict[str, str]
    catalogue: dict[str, Any]
    built_at: float  # time.monotonic(): its access tokens expire 30 minutes later


TOKENS_FRESH_FOR = 20 * 60  # seconds; a loaded machine's run can outlast the tokens' 30 minutes
_world: World | None = None
_catalogues: dict[int, dict[str, Any]] = {}


def started(database_url: str, data_dir: Path) -> Gapal:
    gapal = bootstrap(make_settings(database_url, data_dir), passwords=FAST_PASSWORDS)
    gapal.start()
    return gapal


def populate(api: Api) -> dict[str, Any]:
    """What the `api` and `catalogue` fixtures of `tests.conftest` set up, through the API."""
    sign_in_roles(api)
    return create_catalogue(api)


def scratch_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=RAM if RAM.is_dir() else None))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def world() -> World:
    """The SQLite world, built on first use and kept while its access tokens are fresh."""
    global _world  # noqa: PLW0603 (one template per process, built lazily)
    if _world is None or time.monotonic() - _world.built_at > TOKENS_FRESH_FOR:
        folder = scratch_folder("gapal-world-")
        gapal = started(f"sqlite:///{folder / DB_NAME}", folder)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        with TestClient(create_app(gapal, run_projector=False)) as client:
            api = Api(client, gapal, {})
            catalogue = populate(api)
        gapal.close()
        _world = World(folder, dict(api.tokens), catalogue, time.monotonic())
    return _world


def fresh_api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    """An `Api` on its own database, with the users and the catalogue already there."""
    scratch = None
    if database_url.startswith("sqlite:///"):
        template = world()
        scratch = scratch_folder("gapal-test-")
        for source in template.folder.glob(f"{DB_NAME}*"):
            shutil.copyfile(source, scratch / source.name)
        gapal = started(f"sqlite:///{scratch / DB_NAME}", tmp_path)
        tokens, catalogue = dict(template.tokens), copy.deepcopy(template.catalogue)
    else:
        gapal = started(database_url, tmp_path)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        tokens, catalogue = {}, {}
    try:
        with TestClient(create_app(gapal, run_projector=False)) as client:
            api = Api(client, gapal, tokens)
            _catalogues[id(api)] = catalogue or populate(api)
            yield api
            _catalogues.pop(id(api), None)
    finally:
        gapal.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def catalogue_of(api: Api) -> dict[str, Any]:
    """The category and the two products (milk 10 L, gapal 5 sachets) of this api's world."""
    return _catalogues[id(api)]


@pytest.fixture
def api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    """`tests.conftest`'s `api`, from a copy of the ready world (import it to use it)."""
    yield from fresh_api(database_url, tmp_path)


@pytest.fixture
def catalogue(api: Api) -> dict[str, Any]:
    return catalogue_of(api)
