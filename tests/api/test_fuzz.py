"""Schemathesis drives every operation of the app's own `/openapi.json`, as admin and as vendeur,
on SQLite and on PostgreSQL: no answer is a server error, and every answer has its documented
shape (`response_schema_conformance` holds for every operation, so no check is left out).
Examples are derandomized, so a run repeats the last one."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.audio import webm
from tests.conftest import BACKENDS, Api, OrderFactory

# Timestamps anywhere in the calendar, at any offset, its two ends often: where 500s hid.
CALENDAR_ENDS = ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59.999999-23:59"]
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
schemathesis.openapi.format("date-time", st.one_of(
    st.sampled_from(CALENDAR_ENDS), st.datetimes(timezones=OFFSETS).map(datetime.isoformat)))

EXAMPLES = 8  # per operation: 49 operations × 2 roles × 2 databases, 50 s of CPU in all
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))


def real_ids(api: Api, catalogue: dict[str, Any], order: dict[str, Any],
             role: str) -> dict[str, str]:
    """Ids the world holds, so that path parameters reach past the 404."""
    vendeur = api.call("admin", "GET", "/api/users/", params={"search": "vendeur"}).json()
    notifications = api.call(role, "GET", "/api/notifications/").json()["results"]
    note = api.call("vendeur", "POST", f"/api/orders/{order['id']}/voice-notes/",
                    files={"audio": ("note.webm", webm(), "audio/webm")},
                    data={"local_id": str(uuid.uuid4())}).json()
    return {"order_id": order["id"], "product_id": catalogue["milk"]["id"],
            "category_id": catalogue["category"]["id"], "user_id": vendeur["results"][0]["id"],
            "note_id": note["id"],
            **({"notification_id": notifications[0]["id"]} if notifications else {})}


def cases(operation: APIOperation, ids: dict[str, str]) -> st.SearchStrategy[Case]:
    """Valid and invalid requests, with made-up ids and with the world's own."""
    known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
    return st.one_of(*(operation.as_strategy(mode, path_parameters=paths)
                       for mode in GenerationMode for paths in ({}, known)))


@pytest.mark.slow  # 12 to 20 s for each database and role
@pytest.mark.parametrize("role", ["admin", "vendeur"])
@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_no_operation_answers_a_server_error(
        api: Api, catalogue: dict[str, Any], place_order: OrderFactory, role: str) -> None:
    ids = real_ids(api, catalogue, place_order("vendeur"), role)
    # In process: its lifespan is started again, harmless without the projector thread.
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ
        @given(case=cases(operation, ids))
        def answers_without_server_error(case: Case) -> None:
            case.call_and_validate(headers=api.as_(role),
                                   checks=[not_a_server_error, response_schema_conformance])

        answers_without_server_error()
