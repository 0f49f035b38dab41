"""Print the base-year calibration table of docs/calibration.md (the default scenario).

The model's figures are profiles x capacities: each plant's capacity in service in the year (the
scenario's ``plants`` and ``committed``) times the annual mean of its zone's profile in the
scenario's planned weather year: ``min(inflow, 1)`` for run-of-river hydro (spill above the
turbine), the inflow for reservoir hydro (all water turbined), the PV profile of the plant's
technology for solar. Local use is the demand the grid supplies (network losses included).
Run: ``.venv/bin/python tools/calibration_table.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zerozone.data.loader import load_scenario
from zerozone.data.projections import demand_table
from zerozone.data.schema import ExistingPlant, Scenario, TechnologyKind
from zerozone.profiles.scenario import scenario_profiles

HOURS = 8760.0


@dataclass(frozen=True)
class Statistic:
    """One reported figure and how to select the model's counterpart."""

    label: str
    year: int
    reported_gwh: float
    source: str
    plants: Callable[[ExistingPlant], bool]


def plant_factor(scenario: Scenario, plant: ExistingPlant, profiles: pd.DataFrame) -> float:
    """Annual output per MW of a plant in the planned weather year [MW/MW]."""
    kind = scenario.technology(plant.technology).kind
    zone = profiles[plant.zone]
    if kind is TechnologyKind.HYDRO_RUN_OF_RIVER:
        return float(np.minimum(zone["hydro_inflow"], 1.0).mean())
    if kind is TechnologyKind.HYDRO_RESERVOIR:
        return float(zone["hydro_inflow"].mean())
    if kind is TechnologyKind.SOLAR:
        return float(zone[f"pv:{plant.technology}"].mean())
    raise ValueError(f"no calibration rule for {kind}")


def model_gwh(
    scenario: Scenario, statistic: Statistic, profiles: pd.DataFrame
) -> tuple[float, float]:
    """The model's output of the selected plants in the statistic's year [GWh] and their MW."""
    energy = capacity = 0.0
    for plant in scenario.plants:
        retired = plant.retirement_year is not None and plant.retirement_year <= statistic.year
        if statistic.plants(plant) and plant.commissioning_year <= statistic.year and not retired:
            capacity += plant.capacity_mw
            energy += plant.capacity_mw * plant_factor(scenario, plant, profiles) * HOURS / 1e3
    return energy, capacity


def liberated(scenario: Scenario) -> Callable[[ExistingPlant], bool]:
    def chosen(plant: ExistingPlant) -> bool:
        kind = scenario.technology(plant.technology).kind
        return plant.zone != "nakhchivan" and kind.value.startswith("hydro")

    return chosen


def named(*names: str) -> Callable[[ExistingPlant], bool]:
    return lambda plant: any(name in plant.name for name in names)


def statistics(scenario: Scenario) -> list[Statistic]:
    fleet = liberated(scenario)
    return [
        Statistic("Hydro, Karabakh + East Zangezur (38 plants, 307 MW)", 2025, 750.0,
                  "Azerenerji, report.az 2026-01-13", fleet),
        Statistic("Hydro, Karabakh + East Zangezur (32 plants, 270 MW at year end)", 2024, 550.0,
                  "Azerenerji, trend.az 3990037", fleet),
        Statistic("Sugovushan-1 + -2, Karabakh (7.8 MW), Oct 2021-Oct 2023 per year", 2024,
                  21.8 / 2, "Energy Ministry, trend.az 3806531", named("Sugovushan")),
        Statistic("Chirag-1 + -2, East Zangezur (11.93 MW), over 90 GWh in about 22 months", 2025,
                  90.0 * 12 / 22, "trend.az 4083576 (approximate: dates not given)",
                  named("Chirag")),
        Statistic("Arpachay, Nakhchivan (20.5 MW), mean 2020-2024", 2024, 32.94,
                  "State Energy Service of Nakhchivan, trend.az 3991378", named("Arpachay")),
        Statistic("Arpachay, Nakhchivan, design output", 2024, 51.0,
                  "trend.az 3991378", named("Arpachay")),
        Statistic("Babek (Nakhchivan) solar (22 MW), per year", 2024, 30.0,
                  "Nakhchivan Solar Stations, AzerNews via newsbuck.com", named("Babek")),
    ]  # fmt: skip


def main() -> None:
    """Print the table as Markdown."""
    scenario = load_scenario("default")
    profiles = scenario_profiles(scenario)
    print("| statistic | year | model MW | model GWh | reported GWh | difference | source |")
    print("|---|---|---|---|---|---|---|")
    for stat in statistics(scenario):
        energy, capacity = model_gwh(scenario, stat, profiles)
        diff = (energy - stat.reported_gwh) / stat.reported_gwh
        print(
            f"| {stat.label} | {stat.year} | {capacity:,.1f} | {energy:,.1f} | "
            f"{stat.reported_gwh:,.1f} | {diff:+.0%} | {stat.source} |"
        )
    table = demand_table(scenario, [2024])
    local = table[table["zone"] != "nakhchivan"]["electricity_mwh"].sum() / 1e3
    fleet = statistics(scenario)[1]
    energy, _ = model_gwh(scenario, fleet, profiles)
    print(
        f"| Local use at the grid, Karabakh + East Zangezur | 2024 | - | {local:,.1f} | 200.0 | "
        f"{(local - 200) / 200:+.0%} | Azerenerji, trend.az 3990037 |"
    )
    print(
        f"| Sent to the national grid, Karabakh + East Zangezur | 2024 | - | {energy - local:,.1f} "
        f"| 350.0 | {(energy - local - 350) / 350:+.0%} | two-thirds of 550 GWh, trend.az 3990037 |"
    )


if __name__ == "__main__":
    main()
