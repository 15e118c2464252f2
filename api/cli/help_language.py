"""The command line's own words in Danish: usage, panel titles, --help, defaults and the usage errors typer reports.

Typer (and the click it ships) speaks English and has no translation catalogue, so its few fixed words are set here
once, when `api.cli.main` is imported; `tests/e2e/test_cli_language.py` fails if an upgrade brings English back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import rich_utils
from typer._click import core as click_core
from typer._click import formatting
from typer.core import TyperGroup

USAGE = "Brug: "
USAGE_WORDS = {"[OPTIONS]": "[TILVALG]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]..."}
HELP_OPTION = "Vis denne hjælp og afslut."
FIXED_WORDS = {
    "DEPRECATED_STRING": "(udgået) ",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "REQUIRED_LONG_STRING": "[påkrævet]",
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ERRORS_PANEL_TITLE": "Fejl",
    "ABORTED_TEXT": "Afbrudt.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] for hjælp.",
}
# Typer's usage errors, as it words them, and in Danish (the first that matches; anything else stays as it is).
USAGE_ERRORS = (
    (r"Missing (?:option|argument|parameter) (.+?)\.(.*)", r"\1 mangler.\2"),
    (r"No such option: (\S+?)(?: Did you mean (\S+)\?)?", r"Tilvalget \1 findes ikke."),
    (r"No such command '(.+)'\.", r"Kommandoen '\1' findes ikke."),
    (r"Missing command\.", "Angiv en kommando."),
    (r"Got unexpected extra arguments? \((.+)\)", r"Et argument for meget: \1"),
    (r"Invalid value for (.+?): Input should be a valid integer.*", r"Ugyldig værdi for \1: skal være et helt tal."),
    (r"Invalid value for (.+?): Input should be a valid number.*", r"Ugyldig værdi for \1: skal være et tal."),
    (r"Invalid value for (.+?): Input should be a valid UUID.*", r"Ugyldig værdi for \1: skal være et id (UUID)."),
    (r"Invalid value for (.+?): Input should be greater than or equal to (\S+)", r"Ugyldig værdi for \1: mindst \2."),
    (r"Invalid value for (.+?): Input should be less than or equal to (\S+)", r"Ugyldig værdi for \1: højst \2."),
    (r"Invalid value for (.+?): (.+)", r"Ugyldig værdi for \1: \2"),
    (r"Option '(.+)' requires an argument\.", r"Tilvalget '\1' skal have en værdi."),
)


def danish_error(message: str) -> str:
    """A usage error of typer's in Danish (as it is when no pattern knows it)."""
    for english, danish in USAGE_ERRORS:
        if (found := re.fullmatch(english, message, re.S)) is not None:
            return found.expand(danish)
    return message


def speak_danish() -> None:
    """Set typer's fixed words, usage prefix, --help text and usage errors to Danish (once; again is harmless)."""
    for name, word in FIXED_WORDS.items():
        setattr(rich_utils, name, word)
    if getattr(formatting.HelpFormatter.write_usage, "danish", False):
        return
    formatting.HelpFormatter.write_usage = _with_prefix(formatting.HelpFormatter.write_usage)  # type: ignore[method-assign]
    click_core.Command.get_help_option = _with_help_text(click_core.Command.get_help_option)  # type: ignore[method-assign]
    for command in (click_core.Command, TyperGroup):
        command.collect_usage_pieces = _usage_words(command.collect_usage_pieces)  # type: ignore[method-assign]
    rich_utils.rich_format_error = _in_danish(rich_utils.rich_format_error)  # type: ignore[assignment]


def _with_prefix(write_usage: Callable[..., None]) -> Callable[..., None]:
    def danish_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, USAGE if prefix is None else prefix)

    danish_usage.danish = True  # type: ignore[attr-defined]
    return danish_usage


def _usage_words(collect: Callable[..., list[str]]) -> Callable[..., list[str]]:
    def danish_pieces(self: Any, ctx: Any) -> list[str]:
        return [USAGE_WORDS.get(piece, piece) for piece in collect(self, ctx)]

    return danish_pieces


def _with_help_text(get_help_option: Callable[..., Any]) -> Callable[..., Any]:
    def danish_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    return danish_help_option


def _in_danish(format_error: Callable[[Any], None]) -> Callable[[Any], None]:
    def danish_format_error(error: Any) -> None:
        english = error.format_message
        error.format_message = lambda: danish_error(english())
        format_error(error)

    return danish_format_error
