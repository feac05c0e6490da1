"""The command line: first admin without env vars, demo data, rebuild with progress.

Most tests call the CLI in this process (`invoke`: Typer's runner, output and exit code captured);
one test per command family spawns the `gapal` console script itself (`run`)."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import typer
import uvicorn
from typer._click.exceptions import UsageError
from typer.testing import CliRunner

from application.passwords import Passwords
from gapal.bootstrap import bootstrap
from gapal.cli import app
from gapal.demo import load_demo
from gapal.web import create_app
from projections.read_models import NAME, projection_schemas
from tests.conftest import BACKENDS, FAST_PASSWORDS, make_settings

GAPAL = str(Path(sys.executable).with_name("gapal"))
SECRET = "k" * 40


def run(args: list[str], cwd: Path, stdin: str = "",
        database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """The `gapal` console script in a process of its own."""
    env = {**os.environ, "GAPAL_DATABASE_URL": database_url or f"sqlite:///{cwd / 'gapal.db'}",
           "GAPAL_SECRET_KEY": SECRET, "COLUMNS": "120"}
    return subprocess.run([GAPAL, *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def invoke(args: list[str], cwd: Path, stdin: str = "",
           database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """The same command line as `run`, in this process: same environment, working folder, stdin;
    stdout, stderr and exit code captured alike (no imports paid again)."""
    env = {"GAPAL_DATABASE_URL": database_url or f"sqlite:///{cwd / 'gapal.db'}",
           "GAPAL_SECRET_KEY": SECRET, "COLUMNS": "120"}
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(app, args, input=stdin, env=env, prog_name="gapal",
                                    catch_exceptions=False)
    return subprocess.CompletedProcess(["gapal", *args], result.exit_code, result.stdout,
                                       result.stderr)


def test_users_create_makes_the_first_admin_who_can_then_sign_in(tmp_path: Path) -> None:
    result = run(["users", "create", "chef", "--role", "admin"], tmp_path,
                 stdin="mot-de-passe-1\nmot-de-passe-1\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chef" in result.stdout
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords())
    try:
        user = gapal.services.users.authenticate("chef", "mot-de-passe-1")
        assert user is not None
        assert user.role.value == "admin"
    finally:
        gapal.close()


def test_users_create_refuses_an_existing_name(tmp_path: Path) -> None:
    first = invoke(["users", "create", "chef"], tmp_path, stdin="mot-de-passe-1\nmot-de-passe-1\n")
    assert first.returncode == 0
    again = invoke(["users", "create", "chef"], tmp_path,
                   stdin="mot-de-passe-2\nmot-de-passe-2\n")
    assert again.returncode == 1
    assert "existe déjà" in again.stdout


@pytest.mark.slow
def test_rebuild_replays_the_demo_log_with_a_progress_bar(tmp_path: Path) -> None:
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    load_demo(gapal, orders=10)
    head = gapal.store.recorder.max_notification_id()
    gapal.close()
    result = run(["projections", "rebuild"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{head} événements rejoués" in result.stdout


@pytest.mark.slow
def test_migrate_replays_read_models_made_anew_before_any_server_starts(tmp_path: Path) -> None:
    """Views whose schema changed without a fingerprint per view (an older database) are made
    anew at start; `gapal migrate` (docker-compose runs it before the servers) replays the log
    into them at rebuild speed, so the servers start on complete views. Nothing to do the
    next time."""
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    load_demo(gapal, orders=5)
    gapal.projector.catch_up()
    head = gapal.store.recorder.max_notification_id()
    with gapal.db.writer.begin() as conn:
        conn.execute(projection_schemas.delete())
        conn.execute(projection_schemas.insert().values(name=NAME, fingerprint="ancienne"))
    gapal.close()
    result = invoke(["migrate"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Le schéma des vues a changé" in result.stdout
    assert f"{head} événements rejoués" in result.stdout
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    try:
        assert not gapal.made_anew
        assert gapal.waiter.current() == head
    finally:
        gapal.close()
    again = invoke(["migrate"], tmp_path)
    assert "rejoués" not in again.stdout


def test_migrate_leaves_the_replay_to_a_server_already_running(tmp_path: Path) -> None:
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    try:
        with gapal.db.writer.begin() as conn:
            conn.execute(projection_schemas.delete())
            conn.execute(projection_schemas.insert().values(name=NAME, fingerprint="ancienne"))
        gapal.presence.join()  # a server runs on this database
        result = invoke(["migrate"], tmp_path)
    finally:
        gapal.close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "un serveur tourne déjà : son projecteur rejoue" in result.stdout
    assert "rejoués" not in result.stdout


@pytest.mark.slow
def test_rebuild_of_one_view_replays_it_and_names_the_views_when_unknown(
        tmp_path: Path) -> None:
    gapal = bootstrap(make_settings(f"sqlite:///{tmp_path / 'gapal.db'}", tmp_path),
                      passwords=Passwords(time_cost=1, memory_cost=8192))
    load_demo(gapal, orders=5)
    gapal.projector.catch_up()
    head = gapal.store.recorder.max_notification_id()
    with gapal.db.reader.connect() as conn:  # what the movements view reads: products' events
        of_products = conn.execute(sa.text(
            f"SELECT count(*) FROM {gapal.store.events_table} "
            "WHERE topic LIKE 'domain.catalogue:Product.%'")).scalar_one()
    gapal.close()
    result = invoke(["projections", "rebuild", "--view", "audit"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{head} événements rejoués" in result.stdout
    movements = invoke(["projections", "rebuild", "--view", "movements"], tmp_path)
    assert movements.returncode == 0, movements.stdout + movements.stderr
    assert 0 < of_products < head
    assert (f"{of_products} événements rejoués (ceux que la vue lit, sur {head} du journal)"
            in movements.stdout)
    unknown = invoke(["projections", "rebuild", "--view", "nulle-part"], tmp_path)
    assert unknown.returncode == 2
    assert "Vue inconnue « nulle-part »" in unknown.stdout
    assert "notifications" in unknown.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_healthy(client: httpx.Client, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if client.get("/api/health/").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)  # the server is still starting: nothing to wait on but the socket
    pytest.fail("le serveur n'a pas démarré")


@pytest.mark.slow
def test_serve_demo_answers_with_demo_logins_docs_and_orders(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "GAPAL_DATABASE_URL": f"sqlite:///{tmp_path / 'gapal.db'}"}
    server = subprocess.Popen([GAPAL, "serve", "--demo", "--port", str(port)], cwd=tmp_path,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            wait_until_healthy(client, server)
            login = client.post("/api/auth/login", json={"username": "admin",
                                                         "password": "admin-gapal-2026"})
            assert login.status_code == 200, login.text
            headers = {"Authorization": f"Bearer {login.json()['access']}"}
            assert client.get("/api/orders/", headers=headers).json()["count"] == 40
            assert client.get("/api/products/", headers=headers).json()["count"] == 16
            assert client.get("/docs").status_code == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "salif.vendeur" in output


ENGLISH = ("Usage", "Show this message", "Commands", "default:", "required", "Try ", "<bool>",
           "completion", "COMMAND ", "[ARGS]")


@pytest.mark.parametrize("command", [[], ["serve"], ["worker"], ["migrate"], ["projections"],
                                     ["projections", "rebuild"], ["users"], ["users", "create"]])
def test_help_speaks_french_down_to_the_frameworks_words(command: list[str],
                                                          tmp_path: Path) -> None:
    result = invoke([*command, "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Utilisation : gapal" in result.stdout
    assert "Affiche cette aide et quitte." in result.stdout
    assert [word for word in ENGLISH if word in result.stdout] == []


ENGLISH_ERRORS = ("Usage", "Try ", "Error", "Missing", "No such", "Invalid value", "Got unexpected",
                  "requires", "Input should", "is not one of", "Did you mean")


@pytest.mark.parametrize(("args", "french"), [
    (["serve", "--bogus"], "Option inconnue : --bogus"),
    (["users", "create"], "Argument 'NOM' manquant."),
    (["users", "create", "chef", "--role", "chef"],
     "Valeur invalide pour '--role' : 'chef' ne fait pas partie des choix"),
    (["serve", "--port", "abc"], "Valeur invalide pour '--port' : un nombre entier est attendu"),
    (["serve", "en-trop"], "Argument(s) en trop : en-trop"),
    (["projections", "rebuild", "--view"], "L'option '--view' attend une valeur."),
    (["serv"], "Commande inconnue : 'serv'. Vouliez-vous dire 'serve'"),
])
def test_argument_errors_speak_french_and_exit_with_2(args: list[str], french: str,
                                                      tmp_path: Path) -> None:
    result = invoke(args, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert french in result.stderr
    assert "Erreur" in result.stderr
    assert [word for word in ENGLISH_ERRORS if word in result.stderr] == []
    assert not (tmp_path / "gapal.db").exists()  # refused before anything ran


def test_argument_errors_are_french_without_rich_too() -> None:
    """Click's plain display (no Rich): the same French, usage and help hint included."""
    command = typer.main.get_command(app)
    with pytest.raises(UsageError) as caught:
        command.main(["serve", "--bogus"], prog_name="gapal", standalone_mode=False)
    shown = io.StringIO()
    caught.value.show(shown)
    assert shown.getvalue().splitlines() == [
        "Utilisation : gapal serve [OPTIONS]", "Aide : gapal serve --help", "",
        "Erreur : Option inconnue : --bogus (options possibles : --host)"]


HEAVY = ("gapal.bootstrap", "sqlalchemy", "eventsourcing", "uvicorn", "fastapi")


@pytest.mark.parametrize("args", [["--help"], ["serve", "--bogus"]])
def test_help_and_argument_errors_answer_without_loading_the_application(
        args: list[str], tmp_path: Path) -> None:
    """A fresh interpreter (this one has loaded everything): the command line, then what it
    imported."""
    script = ("import sys\nfrom gapal.cli import main\nsys.argv = ['gapal', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              f"print('loaded:', [m for m in {HEAVY!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert "Utilisation : gapal" in result.stdout + result.stderr
    assert "loaded: []" in result.stdout, result.stdout + result.stderr


@contextlib.contextmanager
def server_in_this_process(database_url: str, folder: Path) -> Iterator[None]:
    """The HTTP server `gapal serve` runs (its projector included), under uvicorn in a thread,
    healthy on entry; stopped, and its hold on the database released, on exit."""
    gapal = bootstrap(make_settings(database_url, folder), passwords=FAST_PASSWORDS)
    port = free_port()
    # log_config=None: the test process's logging is left as the other tests expect it
    server = uvicorn.Server(uvicorn.Config(create_app(gapal), host="127.0.0.1", port=port,
                                           log_config=None, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            while not (server.started and client.get("/api/health/").status_code == 200):
                if not thread.is_alive() or time.monotonic() > deadline:
                    pytest.fail("le serveur n'a pas démarré")
                time.sleep(0.05)  # uvicorn tells of its start by a flag only
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        gapal.close()


@pytest.mark.slow
@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_rebuild_refuses_while_a_server_runs_on_the_database_then_runs_once_it_stopped(
        database_url: str, tmp_path: Path) -> None:
    with server_in_this_process(database_url, tmp_path):
        refused = invoke(["projections", "rebuild"], tmp_path, database_url=database_url)
        one_view = invoke(["projections", "rebuild", "--view", "audit"], tmp_path,
                          database_url=database_url)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Un serveur ou un worker Gapal utilise cette base" in refused.stdout
    assert "rejoués" not in refused.stdout
    # One view's rebuild waits for live projectors on PostgreSQL; SQLite's needs the file alone.
    assert (one_view.returncode == 0) == database_url.startswith("postgresql"), one_view.stdout
    after = invoke(["projections", "rebuild"], tmp_path, database_url=database_url)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "événements rejoués" in after.stdout
