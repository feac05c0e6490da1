"""Requests the fuzzer once turned into 500s keep the phone's connection open: the answer is a
4xx or a 200, and the next request travels on the same socket (a server error would make
uvicorn drop it, and a costly network pay a new handshake)."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

from tests.integration.conftest import (
    SERVER_ADMIN,
    SERVER_ADMIN_PASSWORD,
    ServerProcess,
    start_server,
    wait_until_healthy,
)

ISSUE_12_ORDER = {  # the body of issue 12, with the JSON null phone that answered 500
    "client_name": "0", "client_phone": None, "delivery_address": "",
    "delivery_date": "2000-01-01", "priority": "moyenne", "payment_status": "non_payee",
    "notes": "", "local_id": "e3e70682-c209-1cac-a29f-6fbed82c07cd",
    "items": [{"product_id": "201cea2a-ab0a-4a25-8fc2-652e92f14944", "quantity": 0.0}]}
FORMER_500S = [
    ("GET", "/api/products/?updated_since=0001-01-01T00:00:00%2B23:59", None),
    ("GET", "/api/products/?updated_since=9999-12-31T23:59:59-23:59", None),
    ("GET", "/api/products/?updated_since=0001-01-01", None),
    ("POST", "/api/orders/", json.dumps(ISSUE_12_ORDER)),
    ("PATCH", "/api/orders/201cea2a-ab0a-4a25-8fc2-652e92f14944/", json.dumps(ISSUE_12_ORDER)),
    ("POST", "/api/orders/sync/", '{"device_id": "x", "client_time": "9999-12-31T23:59:59-23:59"'),
]


def exchange(conn: http.client.HTTPConnection, method: str, path: str, body: str | None,
             headers: dict[str, str]) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers={"Content-Type": "application/json", **headers})
    answer = conn.getresponse()
    return answer.status, answer.read()


def test_former_server_errors_answer_4xx_on_a_connection_kept_alive(
        server_processes: list[ServerProcess], tmp_path: Path) -> None:
    server = start_server(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path, "keep-alive")
    server_processes.append(server)
    wait_until_healthy(server)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    status, body = exchange(conn, "POST", "/api/auth/login/", json.dumps(
        {"username": SERVER_ADMIN, "password": SERVER_ADMIN_PASSWORD}), {})
    assert status == 200, body
    admin = {"Authorization": f"Bearer {json.loads(body)['access']}"}
    socket = conn.sock
    for method, path, sent in FORMER_500S:
        status, body = exchange(conn, method, path, sent, admin)
        assert status < 500, (method, path, body)
        assert exchange(conn, "GET", "/api/auth/me/", None, admin)[0] == 200, (method, path)
        assert conn.sock is socket, f"{method} {path} a coupé la connexion"
    conn.close()
