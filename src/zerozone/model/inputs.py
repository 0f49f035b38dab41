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

from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Any

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
from zerozone.data.schema import Market, Scenario, TechnologyKind
from zerozone.data.series import interpolate, step
from zerozone.model.time import TimeStructure

KEPT_DAY_SHED_FACTOR = 100.0
"""How many times the value of lost load demand left unserved costs on a day kept as it is [-]:
an extreme day (peak load, coldest, least renewable) or a day the hourly check found an earlier
plan short on (:mod:`zerozone.model.adequacy`). Such a day weighs one calendar day, and at the
value of lost load alone shedding a few hours of one day is cheaper than a year of capacity, so
the plan would shed on the very days kept to be served; a hundredfold makes serving them the
least-cost answer wherever any build can (a reliability standard, as the hourly check's
tolerance states it), while an hour no build can serve still sheds instead of making the plan
infeasible. An assumption of the method, not a cost: the ``costs`` table values unserved demand
at the value of lost load."""
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
    import_price: xr.DataArray  # [market, period, hour] USD/MWh
    export_price: xr.DataArray  # [market, period, hour] USD/MWh
    import_emission_factor: xr.DataArray  # [market, period] t/MWh
    market_buildable: xr.DataArray  # [market, period] bool: interconnector may be built
    market_max_expansion: xr.DataArray  # [market] MW, inf without an interconnector
    market_investment_cost: xr.DataArray  # [market, build_period] USD/MW (discounted, horizon)
    market_active: xr.DataArray  # [market, build_period, period] bool
    market_overnight_capex: xr.DataArray  # [market] USD/MW
    market_fixed_cost_per_year: xr.DataArray  # [market] USD/MW/yr (annuity + fixed O&M)
    emission_cap: xr.DataArray | None  # [period] t/yr; None without a per-period cap
    emission_budget: float | None  # t over the horizon
    zero_emission_periods: list[int]  # periods at or after the target year
    min_renewable_share: xr.DataArray | None  # [period] -
    value_of_lost_load: float  # USD/MWh
    unserved_weight: xr.DataArray  # [day] d: day_weight, x KEPT_DAY_SHED_FACTOR on kept days

    def techs_of(self, kinds: Set[TechnologyKind]) -> list[str]:
        """Technologies whose kind is in ``kinds``, in scenario order."""
        return [t for t in self.techs if self.kind[t] in kinds]


Fields = dict[str, Any]
"""Some of :class:`ModelInputs`' fields by name, as one concern assembles them."""


@dataclass(frozen=True)
class _Axes:
    """The labels of every dimension and the scenario's economics."""

    scenario: Scenario
    time: TimeStructure
    coords: dict[str, list]
    lengths: np.ndarray  # [period] yr
    weights: np.ndarray  # [period] discounted years

    @classmethod
    def of(cls, scenario: Scenario, time: TimeStructure) -> _Axes:
        policy = scenario.policy
        periods = list(policy.periods)
        lengths = period_lengths(periods, policy.last_period_years)
        coords: dict[str, list] = {
            "zone": [z.id for z in scenario.zones],
            "tech": [t.id for t in scenario.technologies],
            "period": periods,
            "build_period": periods,
            "day": list(range(time.n_days)),
            "hour": list(range(HOURS_PER_DAY)),
            "link": [link.id for link in scenario.links],
            "market": [market.id for market in scenario.markets],
        }
        weights = period_objective_weights(periods, lengths, policy.discount_rate)
        return cls(scenario, time, coords, lengths, weights)

    @property
    def zones(self) -> list[str]:
        return self.coords["zone"]

    @property
    def techs(self) -> list[str]:
        return self.coords["tech"]

    @property
    def periods(self) -> list[int]:
        return self.coords["period"]

    def da(self, values: object, *dims: str) -> xr.DataArray:
        """``values`` as a float array over ``dims`` with their labels."""
        return xr.DataArray(
            np.asarray(values, dtype=float), dims=dims, coords={d: self.coords[d] for d in dims}
        )


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
    axes = _Axes.of(scenario, time)
    return ModelInputs(
        scenario=scenario,
        time=time,
        zones=axes.zones,
        techs=axes.techs,
        periods=axes.periods,
        period_years=axes.da(axes.lengths, "period"),
        objective_weight=axes.da(axes.weights, "period"),
        day_weight=axes.da(time.day_weight, "day"),
        kind={t.id: t.kind for t in scenario.technologies},
        value_of_lost_load=scenario.policy.value_of_lost_load_usd_per_mwh,
        unserved_weight=axes.da(_unserved_weight(time), "day"),
        **_capacity(axes),
        **_vintages(axes),
        **_operation(axes),
        **_demand(axes),
        **_links(axes),
        **_markets(axes),
        **_policy(axes),
    )


def _unserved_weight(time: TimeStructure) -> np.ndarray:
    """Calendar days each model day's unserved demand counts for in the objective [d]: its
    weight, multiplied by :data:`KEPT_DAY_SHED_FACTOR` on the days kept as they are (extreme
    days and the days the hourly check found an earlier plan short on)."""
    weight = np.asarray(time.day_weight, dtype=float).copy()
    weight[time.kept_days] *= KEPT_DAY_SHED_FACTOR
    return weight


def _capacity(axes: _Axes) -> Fields:
    """Capacity in service and where new capacity may go: ``existing_capacity``,
    ``existing_energy``, ``potential``, ``can_build``."""
    scenario, zones, techs = axes.scenario, axes.zones, axes.techs
    existing = np.zeros((len(zones), len(techs), len(axes.periods)))
    for k, period in enumerate(axes.periods):
        for row in capacity_in_service(scenario, period).itertuples():
            existing[zones.index(str(row.zone)), techs.index(str(row.technology)), k] += float(
                row.capacity_mw
            )
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
    return {
        "existing_capacity": axes.da(existing, "zone", "tech", "period"),
        "existing_energy": axes.da(energy, "zone", "tech", "period"),
        "can_build": axes.da(can_build, "zone", "tech").astype(bool),
        "potential": axes.da(potential, "zone", "tech"),
        "build_rate": axes.da(
            [
                np.inf if t.max_build_mw_per_year is None else t.max_build_mw_per_year
                for t in scenario.technologies
            ],
            "tech",
        ),
    }


def _vintages(axes: _Axes) -> Fields:
    """Vintages and their costs: ``active``, overnight capex, annual fixed cost (annuity and
    fixed O&M) and the investment cost over the horizon, for power and energy."""
    scenario, periods = axes.scenario, axes.periods
    rate = scenario.policy.discount_rate
    active = np.zeros((len(axes.techs), len(periods), len(periods)), dtype=bool)
    capex = np.zeros((len(axes.techs), len(periods)))
    energy_capex = np.zeros_like(capex)
    fixed = np.zeros_like(capex)
    energy_fixed = np.zeros_like(capex)
    for j, tech in enumerate(scenario.technologies):
        factor = annuity_factor(rate, tech.lifetime_years)
        for b, built in enumerate(periods):
            active[j, b, :] = [built <= p < built + tech.lifetime_years for p in periods]
            capex[j, b] = interpolate(tech.capex_usd_per_kw, built) * 1000.0
            fixed[j, b] = capex[j, b] * (factor + tech.fixed_om_share)
            if tech.energy_capex_usd_per_kwh is not None:
                energy_capex[j, b] = interpolate(tech.energy_capex_usd_per_kwh, built) * 1000.0
                energy_fixed[j, b] = energy_capex[j, b] * (factor + tech.fixed_om_share)
    horizon_weight = (active * axes.weights[None, None, :]).sum(axis=2)
    by_build = ("tech", "build_period")
    return {
        "active": axes.da(active, "tech", "build_period", "period").astype(bool),
        "investment_cost": axes.da(fixed * horizon_weight, *by_build),
        "energy_investment_cost": axes.da(energy_fixed * horizon_weight, *by_build),
        "overnight_capex": axes.da(capex, *by_build),
        "overnight_energy_capex": axes.da(energy_capex, *by_build),
        "fixed_cost_per_year": axes.da(fixed, *by_build),
        "energy_fixed_cost_per_year": axes.da(energy_fixed, *by_build),
    }


def _operation(axes: _Axes) -> Fields:
    """Hourly ``availability`` and reservoir ``inflow``, ``marginal_cost`` (fuel and variable
    O&M), ``emission_intensity``, ``efficiency`` and ``storage_hours``."""
    scenario, time, periods = axes.scenario, axes.time, axes.periods
    availability = np.ones((len(axes.zones), len(axes.techs), time.n_days, HOURS_PER_DAY))
    inflow = np.zeros_like(availability)
    for i, zone in enumerate(axes.zones):
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
    marginal = np.zeros((len(axes.techs), len(periods)))
    intensity = np.zeros(len(axes.techs))
    for j, tech in enumerate(scenario.technologies):
        marginal[j, :] = tech.variable_om_usd_per_mwh
        if tech.fuel is not None:
            fuel = scenario.fuel(tech.fuel)
            marginal[j, :] += [
                interpolate(fuel.price_usd_per_mwh, p) / tech.efficiency for p in periods
            ]
            intensity[j] = fuel.emission_factor_t_per_mwh / tech.efficiency
    technologies = scenario.technologies
    return {
        "availability": axes.da(availability, "zone", "tech", "day", "hour"),
        "inflow": axes.da(inflow, "zone", "tech", "day", "hour"),
        "marginal_cost": axes.da(marginal, "tech", "period"),
        "emission_intensity": axes.da(intensity, "tech"),
        "efficiency": axes.da([t.efficiency for t in technologies], "tech"),
        "storage_hours": axes.da([t.storage_hours or 0.0 for t in technologies], "tech"),
    }


DEMAND_SHAPES = {
    "residential": "demand_residential",
    "services": "demand_services",
    "industry_agriculture": "demand_industry_agriculture",
    "transport": "ev_charging",
}
"""The hourly profile that shapes each sector's electricity demand."""


def _demand(axes: _Axes) -> Fields:
    """Hourly ``electricity_demand`` and ``heat_demand``, heat pumps' ``cop``, and the transport
    fuel no investment removes (``fixed_emissions``, ``fixed_fuel_cost``)."""
    scenario, time, zones, periods = axes.scenario, axes.time, axes.zones, axes.periods
    # Computed once; the fuel part of transport is read from the same rows below.
    demand_rows = demand_table(scenario, periods)
    table = demand_rows.groupby(["zone", "year", "sector"]).sum(numeric_only=True)
    electricity = np.zeros((len(zones), len(periods), time.n_days, HOURS_PER_DAY))
    heat = np.zeros_like(electricity)
    for i, zone in enumerate(zones):
        for k, period in enumerate(periods):
            for sector, profile in DEMAND_SHAPES.items():
                annual = float(table.loc[(zone, period, sector), "electricity_mwh"])
                electricity[i, k] += annual / HOURS_PER_YEAR * time.profile(zone, profile)
            annual_heat = float(table.loc[(zone, period, "space_heat"), "heat_mwh"])
            heat[i, k] = annual_heat * time.profile(zone, "heat_demand")
    fixed_emissions = np.zeros(len(periods))
    fixed_fuel_cost = np.zeros(len(periods))
    for row in demand_rows.itertuples():
        if row.fuel_mwh and row.fuel:
            fuel = scenario.fuel(str(row.fuel))
            k = periods.index(int(row.year))
            fixed_emissions[k] += float(row.fuel_mwh) * fuel.emission_factor_t_per_mwh
            fixed_fuel_cost[k] += float(row.fuel_mwh) * interpolate(
                fuel.price_usd_per_mwh, int(row.year)
            )
    cop = np.stack([time.profile(zone, "heat_pump_cop") for zone in zones])
    return {
        "electricity_demand": axes.da(electricity, "zone", "period", "day", "hour"),
        "heat_demand": axes.da(heat, "zone", "period", "day", "hour"),
        "cop": axes.da(cop, "zone", "day", "hour"),
        "fixed_emissions": axes.da(fixed_emissions, "period"),
        "fixed_fuel_cost": axes.da(fixed_fuel_cost, "period"),
    }


def _vintages_of(
    axes: _Axes, lifetime: float, fixed_cost_per_year: float
) -> tuple[np.ndarray, np.ndarray]:
    """Vintages of a transfer capacity (a link, an interconnector) built in each period.

    Returns
    -------
    tuple of numpy.ndarray
        ``active[build_period, period]`` whether a vintage serves [-], and its cost over the
        horizon per MW built in each period: ``fixed_cost_per_year`` (annuity and fixed O&M
        [USD/MW/yr]) times the discounted years it serves [USD/MW].
    """
    periods = axes.periods
    active = np.array([[b <= p < b + lifetime for p in periods] for b in periods], dtype=bool)
    cost = np.array([fixed_cost_per_year * float((row * axes.weights).sum()) for row in active])
    return active.reshape(len(periods), len(periods)), cost


def _links(axes: _Axes) -> Fields:
    """Links between zones: ends, efficiency, existing and committed capacity, vintages and
    their investment cost over the horizon."""
    scenario, periods = axes.scenario, axes.periods
    links = scenario.links
    existing = np.zeros((len(links), len(periods)))
    cost = np.zeros((len(links), len(periods)))
    active = np.zeros((len(links), len(periods), len(periods)), dtype=bool)
    capex = np.zeros(len(links))
    for n, link in enumerate(links):
        existing[n] = [step(link.capacity_mw, p) for p in periods]
        for build in scenario.committed:
            if build.link == link.id:
                existing[n] += [build.capacity_mw if build.year <= p else 0.0 for p in periods]
        capex[n] = link.capex_usd_per_mw_km * link.length_km
        factor = annuity_factor(scenario.policy.discount_rate, link.lifetime_years)
        active[n], cost[n] = _vintages_of(axes, link.lifetime_years, capex[n] * factor)
    return {
        "links": axes.coords["link"],
        "link_from": {link.id: link.from_zone for link in links},
        "link_to": {link.id: link.to_zone for link in links},
        "link_efficiency": axes.da([link.efficiency for link in links], "link"),
        "link_existing": axes.da(existing, "link", "period"),
        "link_expandable": axes.da([link.expandable for link in links], "link").astype(bool),
        "link_investment_cost": axes.da(cost, "link", "build_period"),
        "link_active": axes.da(active, "link", "build_period", "period").astype(bool),
        "link_overnight_capex": axes.da(capex, "link"),
    }


def _markets(axes: _Axes) -> Fields:
    """Markets: zone, import and export capacities per period, hourly prices (the annual mean
    times the hour-of-day shape) per period, import emission factors, and the interconnector
    the planner may build (where, up to what, its vintages and costs)."""
    markets, periods = axes.scenario.markets, axes.periods

    def by_period(series_of: str, reader: Callable[[Any, int], float]) -> xr.DataArray:
        values = np.array(
            [[reader(getattr(m, series_of), p) for p in periods] for m in markets]
        ).reshape(len(markets), len(periods))
        return axes.da(values, "market", "period")

    def hourly(prices_of: Callable[[Market, int], np.ndarray]) -> xr.DataArray:
        values = np.array([[prices_of(m, p) for p in periods] for m in markets])
        return axes.da(values.reshape(len(markets), len(periods), HOURS_PER_DAY), *_HOURLY)

    buildable = np.zeros((len(markets), len(periods)), dtype=bool)
    most = np.full(len(markets), np.inf)
    cost = np.zeros((len(markets), len(periods)))
    active = np.zeros((len(markets), len(periods), len(periods)), dtype=bool)
    capex = np.zeros(len(markets))
    fixed = np.zeros(len(markets))
    for n, market in enumerate(markets):
        line = market.interconnector
        if line is None:
            continue
        buildable[n] = [p >= line.from_year for p in periods]
        most[n] = line.max_capacity_mw
        capex[n] = line.overnight_usd_per_mw
        factor = annuity_factor(axes.scenario.policy.discount_rate, line.lifetime_years)
        fixed[n] = capex[n] * (factor + line.fixed_om_share)
        active[n], cost[n] = _vintages_of(axes, line.lifetime_years, fixed[n])
    return {
        "markets": axes.coords["market"],
        "market_zone": {m.id: m.zone for m in markets},
        "import_capacity": by_period("import_capacity_mw", step),
        "export_capacity": by_period("export_capacity_mw", step),
        "import_price": hourly(Market.import_prices),
        "export_price": hourly(Market.export_prices),
        "import_emission_factor": by_period("emission_factor_t_per_mwh", interpolate),
        "market_buildable": axes.da(buildable, "market", "period").astype(bool),
        "market_max_expansion": axes.da(most, "market"),
        "market_investment_cost": axes.da(cost, "market", "build_period"),
        "market_active": axes.da(active, "market", "build_period", "period").astype(bool),
        "market_overnight_capex": axes.da(capex, "market"),
        "market_fixed_cost_per_year": axes.da(fixed, "market"),
    }


_HOURLY = ("market", "period", "hour")
"""Dimensions of hourly market prices."""


def _policy(axes: _Axes) -> Fields:
    """The emission cap per period (or a budget over the horizon), the periods that must be
    zero-emission, and the minimum renewable share."""
    policy, periods = axes.scenario.policy, axes.periods
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
    share = policy.min_renewable_share
    return {
        "emission_cap": None if cap_values is None else axes.da(cap_values, "period"),
        "emission_budget": budget,
        "zero_emission_periods": (
            [p for p in periods if p >= policy.target_year] if cap.shape != "none" else []
        ),
        "min_renewable_share": (
            None if share is None else axes.da([interpolate(share, p) for p in periods], "period")
        ),
    }
