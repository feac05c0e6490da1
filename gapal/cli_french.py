"""French for the command-line framework's own words: Typer's panels, usage line, help option,
and its parse errors (a missing argument, an unknown option, an invalid value...)."""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from typer import rich_utils
from typer._click import (
    Context,  # the type TyperCommand methods take (not typer.Context)
    echo,
)
from typer._click.exceptions import ClickException, UsageError
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


# Typer's parse errors are English sentences built in its vendored Click (no gettext): they are
# rewritten at display time, whole messages first, then the value checks' usual details.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), french) for
                                                         pattern, french in (
    (r"^Missing argument (.+?)\.(?= |$)", r"Argument \1 manquant."),
    (r"^Missing option (.+?)\.(?= |$)", r"Option \1 manquante."),
    (r"^Missing parameter(.*?)\.(?= |$)", r"Paramètre\1 manquant."),
    (r"^Missing command\.", "Commande manquante."),
    (r"^No such option: (\S+)", r"Option inconnue : \1"),
    (r"\(Possible options: (.*)\)", r"(options possibles : \1)"),
    (r"^No such command (.+?)\.", r"Commande inconnue : \1."),
    (r" Did you mean (.+)\?$", r" Vouliez-vous dire \1 ?"),
    (r"^Invalid value for (.+?): ", r"Valeur invalide pour \1 : "),
    (r"^Invalid value: ", "Valeur invalide : "),
    (r"^Option (.+?) requires an argument\.", r"L'option \1 attend une valeur."),
    (r"^Option (.+?) requires (\d+) arguments\.", r"L'option \1 attend \2 valeurs."),
    (r"^Option (.+?) does not take a value\.", r"L'option \1 ne prend pas de valeur."),
    (r"^Argument (.+?) takes (\d+) values\.", r"L'argument \1 attend \2 valeurs."),
    (r"^Got unexpected extra argument\(s\) \((.*)\)", r"Argument(s) en trop : \1"),
    (r"Choose from:", "Choisir parmi :"),
    (r"Value error, (.+?) is not one of (.+)\.$", r"\1 ne fait pas partie des choix : \2."),
    (r"Input should be a valid integer(, unable to parse string as an integer)?",
     "un nombre entier est attendu"),
    (r"Input should be a valid number(, unable to parse string as a number)?",
     "un nombre est attendu"),
    (r"Input should be a valid boolean(, unable to interpret input)?",
     "oui ou non (true/false) est attendu"),
    (r"Value (.+?) is not a valid (.+?)\.$", r"\1 n'est pas une valeur valide (\2)."),
    (r"(?:Path|File|Directory) (.+?) does not exist\.", r"\1 n'existe pas."),
    (r"(?:Path|File|Directory) (.+?) is a file\.", r"\1 est un fichier."),
    (r"(?:Path|File|Directory) (.+?) is a directory\.", r"\1 est un dossier."),
))


def french_error(message: str) -> str:
    """A Typer/Click error message in French (unknown sentences are left as they are)."""
    for pattern, french in _ERRORS:
        message = pattern.sub(french, message)
    return message


_rich_format_error = rich_utils.rich_format_error


def _french_rich_error(self: ClickException) -> None:
    error = self
    english = error.format_message
    error.format_message = lambda: french_error(english())  # type: ignore[method-assign]
    _rich_format_error(error)


def _french_usage_show(self: UsageError, file: IO[Any] | None = None) -> None:
    """Click's plain display (without Rich), in French."""
    error = self
    out = file or sys.stderr
    color = None
    if error.ctx is not None:
        color = error.ctx.color
        hint = ""
        if error.ctx.command.get_help_option(error.ctx) is not None:
            hint = (f"Aide : {error.ctx.command_path} {error.ctx.help_option_names[0]}\n")
        echo(f"{error.ctx.get_usage()}\n{hint}", file=out, color=color)
    echo(f"Erreur : {french_error(error.format_message())}", file=out, color=color)


rich_utils.rich_format_error = _french_rich_error
UsageError.show = _french_usage_show  # type: ignore[method-assign]
