"""Offline sync benchmark: one phone sends 500 orders made offline in one batch.

    python bench/sync_bench.py             # embedded SQLite, in a temporary folder
    python bench/sync_bench.py --postgres  # the machine's PostgreSQL, in a fresh schema

Runs the real app in-process (FastAPI's TestClient, the projector running, read-your-writes
waited for), so the times include the HTTP layer, the event store, the read models and the
answer, but no network. Prints the time and events/s of a 500-order batch, of a 500-update batch
on those orders, of the same batch sent again (all duplicates), and the JSON sizes (raw and gzip)
of a typical 50-order sync request and its answer.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from application.passwords import Passwords
from gapal.bootstrap import Gapal, bootstrap, ensure_admin
from gapal.settings import Settings
from gapal.web import create_app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PG_URL = os.environ.get("GAPAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BATCH = 500
TYPICAL = 50
ADMIN_PASSWORD = "bench-admin-password"


@contextmanager
def database(postgres: bool) -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="gapal-bench-") as folder:
        if not postgres:
            yield f"sqlite:///{Path(folder) / 'gapal.db'}", Path(folder)
            return
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        try:
            yield f"{PG_URL}?schema={schema}", Path(folder)
        finally:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


class Client:
    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def login(self, username: str, password: str) -> None:
        answer = self.client.post("/api/auth/login/",
                                  json={"username": username, "password": password})
        answer.raise_for_status()
        self.tokens[username] = answer.json()["access"]

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        answer = self.client.request(method, path, headers=headers, **kwargs)
        if answer.status_code >= 400:
            raise SystemExit(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer


def catalogue(api: Client) -> list[dict[str, Any]]:
    """The demo catalogue of ../shared/data, with stock."""
    categories: dict[str, str] = {}
    products = []
    with (DATA / "catalogue.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if row["category"] not in categories:
                categories[row["category"]] = api.call("admin", "POST", "/api/categories/", json={
                    "name": row["category"]}).json()["id"]
            products.append(api.call("admin", "POST", "/api/products/", json={
                "name": row["name"], "category_id": categories[row["category"]],
                "unit": row["unit"], "unit_price": int(row["unit_price_fcfa"]),
                "min_stock_level": int(row["min_stock_level"]), "stock_quantity": 1000,
                "barcode": row["barcode"] or None}).json())
    return products


def customers() -> list[dict[str, str]]:
    with (DATA / "customers.csv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def offline_orders(count: int, products: list[dict[str, Any]], people: list[dict[str, str]],
                   rng: random.Random) -> list[dict[str, Any]]:
    """`count` order_created events as a phone records them over a day of rounds."""
    start = datetime.now(UTC) - timedelta(hours=8)
    events = []
    for number in range(count):
        person = rng.choice(people)
        chosen = rng.sample(products, rng.randint(1, 4))
        data: dict[str, Any] = {
            "client_name": person["client_name"], "client_phone": person["client_phone"],
            "delivery_address": person["delivery_address"],
            "priority": rng.choice(["basse", "moyenne", "moyenne", "haute"]),
            "payment_status": rng.choice(["non_payee", "payee"]),
            "items": [{"product_id": p["id"], "quantity": rng.choice([1, 2, 3, 0.5, 1.5]),
                       "unit_price": p["unit_price"]} for p in chosen]}
        if rng.random() < 0.3:
            data["notes"] = "Livrer avant midi, appeler en arrivant."
        if rng.random() < 0.5:
            data["delivery_date"] = (start + timedelta(days=1)).date().isoformat()
        events.append({"event_id": str(uuid.uuid4()), "local_id": str(uuid.uuid4()),
                       "type": "order_created",
                       "occurred_at": (start + timedelta(seconds=50 * number)).isoformat(),
                       "data": data})
    return events


def updates_of(created: list[dict[str, Any]]) -> list[dict[str, Any]]:
    moment = datetime.now(UTC) - timedelta(minutes=5)
    return [{"event_id": str(uuid.uuid4()), "local_id": e["local_id"], "type": "order_updated",
             "occurred_at": moment.isoformat(), "base_version": 1,
             "data": {"notes": "Client absent : repasser à 17 h", "payment_status": "payee"}}
            for e in created]


def batch(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"device_id": str(uuid.uuid4()), "client_time": datetime.now(UTC).isoformat(),
            "events": events}


def timed_sync(api: Client, events: list[dict[str, Any]]) -> tuple[float, dict[str, Any]]:
    body = batch(events)
    started = time.perf_counter()
    answer = api.call("vendeur", "POST", "/api/orders/sync/", json=body).json()
    return time.perf_counter() - started, answer


def size(payload: Any) -> tuple[int, int]:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return len(raw), len(gzip.compress(raw, compresslevel=6))


def run(gapal: Gapal, backend: str) -> None:
    rng = random.Random(2026)
    with TestClient(create_app(gapal, run_projector=False)) as client:
        api = Client(client)
        api.login("admin", ADMIN_PASSWORD)
        api.call("admin", "POST", "/api/users/", json={
            "username": "vendeur", "email": "vendeur@gapal.bf", "password": "password-123",
            "role": "vendeur", "phone": ""})
        api.login("vendeur", "password-123")
        products = catalogue(api)
        people = customers()
        timed_sync(api, offline_orders(10, products, people, rng))  # warm up

        created = offline_orders(BATCH, products, people, rng)
        seconds, answer = timed_sync(api, created)
        statuses = {r["status"] for r in answer["results"]}
        assert statuses <= {"applied", "merged"}, statuses
        report(f"{BATCH} order_created", seconds, BATCH)
        print(f"   request {size(batch(created))[0] / 1024:.0f} KiB, "
              f"answer {size(answer)[0] / 1024:.0f} KiB (raw JSON)")

        updates = updates_of(created)
        seconds, answer = timed_sync(api, updates)
        assert {r["status"] for r in answer["results"]} == {"applied"}
        report(f"{BATCH} order_updated", seconds, BATCH)

        seconds, answer = timed_sync(api, created)
        assert {r["status"] for r in answer["results"]} == {"duplicate"}
        report(f"{BATCH} duplicates (re-sent)", seconds, BATCH)

        typical = offline_orders(TYPICAL, products, people, rng)
        request = batch(typical)
        answer = api.call("vendeur", "POST", "/api/orders/sync/", json=request).json()
        (request_raw, request_gzip), (answer_raw, answer_gzip) = size(request), size(answer)
        print(f"A typical {TYPICAL}-order sync ({backend}):")
        print(f"   request  {request_raw:>7} B raw, {request_gzip:>6} B gzip "
              f"({request_raw / TYPICAL:.0f} / {request_gzip / TYPICAL:.0f} B per order)")
        print(f"   answer   {answer_raw:>7} B raw, {answer_gzip:>6} B gzip "
              f"({answer_raw / TYPICAL:.0f} / {answer_gzip / TYPICAL:.0f} B per order)")


def report(what: str, seconds: float, events: int) -> None:
    print(f"{what:<28} {seconds:7.2f} s  {events / seconds:8.0f} events/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true",
                        help=f"use PostgreSQL ({PG_URL}, fresh schema) instead of SQLite")
    args = parser.parse_args()
    backend = "postgresql" if args.postgres else "sqlite"
    with database(args.postgres) as (url, folder):
        settings = Settings(database_url=url, secret_key="bench-secret-" + "x" * 40,
                            data_dir=folder)
        gapal = bootstrap(settings, passwords=Passwords(time_cost=1, memory_cost=8 * 1024))
        gapal.start()
        try:
            ensure_admin(gapal, "admin", ADMIN_PASSWORD)
            print(f"Gapal sync bench on {backend}, {os.cpu_count()} CPUs, "
                  f"load average {os.getloadavg()[0]:.1f}")
            run(gapal, backend)
        finally:
            gapal.close()


if __name__ == "__main__":
    sys.exit(main())
