"""Annual figures derived from a scenario: population, demand by sector, capacity in service.

This is arithmetic on the scenario's own numbers (interpolation, compound growth), shared by the
summary, the profiles and the planner. Nothing here solves anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from zerozone.data.schema import DemandEntry, DemandSector, Scenario, Settlement
from zerozone.data.series import interpolate

Variant = Literal["low", "central", "high"]

ELECTRICITY_SECTORS = (
    DemandSector.RESIDENTIAL,
    DemandSector.SERVICES,
    DemandSector.INDUSTRY_AGRICULTURE,
)
"""Sectors whose demand is given directly as electricity."""


def settlement_population(place: Settlement, year: float, variant: Variant = "central") -> float:
    """Population of a settlement in ``year``, interpolated between the given years [people].

    Parameters
    ----------
    place : Settlement
        The settlement.
    year : float
        Year [yr]; constant before the first and after the last year given.
    variant : {"low", "central", "high"}
        Which population variant.
    """
    series = {y: estimate.variant(variant) for y, estimate in place.population.items()}
    return interpolate(series, year)


def zone_population(
    scenario: Scenario, zone_id: str, year: float, variant: Variant = "central"
) -> float:
    """Population of a zone in ``year``: the sum of its settlements [people]."""
    return sum(
        settlement_population(place, year, variant)
        for place in scenario.settlements
        if place.zone == zone_id
    )


def demand_entry_for(scenario: Scenario, zone_id: str, sector: DemandSector) -> DemandEntry | None:
    """The demand entry for ``zone_id`` and ``sector``: its own, else the general one."""
    general = None
    for entry in scenario.demand.sectors:
        if entry.sector is sector:
            if entry.zone == zone_id:
                return entry
            if entry.zone is None:
                general = entry
    return general


@dataclass(frozen=True)
class SectorDemand:
    """Annual demand of one sector in one zone and year.

    Attributes
    ----------
    zone, sector : str
        Where and what.
    year : int
        Year [yr].
    electricity_mwh : float
        Electricity drawn from the grid (electricity sectors, EV charging) [MWh/yr].
    heat_mwh : float
        Useful heat to be supplied (space heat) [MWh/yr].
    fuel_mwh : float
        Fuel burnt directly (transport not electrified) [MWh/yr].
    fuel : str | None
        Which fuel ``fuel_mwh`` is.
    """

    zone: str
    sector: str
    year: int
    electricity_mwh: float
    heat_mwh: float
    fuel_mwh: float
    fuel: str | None


def sector_demand(
    scenario: Scenario,
    zone_id: str,
    sector: DemandSector,
    year: int,
    *,
    with_losses: bool = False,
) -> SectorDemand:
    """Annual demand of ``sector`` in ``zone_id`` in ``year``.

    Per-person demand grows at the entry's ``annual_growth`` from the base year (compounded) and is
    multiplied by the zone's population (the scenario's ``population_variant``); the entry's
    ``fixed_mwh`` (demand not driven by residents) is added. Transport splits into EV charging
    (electrified share times ``ev_energy_ratio``) and fuel burnt.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    zone_id : str
        Zone [-].
    sector : DemandSector
        Sector [-].
    year : int
        Year [yr].
    with_losses : bool
        Whether electricity is counted where the grid supplies it, network losses included
        (``consumption / (1 - network_loss_share)``), as the planner needs; False gives it at the
        customers' meters.
    """
    entry = demand_entry_for(scenario, zone_id, sector)
    if entry is None:
        return SectorDemand(zone_id, sector.value, year, 0.0, 0.0, 0.0, None)
    people = zone_population(scenario, zone_id, year, scenario.demand.population_variant)
    years_on = year - scenario.demand.base_year
    total = people * entry.per_capita_mwh * (1.0 + entry.annual_growth) ** years_on
    if entry.fixed_mwh is not None:
        total += interpolate(entry.fixed_mwh, year)
    electricity = heat = fuel = 0.0
    if sector in ELECTRICITY_SECTORS:
        electricity = total
    elif sector is DemandSector.SPACE_HEAT:
        heat = total
    else:
        share = interpolate(entry.electrification or {0: 0.0}, year)
        electricity = total * share * entry.ev_energy_ratio
        fuel = total * (1.0 - share)
    if with_losses:
        electricity /= 1.0 - scenario.demand.network_loss_share
    return SectorDemand(zone_id, sector.value, year, electricity, heat, fuel, entry.fuel)


def demand_table(scenario: Scenario, years: list[int], *, with_losses: bool = True) -> pd.DataFrame:
    """Annual demand of every zone and sector in each of ``years``.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    years : list of int
        Years [yr].
    with_losses : bool
        Whether electricity includes the network losses (what the grid must supply, the default,
        as the planner uses it) or not (what customers' meters record).

    Returns
    -------
    pandas.DataFrame
        One row per (zone, sector, year) with columns ``electricity_mwh``, ``heat_mwh``,
        ``fuel_mwh`` [MWh/yr] and ``fuel``.
    """
    rows = [
        sector_demand(scenario, zone.id, sector, year, with_losses=with_losses)
        for year in years
        for zone in scenario.zones
        for sector in DemandSector
    ]
    return pd.DataFrame([row.__dict__ for row in rows])


def plant_retirement_year(scenario: Scenario, plant_index: int) -> float:
    """Year an existing plant leaves service: its own, or commissioning plus lifetime [yr]."""
    plant = scenario.plants[plant_index]
    if plant.retirement_year is not None:
        return float(plant.retirement_year)
    lifetime = scenario.technology(plant.technology).lifetime_years
    return plant.commissioning_year + lifetime


def capacity_in_service(scenario: Scenario, year: int, *, committed: bool = True) -> pd.DataFrame:
    """Capacity of existing plants (and committed builds) in service in ``year``.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    year : int
        Year [yr].
    committed : bool
        Whether to include committed builds whose year is at or before ``year``.

    Returns
    -------
    pandas.DataFrame
        Columns ``zone``, ``technology``, ``capacity_mw`` [MW], one row per pair with capacity.
    """
    rows: list[tuple[str, str, float]] = []
    for index, plant in enumerate(scenario.plants):
        if plant.commissioning_year <= year < plant_retirement_year(scenario, index):
            rows.append((plant.zone, plant.technology, plant.capacity_mw))
    if committed:
        for build in scenario.committed:
            if build.technology and build.zone and build.year <= year:
                lifetime = scenario.technology(build.technology).lifetime_years
                if year < build.year + lifetime:
                    rows.append((build.zone, build.technology, build.capacity_mw))
    frame = pd.DataFrame(rows, columns=["zone", "technology", "capacity_mw"])
    return frame.groupby(["zone", "technology"], as_index=False)["capacity_mw"].sum()
