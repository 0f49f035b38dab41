"""``zerozone finance``: what a plan costs, when money is needed, at what cost of capital."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

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
from zerozone.finance.needs import needs_by_block
from zerozone.i18n import Language, translator
from zerozone.report.labels import (
    ASSUMPTION_LABELS,
    CASE_LABELS,
    CATEGORY_LABELS,
    COST_LABELS,
    Names,
)
from zerozone.results import read_run
from zerozone.results.run_directory import RunDirectory

REFERENCE_DIR = "reference"
"""Sub-directory of a run where ``--solve-reference`` keeps the run without the cap."""

RunArgument = Annotated[Path, typer.Argument(help="Run directory written by zerozone plan.")]
ReferenceOption = Annotated[
    Path | None,
    typer.Option("--reference", help="Run directory of the same scenario without the cap."),
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
SpreadingOption = Annotated[
    str,
    typer.Option(
        "--spreading", help="When a period's investment is paid: before (default) or within."
    ),
]


def load_run(path: Path, hint: str = "RUN_DIR") -> RunDirectory:
    """Read a run directory, or a usage error naming ``hint``."""
    try:
        return read_run(path)
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint=hint) from None


def options_of(
    wacc: float | None, share: float, rate: float, budget: float, spreading: str
) -> FinanceOptions:
    """The finance options from the command line, or a usage error."""
    try:
        chosen = Spreading(spreading)
    except ValueError:
        raise typer.BadParameter("use before or within", param_hint="--spreading") from None
    options = FinanceOptions(wacc, share, rate, budget, chosen)
    try:
        options.check()
    except FinanceInputError as error:
        raise typer.BadParameter(str(error)) from None
    return options


def solve_reference(run: RunDirectory, console: Console) -> RunDirectory:
    """The run's scenario solved without the cap, in ``RUN_DIR/reference`` (reused if current)."""
    from zerozone.model.pipeline import run_plan  # the solver stack, only when asked for

    scenario = reference_scenario(run.scenario)
    target = run.path / REFERENCE_DIR
    wanted = scenario_hash(scenario)
    resolution = str(run.meta.get("resolution", "days:12"))
    if (target / "run.json").is_file():
        meta = json.loads((target / "run.json").read_text(encoding="utf-8"))
        if meta.get("scenario_hash") == wanted and meta.get("resolution") == resolution:
            return read_run(target)
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
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory for the tables as CSV and JSON.")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Costs, investment per year, LCOE, cost of capital and finance needs of a plan."""
    language = language_of(lang)
    _ = translator(language)
    options = options_of(wacc, concessional_share, concessional_rate, domestic_budget, spreading)
    run = load_run(run_dir)
    console = Console()
    result = analyse(run, options, reference, solve_reference_run, console)
    for table in finance_tables(result, language):
        console.print(table)
    if out is not None:
        written = write_tables(result, out)
        console.print(
            _("{count} files written to {path}").format(count=len(written), path=out),
            highlight=False,
        )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for k, column in enumerate(columns):
        table.add_column(column, justify="left" if k == 0 else "right")
    return table


def finance_tables(result: FinanceResult, lang: Language) -> list[Table]:
    """The finance tables of a run as Rich tables, in ``lang``."""
    names = Names(result.run.scenario, lang)
    _ = names.gettext
    periods = list(result.run.scenario.policy.periods)
    tables = [_headline_table(result, names)]

    blocks = needs_by_block(result.needs, periods)
    spans = [f"{int(b.first_year)}-{int(b.last_year)}" for b in blocks.itertuples()]
    first_years = [int(b.first_year) for b in blocks.itertuples()]

    def block_of(year: int) -> str:
        index = max((k for k, y in enumerate(first_years) if y <= year), default=0)
        return spans[index]

    by_tech = result.investment.assign(block=result.investment["year"].map(block_of))
    investment = _table(
        _("Overnight investment by technology (USD m per block of years)"), _("Technology"), *spans
    )
    pivot = by_tech.pivot_table(
        index="item", columns="block", values="usd", aggfunc="sum", fill_value=0.0
    ).reindex(columns=spans, fill_value=0.0)
    for item, row in pivot.iterrows():
        investment.add_row(names.tech(str(item)), *(names.musd(v) for v in row))
    category = by_tech.pivot_table(
        index="category", columns="block", values="usd", aggfunc="sum", fill_value=0.0
    ).reindex(columns=spans, fill_value=0.0)
    for key, row in category.iterrows():
        investment.add_row(
            f"[bold]{names.label(CATEGORY_LABELS, str(key))}[/]", *(names.musd(v) for v in row)
        )
    tables.append(investment)

    needs = _table(
        _("Finance need against the domestic budget (USD m per year)"),
        _("Years"),
        _("mean need"),
        _("peak need"),
        _("budget"),
        _("mean gap"),
        _("peak gap as share of the NCQG"),
    )
    budget = result.options.domestic_budget_usd_per_year
    for span, block in zip(spans, blocks.itertuples(), strict=True):
        needs.add_row(
            span,
            names.musd(block.mean_need_usd),
            names.musd(block.peak_need_usd),
            names.musd(budget),
            names.musd(block.mean_gap_usd),
            names.percent(block.peak_ncqg_share, 3),
        )
    tables.append(needs)

    costs = _table(_("Annual costs (USD m per year of each period)"), "", *map(str, periods))
    by_category = result.costs.pivot_table(
        index="category", columns="period", values="usd_per_year", aggfunc="sum", fill_value=0.0
    ).reindex(columns=periods, fill_value=0.0)
    for key in COST_LABELS:
        if key in by_category.index:
            costs.add_row(
                names.label(COST_LABELS, key), *(names.musd(v) for v in by_category.loc[key])
            )
    costs.add_row(f"[bold]{_('net system cost')}[/]", *(names.musd(v) for v in by_category.sum()))
    tables.append(costs)

    system = _table(_("System LCOE and average cost of supply (USD/MWh)"), "", *map(str, periods))
    system.add_row(
        _("system LCOE of electricity"),
        *(names.number(v, 1) for v in result.system["lcoe_usd_per_mwh"]),
    )
    system.add_row(
        _("average cost of supply (net, all final energy)"),
        *(names.number(v, 1) for v in result.system["supply_cost_usd_per_mwh"]),
    )
    tables.append(system)

    lcoe = _table(
        _("LCOE of new capacity at the plan's utilisation (USD/MWh, WACC {rate})").format(
            rate=names.percent(result.wacc)
        ),
        _("Technology"),
        *map(str, periods),
    )
    pivot = result.technologies.pivot_table(
        index="tech", columns="period", values="lcoe_usd_per_mwh", aggfunc="first"
    ).reindex(columns=periods)
    for tech, row in pivot.iterrows():
        lcoe.add_row(names.tech(str(tech)), *(names.number(v, 1) for v in row))
    tables.append(lcoe)

    financing = _table(
        _("Cost of capital: the same build re-annualised (not re-optimised)"),
        _("Case"),
        _("rate"),
        _("total discounted cost (USD m)"),
        _("change (USD m)"),
        _("change of the capital cost"),
        _("cost of supply in {year} (USD/MWh)").format(year=periods[-1]),
    )
    for row in result.financing.itertuples():
        financing.add_row(
            names.label(CASE_LABELS, str(row.key)),
            names.percent(float(row.rate)),
            names.musd(float(row.total_usd)),
            names.musd(float(row.change_usd)),
            names.percent(float(row.change_share)),
            names.number(float(result.supply_cost.at[row.key, periods[-1]]), 1),
        )
    tables.append(financing)

    if result.abatement is not None:
        tables.append(_abatement_table(result, names, periods))

    assumptions = _table(_("Assumptions"), "", _("value"), _("unit"))
    for item in result.assumptions:
        value = (
            names.percent(item.value)
            if item.unit == "1/yr" or item.key == "concessional_share"
            else names.number(item.value)
        )
        assumptions.add_row(names.label(ASSUMPTION_LABELS, item.key), value, item.unit)
    tables.append(assumptions)
    return tables


def _headline_table(result: FinanceResult, names: Names) -> Table:
    _ = names.gettext
    recon = result.reconciliation
    table = _table(
        _("{scenario}: finance headline (USD of {year})").format(
            scenario=result.run.scenario.name, year=result.run.scenario.currency_year
        ),
        "",
        _("value"),
    )
    table.add_row(_("total discounted cost (USD m)"), names.musd(recon.total_usd))
    if recon.objective_usd is not None:
        table.add_row(
            _("  = planner objective + transport fuel (USD m)"),
            f"{names.musd(recon.objective_usd)} + {names.musd(recon.transport_fuel_usd)}",
        )
    planned = result.investment.loc[result.investment["status"] == "planned", "usd"].sum()
    committed = result.investment.loc[result.investment["status"] == "committed", "usd"].sum()
    table.add_row(_("overnight investment, planned (USD m)"), names.musd(float(planned)))
    table.add_row(_("overnight investment, committed (USD m)"), names.musd(float(committed)))
    if len(result.needs):
        peak = result.needs["need_usd"].idxmax()
        table.add_row(
            _("peak investment year"),
            f"{peak}: {names.musd(float(result.needs.at[peak, 'need_usd']))}",
        )
    if result.abatement is not None:
        table.add_row(
            _("abatement cost, levelised (USD/t CO2)"),
            names.number(result.abatement.levelised_usd_per_t, 1),
        )
    return table


def _abatement_table(result: FinanceResult, names: Names, periods: list[int]) -> Table:
    _ = names.gettext
    assert result.abatement is not None
    frame = result.abatement.by_period
    table = _table(_("Abatement against the run without the cap"), "", *map(str, periods))
    table.add_row(
        _("emissions avoided (kt CO2e/yr)"), *(names.number(v / 1e3, 1) for v in frame["abated_t"])
    )
    table.add_row(_("extra cost (USD m/yr)"), *(names.musd(v) for v in frame["extra_cost_usd"]))
    table.add_row(
        _("abatement cost (USD/t CO2)"), *(names.number(v, 1) for v in frame["usd_per_t"])
    )
    table.caption = _(
        "levelised {levelised} USD/t (discounted tonnes); {simple} USD/t per tonne over the horizon"
    ).format(
        levelised=names.number(result.abatement.levelised_usd_per_t, 1),
        simple=names.number(result.abatement.simple_usd_per_t, 1),
    )
    return table


__all__ = ["finance", "finance_tables", "load_run"]
