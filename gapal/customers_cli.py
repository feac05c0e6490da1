"""`gapal customers link`: customers for the orders placed before customers existed, found
by their phone, so that their history is not lost. A dry run unless `--apply`. The application
is imported when the command runs (see gapal/cli.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

import typer
from rich.console import Console

from domain.errors import DomainError
from domain.permissions import SYSTEM
from gapal.cli_french import FrenchCommand, FrenchGroup

if TYPE_CHECKING:
    from gapal.bootstrap import Gapal
    from projections.queries.customers import UnlinkedOrder

customers_app = typer.Typer(help="Clients.", no_args_is_help=True, cls=FrenchGroup)
console = Console()


@dataclass
class Proposal:
    """The orders of one phone, the names they were placed under, and who would get them."""

    phone: str
    orders: list[UnlinkedOrder] = field(default_factory=list)
    existing: str | None = None  # the name of the active customer who has this phone

    @property
    def names(self) -> list[str]:
        """The names seen, most used first (ties: the first seen)."""
        counts = Counter(order.client_name for order in self.orders)
        return sorted(counts, key=lambda name: -counts[name])

    @property
    def order_ids(self) -> list[UUID]:
        return [order.id for order in self.orders]


def proposals(gapal: Gapal) -> list[Proposal]:
    """The unlinked orders grouped by their (normalised) phone, oldest phone first."""
    from application.customers import customer_by_phone

    grouped: dict[str, Proposal] = {}
    for order in gapal.read.customers.unlinked_orders():
        grouped.setdefault(order.client_phone, Proposal(order.client_phone)).orders.append(order)
    for proposal in grouped.values():
        customer = customer_by_phone(gapal.store, proposal.phone)
        proposal.existing = customer.name if customer is not None else None
    return list(grouped.values())


def show(proposal: Proposal) -> None:
    who = (f"client existant « {proposal.existing} »" if proposal.existing
           else f"nouveau client « {proposal.names[0]} »")
    console.print(f"{proposal.phone} → {who} : {len(proposal.orders)} commande(s)")
    console.print(f"  noms vus : {', '.join(proposal.names)}")
    console.print(f"  commandes : {', '.join(o.order_number for o in proposal.orders)}")


@customers_app.command("link", cls=FrenchCommand)
def link(apply: bool = typer.Option(False, "--apply", metavar="",
                                    help="Crée les clients et lie les commandes (sinon : "
                                         "simulation)")) -> None:
    """Propose un client pour chaque commande sans client, d'après son téléphone."""
    from gapal.bootstrap import bootstrap

    gapal = bootstrap()
    try:
        gapal.projector.catch_up()
        found = proposals(gapal)
        if not found:
            console.print("Aucune commande sans client avec un téléphone.")
            return
        for proposal in found:
            show(proposal)
        if not apply:
            console.print("Simulation : rien n'a été modifié. Relancez avec --apply pour lier.")
            return
        created, linked, failed = apply_all(gapal, found)
        gapal.projector.catch_up()
        console.print(f"{created} client(s) créé(s), {linked} commande(s) liée(s).")
        if failed:
            raise typer.Exit(1)
    finally:
        gapal.close()


def apply_all(gapal: Gapal, found: list[Proposal]) -> tuple[int, int, int]:
    """Links each phone's orders in a transaction of its own; a refused phone is reported
    and skipped."""
    created = linked = failed = 0
    for proposal in found:
        try:
            outcome = gapal.services.customers.link_orders(
                SYSTEM, proposal.phone, proposal.names[0], proposal.order_ids)
        except DomainError as error:
            failed += 1
            console.print(f"[red]{proposal.phone} : {error.detail}[/red]")
            continue
        created += outcome.created
        linked += outcome.linked
    return created, linked, failed
