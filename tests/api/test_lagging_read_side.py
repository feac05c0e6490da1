"""A write whose read models lag behind answers 503, says it is saved, and is not lost."""

from __future__ import annotations

from tests.conftest import Api, log_length


def test_a_write_the_read_side_has_not_shown_in_time_answers_503_but_is_saved(api: Api) -> None:
    api.gapal.projector.stop()
    api.gapal.settings.write_wait_seconds = 0.3
    before = log_length(api.gapal)
    answer = api.call("admin", "POST", "/api/categories/", json={"name": "Beurre"})
    assert answer.status_code == 503
    assert answer.json()["code"] == "read_model_lagging"
    assert answer.headers["retry-after"] == "5"
    assert log_length(api.gapal) > before
    api.gapal.projector.catch_up()
    names = [c["name"] for c in api.call("admin", "GET", "/api/categories/").json()["results"]]
    assert "Beurre" in names
