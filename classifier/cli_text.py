"""Russian for what the command-line libraries print themselves: help layout and usage errors.

click and typer mark every message they print for gettext. postcheck ships a Russian
catalogue for them (``locale/ru/LC_MESSAGES/postcheck.po``, compiled to ``.mo`` by
``make messages``) and :func:`russian_messages` makes it the active one while a command
runs, whatever the user's locale: postcheck speaks Russian only.

The help layout is click's, with two changes a Russian reader needs: arguments are shown by
their Russian names (``ФАЙЛ...``) without typer's type labels (``<list[str]>``), and an
option's help may name values known only at run time (``{rewrite}``), filled in by the
command's :meth:`RussianCommand.help_values`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from typer.core import TyperCommand, TyperGroup

DOMAIN = "postcheck"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"
COMMAND_METAVAR = "КОМАНДА [АРГУМЕНТЫ]..."


@contextmanager
def russian_messages() -> Iterator[None]:
    """Make click's and typer's messages Russian for the duration of the block.

    Both call ``gettext.gettext``, which reads the catalogue of the current text domain in
    the language named by ``LANGUAGE``; the previous domain and ``LANGUAGE`` come back after.
    """
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "ru"
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


def _argument_name(param: click.Parameter) -> str:
    name = param.metavar or (param.name or "").upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


class RussianCommand(TyperCommand):
    """A command whose help reads well in Russian (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - typer passes click's arguments
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)

    def help_values(self) -> dict[str, str]:
        """Values for ``{name}`` fields in option help; computed only when help is shown."""
        return {}

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        arguments = [_argument_name(p) for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        return [self.options_metavar or "", *arguments]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_parameters(self, ctx, formatter)


def _format_parameters(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    _ = gettext.gettext
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, click.Argument):
            arguments.append((_argument_name(param), getattr(param, "help", None) or ""))
        else:
            record = param.get_help_record(ctx)
            if record is not None:
                options.append(record)
    values = command.help_values() if isinstance(command, RussianCommand) else {}
    if values:
        options = [(name, help_text.format_map(values)) for name, help_text in options]
    if arguments:
        with formatter.section(_("Arguments")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Options")):
            formatter.write_dl(options)


class RussianGroup(TyperGroup):
    """The command group with Russian help; runs ``check`` when the first word is not a command."""

    default_command = "check"

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - typer passes click's arguments
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["subcommand_metavar"] = COMMAND_METAVAR
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)
