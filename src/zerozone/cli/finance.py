"""``zerozone finance``: what a plan costs, when money is needed, at what cost of capital."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.options import (
    BudgetOption,
    ChargingOption,
    LangOption,
    RateOption,
    ReferenceOption,
    RunArgument,
    ShareOption,
    SolveReferenceOption,
    SpreadingOption,
    WaccOption,
    finance_options,
    language_of,
    write_or_fail,
)
from zerozone.cli.tables import print_tables
from zerozone.data import Scenario
from zerozone.finance import FinanceOptions, FinanceResult, Spreading, analyse_run
from zerozone.finance import assumptions as defaults
from zerozone.finance.export import write_tables
from zerozone.finance.reference import current_reference, reference_run
from zerozone.i18n import Language, translator
from zerozone.report import tables as tables_
from zerozone.report.labels import Names
from zerozone.report.needs import need_by_year_table, supply_cost_by_case_table
from zerozone.report.tables import HtmlTable
from zerozone.results import read_run
from zerozone.results.run_directory import RunDirectory


def plan_into(scenario: Scenario, resolution: str, out: Path) -> None:
    """Plan ``scenario`` at ``resolution`` into the run directory ``out`` (the solver stack is
    imported only when a reference has to be solved)."""
    from zerozone.model.pipeline import run_plan

    run_plan(scenario, resolution=resolution, out=out)


def analyse(
    run: RunDirectory,
    options: FinanceOptions,
    reference: Path | None,
    solve: bool,
    console: Console,
) -> FinanceResult:
    """Finance tables of ``run`` with its reference: the one given, solved on demand, or the
    current one kept in the run directory."""
    other: RunDirectory | None
    if reference is not None:
        other = read_run(reference)
    elif solve:
        with console.status(f"{run.scenario.name}: {run.meta.get('resolution', '')}..."):
            other = reference_run(run, plan_into)
    else:
        other = current_reference(run)
    return analyse_run(run, options, other)


def finance(
    run_dir: RunArgument,
    reference: ReferenceOption = None,
    solve_reference_run: SolveReferenceOption = False,
    wacc: WaccOption = None,
    concessional_share: ShareOption = defaults.CONCESSIONAL_SHARE,
    concessional_rate: RateOption = defaults.CONCESSIONAL_RATE,
    domestic_budget: BudgetOption = defaults.DOMESTIC_BUDGET_USD_PER_YEAR,
    spreading: SpreadingOption = Spreading.BEFORE.value,
    charging_cost: ChargingOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory for the tables as CSV and JSON.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Costs, investment per year, LCOE, cost of capital and finance needs of a plan.

    Example: zerozone finance runs/aghali --wacc 0.06 --out finance
    """
    language = language_of(lang)
    _ = translator(language)
    options = finance_options(
        wacc, concessional_share, concessional_rate, domestic_budget, spreading, charging_cost
    )
    run = read_run(run_dir, language)
    console = Console()
    result = analyse(run, options, reference, solve_reference_run, console)
    print_tables(console, finance_tables(result, language), language)
    if out is not None:
        written = write_or_fail(lambda: write_tables(result, out), out)
        console.print(
            _("{count} files written to {path}").format(count=len(written), path=out),
            highlight=False,
        )


def to_rich(data: HtmlTable) -> Table:
    """A report table as a Rich table (first column text, the others right-aligned)."""
    table = Table(title=data.title, title_justify="left", caption=data.note or None)
    for k, heading in enumerate(data.header):
        text = k == 0 or k in data.text_columns
        if text:
            table.add_column(heading, justify="left")
        else:  # figures and their headings are never cut; the text columns wrap instead
            widest = max((len(row[k]) for row in data.rows if k < len(row)), default=0)
            word = max((len(w) for w in heading.split()), default=0)  # headings wrap by word
            table.add_column(heading, justify="right", min_width=max(word, widest))
    for k, row in enumerate(data.rows):
        table.add_row(*row, style="bold" if k in data.strong else None)
    return table


def finance_tables(result: FinanceResult, lang: Language) -> list[Table]:
    """The finance tables of a run as Rich tables, in ``lang`` (the report's tables)."""
    names = Names(result.run.scenario, lang)
    tables = [
        tables_.summary_table(result, names),
        tables_.investment_by_technology_table(result, names),
        tables_.investment_table(result, names),
        need_by_year_table(result, names),
        tables_.cost_table(result, names),
        tables_.lcoe_table(result, names),
        tables_.financing_table(result, names),
        supply_cost_by_case_table(result, names),
        tables_.abatement_table(result, names),
        tables_.assumptions_table(result, names),
    ]
    return [to_rich(t) for t in tables if t is not None]


__all__ = ["analyse", "finance", "finance_tables", "to_rich"]
