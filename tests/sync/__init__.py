"""Offline sync suites. The `Phone` below records events offline on its own (possibly wrong)
clock and sends them to `POST /api/orders/sync/` oldest first, as API.md "Offline sync" says."""

from __future__ import annotations

import atexit
import copy
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from tests.conftest import ADMIN_PASSWORD, FAST_PASSWORDS, ROLES, Api, make_settings

SYNC = "/api/orders/sync/"


@dataclass
class Phone:
    """One device of one user; `skew` is how far its clock is from the server's."""

    api: Api
    who: str
    skew: timedelta = timedelta(0)
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def clock(self) -> datetime:
        return datetime.now(UTC) + self.skew

    def created(self, local_id: str, data: dict[str, Any], at: datetime | None = None,
                event_id: str | None = None) -> dict[str, Any]:
        return {"event_id": event_id or str(uuid.uuid4()), "local_id": local_id,
                "type": "order_created", "occurred_at": (at or self.clock()).isoformat(),
                "data": data}

    def updated(self, local_id: str, data: dict[str, Any], base_version: int | None,
                at: datetime | None = None, event_id: str | None = None) -> dict[str, Any]:
        event: dict[str, Any] = {
            "event_id": event_id or str(uuid.uuid4()), "local_id": local_id,
            "type": "order_updated", "occurred_at": (at or self.clock()).isoformat(),
            "data": data}
        if base_version is not None:
            event["base_version"] = base_version
        return event

    def body(self, events: list[dict[str, Any]],
             client_time: datetime | None = None) -> dict[str, Any]:
        return {"device_id": self.device_id,
                "client_time": (client_time or self.clock()).isoformat(), "events": events}

    def post(self, body: Any) -> Any:
        return self.api.call(self.who, "POST", SYNC, json=body)

    def send(self, *events: dict[str, Any]) -> dict[str, Any]:
        """Sends these events now (client_time = the phone's clock); the 200 answer."""
        answer = self.post(self.body(list(events)))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert [r["event_id"] for r in body["results"]] == [e["event_id"] for e in events]
        return body


def new_local_id() -> str:
    return str(uuid.uuid4())


def order_data(product_id: str, quantity: float = 1, **fields: Any) -> dict[str, Any]:
    return {"client_name": "Awa Bationo", "client_phone": "70 12 34 56",
            "items": [{"product_id": product_id, "quantity": quantity}], **fields}


def later(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=seconds)


# A fresh Gapal per test, quickly: on SQLite the world (admin, one signed-in user per role, the
# catalogue of `tests.conftest`) is built once per process and each test starts from a copy of
# its database file; on PostgreSQL it is built the ordinary way in a fresh schema.

DB_NAME = "gapal.db"
_template: tuple[Path, dict[str, str], dict[str, Any]] | None = None
_catalogues: dict[int, dict[str, Any]] = {}


def _started(database_url: str, data_dir: Path) -> Gapal:
    gapal = bootstrap(make_settings(database_url, data_dir), passwords=FAST_PASSWORDS)
    gapal.start()
    return gapal


def _populate(api: Api) -> dict[str, Any]:
    api.tokens["admin"] = api.login("admin", ADMIN_PASSWORD)
    for role in ROLES[:-1]:
        api.user(role, username=role)
    category = api.call("admin", "POST", "/api/categories/", json={"name": "Lait frais"}).json()
    milk = api.call("admin", "POST", "/api/products/", json={
        "name": "Lait frais de vache (1 L)", "category_id": category["id"], "unit": "L",
        "unit_price": 500, "min_stock_level": 2, "barcode": "6190001000018",
        "stock_quantity": 10}).json()
    gapal_ = api.call("admin", "POST", "/api/products/", json={
        "name": "Gapal (sachet 0,5 L)", "category_id": category["id"], "unit": "sachet",
        "unit_price": 250, "min_stock_level": 1, "stock_quantity": 5}).json()
    return {"category": category, "milk": milk, "gapal": gapal_}


def _sqlite_template() -> tuple[Path, dict[str, str], dict[str, Any]]:
    global _template  # noqa: PLW0603 (one template per process, built on first use)
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="gapal-sync-world-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        gapal = _started(f"sqlite:///{folder / DB_NAME}", folder)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        try:
            with TestClient(create_app(gapal, run_projector=False)) as client:
                api = Api(client, gapal, {})
                catalogue = _populate(api)
        finally:
            gapal.close()
        _template = (folder, dict(api.tokens), catalogue)
    return _template


def world_api(database_url: str, tmp_path: Path) -> Iterator[Api]:
    """The `api` of `tests.conftest` with its `catalogue` (see `catalogue_of`), made faster."""
    if database_url.startswith("sqlite:///"):
        folder, tokens, catalogue = _sqlite_template()
        target = Path(database_url.removeprefix("sqlite:///"))
        for source in folder.glob(f"{DB_NAME}*"):
            shutil.copyfile(source, target.with_name(source.name.replace(DB_NAME, target.name)))
        gapal = _started(database_url, tmp_path)
        tokens, catalogue = dict(tokens), copy.deepcopy(catalogue)
    else:
        gapal = _started(database_url, tmp_path)
        ensure_admin(gapal, "admin", ADMIN_PASSWORD)
        tokens, catalogue = {}, {}
    try:
        with TestClient(create_app(gapal, run_projector=False)) as client:
            api = Api(client, gapal, tokens)
            _catalogues[id(api)] = catalogue or _populate(api)
            yield api
            _catalogues.pop(id(api), None)
    finally:
        gapal.close()


def catalogue_of(api: Api) -> dict[str, Any]:
    """Milk (10 L, 500 FCFA) and gapal (5 sachets, 250 FCFA) in one category."""
    return _catalogues[id(api)]
