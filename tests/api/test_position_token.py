"""Read-your-writes by `X-Gapal-Position`: every write tells its log position; a client that
sends back the last one it saw reads views that include it, and its order commands answer
from the log without waiting for the views. A client that sends none waits as before."""

from __future__ import annotations

import threading
from typing import Any

from tests.conftest import Api, log_length

POSITION = "X-Gapal-Position"


def order_body(catalogue: dict[str, Any], quantity: float = 2) -> dict[str, Any]:
    return {"client_name": "Awa Bationo", "client_phone": "+226 70 12 34 56",
            "items": [{"product_id": catalogue["milk"]["id"], "quantity": quantity}]}


def placed_while_the_views_wait(api: Api, catalogue: dict[str, Any],
                                wait_seconds: float) -> Any:
    """An order placed by a tracking client while no projector runs."""
    api.gapal.projector.stop()
    api.gapal.settings.write_wait_seconds = wait_seconds
    return api.call("gestionnaire_commandes", "POST", "/api/orders/",
                    json=order_body(catalogue), headers={POSITION: "0"})


def test_every_write_answer_tells_the_log_position_it_reached(api: Api) -> None:
    answer = api.call("admin", "POST", "/api/categories/", json={"name": "Beurre"})
    assert answer.status_code == 201
    assert int(answer.headers[POSITION]) == log_length(api.gapal)


def test_a_tracking_client_is_answered_from_the_log_while_the_views_lag(
        api: Api, catalogue: dict[str, Any]) -> None:
    answer = placed_while_the_views_wait(api, catalogue, 0.3)
    assert answer.status_code == 201, answer.text
    assert answer.json()["client_name"] == "Awa Bationo"
    assert answer.json()["total_price"] == 2 * catalogue["milk"]["unit_price"]
    assert int(answer.headers[POSITION]) == log_length(api.gapal)
    untracked = api.call("gestionnaire_commandes", "POST", "/api/orders/",
                         json=order_body(catalogue))
    assert untracked.status_code == 503
    assert untracked.json()["code"] == "read_model_lagging"


def test_a_read_with_the_position_waits_until_the_views_show_the_write(
        api: Api, catalogue: dict[str, Any]) -> None:
    placed = placed_while_the_views_wait(api, catalogue, 10)
    catching_up = threading.Timer(0.3, api.gapal.projector.catch_up)
    catching_up.start()
    listed = api.call("gestionnaire_commandes", "GET", "/api/orders/",
                      headers={POSITION: placed.headers[POSITION]})
    catching_up.join()
    assert listed.status_code == 200
    assert placed.json() in listed.json()["results"]


def test_a_read_whose_position_the_views_do_not_reach_in_time_answers_503(
        api: Api, catalogue: dict[str, Any]) -> None:
    placed = placed_while_the_views_wait(api, catalogue, 0.3)
    listed = api.call("gestionnaire_commandes", "GET", "/api/orders/",
                      headers={POSITION: placed.headers[POSITION]})
    assert listed.status_code == 503
    assert listed.json() == {"code": "read_model_lagging", "detail": (
        "L'affichage a pris du retard : rechargez dans un instant.")}


def test_the_answers_from_the_log_are_what_the_views_show_after_each_command(
        api: Api, catalogue: dict[str, Any]) -> None:
    tracked = {POSITION: "0"}
    placed = api.call("gestionnaire_commandes", "POST", "/api/orders/",
                      json=order_body(catalogue, 1.5), headers=tracked)
    order_id = placed.json()["id"]
    answers = [placed]
    for method, path, body in (
            ("PATCH", "", {"notes": "Sonner deux fois", "items": [
                {"product_id": catalogue["milk"]["id"], "quantity": 3}]}),
            ("PATCH", "payment/", {"payment_status": "payee"}),
            ("PATCH", "status/", {"delivery_status": "en_preparation"}),
            ("PATCH", "status/", {"delivery_status": "en_cours"}),
            ("PATCH", "status/", {"delivery_status": "livree"}),
            (None, "", {})):
        answer = answers[-1]
        assert answer.status_code in (200, 201), answer.text
        shown = api.call("gestionnaire_commandes", "GET", f"/api/orders/{order_id}/",
                         headers={POSITION: answer.headers[POSITION]})
        assert shown.json() == answer.json()
        if method:
            answers.append(api.call("gestionnaire_commandes", method,
                                    f"/api/orders/{order_id}/{path}", json=body,
                                    headers=tracked))
    assert answers[-1].json()["delivery_status"] == "livree"


def test_a_position_beyond_the_log_counts_as_its_head(api: Api) -> None:
    api.gapal.settings.write_wait_seconds = 5
    answer = api.call("admin", "GET", "/api/categories/", headers={POSITION: str(10**15)})
    assert answer.status_code == 200


def test_a_position_that_is_not_a_whole_number_is_refused_in_french(api: Api) -> None:
    for bad in ("abc", "-3", "1.5", "7e3", str(2**63), "9" * 40):
        answer = api.call("admin", "GET", "/api/categories/", headers={POSITION: bad})
        assert answer.status_code == 422, bad
        assert "nombre entier positif" in answer.text


def test_a_tracked_order_is_judged_against_a_balance_that_counts_the_client_s_own_orders(
        api: Api, catalogue: dict[str, Any]) -> None:
    """The command does not wait for the views up front, but its credit check does."""
    api.gapal.settings.write_wait_seconds = 10
    customer = api.call("gestionnaire_commandes", "POST", "/api/customers/", json={
        "name": "Maquis Le Baobab", "phone": "70 12 34 56", "kind": "maquis",
        "credit_limit": 3000}).json()
    api.gapal.projector.stop()
    body = {**order_body(catalogue, 4), "customer_id": customer["id"]}  # 2 000 FCFA each
    first = api.call("gestionnaire_commandes", "POST", "/api/orders/", json=body,
                     headers={POSITION: "0"})
    catching_up = threading.Timer(0.3, api.gapal.projector.catch_up)
    catching_up.start()
    second = api.call("gestionnaire_commandes", "POST", "/api/orders/", json=body,
                      headers={POSITION: first.headers[POSITION]})
    catching_up.join()
    assert (first.json()["over_credit_limit"], second.json()["over_credit_limit"]) == (
        False, True)
