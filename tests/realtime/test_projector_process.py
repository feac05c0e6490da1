"""`gapal serve` with Redis projects in a child process (`gapal worker --parent PID`): the API
process answers, the child projects and tells it its progress over Redis; a child that dies is
started again, and it ends with its parent, even a parent killed with SIGKILL. Without Redis
(the embedded default) everything stays in one process."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis

from projections.bus import CHANNEL
from tests.integration.conftest import ServerProcess
from tests.realtime.conftest import REDIS_URL, Client, Cluster, gapal_command, kill9

MANAGER = "gestionnaire_commandes"
ON_POSTGRES = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
ClusterOn = Callable[..., Cluster]
ClientOf = Callable[[ServerProcess], Client]


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found[int(entry.name)] = (entry / "cmdline").read_text().replace("\0", " ")
        except (OSError, IndexError):  # gone meanwhile
            pass
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def placed_and_shown(client: Client, product: dict[str, Any] | None = None) -> None:
    """An order placed (answered once the views show it) is read back."""
    order = client.order(MANAGER, product or client.product())
    assert client.call(MANAGER, "GET", f"/api/orders/{order['id']}/", 200)["id"] == order["id"]


def projector_of(server: ServerProcess) -> int:
    """The one child of `gapal serve` that projects."""
    until(lambda: len(children(server.process.pid)) == 1, 20, "pas de projecteur à part")
    [(pid, command)] = children(server.process.pid).items()
    assert f"gapal worker --parent {server.process.pid}" in command
    return pid


@ON_POSTGRES
def test_with_redis_serve_projects_in_a_child_that_is_restarted_and_ends_with_it(
        database_url: str, cluster_on: ClusterOn, client_of: ClientOf) -> None:
    cluster = cluster_on(database_url, with_redis=True)
    cluster.settings["GAPAL_WRITE_WAIT_SECONDS"] = "2"
    server = cluster.serve("serve")
    client = client_of(server)
    child = projector_of(server)
    # Both hear the control messages; only the API process, which serves WebSockets, the news.
    assert listeners(cluster) == {"news": 1, "control": 2}
    product = client.product()
    placed_and_shown(client, product)  # answered once the child projected it

    # The API process projects nothing itself: with its child stopped, a write waits in vain.
    os.kill(child, signal.SIGSTOP)
    try:
        lagging = client.http.post("/api/orders/", headers={
            "Authorization": f"Bearer {client.tokens[MANAGER]}"}, json={
            "client_name": "Awa Bationo",
            "items": [{"product_id": product["id"], "quantity": 1}]})
        assert lagging.status_code == 503
        assert lagging.json()["code"] == "read_model_lagging"
    finally:
        os.kill(child, signal.SIGCONT)
    client.wait_projected()

    kill9_pid(child)
    until(lambda: bool(set(children(server.process.pid)) - {child}), 20, "projecteur non relancé")
    assert projector_of(server) != child
    placed_and_shown(client, product)
    assert "Le projecteur (processus" in server.output()

    child = projector_of(server)
    kill9(server)
    until(lambda: not alive(child), 10, "le projecteur survit à son serveur")


@ON_POSTGRES
def test_a_stopped_serve_stops_its_projector(database_url: str, cluster_on: ClusterOn) -> None:
    cluster = cluster_on(database_url, with_redis=True)
    server = cluster.serve("serve")
    child = projector_of(server)
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=20)
    assert not alive(child)
    assert "relancé" not in server.output()


@ON_POSTGRES
def test_projector_process_false_keeps_it_in_the_server(
        database_url: str, cluster_on: ClusterOn, client_of: ClientOf) -> None:
    cluster = cluster_on(database_url, with_redis=True)
    cluster.settings["GAPAL_PROJECTOR_PROCESS"] = "false"
    server = cluster.serve("serve")
    placed_and_shown(client_of(server))
    assert children(server.process.pid) == {}


def test_without_redis_serve_is_one_process(tmp_path: Path, cluster_on: ClusterOn,
                                            client_of: ClientOf) -> None:
    cluster = cluster_on(f"sqlite:///{tmp_path / 'gapal.db'}")
    server = cluster.serve("serve")
    placed_and_shown(client_of(server))
    assert children(server.process.pid) == {}


def listeners(cluster: Cluster) -> dict[str, int]:
    """How many processes listen to the deployment's news and control channels on Redis."""
    channel = f"{CHANNEL}:{hashlib.sha256(cluster.database_url.encode()).hexdigest()[:16]}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        deadline = time.monotonic() + 20
        while True:
            counts = dict(client.pubsub_numsub(channel, f"{channel}:control"))
            found = {"news": counts[channel.encode()],
                     "control": counts[f"{channel}:control".encode()]}
            if found["control"] >= 2 or time.monotonic() > deadline:
                return found
            time.sleep(0.1)
    finally:
        client.close()


def kill9_pid(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def test_projector_process_true_without_redis_is_refused_in_french(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAPAL_")}
    result = subprocess.run([*gapal_command(), "serve"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, check=False,
                            env={**env, "GAPAL_PROJECTOR_PROCESS": "true",
                                 "GAPAL_DATABASE_URL": f"sqlite:///{tmp_path / 'gapal.db'}"})
    assert result.returncode == 1
    assert "GAPAL_PROJECTOR_PROCESS=true demande GAPAL_REDIS_URL" in result.stdout
    assert not (tmp_path / "gapal.db").exists()  # refused before anything was made
