"""`gapal` command line: serve, worker, projections rebuild, users create, customers link,
audit verify. Each command imports the application when it runs, so that `--help` and argument
errors answer at once, without loading it (a second of imports)."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from domain.errors import DomainError
from domain.permissions import SYSTEM
from domain.values import Role
from gapal.audit_cli import audit_app
from gapal.cli_french import FrenchCommand, FrenchGroup
from gapal.customers_cli import customers_app

if TYPE_CHECKING:
    from gapal.bootstrap import Gapal
    from gapal.demo import DemoLogin

app = typer.Typer(help="Gapal du Faso : commandes et stock.", no_args_is_help=True,
                  cls=FrenchGroup, add_completion=False)
projections_app = typer.Typer(help="Vues de lecture (projections).", no_args_is_help=True,
                              cls=FrenchGroup)
users_app = typer.Typer(help="Utilisateurs.", no_args_is_help=True, cls=FrenchGroup)
app.add_typer(projections_app, name="projections")
app.add_typer(users_app, name="users")
app.add_typer(customers_app, name="customers")
app.add_typer(audit_app, name="audit")
console = Console()


@app.command(cls=FrenchCommand)
def serve(host: str = typer.Option("127.0.0.1", metavar="ADRESSE", help="Adresse d'écoute"),
          port: int = typer.Option(8000, metavar="PORT", help="Port d'écoute"),
          demo: bool = typer.Option(False, "--demo", metavar="",
                                    help="Charge les données de démonstration"),
          workers: int = typer.Option(1, metavar="NOMBRE",
                                      help="Processus HTTP (PostgreSQL conseillé au-delà de 1)"),
          ) -> None:
    """Sert l'API, le WebSocket, le tableau de bord (/) et l'appli vendeur (/mobile/)."""
    import uvicorn

    from gapal.bootstrap import bootstrap, ensure_configured_admin, upgrade_log
    from gapal.demo import load_demo
    from gapal.settings import Settings

    try:
        apart = Settings().projects_apart()
    except DomainError as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(1) from None
    gapal = bootstrap()
    ensure_configured_admin(gapal)
    upgrade_log(gapal)
    if demo:
        with console.status("Chargement des données de démonstration…"):
            logins = load_demo(gapal)
        show_logins(logins)
    gapal.close()
    with projector_beside() if apart else contextlib.nullcontext():
        console.print(f"Gapal sur http://{host}:{port}  (API : /docs)")
        uvicorn.run("gapal.asgi:make_app", factory=True, host=host, port=port, workers=workers,
                    log_level="info")


@contextlib.contextmanager
def projector_beside() -> Iterator[None]:
    """The projector in a child process while the block lasts; this process's own
    applications (and uvicorn's workers, which inherit its environment) project nothing."""
    from gapal.projector_process import ProjectorProcess, worker_command

    child_env = {**os.environ, "GAPAL_RUN_PROJECTOR": "true"}
    with ProjectorProcess(worker_command(os.getpid()), child_env,
                          told=lambda text: console.print(f"[yellow]{text}[/yellow]")) as child:
        console.print(f"Projections dans le processus {child.pid} (à part de l'API).")
        os.environ["GAPAL_RUN_PROJECTOR"] = "false"
        # uvicorn raises the SIGTERM it stopped on again once stopped: ending here, the child
        # is stopped before this process ends (by default SIGTERM would end it at once).
        term = signal.signal(signal.SIGTERM, stop_on_term)
        try:
            yield
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, term)
            os.environ["GAPAL_RUN_PROJECTOR"] = child_env["GAPAL_RUN_PROJECTOR"]


def show_logins(logins: list[DemoLogin]) -> None:
    table = Table(title="Comptes de démonstration")
    for column in ("Utilisateur", "Rôle", "Mot de passe"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.username, login.role.value, login.password)
    console.print(table)


@app.command(cls=FrenchCommand)
def migrate() -> None:
    """Crée les tables (journal et vues) une fois, avant de lancer plusieurs processus."""
    from gapal.bootstrap import bootstrap, ensure_configured_admin, upgrade_log

    gapal = bootstrap()
    try:
        if gapal.made_anew:  # replayed here at rebuild speed, before any server starts
            with gapal.presence.alone() as alone:
                if alone:
                    console.print("Le schéma des vues a changé : reconstruction depuis le "
                                  "journal.")
                    rebuild_views(gapal, None)
                else:
                    console.print("Le schéma des vues a changé ; un serveur tourne déjà : "
                                  "son projecteur rejoue le journal.")
        ensure_configured_admin(gapal)
        upgrade_log(gapal)
    finally:
        gapal.close()
    console.print("Schéma à jour.")


@app.command(cls=FrenchCommand)
def worker(parent: int | None = typer.Option(
        None, "--parent", hidden=True,
        help="S'arrête quand ce processus (le serveur qui l'a lancé) s'arrête")) -> None:
    """Fait tourner les projections seules (déploiement à plusieurs processus)."""
    from gapal.bootstrap import bootstrap
    from gapal.projector_process import parent_alive

    gapal = bootstrap(news=False)  # it serves no WebSocket: the views' news are not for it
    gapal.start()
    console.print("Projections en cours" + ("." if parent else " (Ctrl+C pour arrêter)."))
    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        while parent is None or parent_alive(parent):
            time.sleep(3600 if parent is None else 1)
    except KeyboardInterrupt:
        pass
    finally:
        gapal.close()


def stop_on_term(_signal: int, _frame: object) -> None:
    """SIGTERM ends the worker as Ctrl+C does: its projectors stop between two batches."""
    raise KeyboardInterrupt


@projections_app.command("rebuild", cls=FrenchCommand)
def rebuild(view: str | None = typer.Option(
        None, "--view", metavar="VUE", help="Une seule vue (par exemple notifications)"),
            ) -> None:
    """Vide les vues et les reconstruit depuis le journal (arrêtez les serveurs avant)."""
    from gapal.bootstrap import bootstrap

    gapal = bootstrap()
    try:
        with gapal.presence.alone() as alone:
            if not alone and not runs_beside_servers(gapal, view):
                console.print("[red]Un serveur ou un worker Gapal utilise cette base : arrêtez-le "
                              "avant de reconstruire les vues.[/red]")
                raise typer.Exit(1)
            rebuild_views(gapal, view)
    finally:
        gapal.close()


def runs_beside_servers(gapal: Gapal, view: str | None) -> bool:
    """One view's rebuild on PostgreSQL holds the projection's lock: live projectors wait for it."""
    return view is not None and gapal.db.config.is_postgres


def rebuild_views(gapal: Gapal, view: str | None) -> None:
    names = [v.name for v in gapal.projector.projection.views]
    if view is not None and view not in names:
        console.print(f"[red]Vue inconnue « {view} ». Vues : {', '.join(names)}.[/red]")
        raise typer.Exit(2)
    started = time.perf_counter()
    count, read = replay(gapal, view)
    seconds = time.perf_counter() - started
    rate = f"{read / max(seconds, 1e-9):,.0f}".replace(",", "\u202f")
    kinds = f" (ceux que la vue lit, sur {read} du journal)" if count < read else ""
    console.print(f"{count} événements rejoués{kinds} en {seconds:.1f} s ({rate} évén./s lus).")
    failure_count, _ = gapal.failures()
    if failure_count:
        console.print(f"[yellow]{failure_count} événement(s) ignoré(s) par une vue : "
                      "voir /api/health/.[/yellow]")


def replay(gapal: Gapal, view: str | None) -> tuple[int, int]:
    """The whole projection, or one view up to the projection's position, with progress;
    the events replayed, and the positions of the log gone through."""
    head = gapal.store.recorder.max_notification_id() or 0
    if view is not None:
        head = min(head, gapal.waiter.current())
    columns = (*Progress.get_default_columns()[:-1], BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} évén./s"), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(f"Reconstruction de {view or 'toutes les vues'}", total=head,
                                 rate="–")

        def advance(count: int) -> None:
            done = progress.tasks[task].completed + count
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=count, rate=f"{rate:,.0f}".replace(",", "\u202f"))

        if view is None:
            count = gapal.rebuild(advance)
            return count, count
        return gapal.projector.rebuild_view(view, advance), head


@users_app.command("create", cls=FrenchCommand)
def create_user(username: str = typer.Argument(metavar="NOM", help="Nom d'utilisateur"),
                role: Role = typer.Option(Role.ADMIN, metavar="RÔLE",
                                          help=f"Rôle : {', '.join(r.value for r in Role)}"),
                email: str = typer.Option("", metavar="COURRIEL", help="Adresse électronique"),
                phone: str = typer.Option("", metavar="TÉLÉPHONE", help="Numéro de téléphone"),
                ) -> None:
    """Crée un utilisateur (par exemple le premier administrateur), mot de passe demandé."""
    from application.users import NewUser
    from gapal.bootstrap import bootstrap

    password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    gapal = bootstrap()
    try:
        if gapal.services.users.find_by_username(username) is not None:
            console.print(f"« {username} » existe déjà.")
            raise typer.Exit(1)
        gapal.services.users.register(SYSTEM, NewUser(username, email, password, role, phone))
        gapal.projector.catch_up()
        console.print(f"Utilisateur « {username} » ({role.value}) créé.")
    except DomainError as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(1) from None
    finally:
        gapal.close()


def main() -> None:
    app()
