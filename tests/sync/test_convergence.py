"""Offline edits, office edits and batches re-sent, lost, held back and replayed, in random
interleavings and with the phone's clock hours off: the order always ends as a model of API.md
says (field-by-field last write wins on corrected time, statuses only forward), resending never
changes it, and every value that lost a conflict is in the log.

Requests also spend time in flight (`transit`, up to 9 minutes) while the server's clock moves
on. The server runs on the real clock, and cannot tell a request that left `transit` seconds
ago from one whose `client_time` says so: such a request is stamped that much in the past (its
events keep their times). The naive offset (`server_time - client_time`) counts that transit as
clock skew and corrects the events that much too late (issue 4's report); the phone here is a
new one that sends its measured offset (README "Extensions of the HTTP contract"), and every
answer's offset must be its clock's true offset within that measure's error."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.conftest import Api, log_length
from tests.sync import Phone, catalogue_of, new_local_id, order_data, world_api

MANAGER = "gestionnaire_commandes"
STATUSES = ["nouvelle", "en_preparation", "en_cours", "livree", "annulee"]
FORWARD = STATUSES[:4]
ITEMS = [(("milk", 1),), (("milk", 2),), (("milk", 1), ("gapal", 1))]
VALUES: dict[str, list[Any]] = {
    "notes": ["", "Portail bleu", "Après 17 h", "Appeler avant"],
    "priority": ["basse", "moyenne", "haute"],
    # No `payment_status`: since payments are money recorded (a paid order can no longer be
    # marked unpaid, nor its total fall below what was paid), it is not a free two-way field;
    # its sync (`payment_status` in `order_updated`, `payment_received`) is tested in
    # tests/sync/test_payments_sync.py.
    "delivery_status": STATUSES,
    "items": ITEMS,
}
REVISED = ("notes", "priority", "items")


def allowed(current: str, to: str) -> bool:
    """API.md's transitions: forward (skips allowed), or to `annulee` unless final."""
    if current in ("livree", "annulee"):
        return False
    return to == "annulee" or (to in FORWARD and FORWARD.index(to) > FORWARD.index(current))


# The scenario


@dataclass(frozen=True)
class PhoneEdit:
    changes: dict[str, Any]


@dataclass(frozen=True)
class OfficeEdit:
    name: str
    value: Any


@dataclass(frozen=True)
class Sync:
    """Sends the outbox: `answered`; `lost` (applied, the phone never hears); `delayed` (held
    back: the phone sends newer events without them, and this request at a later `Arrive`).
    It arrives `transit` seconds after it left."""

    fate: str
    transit: int = 0


@dataclass(frozen=True)
class Arrive:
    """The oldest held-back request arrives, after newer ones, `transit` seconds after it
    left (stamped then)."""

    transit: int = 0


@dataclass(frozen=True)
class Replay:
    """An earlier request is sent again (stamped now)."""

    which: int


changes = st.lists(st.sampled_from(list(VALUES)), min_size=1, max_size=2, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({n: st.sampled_from(VALUES[n]) for n in names}))
office_edit = st.sampled_from(list(VALUES)).flatmap(
    lambda name: st.builds(OfficeEdit, st.just(name), st.sampled_from(VALUES[name])))
transit = st.sampled_from([0, 0, 0, 3, 90, 540])  # seconds; the server allows up to 600
step = st.one_of(
    st.builds(PhoneEdit, changes), office_edit, st.builds(PhoneEdit, changes), office_edit,
    st.builds(Sync, st.sampled_from(["answered", "answered", "lost", "delayed"]), transit),
    st.builds(Arrive, transit), st.builds(Replay, st.integers(0, 30)))


# The model of the server


@dataclass
class Write:
    version: int
    name: str
    at: datetime
    device: str | None  # None: the office


@dataclass
class Model:
    who: str
    device: str
    values: dict[str, Any]
    version: int = 1
    writes: list[Write] = field(default_factory=list)
    applied: set[str] = field(default_factory=set)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)

    def office(self, name: str, value: Any, at: datetime) -> bool:
        """True if the office's change is accepted (and then it changed something or not)."""
        locked = self.values["delivery_status"] not in ("nouvelle", "en_preparation")
        if name == "items" and locked and self.values[name] != value:
            return False
        if name == "delivery_status" and not allowed(self.values[name], value):
            return False
        if self.values[name] != value:
            self.version += 1
            self.values[name] = value
            self.writes.append(Write(self.version, name, at, None))
        return True

    def phone(self, event: dict[str, Any], data: dict[str, Any], at: datetime) -> tuple[
            str, list[tuple[Any, ...]], str | None]:
        """(status, conflicts, error code) of one phone update at corrected time `at`."""
        if event["event_id"] in self.applied:
            return "duplicate", [], None
        status = self.values["delivery_status"]
        if self.who == "vendeur" and status != "nouvelle":
            return "rejected", [], "order_locked"
        apply, conflicts = self.merge(data, at, self.changed_since(event["base_version"], at))
        if "items" in apply and status not in ("nouvelle", "en_preparation"):
            return "rejected", [], "order_locked"
        for names in (REVISED, ("payment_status",), ("delivery_status",)):  # one event each
            if any(n in apply for n in names):
                self.version += 1
                for name in set(names) & set(apply):
                    self.values[name] = apply[name]
                    self.writes.append(Write(self.version, name, at, self.device))
        if conflicts:  # and one more to settle the conflicts
            self.version += 1
            self.conflicts.extend(conflicts)
        self.applied.add(event["event_id"])
        return ("merged" if conflicts else "applied"), conflicts, None

    def changed_since(self, base: int, at: datetime) -> dict[str, datetime]:
        """When each field last changed after `base`, but for this phone's own earlier edits."""
        changed: dict[str, datetime] = {}
        for write in self.writes:
            own_earlier = write.device == self.device and write.at <= at
            if write.version > base and not own_earlier:
                changed[write.name] = max(write.at, changed.get(write.name, write.at))
        return changed

    def merge(self, data: dict[str, Any], at: datetime, changed: dict[str, datetime]) -> tuple[
            dict[str, Any], list[tuple[Any, ...]]]:
        apply, conflicts = {}, []
        for name, value in data.items():
            current = self.values[name]
            if value == current:
                continue
            if name == "delivery_status" and not allowed(current, value):
                conflicts.append((name, value, current, "server"))
            elif name not in changed:
                apply[name] = value
            elif at > changed[name]:
                apply[name] = value
                conflicts.append((name, value, current, "client"))
            else:
                conflicts.append((name, value, current, "server"))
        return apply, conflicts


# Driving the API


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One SQLite world for the module: each example works on an order of its own."""
    folder: Path = tmp_path_factory.mktemp("convergence")
    for api in world_api(f"sqlite:///{folder / 'gapal.db'}", folder):
        for name in ("milk", "gapal"):
            answer = api.call("gestionnaire_stocks", "POST", "/api/stock/entry/", json={
                "product_id": catalogue_of(api)[name]["id"], "quantity": 10_000})
            assert answer.status_code == 201, answer.text
        yield api


def wire_items(value: tuple[tuple[str, int], ...], ids: dict[str, str]) -> list[dict[str, Any]]:
    return [{"product_id": ids[name], "quantity": quantity} for name, quantity in value]


def items_of(order: dict[str, Any], names: dict[str, str]) -> tuple[tuple[str, int], ...]:
    return tuple((names[i["product_id"]], int(i["quantity"])) for i in order["items"])


def state_of(order: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {"notes": order["notes"], "priority": order["priority"],
            "delivery_status": order["delivery_status"], "items": items_of(order, names)}


def plain_value(name: str, value: Any, names: dict[str, str]) -> Any:
    """A conflict value as the API shows it, in the model's terms."""
    if name == "items":
        return tuple((names[pid], int(Decimal(quantity))) for pid, quantity in value)
    return value


def conflict_tuples(conflicts: list[dict[str, Any]],
                    names: dict[str, str]) -> list[tuple[Any, ...]]:
    return [(c["field"], plain_value(c["field"], c["client_value"], names),
             plain_value(c["field"], c["server_value"], names), c["kept"]) for c in conflicts]


def unordered(conflicts: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The API does not say in which order one event's conflicts are listed."""
    return sorted(conflicts, key=repr)


class Run:
    """One example: a phone, the office, and the model they are checked against."""

    def __init__(self, api: Api, who: str, skew: timedelta) -> None:
        catalogue = catalogue_of(api)
        self.api = api
        self.ids = {name: catalogue[name]["id"] for name in ("milk", "gapal")}
        self.names = {pid: name for name, pid in self.ids.items()}
        self.skew = skew
        self.phone = Phone(api, who, skew=skew, measuring=True)
        self.local_id = new_local_id()
        self.outbox: list[dict[str, Any]] = []
        self.data: dict[str, dict[str, Any]] = {}  # event_id -> data in the model's terms
        self.sent: list[dict[str, Any]] = []
        self.delayed: list[dict[str, Any]] = []
        [result] = self.phone.send(self.phone.created(
            self.local_id, order_data(self.ids["milk"], 1)))["results"]
        assert result["status"] == "applied", result
        self.order_id = result["order"]["id"]
        self.known_version = result["order"]["version"]
        self.model = Model(who, self.phone.device_id, state_of(result["order"], self.names))

    def edit_on_phone(self, step: PhoneEdit) -> None:
        wire = {name: wire_items(value, self.ids) if name == "items" else value
                for name, value in step.changes.items()}
        event = self.phone.updated(self.local_id, wire, self.known_version)
        self.data[event["event_id"]] = step.changes
        self.outbox.append(event)

    def edit_at_office(self, step: OfficeEdit) -> None:
        if step.name == "delivery_status":
            path, body = "status/", {"delivery_status": step.value}
        elif step.name == "payment_status":
            path, body = "payment/", {"payment_status": step.value}
        elif step.name == "items":
            path, body = "", {"items": wire_items(step.value, self.ids)}
        else:
            path, body = "", {step.name: step.value}
        answer = self.api.call(MANAGER, "PATCH", f"/api/orders/{self.order_id}/{path}",
                               json=body)
        at = (datetime.fromisoformat(answer.json()["updated_at"])
              if answer.status_code == 200 else None)
        accepted = self.model.office(step.name, step.value, at or datetime.min)
        assert answer.status_code == (200 if accepted else 409), (step, answer.text)
        if accepted:
            assert state_of(answer.json(), self.names) == self.model.values
            assert answer.json()["version"] == self.model.version

    def request(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        body = self.phone.body(events)
        self.sent.append(body)
        return body

    def deliver(self, body: dict[str, Any], answered: bool, transit: int = 0) -> None:
        """`body` arrives now, sent `transit` seconds ago (its `client_time` then, with the
        phone's estimate of its offset); the answer is checked against the model."""
        sent = self.phone.clock() - timedelta(seconds=transit)
        estimate = self.phone.estimate_fields()
        stamped = {**{k: v for k, v in body.items() if not k.startswith("clock_offset")},
                   "client_time": sent.isoformat(), **estimate}
        answer = self.phone.post(stamped)
        assert answer.status_code == 200, answer.text
        reply = answer.json()
        if answered:
            self.phone.heard(stamped, reply)
        offset = timedelta(seconds=reply["clock_offset_seconds"])
        # The phone's true offset is -skew: the transit must not count, within the estimate.
        error = estimate["clock_offset_estimate_error_seconds"]
        assert abs((offset + self.skew).total_seconds()) <= error + 0.001, (transit, reply)
        results = reply["results"]
        assert [r["event_id"] for r in results] == [e["event_id"] for e in body["events"]]
        for event, result in zip(body["events"], results, strict=True):
            at = datetime.fromisoformat(event["occurred_at"]) + offset
            status, conflicts, error = self.model.phone(event, self.data[event["event_id"]], at)
            got = conflict_tuples(result["conflicts"], self.names)
            assert (result["status"], unordered(got)) == (status, unordered(conflicts)), \
                (event, result)
            assert (result["error"] or {}).get("code") == error, result
        if results:
            order = results[-1]["order"]
            assert state_of(order, self.names) == self.model.values, (order, self.model)
            assert order["version"] == self.model.version
            if answered:
                self.known_version = order["version"]

    def sync(self, step: Sync) -> None:
        if not self.outbox:
            return
        body = self.request(list(self.outbox))
        if step.fate == "delayed":
            self.delayed.append(body)
            self.outbox.clear()
            return
        self.deliver(body, answered=step.fate == "answered", transit=step.transit)
        if step.fate == "answered":
            self.outbox.clear()

    def arrive(self, step: Arrive) -> None:
        if self.delayed:
            self.deliver(self.delayed.pop(0), answered=True, transit=step.transit)

    def replay(self, step: Replay) -> None:
        if not self.sent:
            return
        body = self.sent[step.which % len(self.sent)]
        if body in self.delayed:  # not arrived yet: not a copy, the original
            return
        self.deliver(body, answered=False)

    def finish(self) -> None:
        """Everything in flight arrives, the outbox is flushed: the order as the model says,
        then every request sent again (any order) changes nothing."""
        while self.delayed:
            self.arrive(Arrive())
        self.sync(Sync("answered"))
        final = self.api.call(MANAGER, "GET", f"/api/orders/{self.order_id}/").json()
        assert state_of(final, self.names) == self.model.values
        assert final["version"] == self.model.version
        length = log_length(self.api.gapal)
        again = list(self.sent)
        random.Random(len(again)).shuffle(again)
        for body in again:
            reply = self.phone.post({**body, "client_time": self.phone.clock().isoformat()})
            for result in reply.json()["results"]:
                assert result["status"] in ("duplicate", "rejected"), result
                assert result["conflicts"] == []
        assert log_length(self.api.gapal) == length
        assert self.api.call(MANAGER, "GET", f"/api/orders/{self.order_id}/").json() == final
        self.check_log()

    def check_log(self) -> None:
        """Every conflict settled is in the log, losing value included, in order."""
        events = self.api.call(MANAGER, "GET", f"/api/orders/{self.order_id}/history/",
                               params={"page_size": 200}).json()["results"]
        settled = [c for e in events if e["event_type"] == "Order.ConflictSettled"
                   for c in e["data"]["conflicts"]]
        assert unordered(conflict_tuples(settled, self.names)) == unordered(self.model.conflicts)
        for conflict in settled:
            lost = conflict["client_value" if conflict["kept"] == "server" else "server_value"]
            assert lost is not None
            assert set(conflict) == {"field", "client_value", "server_value", "kept"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          print_blob=True)
@given(who=st.sampled_from(["vendeur", MANAGER, MANAGER]),
       skew=st.integers(-6 * 3600, 6 * 3600).map(lambda s: timedelta(seconds=s)),
       steps=st.lists(step, min_size=8, max_size=20))
def test_offline_and_office_edits_converge_whatever_is_resent(
        world: Api, who: str, skew: timedelta, steps: list[Any]) -> None:
    run = Run(world, who, skew)
    for number, current in enumerate(steps):
        note(f"step {number}: {current}")
        if isinstance(current, PhoneEdit):
            run.edit_on_phone(current)
        elif isinstance(current, OfficeEdit):
            run.edit_at_office(current)
        elif isinstance(current, Sync):
            run.sync(current)
        elif isinstance(current, Arrive):
            run.arrive(current)
        else:
            run.replay(current)
    run.finish()
