"""``zerozone check``: the plan of a run re-dispatched over every hour of full weather years."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.options import (
    LangOption,
    RunArgument,
    language_of,
    parsed_option,
    write_or_fail,
)
from zerozone.cli.tables import print_tables
from zerozone.errors import CHECK_FAILED
from zerozone.i18n import Language, format_number, translator
from zerozone.model.check import check_run
from zerozone.results import read_run
from zerozone.results.run_directory import add_tables


def parse_years(text: str) -> list[int]:
    """``2019,2020`` as years; a ``ValueError`` naming the bad item otherwise."""
    years = []
    for item in text.split(","):
        item = item.strip()
        if not item.isdigit() or not 1900 <= int(item) <= 2200:
            raise ValueError(f"{item!r} is not a year; write e.g. 2019,2020")
        years.append(int(item))
    return years


def check(
    run_dir: RunArgument,
    weather: Annotated[
        str | None,
        typer.Option(
            "--weather",
            metavar="FILE|synthetic",
            help="Weather to check in: a weather file or synthetic (default: the run's own).",
            show_default=False,
        ),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            metavar="YEAR,...",
            help="Weather years, comma-separated (default: the run's own; all years of a file).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Directory for the check tables (default: the run directory).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Processes solving periods at once.")
    ] = 2,
    lang: LangOption = "en",
) -> None:
    """Check a plan hour by hour: its capacities fixed, every hour of each period's full year.

    Exit code 0 when every period and weather year passes (unserved energy at most 0.002 % of
    demand, emissions within the cap), 4 when one does not.

    Example: zerozone check runs/aghali --weather synthetic --years 2019,2020
    """
    language = language_of(lang)
    _ = translator(language)
    chosen = None if years is None else parsed_option(parse_years, years, "--years")
    run = read_run(run_dir, language)
    outcome = check_run(run, weather, chosen, workers)
    rows, shed, elapsed = outcome.rows, outcome.shed, outcome.seconds
    target = out or run_dir
    passed = outcome.passed
    summary = outcome.summary()
    tables = {"check": rows, "check_shed": shed}
    write_or_fail(lambda: add_tables(target, tables, None if out else {"check": summary}), target)
    console = Console()
    print_tables(console, [check_table(rows, language)], language)
    verdict = (
        _("the plan passes the hourly check")
        if passed
        else _("the plan fails the hourly check in {failed} of {total} periods and weather years")
    ).format(failed=int((rows["passed"] == 0).sum()), total=len(rows))
    console.print(verdict, style="green" if passed else "bold red", highlight=False)
    console.print(
        _("checked in {seconds} s; tables written to {path}").format(
            seconds=f"{elapsed:.1f}", path=target
        ),
        highlight=False,
    )
    if not passed:
        raise typer.Exit(CHECK_FAILED)


def _number(value: float, language: Language, digits: int = 0) -> str:
    return "-" if math.isnan(value) else format_number(value, language, digits)


def check_table(rows: pd.DataFrame, language: Language) -> Table:
    """The check's rows as a terminal table."""
    _ = translator(language)
    table = Table(title=_("Hourly check of the plan"))
    for header in (
        _("period"),
        _("weather"),
        _("unserved MWh/yr"),
        _("hours"),
        _("worst hour"),
        _("operating cost kUSD/yr: check / plan"),
        _("curtailed GWh/yr"),
        _("CO2 kt/yr: emitted / cap"),
        _("result"),
    ):
        table.add_column(header, justify="right")
    for row in rows.itertuples():
        unserved = float(row.unserved_mwh) + float(row.heat_unserved_mwh)
        worst = (
            f"{row.worst_zone} {row.worst_time} {_number(float(row.worst_mw), language, 1)} MW"
            if row.worst_zone
            else "-"
        )
        cost = (
            f"{_number(float(row.operating_cost_usd_per_year) / 1e3, language, 1)} / "
            f"{_number(float(row.plan_operating_cost_usd_per_year) / 1e3, language, 1)}"
        )
        emissions = (
            f"{_number(float(row.emissions_t_per_year) / 1e3, language, 1)} / "
            f"{_number(float(row.cap_t_per_year) / 1e3, language, 1)}"
        )
        table.add_row(
            str(row.period),
            str(row.weather_year),
            _number(unserved, language, 1),
            str(row.unserved_hours),
            worst,
            cost,
            _number(float(row.curtailed_mwh) / 1e3, language, 1),
            emissions,
            _("passes") if row.passed else _("fails"),
        )
    return table
