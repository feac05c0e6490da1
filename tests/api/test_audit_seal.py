"""The log's seal over HTTP (admin): its head follows the log, a verification runs in the
background with its progress and finds an edited event; each day's closing seal is told to
admins once (`sceau_journal`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from projections.queries.seal import audit_verifications
from projections.seal import audit_seal
from tests.answers import ok, refused
from tests.api.test_notifications import of_type
from tests.api.test_receivables import pdf_text
from tests.conftest import BACKENDS, Api, log_length

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


def sealed_head(api: Api) -> dict[str, Any]:
    """The seal's head once every event so far is sealed."""
    head = log_length(api.gapal)
    assert api.gapal.sealer.waiter.wait_for(head, timeout=10)
    body: dict[str, Any] = ok(api.call("admin", "GET", "/api/audit/seal/"))
    return body


def verified(api: Api) -> dict[str, Any]:
    started = ok(api.call("admin", "POST", "/api/audit/verify/"), 202)
    assert started["finished_at"] is None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state: dict[str, Any] = ok(api.call("admin", "GET",
                                            f"/api/audit/verify/{started['id']}/"))
        if state["finished_at"] is not None:
            return state
        time.sleep(0.05)
    raise AssertionError("verification still running")


def test_the_seal_head_is_the_last_event_and_a_verification_holds(api: Api) -> None:
    head = sealed_head(api)
    assert head["position"] == log_length(api.gapal)
    assert len(head["hash"]) == 64
    assert head["last_verification"] is None
    result = verified(api)
    assert result["ok"] is True
    assert result["checked"] == result["total"] == head["position"]
    assert (result["position"], result["hash"]) == (head["position"], head["hash"])
    assert "intact" in result["message"]
    assert ok(api.call("admin", "GET", "/api/audit/seal/"))["last_verification"]["id"] == \
        result["id"]


def test_a_verification_names_the_event_edited_in_the_database(api: Api) -> None:
    sealed_head(api)
    table = api.gapal.store.events_table
    column = "notification_id" if api.gapal.db.config.is_postgres else "rowid"
    with api.gapal.db.writer.begin() as conn:
        conn.execute(sa.text(f"UPDATE {table} SET state = :s WHERE {column} = 3"),
                     {"s": b'{"role":"admin"}'})
    result = verified(api)
    assert result["ok"] is False
    assert (result["broken_position"], result["broken_kind"]) == (3, "modifie")
    assert "n° 3" in result["message"]


def test_an_unknown_verification_is_not_found(api: Api) -> None:
    refused(api.call("admin", "GET", "/api/audit/verify/00000000-0000-0000-0000-000000000000/"),
            404, "not_found")


def test_admins_are_told_each_day_closing_seal_once(api: Api) -> None:
    head = sealed_head(api)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with api.gapal.db.writer.begin() as conn:  # as if the log so far was written yesterday
        conn.execute(audit_seal.update().values(sealed_at=yesterday))
    api.gapal.projector.run_periodic()
    api.gapal.projector.run_periodic()
    (told,) = of_type(api, "admin", "sceau_journal")
    assert told["data"]["seal_position"] == head["position"]
    assert told["data"]["seal_hash"] == head["hash"]
    assert f"{head['hash']}@{head['position']}" in told["message"]
    assert f"{yesterday:%d/%m/%Y}" in told["title"]
    for who in ("vendeur", "gestionnaire_commandes", "gestionnaire_stocks"):
        assert of_type(api, who, "sceau_journal") == []


def test_every_pdf_report_carries_the_closing_seal_in_its_footer(api: Api) -> None:
    orders = api.call("admin", "GET", "/api/reports/orders/pdf/")
    assert "Sceau du journal : aucun encore" in pdf_text(ok_pdf(orders))
    head = sealed_head(api)
    with api.gapal.db.writer.begin() as conn:
        conn.execute(audit_seal.update().values(sealed_at=datetime.now(UTC) - timedelta(days=1)))
    line = f"{head['hash']} @ {head['position']}"
    for path, params in (("/api/reports/orders/pdf/", {}),
                         ("/api/reports/receivables/", {"format": "pdf"})):
        text = pdf_text(ok_pdf(api.call("admin", "GET", path, params=params)))
        assert f"Sceau du journal : {line}" in text, path


def ok_pdf(answer: Any) -> bytes:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    content: bytes = answer.content
    return content


def test_a_verification_whose_server_died_is_ended_and_told_not_left_running(api: Api) -> None:
    sealed_head(api)
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    with api.gapal.db.writer.begin() as conn:  # what a process killed mid-verification leaves
        conn.execute(audit_verifications.insert().values(
            id="11111111-1111-4111-8111-111111111111", requested_by="x", started_at=long_ago,
            alive_at=long_ago, total=10, checked=4))
    state = ok(api.call("admin", "GET",
                        "/api/audit/verify/11111111-1111-4111-8111-111111111111/"))
    assert state["finished_at"] is not None
    assert state["ok"] is None  # no verdict: the log was not judged
    assert "interrompue" in state["message"]
    assert "Relancez" in state["message"]
    assert state["checked"] == 4
    assert verified(api)["ok"] is True  # a live one is judged, and the log it left is intact
