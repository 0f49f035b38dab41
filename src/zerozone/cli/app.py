"""The ``zerozone`` command: global options, error reporting, sub-command groups.

Expected failures (every :class:`zerozone.errors.ZerozoneError`: a broken scenario file, an
unknown run directory...) are printed as a short message with their exit code and no traceback;
``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text
from typer._click import exceptions as click  # Typer vendors Click (typer._click)

from zerozone import __version__
from zerozone.cli import check as check_command
from zerozone.cli import compare as compare_command
from zerozone.cli import data as data_commands
from zerozone.cli import ensemble as ensemble_commands
from zerozone.cli import export as export_command
from zerozone.cli import finance as finance_command
from zerozone.cli import mrv as mrv_commands
from zerozone.cli import plan as plan_command
from zerozone.cli import report as report_command
from zerozone.cli import serve as serve_command
from zerozone.cli import token as token_commands
from zerozone.cli.context import state
from zerozone.cli.failures import help_hint, path_error, usage_message
from zerozone.cli.localize import LANG_ENV, localize, requested_language
from zerozone.cli.options import LangOption, language_of
from zerozone.data.problems import ScenarioError
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.i18n import LANGUAGES, translate_text, translator

app = typer.Typer(
    name="zerozone",
    help="Plan, finance and track zero-emission zones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(data_commands.app, name="data")
app.command("plan")(plan_command.plan)
app.command("export-pypsa")(export_command.export_pypsa_command)
app.add_typer(mrv_commands.app, name="mrv")
app.command("finance")(finance_command.finance)
app.command("report")(report_command.report)
app.command("compare")(compare_command.compare_command)
app.command("check")(check_command.check)
app.command("serve")(serve_command.serve)
app.add_typer(token_commands.app, name="token")
app.command("ensemble")(ensemble_commands.ensemble)
app.command("alternatives")(ensemble_commands.alternatives)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zerozone {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Plan, finance and track zero-emission zones.

    Example: zerozone plan --scenario aghali --lang az
    """
    state.debug = debug
    # each invocation starts from its own request (several run in one process under a test runner)
    state.lang = state.requested or requested_language([], os.environ)
    state.lang = language_of(lang)


def _fail(console: Console, message: str, hint: str = "") -> None:
    _ = translator(state.lang)
    console.print(Text(_("error: "), style="bold red") + Text(message), highlight=False)
    if hint:
        console.print(hint, style="dim", highlight=False)


def main() -> None:
    """Entry point of the ``zerozone`` command: help, errors and output in one language."""
    console = Console(stderr=True, soft_wrap=True)
    state.lang = state.requested = requested_language(sys.argv[1:], os.environ)
    if os.environ.get(LANG_ENV, state.lang) not in LANGUAGES:
        _fail(console, f"{LANG_ENV}={os.environ[LANG_ENV]}: use en or az")
        sys.exit(USAGE_ERROR)
    command = localize(typer.main.get_command(app), state.lang)
    try:
        code = command.main(sys.argv[1:], prog_name="zerozone", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except ZerozoneError as error:  # every error a user can cause, in one place
        if state.debug:
            console.print_exception()
        _fail(
            console,
            error.render(state.lang)
            if isinstance(error, ScenarioError)
            else translate_text(error.render(), state.lang),  # English said deeper down
        )
        sys.exit(error.exit_code)
    except OSError as error:  # a file or directory: a message, never a traceback
        if error.filename is None or state.debug:
            raise
        _fail(console, path_error(error, state.lang).render())
        sys.exit(USAGE_ERROR)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        console.print(translator(state.lang)("aborted"))
        sys.exit(1)
    except click.UsageError as error:  # bad option values, missing arguments, unknown options
        if type(error).__name__ == "NoArgsIsHelpError":
            error.show()
            sys.exit(0)
        _fail(console, usage_message(error, state.lang), help_hint(error, state.lang))
        sys.exit(error.exit_code)
    except click.ClickException as error:
        _fail(console, error.format_message())
        sys.exit(error.exit_code)
