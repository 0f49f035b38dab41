"""The ``zerozone`` command: global options, error reporting, sub-command groups.

Expected failures (every :class:`zerozone.errors.ZerozoneError`: a broken scenario file, an
unknown run directory...) are printed as a short message with their exit code and no traceback;
``--debug`` shows the traceback as well.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

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
from zerozone.errors import USAGE_ERROR, ZerozoneError

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
) -> None:
    """Plan, finance and track zero-emission zones."""
    state.debug = debug


def main() -> None:
    """Entry point of the ``zerozone`` command."""
    console = Console(stderr=True, soft_wrap=True)
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except ZerozoneError as error:  # every error a user can cause, in one place
        if state.debug:
            console.print_exception()
        console.print(Text("error: ", style="bold red") + Text(error.render()), highlight=False)
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        console.print("aborted")
        sys.exit(1)
    except typer.TyperException as error:  # usage errors (bad option values) carry their code
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            console.print(f"error: {error}", highlight=False)
        sys.exit(int(getattr(error, "exit_code", USAGE_ERROR)))
