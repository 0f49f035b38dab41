"""``zerozone finance``: what a plan costs, when money is needed, at what cost of capital."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.data import LangOption, language_of
from zerozone.data import scenario_hash
from zerozone.finance import (
    FinanceInputError,
    FinanceOptions,
    FinanceResult,
    IncomparableRunsError,
    Spreading,
    analyse_run,
    reference_scenario,
)
from zerozone.finance import assumptions as defaults
from zerozone.finance.export import write_tables
from zerozone.i18n import Language, translator
from zerozone.report import tables as tables_
from zerozone.report.labels import Names
from zerozone.report.tables import HtmlTable
from zerozone.results import read_run
from zerozone.results.run_directory import RunDirectory

T = TypeVar("T")

REFERENCE_DIR = "reference"
"""Sub-directory of a run where ``--solve-reference`` keeps the run without the cap."""

RunArgument = Annotated[Path, typer.Argument(help="Run directory written by zerozone plan.")]
ReferenceOption = Annotated[
    Path | None,
    typer.Option(
        "--reference",
        help="Run directory of the same scenario without the cap (default: RUN_DIR/reference "
        "when it holds one).",
    ),
]
SolveReferenceOption = Annotated[
    bool,
    typer.Option(
        "--solve-reference",
        help="Solve the scenario without its cap (kept in RUN_DIR/reference) for the "
        "abatement cost.",
    ),
]
WaccOption = Annotated[
    float | None,
    typer.Option("--wacc", help="Market cost of capital, e.g. 0.08 (default: the discount rate)."),
]
ShareOption = Annotated[
    float,
    typer.Option("--concessional-share", help="Share of the investment on concessional terms."),
]
RateOption = Annotated[
    float, typer.Option("--concessional-rate", help="Interest rate of the concessional part.")
]
BudgetOption = Annotated[
    float,
    typer.Option("--domestic-budget", help="Domestic budget for the investment [USD/yr]."),
]
ChargingOption = Annotated[
    float | None,
    typer.Option(
        "--charging-cost",
        help="Cost of charging stations per kW of peak charging load [USD/kW]; not costed "
        "without it.",
    ),
]
SpreadingOption = Annotated[
    str,
    typer.Option(
        "--spreading", help="When a period's investment is paid: before (default) or within."
    ),
]


def load_run(path: Path, hint: str = "RUN_DIR") -> RunDirectory:
    """Read a run directory, or a usage error naming ``hint``.

    A missing directory, a missing or unreadable ``run.json``, ``scenario.yaml`` or table
    (``OSError``), and a corrupt one (``ValueError``: JSON, YAML, scenario or Parquet) are
    usage errors, without a traceback.
    """
    if not path.is_dir():
        raise typer.BadParameter(f"{path} does not exist or is not a directory", param_hint=hint)
    try:
        return read_run(path)
    except FileNotFoundError as error:
        if error.filename is None:  # no run.json: read_run's own message
            raise typer.BadParameter(str(error), param_hint=hint) from None
        raise typer.BadParameter(
            f"{path} is not a complete run directory: {Path(error.filename).name} is missing; "
            "plan again with zerozone plan",
            param_hint=hint,
        ) from None
    except (OSError, ValueError) as error:
        raise typer.BadParameter(
            f"{path} cannot be read as a run directory ({type(error).__name__}: {error})",
            param_hint=hint,
        ) from None


def write_or_fail(write: Callable[[], T], target: Path) -> T:
    """Call ``write``; a file that cannot be written is a usage error naming ``--out``."""
    try:
        return write()
    except OSError as error:
        reason = error.strerror or str(error)
        raise typer.BadParameter(f"cannot write {target}: {reason}", param_hint="--out") from None


def options_of(
    wacc: float | None,
    share: float,
    rate: float,
    budget: float,
    spreading: str,
    charging: float | None = None,
) -> FinanceOptions:
    """The finance options from the command line, or a usage error."""
    try:
        chosen = Spreading(spreading)
    except ValueError:
        raise typer.BadParameter("use before or within", param_hint="--spreading") from None
    options = FinanceOptions(wacc, share, rate, budget, chosen, charging)
    try:
        options.check()
    except FinanceInputError as error:
        raise typer.BadParameter(str(error)) from None
    return options


def current_reference(run: RunDirectory) -> RunDirectory | None:
    """``RUN_DIR/reference`` when it holds this run's scenario without the cap, solved at the
    same resolution; None otherwise."""
    target = run.path / REFERENCE_DIR
    if not (target / "run.json").is_file():
        return None
    meta = json.loads((target / "run.json").read_text(encoding="utf-8"))
    wanted = scenario_hash(reference_scenario(run.scenario))
    resolution = run.meta.get("resolution")
    if meta.get("scenario_hash") != wanted or meta.get("resolution") != resolution:
        return None
    return read_run(target)


def solve_reference(run: RunDirectory, console: Console) -> RunDirectory:
    """The run's scenario solved without the cap, in ``RUN_DIR/reference`` (reused if current)."""
    from zerozone.model.pipeline import run_plan  # the solver stack, only when asked for

    existing = current_reference(run)
    if existing is not None:
        return existing
    scenario = reference_scenario(run.scenario)
    resolution = str(run.meta.get("resolution", "days:12"))
    target = run.path / REFERENCE_DIR
    with console.status(f"{scenario.name}: {resolution}..."):
        run_plan(scenario, resolution=resolution, out=target)
    return read_run(target)


def analyse(
    run: RunDirectory,
    options: FinanceOptions,
    reference: Path | None,
    solve: bool,
    console: Console,
) -> FinanceResult:
    """Finance tables of ``run`` with its reference, or a usage error."""
    reference_run = None
    if reference is not None:
        reference_run = load_run(reference, "--reference")
    elif solve:
        reference_run = solve_reference(run, console)
    else:
        reference_run = current_reference(run)
    try:
        return analyse_run(run, options, reference_run)
    except IncomparableRunsError as error:
        raise typer.BadParameter(str(error), param_hint="--reference") from None
    except FinanceInputError as error:
        raise typer.BadParameter(str(error), param_hint="RUN_DIR") from None


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
    lang: LangOption = "en",
) -> None:
    """Costs, investment per year, LCOE, cost of capital and finance needs of a plan."""
    language = language_of(lang)
    _ = translator(language)
    options = options_of(
        wacc, concessional_share, concessional_rate, domestic_budget, spreading, charging_cost
    )
    run = load_run(run_dir)
    console = Console()
    result = analyse(run, options, reference, solve_reference_run, console)
    for table in finance_tables(result, language):
        console.print(table)
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
            table.add_column(heading, justify="right", min_width=max(len(heading), widest))
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
        tables_.cost_table(result, names),
        tables_.lcoe_table(result, names),
        tables_.financing_table(result, names),
        tables_.abatement_table(result, names),
        tables_.assumptions_table(result, names),
    ]
    return [to_rich(t) for t in tables if t is not None]


__all__ = ["finance", "finance_tables", "load_run", "to_rich", "write_or_fail"]
