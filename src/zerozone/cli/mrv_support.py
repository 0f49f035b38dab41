"""Shared pieces of the ``zerozone mrv`` commands: options, labels, the store, errors."""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb
import typer
from rich.console import Console
from rich.markup import escape

from zerozone.cli.context import state
from zerozone.cli.failures import path_error
from zerozone.cli.options import scenario_of
from zerozone.data.problems import ScenarioError
from zerozone.data.schema import Scenario
from zerozone.errors import USAGE_ERROR
from zerozone.i18n import Language, format_number, translate_text, translator
from zerozone.mrv import store
from zerozone.mrv.corrections import CorrectionError
from zerozone.mrv.factors import FactorError
from zerozone.mrv.readings import InputFormatError
from zerozone.mrv.registry import RegistryError, resolve_settlement


@dataclass
class MrvOptions:
    """Options of the ``mrv`` group."""

    data_dir: Path | None = None
    wait_seconds: float = 0.0


options = MrvOptions()


def wide() -> Console:
    """A console for wide tables: the terminal's width, or 160 columns when not a terminal."""
    return Console(width=None if sys.stdout.isatty() else 160)


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error on stderr (English said deeper down translated by the
    catalogue); the exit (code 2) to raise."""
    _ = translator(state.lang)
    error = escape(_("error: "))
    message = translate_text(message, state.lang)
    Console(stderr=True, soft_wrap=True).print(f"[bold red]{error}[/]{message}", highlight=False)
    return typer.Exit(USAGE_ERROR)


def busy_message(error: store.StoreBusyError) -> str:
    """What to say when the store is held by another process: when it is ``zerozone serve``,
    that the service owns the store and how to go through it."""
    url = None if error.folder is None else store.service_holding(error.folder, error.pid)
    if url is None:
        return str(error)
    _ = translator(state.lang)
    said = _(
        "{folder} is held by `zerozone serve` (process {pid}, {url}), which owns the meter "
        "store while it runs: send readings to {url}/api/mrv/readings (JSON, CSV or Parquet, "
        "with an operator token), manage meters and read energy, gaps and inventories under "
        "{url}/api/mrv/ (see docs/service.md), or stop the service first"
    )
    return said.format(folder=error.folder, pid=error.pid, url=url)


@contextlib.contextmanager
def open_store() -> Iterator[duckdb.DuckDBPyConnection]:
    """The store's connection; expected failures become a message and exit code 2."""
    try:
        con = store.connect(options.data_dir, wait_seconds=options.wait_seconds)
    except store.StoreBusyError as error:
        raise fail(busy_message(error)) from None
    except store.StoreLocationError as error:
        raise fail(str(error)) from None
    try:
        yield con
    except (RegistryError, InputFormatError, FactorError, CorrectionError) as error:
        raise fail(str(error)) from None
    except OSError as error:
        said = path_error(error, state.lang).render() if error.filename else str(error)
        raise fail(said) from None
    except ValueError as error:
        raise fail(str(error)) from None
    except duckdb.Error as error:
        _ = translator(state.lang)
        refused = _("the store refused the operation: {error}")
        raise fail(refused.format(error=error)) from None
    finally:
        con.close()


def settlement_id(con: duckdb.DuckDBPyConnection, settlement: str | None) -> str | None:
    """The id of a registered settlement named by its id or name, or None for all of them.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The store.
    settlement : str or None
        The settlement's id or English or Azerbaijani name; None (or empty) for every settlement.

    Returns
    -------
    str or None
        The settlement's id, or None when ``settlement`` names none.

    Raises
    ------
    RegistryError
        When no registered settlement has that id or name.
    """
    return resolve_settlement(con, settlement)[0] if settlement else None


def scenario_named(name: str) -> Scenario:
    """The bundled scenario or YAML file ``name`` (a broken file is reported by the command's
    entry point with every problem, exit code 2)."""
    try:
        return scenario_of(name)
    except ScenarioError:
        raise
    except (OSError, ValueError) as error:
        raise fail(str(error)) from None


def choice(value: str, enum: type[StrEnum], option: str) -> Any:
    """``value`` as a member of ``enum``, or a usage error naming ``option`` and the choices."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        _ = translator(state.lang)
        said = _("use one of {allowed}").format(allowed=allowed)
        raise typer.BadParameter(said, param_hint=option) from None


LARGEST_PRINTED = 1e15
"""Figures at or above this (or not finite) are printed in scientific notation [-]."""


def figure(value: float, lang: Language, digits: int = 0) -> str:
    """A number as :func:`zerozone.i18n.format_number` writes it, or in scientific notation
    when it is too large for that (never an exception, whatever the stored value)."""
    if math.isfinite(value) and abs(value) < LARGEST_PRINTED:
        return format_number(value, lang, digits)
    return f"{value:.3e}"
