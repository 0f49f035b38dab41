"""The command tree in the user's language: help, metavars, defaults and the framework's words.

The language is chosen before the command line is parsed (``--lang`` anywhere on it, else
``ZEROZONE_LANG``, else English), so that help and usage errors follow it as well as the output.
:func:`localize` then prepares the Click command that Typer built, once per invocation:

- every help text (commands' docstrings, options' and arguments' help) is translated through the
  catalogue paragraph by paragraph; a paragraph starting ``Example:`` keeps its command line;
  ``{bundled}`` in a help text becomes the names of the bundled scenarios, read from the package;
- every value is shown by one metavar style: arguments by their name in capitals (``RUN_DIR``),
  options by what they take (``PATH``, ``N``, ``NUMBER``, ``TEXT``), flags by none (never a
  Python type such as ``<bool>`` or ``<list[Path]>``);
- a help text that already says its default is not followed by Typer's ``[default: ...]``;
- Typer's panel titles, Click's ``Usage:``, ``COMMAND [ARGS]...`` and the ``--help`` option are
  translated (the parser's own error messages: :func:`zerozone.cli.failures.usage_message`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import get_args

from typer import rich_utils
from typer._click.core import Command, Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument as Argument
from typer.core import TyperGroup as Group
from typer.core import TyperOption as Option

from zerozone.data.loader import bundled_scenarios
from zerozone.i18n import LANGUAGES, N_, Language, translator

LANG_ENV = "ZEROZONE_LANG"
"""Environment variable of the default language (``en`` or ``az``)."""
EXAMPLE = N_("Example:")
TYPE_METAVARS = {int: N_("N"), float: N_("NUMBER"), Path: N_("PATH"), str: N_("TEXT")}
"""Metavars of options by the type of their value."""
FRAMEWORK_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
}
"""Typer's words in its help panels (module settings of :mod:`typer.rich_utils`)."""
USAGE = N_("Usage:")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
HELP_HELP = N_("Show this message and exit.")


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language asked for: ``--lang`` on the command line, else ``ZEROZONE_LANG``, else en.

    An unknown value is left to the option's own check (it falls back to English here so that the
    error can be said).
    """
    for k, word in enumerate(argv):
        value = None
        if word == "--lang" and k + 1 < len(argv):
            value = argv[k + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    chosen = environ.get(LANG_ENV, "")
    return chosen if chosen in LANGUAGES else "en"


def translated_help(text: str, lang: Language) -> str:
    """A help text in ``lang``: each paragraph's words joined and translated."""
    _ = translator(lang)
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = " ".join(paragraph.split())
        example = words.startswith(EXAMPLE)
        words = _(EXAMPLE) + words.removeprefix(EXAMPLE) if example else _(words)
        paragraphs.append(words.replace("{bundled}", ", ".join(bundled_scenarios())))
    return "\n\n".join(paragraphs)


def value_type(param: Parameter) -> type:
    """The Python type of a parameter's value (the element type of a list or an optional)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    pending = [annotation]
    while pending:
        candidate = pending.pop(0)
        if candidate in TYPE_METAVARS:
            return candidate
        pending += list(get_args(candidate))
    return str


def metavar_of(param: Parameter, lang: Language) -> str:
    """The metavar shown for ``param``: its name in capitals (arguments), what it takes
    (options), nothing (flags)."""
    _ = translator(lang)
    if isinstance(param, Argument):
        return (param.name or "").upper() + ("..." if param.nargs != 1 else "")
    if isinstance(param, Option) and param.metavar is not None:
        return str(param.metavar)
    if isinstance(param, Option) and (param.is_flag or param.count):
        return ""
    return _(TYPE_METAVARS[value_type(param)])


class PlainArgument(Argument):
    """An argument shown by its metavar alone: ``RUN_DIR`` (``[SCENARIO]`` when optional), never
    Typer's ``{RUN_DIR}`` in the usage line or ``<path>`` beside it."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = str(self.metavar)
        return name if self.required else f"[{name}]"


def localize_parameter(param: Parameter, lang: Language) -> None:
    """Translate ``param``'s help, set its metavar and hide a default its help already says."""
    if isinstance(param, Argument):
        param.__class__ = PlainArgument
    help_text = getattr(param, "help", None)
    if help_text:
        if "default" in help_text.lower() and hasattr(param, "show_default"):
            param.show_default = False
        param.help = translated_help(help_text, lang)  # type: ignore[attr-defined]
    if param.metavar is None or str(param.metavar).startswith("{"):
        param.metavar = metavar_of(param, lang)


def localize(command: Command, lang: Language) -> Command:
    """Prepare ``command`` and its sub-commands for ``lang`` (see the module's description)."""
    _ = translator(lang)
    for setting, word in FRAMEWORK_WORDS.items():
        setattr(rich_utils, setting, _(word))
    rich_utils.RICH_HELP = _("See [blue]{command_path} {help_option}[/] for help.")
    _walk(command, lang, _)
    return command


def _walk(command: Command, lang: Language, _: Callable[[str], str]) -> None:
    if command.help:
        command.help = translated_help(command.help, lang)
    if command.short_help:
        command.short_help = translated_help(command.short_help, lang)
    command.options_metavar = _(OPTIONS_METAVAR)
    command.context_class = _context_class(_(USAGE))
    for param in command.params:
        localize_parameter(param, lang)
    help_option = command.get_help_option(Context(command))
    if help_option is not None:
        help_option.help = _(HELP_HELP)
        help_option.metavar = ""
    if isinstance(command, Group):
        command.subcommand_metavar = _(SUBCOMMAND_METAVAR)
        for sub in command.commands.values():
            _walk(sub, lang, _)


def _context_class(usage: str) -> type[Context]:
    """A Click context whose help formatter writes ``usage`` before the usage line."""

    class Formatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, prefix if prefix is not None else f"{usage} ")

    class LocalizedContext(Context):
        formatter_class = Formatter

    return LocalizedContext


def command_paths(command: Command, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's words under ``command`` (``()``, ``("plan",)``, ``("mrv", "ingest")``)."""
    found = [prefix]
    if isinstance(command, Group):
        for name, sub in command.commands.items():
            found += command_paths(sub, (*prefix, name))
    return found


RAW_MARKUP = re.compile(r"``|:func:|:class:|<[a-z_]+\[")
"""What help must not show: reStructuredText literals and roles, Python types."""


def no_markup(text: str) -> bool:
    """Whether ``text`` is free of reStructuredText markup and Python type names."""
    return RAW_MARKUP.search(text) is None
