"""``zerozone plan``: the least-cost pathway of a scenario."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.data import load_scenario
from zerozone.data.schema import Scenario
from zerozone.model.explain import explain_relaxations
from zerozone.model.pipeline import DEFAULT_RESOLUTION, run_plan
from zerozone.model.solve import PlanStatus
from zerozone.model.time import parse_resolution

FAILED_EXIT = 1
INFEASIBLE_EXIT = 3
"""Exit code of a plan whose targets cannot all be met (explained on the console)."""


def plan(
    scenario: Annotated[str, typer.Option("--scenario", help="Bundled name or YAML file.")] = (
        "default"
    ),
    resolution: Annotated[
        str,
        typer.Option(
            "--resolution",
            help="days:N (representative days, default days:12), hourly, or "
            "weeks:N (first N weeks hourly).",
        ),
    ] = (DEFAULT_RESOLUTION),
    out: Annotated[
        Path | None, typer.Option("--out", help="Run directory to write (default runs/<scenario>).")
    ] = None,
) -> None:
    """Find the least-cost pathway to zero emissions and write the run directory."""
    try:
        parse_resolution(resolution)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--resolution") from None
    loaded = load_scenario(scenario)
    target = out or Path("runs") / loaded.name
    console = Console()
    started = time.perf_counter()
    with console.status("") as status:

        def stage(name: str) -> None:
            status.update(f"{loaded.name}: {name}...")
            console.print(f"[dim]{time.perf_counter() - started:6.1f} s[/] {name}")

        result = run_plan(loaded, resolution=resolution, out=target, on_stage=stage)
    timings = result.meta["timings_s"]
    console.print(
        f"status: [bold]{result.status.value}[/]; resolution {result.meta['resolution']}"
        f"; {timings['total_before_write']:.1f} s (solve {timings.get('solve', 0):.1f} s)"
    )
    if result.status is PlanStatus.FAILED:
        console.print(
            f"[red]the solver failed: {result.outcome.termination}[/]; see {target / 'highs.log'}"
        )
        raise typer.Exit(FAILED_EXIT)
    for table in summary_tables(loaded, result.tables):
        console.print(table)
    if result.status is PlanStatus.INFEASIBLE:
        console.print(
            "[bold red]The targets cannot all be met.[/] The plan shown relaxes them "
            "as little as possible:"
        )
        lines = explain_relaxations(
            result.outcome.relaxations, result.tables, loaded, result.outcome.binding
        )
        for line in lines:
            console.print(f"  - {line}", highlight=False)
    console.print(f"run directory: {target}")
    if result.status is PlanStatus.INFEASIBLE:
        raise typer.Exit(INFEASIBLE_EXIT)


def _name(scenario: Scenario, tech: str) -> str:
    return (
        scenario.technology(tech).name.en
        if tech in {t.id for t in scenario.technologies}
        else (tech)
    )


def summary_tables(scenario: Scenario, tables: dict[str, pd.DataFrame]) -> list[Table]:
    """The pathway per period: capacity, generation shares, emissions against the cap, cost."""
    periods = list(scenario.policy.periods)
    capacity = (
        tables["capacity"]
        .pivot_table(
            index="tech", columns="period", values="capacity_mw", aggfunc="sum", fill_value=0.0
        )
        .reindex(columns=periods, fill_value=0.0)
    )
    cap_view = Table(title="Capacity by technology (MW, all zones)", title_justify="left")
    cap_view.add_column("Technology")
    for period in periods:
        cap_view.add_column(str(period), justify="right")
    for tech, row in capacity.iterrows():
        cap_view.add_row(_name(scenario, str(tech)), *(f"{v:,.0f}" for v in row))

    zone_view = Table(title=f"Capacity by zone in {periods[-1]} (MW)", title_justify="left")
    last = tables["capacity"][tables["capacity"]["period"] == periods[-1]]
    by_zone = last.pivot_table(
        index="tech", columns="zone", values="capacity_mw", aggfunc="sum", fill_value=0.0
    )
    zone_view.add_column("Technology")
    for zone in by_zone.columns:
        zone_view.add_column(str(zone), justify="right")
    for tech, row in by_zone.iterrows():
        zone_view.add_row(_name(scenario, str(tech)), *(f"{v:,.0f}" for v in row))

    generation = tables["generation"]
    produced = (
        generation[generation["role"] == "generation"]
        .pivot_table(index="tech", columns="period", values="mwh", aggfunc="sum", fill_value=0.0)
        .reindex(columns=periods, fill_value=0.0)
    )
    share_view = Table(title="Electricity generation (GWh/yr and share)", title_justify="left")
    share_view.add_column("Technology")
    for period in periods:
        share_view.add_column(str(period), justify="right")
    totals = produced.sum()
    for tech, row in produced.iterrows():
        share_view.add_row(
            _name(scenario, str(tech)),
            *(
                f"{v / 1e3:,.0f} ({100 * v / totals[p]:.0f}%)" if totals[p] else "0"
                for p, v in row.items()
            ),
        )

    emissions = tables["emissions"]
    per_period = emissions.groupby("period")["t_per_year"].sum().reindex(periods, fill_value=0.0)
    caps = tables["caps"].set_index("period")["cap_t_per_year"].reindex(periods)
    by_category = (
        tables["costs"]
        .pivot_table(
            index="category", columns="period", values="usd_per_year", aggfunc="sum", fill_value=0.0
        )
        .reindex(columns=periods, fill_value=0.0)
    )

    def category_total(*categories: str) -> pd.Series:
        present = [c for c in categories if c in by_category.index]
        return by_category.loc[present].sum() if present else pd.Series(0.0, index=periods)

    capital = category_total("capital")
    operation = category_total("operation", "imports", "transport_fuel", "unserved")
    export_revenue = -category_total("exports")
    shed = tables["load_shed"].groupby("period")["mwh"].sum().reindex(periods, fill_value=0.0)
    path_view = Table(title="Emissions, cap and cost per year of each period", title_justify="left")
    for heading in ("", *map(str, periods)):
        path_view.add_column(heading, justify="right" if heading else "left")
    path_view.add_row("emissions (kt CO2e)", *(f"{v / 1e3:,.1f}" for v in per_period))
    path_view.add_row("cap (kt CO2e)", *("-" if pd.isna(v) else f"{v / 1e3:,.1f}" for v in caps))
    path_view.add_row("capital, annualised (USD m)", *(f"{v / 1e6:,.1f}" for v in capital))
    path_view.add_row("operation, fuel, imports (USD m)", *(f"{v / 1e6:,.1f}" for v in operation))
    path_view.add_row("export revenue (USD m)", *(f"{v / 1e6:,.1f}" for v in export_revenue))
    net = capital + operation - export_revenue
    path_view.add_row("net system cost (USD m)", *(f"{v / 1e6:,.1f}" for v in net))
    path_view.add_row("unserved energy (GWh)", *(f"{v / 1e3:,.2f}" for v in shed))
    return [cap_view, zone_view, share_view, path_view]
