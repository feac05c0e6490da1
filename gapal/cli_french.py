"""French for the command-line framework's own words: Typer's panels, usage line and help option."""

from __future__ import annotations

from typer import rich_utils
from typer._click import Context  # the type TyperCommand methods take (not typer.Context)
from typer.core import TyperCommand, TyperGroup, TyperOption

rich_utils.COMMANDS_PANEL_TITLE = "Commandes"
rich_utils.ERRORS_PANEL_TITLE = "Erreur"
rich_utils.DEFAULT_STRING = "[par défaut : {}]"
rich_utils.REQUIRED_LONG_STRING = "[obligatoire]"
rich_utils.ABORTED_TEXT = "Abandon."
rich_utils.RICH_HELP = "Aide : [blue]{command_path} {help_option}[/]"

USAGE = ("Usage: ", "Utilisation : ")
SUBCOMMAND = ("COMMAND [ARGS]...", "COMMANDE [ARGUMENTS]...")
HELP = "Affiche cette aide et quitte."


def french_usage(usage: str) -> str:
    return usage.replace(*USAGE, 1).replace(*SUBCOMMAND, 1)


def french_help_option(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = HELP
        option.metavar = ""  # a flag takes no value: no "<bool>"
    return option


class FrenchCommand(TyperCommand):
    """A command whose usage line and help option speak French."""

    def get_usage(self, ctx: Context) -> str:
        return french_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return french_help_option(super().get_help_option(ctx))


class FrenchGroup(TyperGroup):
    """A group of commands whose usage line and help option speak French."""

    def get_usage(self, ctx: Context) -> str:
        return french_usage(super().get_usage(ctx))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return french_help_option(super().get_help_option(ctx))
