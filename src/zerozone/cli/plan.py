"""``zerozone plan``: the least-cost pathway of a scenario."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.context import state
from zerozone.cli.failures import writable_directory
from zerozone.cli.options import (
    SCENARIO_HELP,
    LangOption,
    language_of,
    parsed_option,
    resolution_of,
    scenario_of,
)
from zerozone.cli.progress import SolveProgress, stdout_console
from zerozone.cli.report import write_plan_report
from zerozone.cli.tables import print_tables
from zerozone.finance.lcoe import final_energy_served
from zerozone.i18n import N_, Language, format_number, translator
from zerozone.model.adequacy import MAX_PLANS, AdequacyVerdict, AdequateRun, plan_adequately
from zerozone.model.check import within_cap
from zerozone.model.explain import explain_relaxations, explain_unserved
from zerozone.model.pipeline import DEFAULT_RESOLUTION
from zerozone.model.solve import ALGORITHMS, PlanStatus, SolveOutcome
from zerozone.model.time import DEFAULT_REPRESENTATIVE_DAYS
from zerozone.profiles.extremes import ExtremeScope
from zerozone.report.labels import PART_LABELS
from zerozone.report.numbers import format_significant
from zerozone.results import RunDirectory, derived
from zerozone.results.binding import LIMIT_LABELS, co2_price_notes, co2_prices, top_limits
from zerozone.results.costs import full_costs, split_by_period

FAILED_EXIT = 1
LONG_SOLVE_DAYS = 4 * DEFAULT_REPRESENTATIVE_DAYS
"""Days per period above which ``plan`` warns of a long solve: the solver's time grows faster
than the problem (see ``bench/README.md``: 12 days about 30 s, 24 days about 2-3 min)."""
INFEASIBLE_EXIT = 3
"""Exit code of a plan whose targets cannot all be met (explained on the console)."""

STATUS_LABELS = {
    "optimal": N_("optimal"),
    "optimal_with_unserved": N_("optimal, with demand unserved"),
    "infeasible": N_("infeasible"),
    "failed": N_("failed"),
}
NUMERIC_KINDS = {
    "costs": N_("costs"),
    "right-hand sides": N_("right-hand sides"),
    "coefficients": N_("coefficients"),
}
"""The kinds of numbers a numerics warning names (:class:`zerozone.model.solve.NumericsWarning`)."""
STAGE_NAMES = {
    "profiles": N_("profiles"),
    "build and solve": N_("build and solve"),
    "extract": N_("extract"),
    "write": N_("write"),
    "hourly check": N_("hourly check"),
}


def _print_solver_notes(console: Console, outcome: SolveOutcome, lang: Language) -> None:
    """Which algorithm answered (when not the first), numerics warnings, a missing explanation."""
    _ = translator(lang)
    if outcome.algorithm and outcome.algorithm != ALGORITHMS[0][0]:
        console.print(
            _("note: the solver's first algorithm gave no answer; {algorithm} answered").format(
                algorithm=outcome.algorithm
            ),
            style="yellow",
            highlight=False,
        )
    for warning in outcome.numerics:
        console.print(
            _(
                "warning: the scenario's {kind} span {low} to {high}, more than the solver "
                "handles reliably; check the magnitudes of its numbers"
            ).format(
                kind=_(NUMERIC_KINDS.get(warning.kind, warning.kind)),
                low=f"{warning.smallest:.1e}",
                high=f"{warning.largest:.1e}",
            ),
            style="yellow",
            highlight=False,
        )
    if outcome.explanation_unavailable:
        console.print(
            _("The explanation is unavailable: {reason}").format(
                reason=outcome.explanation_unavailable
            ),
            style="yellow",
            highlight=False,
        )


def plan(
    scenario: Annotated[str, typer.Option("--scenario", help=SCENARIO_HELP)] = ("default"),
    resolution: Annotated[
        str,
        typer.Option(
            "--resolution",
            help="days:N (N representative days), hourly (the whole year) or weeks:N (the "
            "first N weeks, hourly).",
        ),
    ] = DEFAULT_RESOLUTION,
    extremes: Annotated[
        str,
        typer.Option(
            "--extremes",
            help="Extreme days kept beside the representative days (peak load, coldest, least "
            "wind and sun): system, zones (each zone's own) or none.",
        ),
    ] = ExtremeScope.NONE.value,
    out: Annotated[
        Path | None, typer.Option("--out", help="Run directory to write (default: runs/SCENARIO).")
    ] = None,
    adequacy: Annotated[
        bool,
        typer.Option(
            "--adequacy/--no-adequacy",
            help="Check the plan over every hour of its weather year and, where it falls short, "
            "plan again with the days it missed.",
        ),
    ] = True,
    lang: LangOption = None,
) -> None:
    """Find the least-cost pathway to zero emissions and write the run directory.

    Example: zerozone plan --scenario aghali --out runs/aghali
    """
    language = language_of(lang)
    _ = translator(language)
    form, number = resolution_of(resolution)
    extreme_scope = parsed_option(ExtremeScope, extremes, "--extremes")
    loaded = scenario_of(scenario)
    target = writable_directory(out or Path("runs") / loaded.name, language)
    console = stdout_console()  # the solver points descriptor 1 at its log while it runs
    days = number * 7 if form == "weeks" else number
    if days > LONG_SOLVE_DAYS:
        console.print(
            _(
                "note: {days} days per period, {ratio} times the default; the solve may take "
                "hours (the hourly year did not finish within 50 min on 2 cores)"
            ).format(days=days, ratio=format_number(days / DEFAULT_REPRESENTATIVE_DAYS, language)),
            style="yellow",
            highlight=False,
        )
    started = time.perf_counter()
    with console.status("") as status:

        def stage(name: str) -> None:
            label = _(STAGE_NAMES.get(name, name))
            status.update(f"{loaded.name}: {label}...")
            console.print(f"[dim]{time.perf_counter() - started:6.1f} s[/] {label}")

        live = status if console.is_terminal else None
        with SolveProgress(target / "highs.log", console, live, language, started):
            adequate = plan_adequately(
                loaded,
                resolution=resolution,
                extremes=extreme_scope,
                out=target,
                on_stage=stage,
                on_iteration=lambda record: print_iteration(console, record, language),
                max_plans=MAX_PLANS if adequacy else 0,
            )
    result = adequate.plan
    timings = result.meta["timings_s"]
    console.print(
        _("status: {status}; resolution {resolution}; {total} s (solver {solver} s)").format(
            status=_(STATUS_LABELS[result.status.value]),
            resolution=result.meta["resolution"],
            total=format_number(timings["total_before_write"], language, 1),
            solver=format_number(timings.get("solve", 0.0), language, 1),
        ),
        highlight=False,
    )
    _print_solver_notes(console, result.outcome, language)
    if result.status is PlanStatus.INFEASIBLE and not result.outcome.has_solution:
        console.print(_("The targets cannot all be met."), style="bold red")
        raise typer.Exit(INFEASIBLE_EXIT)  # no plan to show: the explanation could not be made
    if result.status is PlanStatus.FAILED:
        console.print(
            _("The solver failed ({reason}); see {log}").format(
                reason=result.outcome.termination, log=target / "highs.log"
            ),
            style="red",
            highlight=False,
        )
        raise typer.Exit(FAILED_EXIT)
    run = RunDirectory(target, result.meta, loaded, result.tables)
    print_tables(console, summary_tables(run, language), language)
    print_adequacy(console, adequate, target, language)
    if result.status is PlanStatus.INFEASIBLE:
        console.print(
            _("The targets cannot all be met. The plan shown relaxes them as little as possible:"),
            style="bold red",
        )
        lines = explain_relaxations(
            result.outcome.relaxations, result.tables, loaded, result.outcome.binding, language
        )
        for line in lines:
            console.print(f"  - {line}", highlight=False)
    elif result.status is PlanStatus.OPTIMAL_WITH_UNSERVED:
        console.print(_("The least-cost plan leaves demand unserved:"), style="bold yellow")
        for line in explain_unserved(result.tables, loaded, language):
            console.print(f"  - {line}", highlight=False)
    console.print(_("run directory: {path}").format(path=target), highlight=False, soft_wrap=True)
    try:
        report = write_plan_report(target, language)
    except Exception as error:  # the run is written; a report failure must not lose it
        if state.debug:
            raise
        console.print(
            _(
                "The report could not be written ({error}); the run directory is complete, try "
                "zerozone --debug report {path}"
            ).format(error=error, path=target),
            style="yellow",
            highlight=False,
        )
    else:
        console.print(_("report: {path}").format(path=report), highlight=False, soft_wrap=True)
    if result.status is PlanStatus.INFEASIBLE:
        raise typer.Exit(INFEASIBLE_EXIT)


def _failure_text(failed: dict[str, Any], lang: Language) -> str:
    """One failing period of the hourly check in words."""
    _ = translator(lang)
    parts = []
    if failed["unserved_hours"] > 0:
        parts.append(
            _("{mwh} MWh unserved in {hours} h, worst {zone} {time} {mw} MW").format(
                mwh=format_number(failed["unserved_mwh"], lang, 1),
                hours=failed["unserved_hours"],
                zone=failed["worst_zone"],
                time=failed["worst_time"],
                mw=format_number(failed["worst_mw"], lang, 1),
            )
        )
    cap = failed["cap_t_per_year"]
    if not math.isnan(cap) and not within_cap(failed["emissions_t_per_year"], cap):
        parts.append(
            _("{emitted} t CO2 against a cap of {cap} t").format(
                emitted=format_number(failed["emissions_t_per_year"], lang),
                cap=format_number(cap, lang),
            )
        )
    return "{period}: {what}".format(period=failed["period"], what="; ".join(parts))


def print_iteration(console: Console, record: dict[str, Any], lang: Language) -> None:
    """One plan of the adequacy loop and what its hourly check found."""
    _ = translator(lang)
    if record["check_passed"]:
        console.print(
            _("hourly check of plan {n}: passes in every period").format(n=record["iteration"]),
            style="green",
            highlight=False,
        )
        return
    console.print(
        _("hourly check of plan {n}: fails").format(n=record["iteration"]),
        style="yellow",
        highlight=False,
    )
    for failed in record["failed"]:
        console.print(f"  - {_failure_text(failed, lang)}", highlight=False)


VERDICT_TEXT = {
    AdequacyVerdict.PASSED: N_(
        "The plan serves every hour of its weather year in every period (hourly check passed, "
        "{plans} plan(s); days added: {days})."
    ),
    AdequacyVerdict.ITERATION_LIMIT: N_(
        "The plan still fails the hourly check after {plans} plans (days added: {days}); the "
        "periods above fall short. Try more representative days (--resolution days:N)."
    ),
    AdequacyVerdict.NO_NEW_DAYS: N_(
        "The plan still fails the hourly check, and the days it falls short on are already "
        "planned for (days added: {days}): what fails is not a missing day but the hours across "
        "days (storage over several days); try more representative days (--resolution days:N)."
    ),
    AdequacyVerdict.CHRONOLOGICAL: N_(
        "The plan fails the hourly check; it was made on chronological hours, to which no day "
        "can be added (plan on representative days, --resolution days:N, to let the check add "
        "the days it misses)."
    ),
}


def print_adequacy(console: Console, adequate: AdequateRun, target: Path, lang: Language) -> None:
    """Whether the written plan passes the hourly check, how many plans it took, or why not."""
    _ = translator(lang)
    if adequate.verdict is AdequacyVerdict.SKIPPED:
        console.print(
            _(
                "The plan was not checked hour by hour (--no-adequacy); zerozone check {path} "
                "does it."
            ).format(path=target),
            style="yellow",
            highlight=False,
        )
        return
    text = VERDICT_TEXT.get(adequate.verdict)
    if text is None or not adequate.iterations:
        return
    days = adequate.iterations[-1]["days_added"]
    console.print(
        _(text).format(plans=len(adequate.iterations), days=", ".join(days) if days else "-"),
        style="bold green" if adequate.passed else "bold red",
        highlight=False,
    )


def _period_table(title: str, first: str, periods: list[int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for period in periods:
        table.add_column(str(period), justify="right")
    return table


def summary_tables(run: RunDirectory, lang: Language = "en") -> list[Table]:
    """The pathway per period: capacity, generation shares, emissions against the cap, cost."""
    _ = translator(lang)
    scenario = run.scenario
    periods = run.periods
    names = {t.id: getattr(t.name, lang) for t in scenario.technologies}
    zone_names = {z.id: getattr(z.name, lang) for z in scenario.zones}

    def num(value: float, _digits: int = 0) -> str:
        return format_significant(value, lang)  # a village's 0.4 MW as 0.4, a zone's 3,686

    cap_view = _period_table(_("Capacity by technology (MW, all zones)"), _("Technology"), periods)
    for tech, row in derived.capacity_by_technology(run).iterrows():
        cap_view.add_row(names.get(str(tech), str(tech)), *(num(v) for v in row))

    by_zone = derived.capacity_by_zone(run, periods[-1])
    zone_view = Table(
        title=_("Capacity by zone in {year} (MW)").format(year=periods[-1]), title_justify="left"
    )
    zone_view.add_column(_("Technology"))
    for zone in by_zone.columns:
        zone_view.add_column(zone_names.get(str(zone), str(zone)), justify="right")
    for tech, row in by_zone.iterrows():
        zone_view.add_row(names.get(str(tech), str(tech)), *(num(v) for v in row))

    produced = derived.generation_by_technology(run)
    share_view = _period_table(
        _("Electricity generation (GWh/yr and share)"), _("Technology"), periods
    )
    totals = produced.sum()
    for tech, row in produced.iterrows():
        share_view.add_row(
            names.get(str(tech), str(tech)),
            *(
                f"{num(v / 1e3)}\n({num(100 * v / totals[p])}%)" if totals[p] else "0"
                for p, v in row.items()
            ),
        )

    path_view = _period_table(_("Emissions, cap and cost per year of each period"), "", periods)
    rows: list[tuple[str, pd.Series, Callable[[float], str]]] = [
        (_("emissions (kt CO2)"), derived.emissions_by_period(run), lambda v: num(v / 1e3, 1)),
        (
            _("cap (kt CO2)"),
            derived.caps_by_period(run),
            lambda v: "-" if pd.isna(v) else num(v / 1e3, 1),
        ),
        *cost_rows(run, lang),
        (_("unserved energy (GWh)"), derived.load_shed_by_period(run), lambda v: num(v / 1e3, 2)),
    ]
    for label, series, render in rows:
        path_view.add_row(label, *(render(float(v)) for v in series))
    return [cap_view, zone_view, share_view, path_view, *binding_tables(run, lang)]


Row = tuple[str, pd.Series, Callable[[float], str]]
"""A row of a period table: label, value per period, how a value is shown."""


def cost_rows(run: RunDirectory, lang: Language) -> list[Row]:
    """The full annual costs split by part, the system cost of all assets, the objective's
    decision-relevant costs [USD m] and the cost of supply [USD/MWh]
    (:mod:`zerozone.results.costs`)."""
    _ = translator(lang)
    costs = full_costs(run)
    split = split_by_period(costs, run.periods)
    served = final_energy_served(run)

    def musd(value: float) -> str:
        return format_number(value / 1e6, lang, 1)

    rows: list[Row] = [
        (_("{part} (USD m)").format(part=_(PART_LABELS[str(part)])), split.loc[part], musd)
        for part in split.index
    ]
    supply = split.loc["total"] / served.where(served > 0)
    rows.append(
        (_("cost of supply, all assets (USD/MWh)"), supply, lambda v: format_number(v, lang, 1))
    )
    return rows


TOP_LIMITS = 5
"""How many limits the summary lists (highest present value per MW first)."""


def binding_tables(run: RunDirectory, lang: Language = "en") -> list[Table]:
    """What binds: the CO2 price per period and the limits whose relaxation would save most."""
    _ = translator(lang)
    if "shadow_prices" not in run.tables:
        return []
    table = run.tables["shadow_prices"]
    scenario = run.scenario
    names = {t.id: getattr(t.name, lang) for t in scenario.technologies}
    names.update({link.id: getattr(link.name, lang) for link in scenario.links})
    names.update({m.id: getattr(m.name, lang) for m in scenario.markets})
    zone_names = {z.id: getattr(z.name, lang) for z in scenario.zones}
    prices = co2_prices(table)
    views = []
    if prices:
        price_view = _period_table(_("What binds: the CO2 price of the cap"), "", run.periods)
        price_view.add_row(
            _("CO2 price (USD/t CO2)"),
            *(format_number(prices[p], lang, 1) if p in prices else "-" for p in run.periods),
        )
        notes = co2_price_notes(run.meta, lang, names, zone_names)  # a price set on a kept day
        if notes:
            price_view.caption = "\n".join(notes)
            price_view.caption_justify = "left"
        views.append(price_view)
    top = top_limits(table, TOP_LIMITS)
    if len(top):
        limit_view = Table(
            title=_("Limits that would relax the plan most (value of one more MW)"),
            title_justify="left",
        )
        for heading in (_("limit"), _("period"), _("MW"), _("shadow price"), _("present value")):
            limit_view.add_column(heading, justify="left" if heading == _("limit") else "right")
        for row in top.itertuples():
            item = str(row.item)
            label = _(LIMIT_LABELS[str(row.constraint)]).format(
                item=names.get(item, item), zone=zone_names.get(str(row.zone), str(row.zone))
            )
            limit_view.add_row(
                label,
                str(row.period),
                format_number(float(row.limit), lang),
                f"{format_number(float(row.shadow_price), lang)} {row.shadow_unit}",
                f"{format_number(float(row.pv_usd_per_unit), lang)} USD/MW",
            )
        views.append(limit_view)
    return views
