"""`gapal audit verify`: the log's seal recomputed from the stored events, with progress.
The application is imported when the command runs (see gapal/cli.py)."""

from __future__ import annotations

import time
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

from gapal.cli_french import FrenchCommand, FrenchGroup

if TYPE_CHECKING:
    from gapal.bootstrap import Gapal
    from projections.seal_check import Anchor, Verdict

audit_app = typer.Typer(help="Journal d'audit : sceau et vérification.", no_args_is_help=True,
                        cls=FrenchGroup)
console = Console()


@audit_app.command("verify", cls=FrenchCommand)
def verify(
    from_position: int = typer.Option(1, "--from", min=1, metavar="N",
                                      help="Vérifie à partir de l'événement N (sceau d'avant "
                                           "supposé juste)"),
    anchor: str | None = typer.Option(None, "--anchor", metavar="HASH@POSITION",
                                      help="Un hachage noté plus tôt (pied des rapports PDF, "
                                           "notification « sceau_journal »)"),
) -> None:
    """Recalcule le sceau depuis le journal : code 0 seulement si toute la chaîne tient."""
    from gapal.bootstrap import bootstrap
    from projections.seal_check import Anchor

    try:
        pinned = Anchor.parse(anchor) if anchor is not None else None
    except ValueError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    gapal = bootstrap()
    try:
        gapal.sealer.catch_up()  # what was written since the last seal, sealed first
        verdict = run_with_progress(gapal, from_position, pinned)
    finally:
        gapal.close()
    report(verdict, pinned)
    if not verdict.ok:
        raise typer.Exit(1)


def run_with_progress(gapal: Gapal, from_position: int, anchor: Anchor | None) -> Verdict:
    from projections.seal_check import Verification, head

    top = head(gapal.db)
    total = max((top[0] if top else 0) - (0 if anchor else from_position - 1), 0)
    columns = (*Progress.get_default_columns()[:-1], BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} évén./s"), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Vérification du sceau", total=total, rate="–")

        def advance(count: int) -> None:
            done = progress.tasks[task].completed + count
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=count, rate=f"{rate:,.0f}".replace(",", "\u202f"))

        verification = Verification(gapal.db, gapal.store.events_table, anchor)
        return verification.run(from_position, advance)


def report(verdict: Verdict, anchor: Anchor | None) -> None:
    if verdict.broken is not None:
        console.print(f"[red]Journal altéré : {verdict.broken.message}.[/red]")
        console.print(f"Premier écart : événement n° {verdict.broken.position} "
                      f"({verdict.broken.kind.value}).")
        return
    if verdict.checked == 0:
        console.print("Journal vide ou rien à vérifier : aucun sceau.")
        return
    console.print(f"[green]Journal intact[/green] : {verdict.checked} événements vérifiés "
                  f"(n° {verdict.start + 1} à {verdict.position}), hachage {verdict.hash}.")
    if anchor is not None:
        console.print(f"L'ancre {anchor.hash}@{anchor.position} est retrouvée.")
