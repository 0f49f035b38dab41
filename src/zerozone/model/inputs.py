"""The numbers the planner optimises over, as labelled arrays built from a scenario.

Dimensions: ``zone``, ``tech``, ``period`` (first year of each investment period),
``build_period`` (the period a vintage is built in), ``day`` and ``hour`` (model time), ``link``,
``market``. Costs are in USD, power in MW, energy in MWh, emissions in t.

Conventions (mirroring PyPSA's multi-period optimisation):

* a vintage built in period ``b`` is available in period ``p`` when ``b <= p < b + lifetime``;
  existing plants and committed builds are available when ``year <= p < retirement``;
* capital costs are annualised with the scenario's discount rate and paid, with fixed O&M, in
  every period the vintage is active, weighted by the period's discounted years;
* operating costs and emissions are per represented year; a period's weight in the objective is
  the sum of its years' discount factors, relative to the first period's first year.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

import numpy as np
import xarray as xr

from zerozone.data.economics import (
    DEFAULT_BATTERY_HOURS,
    HOURS_PER_DAY,
    HOURS_PER_YEAR,
    annuity_factor,
    period_lengths,
    period_objective_weights,
)
from zerozone.data.kinds import RESOURCE_KINDS, spec
from zerozone.data.projections import capacity_in_service, demand_table
from zerozone.data.schema import Scenario, Technology, TechnologyKind
from zerozone.data.series import interpolate, step
from zerozone.model.time import TimeStructure

MIN_AVAILABILITY = 1e-3
"""Availabilities below this are set to zero (numerics; at most 0.1 % of an hour's output)."""


@dataclass(frozen=True)
class ModelInputs:
    """Everything the formulation needs, as labelled arrays (see the module docstring)."""

    scenario: Scenario
    time: TimeStructure
    zones: list[str]
    techs: list[str]
    periods: list[int]
    period_years: xr.DataArray  # [period] yr
    objective_weight: xr.DataArray  # [period] -
    day_weight: xr.DataArray  # [day] d
    kind: dict[str, TechnologyKind]
    existing_capacity: xr.DataArray  # [zone, tech, period] MW
    existing_energy: xr.DataArray  # [zone, tech, period] MWh (batteries)
    can_build: xr.DataArray  # [zone, tech] bool
    potential: xr.DataArray  # [zone, tech] MW, inf if unlimited
    active: xr.DataArray  # [tech, build_period, period] bool
    investment_cost: xr.DataArray  # [tech, build_period] USD/MW over the horizon (discounted)
    energy_investment_cost: xr.DataArray  # [tech, build_period] USD/MWh (batteries)
    overnight_capex: xr.DataArray  # [tech, build_period] USD/MW
    overnight_energy_capex: xr.DataArray  # [tech, build_period] USD/MWh
    fixed_cost_per_year: xr.DataArray  # [tech, build_period] USD/MW/yr (annuity + fixed O&M)
    energy_fixed_cost_per_year: xr.DataArray  # [tech, build_period] USD/MWh/yr
    availability: xr.DataArray  # [zone, tech, day, hour] MW/MW
    inflow: xr.DataArray  # [zone, tech, day, hour] MW/MW (reservoir hydro)
    marginal_cost: xr.DataArray  # [tech, period] USD/MWh of output
    emission_intensity: xr.DataArray  # [tech] t/MWh of output
    efficiency: xr.DataArray  # [tech] -
    storage_hours: xr.DataArray  # [tech] h (pumped hydro, reservoir), 0 otherwise
    build_rate: xr.DataArray  # [tech] MW/yr, inf if unlimited
    electricity_demand: xr.DataArray  # [zone, period, day, hour] MW
    heat_demand: xr.DataArray  # [zone, period, day, hour] MW
    cop: xr.DataArray  # [zone, day, hour] -
    fixed_emissions: xr.DataArray  # [period] t/yr (transport fuel)
    fixed_fuel_cost: xr.DataArray  # [period] USD/yr (transport fuel)
    links: list[str]
    link_from: dict[str, str]
    link_to: dict[str, str]
    link_efficiency: xr.DataArray  # [link] -
    link_existing: xr.DataArray  # [link, period] MW
    link_expandable: xr.DataArray  # [link] bool
    link_investment_cost: xr.DataArray  # [link, build_period] USD/MW (discounted, horizon)
    link_active: xr.DataArray  # [link, build_period, period] bool
    link_overnight_capex: xr.DataArray  # [link] USD/MW
    markets: list[str]
    market_zone: dict[str, str]
    import_capacity: xr.DataArray  # [market, period] MW
    export_capacity: xr.DataArray  # [market, period] MW
    import_price: xr.DataArray  # [market, period] USD/MWh
    export_price: xr.DataArray  # [market, period] USD/MWh
    import_emission_factor: xr.DataArray  # [market, period] t/MWh
    emission_cap: xr.DataArray | None  # [period] t/yr; None without a per-period cap
    emission_budget: float | None  # t over the horizon
    zero_emission_periods: list[int]  # periods at or after the target year
    min_renewable_share: xr.DataArray | None  # [period] -
    value_of_lost_load: float  # USD/MWh

    def techs_of(self, kinds: Set[TechnologyKind]) -> list[str]:
        """Technologies whose kind is in ``kinds``, in scenario order."""
        return [t for t in self.techs if self.kind[t] in kinds]


def _da(values: object, dims: tuple[str, ...], coords: dict[str, list]) -> xr.DataArray:
    return xr.DataArray(
        np.asarray(values, dtype=float), dims=dims, coords={d: coords[d] for d in dims}
    )


def _existing(
    scenario: Scenario, zones: list[str], techs: list[str], periods: list[int]
) -> np.ndarray:
    values = np.zeros((len(zones), len(techs), len(periods)))
    for k, period in enumerate(periods):
        table = capacity_in_service(scenario, period)
        for row in table.itertuples():
            values[zones.index(str(row.zone)), techs.index(str(row.technology)), k] += float(
                row.capacity_mw
            )
    return values


def _capex(tech: Technology, year: int) -> float:
    return interpolate(tech.capex_usd_per_kw, year) * 1000.0


def build_inputs(scenario: Scenario, time: TimeStructure) -> ModelInputs:
    """Assemble the planner's arrays from a scenario and its time structure.

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    time : TimeStructure
        Model days and their profiles (columns ``(zone, profile)``).

    Returns
    -------
    ModelInputs
    """
    policy = scenario.policy
    rate = policy.discount_rate
    zones = [z.id for z in scenario.zones]
    techs = [t.id for t in scenario.technologies]
    periods = list(policy.periods)
    lengths = period_lengths(periods, policy.last_period_years)
    weights = period_objective_weights(periods, lengths, rate)
    days = list(range(time.n_days))
    hours = list(range(HOURS_PER_DAY))
    coords: dict[str, list] = {
        "zone": zones,
        "tech": techs,
        "period": periods,
        "build_period": periods,
        "day": days,
        "hour": hours,
    }
    kind = {t.id: t.kind for t in scenario.technologies}

    # Capacity in service and where new capacity may go.
    existing = _existing(scenario, zones, techs, periods)
    energy = np.zeros_like(existing)
    for j, tech in enumerate(scenario.technologies):
        if spec(tech.kind).energy_capacity:
            energy[:, j, :] = existing[:, j, :] * (tech.storage_hours or DEFAULT_BATTERY_HOURS)
    potential = np.full((len(zones), len(techs)), np.inf)
    for record in scenario.potentials:
        potential[zones.index(record.zone), techs.index(record.technology)] = record.max_capacity_mw
    can_build = np.ones_like(potential, dtype=bool)
    for j, tech in enumerate(scenario.technologies):
        if tech.kind in RESOURCE_KINDS:
            can_build[:, j] = np.isfinite(potential[:, j]) & (potential[:, j] > 0)

    # Vintages and their costs.
    active = np.zeros((len(techs), len(periods), len(periods)), dtype=bool)
    capex = np.zeros((len(techs), len(periods)))
    energy_capex = np.zeros_like(capex)
    fixed = np.zeros_like(capex)
    energy_fixed = np.zeros_like(capex)
    for j, tech in enumerate(scenario.technologies):
        factor = annuity_factor(rate, tech.lifetime_years)
        for b, built in enumerate(periods):
            active[j, b, :] = [built <= p < built + tech.lifetime_years for p in periods]
            capex[j, b] = _capex(tech, built)
            fixed[j, b] = capex[j, b] * (factor + tech.fixed_om_share)
            if tech.energy_capex_usd_per_kwh is not None:
                energy_capex[j, b] = interpolate(tech.energy_capex_usd_per_kwh, built) * 1000.0
                energy_fixed[j, b] = energy_capex[j, b] * (factor + tech.fixed_om_share)
    horizon_weight = (active * weights[None, None, :]).sum(axis=2)
    investment_cost = fixed * horizon_weight
    energy_investment_cost = energy_fixed * horizon_weight

    # Operation.
    availability = np.ones((len(zones), len(techs), time.n_days, HOURS_PER_DAY))
    inflow = np.zeros_like(availability)
    for i, zone in enumerate(zones):
        for j, tech in enumerate(scenario.technologies):
            if tech.kind is TechnologyKind.SOLAR:
                availability[i, j] = time.profile(zone, f"pv:{tech.id}")
            elif tech.kind is TechnologyKind.WIND:
                availability[i, j] = time.profile(zone, "wind")
            elif tech.kind is TechnologyKind.HYDRO_RUN_OF_RIVER:
                availability[i, j] = np.minimum(time.profile(zone, "hydro_inflow"), 1.0)
            elif tech.kind is TechnologyKind.HYDRO_RESERVOIR:
                inflow[i, j] = time.profile(zone, "hydro_inflow")
    # Tiny availabilities (solar at dawn) only hurt the solver's numerics: round them to zero.
    availability[availability < MIN_AVAILABILITY] = 0.0
    inflow[inflow < MIN_AVAILABILITY] = 0.0
    marginal = np.zeros((len(techs), len(periods)))
    intensity = np.zeros(len(techs))
    for j, tech in enumerate(scenario.technologies):
        marginal[j, :] = tech.variable_om_usd_per_mwh
        if tech.fuel is not None:
            fuel = scenario.fuel(tech.fuel)
            marginal[j, :] += [
                interpolate(fuel.price_usd_per_mwh, p) / tech.efficiency for p in periods
            ]
            intensity[j] = fuel.emission_factor_t_per_mwh / tech.efficiency

    # Demand (computed once; the fuel part of transport is read from the same rows below).
    demand_rows = demand_table(scenario, periods)
    table = demand_rows.groupby(["zone", "year", "sector"]).sum(numeric_only=True)
    electricity = np.zeros((len(zones), len(periods), time.n_days, HOURS_PER_DAY))
    heat = np.zeros_like(electricity)
    fixed_emissions = np.zeros(len(periods))
    fixed_fuel_cost = np.zeros(len(periods))
    shapes = {
        "residential": "demand_residential",
        "services": "demand_services",
        "industry_agriculture": "demand_industry_agriculture",
        "transport": "ev_charging",
    }
    for i, zone in enumerate(zones):
        for k, period in enumerate(periods):
            for sector, profile in shapes.items():
                annual = float(table.loc[(zone, period, sector), "electricity_mwh"])
                electricity[i, k] += annual / HOURS_PER_YEAR * time.profile(zone, profile)
            annual_heat = float(table.loc[(zone, period, "space_heat"), "heat_mwh"])
            heat[i, k] = annual_heat * time.profile(zone, "heat_demand")
    for row in demand_rows.itertuples():
        if row.fuel_mwh and row.fuel:
            fuel = scenario.fuel(str(row.fuel))
            k = periods.index(int(row.year))
            fixed_emissions[k] += float(row.fuel_mwh) * fuel.emission_factor_t_per_mwh
            fixed_fuel_cost[k] += float(row.fuel_mwh) * interpolate(
                fuel.price_usd_per_mwh, int(row.year)
            )
    cop = np.stack([time.profile(zone, "heat_pump_cop") for zone in zones])

    # Links.
    links = [link.id for link in scenario.links]
    link_existing = np.zeros((len(links), len(periods)))
    link_cost = np.zeros((len(links), len(periods)))
    link_active = np.zeros((len(links), len(periods), len(periods)), dtype=bool)
    link_capex = np.zeros(len(links))
    for n, link in enumerate(scenario.links):
        link_existing[n] = [step(link.capacity_mw, p) for p in periods]
        for build in scenario.committed:
            if build.link == link.id:
                link_existing[n] += [build.capacity_mw if build.year <= p else 0.0 for p in periods]
        link_capex[n] = link.capex_usd_per_mw_km * link.length_km
        factor = annuity_factor(rate, link.lifetime_years)
        for b, built in enumerate(periods):
            link_active[n, b, :] = [built <= p < built + link.lifetime_years for p in periods]
            link_cost[n, b] = link_capex[n] * factor * float((link_active[n, b] * weights).sum())

    # Markets.
    markets = [market.id for market in scenario.markets]

    def by_period(series_of: str, reader: object) -> np.ndarray:
        return np.array(
            [
                [reader(getattr(m, series_of), p) for p in periods]  # type: ignore[operator]
                for m in scenario.markets
            ]
        ).reshape(len(markets), len(periods))

    # Policy.
    cap = policy.emission_cap
    cap_values: np.ndarray | None = None
    budget: float | None = None
    if cap.shape == "linear" and cap.start_year is not None and cap.start_t is not None:
        series = {cap.start_year: cap.start_t, policy.target_year: 0.0}
        cap_values = np.array([interpolate(series, p) for p in periods])
    elif cap.shape == "explicit" and cap.values_t is not None:
        cap_values = np.array([interpolate(cap.values_t, p) for p in periods])
    elif cap.shape == "budget":
        budget = cap.budget_t
    zero_periods = [p for p in periods if p >= policy.target_year] if cap.shape != "none" else []
    share = policy.min_renewable_share

    link_coords = {**coords, "link": links}
    market_coords = {**coords, "market": markets}
    return ModelInputs(
        scenario=scenario,
        time=time,
        zones=zones,
        techs=techs,
        periods=periods,
        period_years=_da(lengths, ("period",), coords),
        objective_weight=_da(weights, ("period",), coords),
        day_weight=_da(time.day_weight, ("day",), coords),
        kind=kind,
        existing_capacity=_da(existing, ("zone", "tech", "period"), coords),
        existing_energy=_da(energy, ("zone", "tech", "period"), coords),
        can_build=_da(can_build, ("zone", "tech"), coords).astype(bool),
        potential=_da(potential, ("zone", "tech"), coords),
        active=_da(active, ("tech", "build_period", "period"), coords).astype(bool),
        investment_cost=_da(investment_cost, ("tech", "build_period"), coords),
        energy_investment_cost=_da(energy_investment_cost, ("tech", "build_period"), coords),
        overnight_capex=_da(capex, ("tech", "build_period"), coords),
        overnight_energy_capex=_da(energy_capex, ("tech", "build_period"), coords),
        fixed_cost_per_year=_da(fixed, ("tech", "build_period"), coords),
        energy_fixed_cost_per_year=_da(energy_fixed, ("tech", "build_period"), coords),
        availability=_da(availability, ("zone", "tech", "day", "hour"), coords),
        inflow=_da(inflow, ("zone", "tech", "day", "hour"), coords),
        marginal_cost=_da(marginal, ("tech", "period"), coords),
        emission_intensity=_da(intensity, ("tech",), coords),
        efficiency=_da([t.efficiency for t in scenario.technologies], ("tech",), coords),
        storage_hours=_da(
            [t.storage_hours or 0.0 for t in scenario.technologies], ("tech",), coords
        ),
        build_rate=_da(
            [
                np.inf if t.max_build_mw_per_year is None else t.max_build_mw_per_year
                for t in scenario.technologies
            ],
            ("tech",),
            coords,
        ),
        electricity_demand=_da(electricity, ("zone", "period", "day", "hour"), coords),
        heat_demand=_da(heat, ("zone", "period", "day", "hour"), coords),
        cop=_da(cop, ("zone", "day", "hour"), coords),
        fixed_emissions=_da(fixed_emissions, ("period",), coords),
        fixed_fuel_cost=_da(fixed_fuel_cost, ("period",), coords),
        links=links,
        link_from={link.id: link.from_zone for link in scenario.links},
        link_to={link.id: link.to_zone for link in scenario.links},
        link_efficiency=_da([link.efficiency for link in scenario.links], ("link",), link_coords),
        link_existing=_da(link_existing, ("link", "period"), link_coords),
        link_expandable=_da(
            [link.expandable for link in scenario.links], ("link",), link_coords
        ).astype(bool),
        link_investment_cost=_da(link_cost, ("link", "build_period"), link_coords),
        link_active=_da(link_active, ("link", "build_period", "period"), link_coords).astype(bool),
        link_overnight_capex=_da(link_capex, ("link",), link_coords),
        markets=markets,
        market_zone={m.id: m.zone for m in scenario.markets},
        import_capacity=_da(
            by_period("import_capacity_mw", step), ("market", "period"), market_coords
        ),
        export_capacity=_da(
            by_period("export_capacity_mw", step), ("market", "period"), market_coords
        ),
        import_price=_da(
            by_period("import_price_usd_per_mwh", interpolate), ("market", "period"), market_coords
        ),
        export_price=_da(
            by_period("export_price_usd_per_mwh", interpolate), ("market", "period"), market_coords
        ),
        import_emission_factor=_da(
            by_period("emission_factor_t_per_mwh", interpolate), ("market", "period"), market_coords
        ),
        emission_cap=None if cap_values is None else _da(cap_values, ("period",), coords),
        emission_budget=budget,
        zero_emission_periods=zero_periods,
        min_renewable_share=None
        if share is None
        else _da([interpolate(share, p) for p in periods], ("period",), coords),
        value_of_lost_load=policy.value_of_lost_load_usd_per_mwh,
    )
