"""``zerozone data``: show, validate and profile scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.context import state
from zerozone.cli.options import SCENARIO_HELP, LangOption, language_of, parsed_option, scenario_of
from zerozone.cli.tables import print_tables
from zerozone.data.projections import (
    capacity_in_service,
    demand_table,
    settlement_population,
    zone_population,
)
from zerozone.data.schema import SECTOR_LABELS, Scenario
from zerozone.i18n import N_, Language, format_number, translator

app = typer.Typer(help="Show, validate and profile scenarios.", no_args_is_help=True)

ScenarioArgument = Annotated[str, typer.Argument(help=SCENARIO_HELP)]


KIND_LABELS = {"city": N_("city"), "town": N_("town"), "village": N_("village")}
CAP_LABELS = {
    "linear": N_("linear"),
    "budget": N_("budget"),
    "explicit": N_("explicit"),
    "none": N_("none"),
}


@app.command("validate")
def validate(scenario: ScenarioArgument) -> None:
    """Check a scenario file and list every problem with its location.

    Example: zerozone data validate my-zone.yaml
    """
    loaded = scenario_of(scenario)
    Console().print(
        f"{scenario}: valid ({len(loaded.zones)} zones, {len(loaded.settlements)} settlements, "
        f"{len(loaded.plants)} plants, {len(loaded.technologies)} technologies)",
        highlight=False,
    )


@app.command("show")
def show(scenario: ScenarioArgument = "default", lang: LangOption = None) -> None:
    """Print a readable summary of a scenario.

    Example: zerozone data show aghali --lang az
    """
    language = language_of(lang)
    loaded = scenario_of(scenario)
    print_tables(Console(), summary_tables(loaded, language), language)


def summary_tables(scenario: Scenario, lang: Language) -> list[Table]:
    """The summary of ``scenario`` as Rich tables, in ``lang``."""
    _ = translator(lang)
    base = scenario.demand.base_year
    target = scenario.policy.target_year
    title = getattr(scenario.title, lang)

    def num(value: float, digits: int = 0) -> str:
        return format_number(value, lang, digits)

    zones = Table(title=f"{title}: " + _("zones"), title_justify="left")
    for heading in (
        _("Zone"),
        _("Settlements"),
        _("Population") + f" {base}",
        _("Population") + f" {target}",
    ):
        zones.add_column(heading, justify="left" if heading == _("Zone") else "right")
    for zone in scenario.zones:
        count = sum(1 for s in scenario.settlements if s.zone == zone.id)
        zones.add_row(
            getattr(zone.name, lang),
            str(count),
            num(zone_population(scenario, zone.id, base)),
            num(zone_population(scenario, zone.id, target)),
        )

    places = Table(title=_("Settlements"), title_justify="left")
    for heading in (
        _("Settlement"),
        _("Zone"),
        _("Kind"),
        _("Smart"),
        _("Population") + f" {base}",
        _("Population") + f" {target}",
    ):
        places.add_column(heading)
    for place in scenario.settlements:
        places.add_row(
            getattr(place.name, lang),
            getattr(scenario.zone(place.zone).name, lang),
            _(KIND_LABELS[place.kind.value]),
            _("yes") if place.smart else "",
            num(settlement_population(place, base)),
            num(settlement_population(place, target)),
        )

    zone_names = {zone.id: getattr(zone.name, lang) for zone in scenario.zones}
    tech_names = {tech.id: getattr(tech.name, lang) for tech in scenario.technologies}
    capacity = capacity_in_service(scenario, base, committed=False)
    capacity_table = Table(
        title=_("Existing capacity by technology (MW) in") + f" {base}", title_justify="left"
    )
    capacity_table.add_column(_("Technology"))
    for zone in scenario.zones:
        capacity_table.add_column(zone_names[zone.id], justify="right")
    capacity_table.add_column(_("Total"), justify="right")
    if not capacity.empty:
        pivot = capacity.pivot_table(
            index="technology", columns="zone", values="capacity_mw", aggfunc="sum", fill_value=0.0
        )
        for tech_id, row in pivot.iterrows():
            cells = [num(float(row.get(zone.id, 0.0)), 1) for zone in scenario.zones]
            capacity_table.add_row(tech_names[str(tech_id)], *cells, num(float(row.sum()), 1))

    committed = Table(title=_("Committed builds"), title_justify="left")
    for heading in (_("Year"), _("Project"), _("Technology"), _("Zone"), _("MW")):
        committed.add_column(heading, justify="right" if heading == _("MW") else "left")
    for build in sorted(scenario.committed, key=lambda b: b.year):
        what = tech_names.get(build.technology or "", "") or (
            getattr(scenario.link(build.link).name, lang) if build.link else ""
        )
        committed.add_row(
            str(build.year),
            build.name,
            what,
            zone_names.get(build.zone or "", ""),
            num(build.capacity_mw),
        )

    potentials = Table(title=_("Resource potentials (MW)"), title_justify="left")
    for heading in (_("Zone"), _("Technology"), _("MW")):
        potentials.add_column(heading, justify="right" if heading == _("MW") else "left")
    for potential in scenario.potentials:
        potentials.add_row(
            zone_names[potential.zone],
            tech_names[potential.technology],
            num(potential.max_capacity_mw),
        )

    demand = demand_table(scenario, [base, target])
    demand_view = Table(title=_("Demand (GWh per year)"), title_justify="left")
    for heading in (_("Zone"), _("Sector"), _("Carrier"), str(base), str(target)):
        demand_view.add_column(heading, justify="right" if heading.isdigit() else "left")
    carriers = {"electricity_mwh": _("Electricity"), "heat_mwh": _("Heat"), "fuel_mwh": _("Fuel")}
    for (zone_id, sector), rows in demand.groupby(["zone", "sector"], sort=False):
        by_year = rows.set_index("year")
        for column, carrier in carriers.items():
            values = [float(by_year.loc[year, column]) / 1e3 for year in (base, target)]
            if any(values):
                demand_view.add_row(
                    zone_names[str(zone_id)],
                    _(SECTOR_LABELS[str(sector)]),
                    carrier,
                    *(num(v, 1) for v in values),
                )

    policy = scenario.policy
    policy_view = Table(title=_("Policy"), title_justify="left", show_header=False)
    policy_view.add_column("")
    policy_view.add_column("")
    policy_view.add_row(_("Target year"), str(policy.target_year))
    policy_view.add_row(_("Investment periods"), ", ".join(str(p) for p in policy.periods))
    policy_view.add_row(_("Discount rate"), num(100 * policy.discount_rate, 1) + " %")
    policy_view.add_row(_("Emission cap"), _(CAP_LABELS[policy.emission_cap.shape]))
    return [zones, places, capacity_table, committed, potentials, demand_view, policy_view]


@app.command("profiles")
def profiles(
    scenario: ScenarioArgument = "default",
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet files.")] = Path(
        "profiles"
    ),
) -> None:
    """Write the hourly profiles as Parquet and print each zone's annual capacity factors.

    Example: zerozone data profiles aghali --out profiles
    """
    from zerozone.profiles.scenario import scenario_profiles

    loaded = scenario_of(scenario)
    table = scenario_profiles(loaded)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{loaded.name}_profiles.parquet"
    table.to_parquet(path)
    view = Table(title=f"Annual capacity factors ({loaded.weather_year})", title_justify="left")
    view.add_column("Zone")
    kinds = ("pv_fixed", "pv_tracking", "wind", "hydro_inflow")
    for kind in kinds:
        view.add_column(kind, justify="right")
    for zone in loaded.zones:
        view.add_row(zone.id, *(f"{table[(zone.id, kind)].mean():.3f}" for kind in kinds))
    console = Console()
    print_tables(console, [view], state.lang)
    console.print(f"wrote {path} ({len(table)} hours x {table.shape[1]} series)")


__all__ = ["LangOption", "app", "language_of", "parsed_option"]
