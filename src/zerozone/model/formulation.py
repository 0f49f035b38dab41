"""The planning problem as a linopy model.

Variables (dimensions in brackets; masked where a technology cannot exist in a zone):

* ``build[zone, tech, period]`` new power capacity built at the start of a period [MW];
  ``build_energy`` the energy capacity of batteries [MWh]; ``build_link[link, period]`` [MW];
* ``capacity[zone, tech, period]`` power capacity in service: existing plus active vintages [MW];
  ``energy_capacity`` for batteries [MWh];
* ``dispatch[zone, tech, period, day, hour]`` electricity output of generators and reservoir
  hydro, one variable per technology and period for all vintages together [MW];
* ``charge``/``discharge`` of storage [MW]; ``spill`` of reservoirs [MW];
* ``heat[zone, tech, period, day, hour]`` heat output of heat technologies [MW];
* ``flow_forward``/``flow_backward[link, ...]``, ``imports``/``exports[market, ...]`` [MW];
* ``shed`` and ``heat_shed[zone, period, day, hour]`` demand not served [MW];
* ``level_daily`` content of stores that cycle within each model day (batteries and short stores
  with representative days) [MWh];
* ``level_storage``/``level_reservoir`` content within a model day above a base, with
  ``..._initial`` (start of the model day), ``..._max`` (the day's highest point) and ``..._base``
  (per calendar day, cyclic over the calendar) [MWh]: after Kotzur et al. (2018), carrying
  storage across the year through the calendar-day-to-model-day map; all non-negative;
* ``emissions_day`` (and ``renewable_day``/``generation_day``) per-day subtotals that keep the
  period-wide rows short [t, MWh].

Elastic mode adds non-negative slack to the emission cap (or budget), potentials, build-rate
limits and the renewable share, priced at :data:`SLACK_PENALTY`, so that an infeasible plan can
be explained.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import linopy
import numpy as np
import pandas as pd
import xarray as xr
from linopy.config import LinopySemanticsWarning

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.data.kinds import GENERATOR_KINDS
from zerozone.data.schema import TechnologyKind
from zerozone.model.inputs import ModelInputs

SLACK_PENALTY = {
    "emission_cap": 1e4,  # USD per t/yr of cap exceeded, per weighted year
    "renewable_share": 1e4,  # USD per MWh/yr below the renewable share, per weighted year
    "potential": 1e10,  # USD per MW beyond a potential
    "build_rate": 1e10,  # USD per MW beyond a build-rate limit
}
"""Penalties of the elastic slacks; large against any real cost so they are used last. Physical
limits (potentials, build rates) give only where relaxing the targets cannot restore
feasibility, so that an explanation names the target that cannot be met and, separately, the
limits that bind."""

DAILY_STORAGE_HOURS = 24.0
"""With representative days, stores of at most this energy per power cycle within each day [h].
(On the default this left the objective unchanged and cut the solve from 78 to 63 s.)"""

STORAGE_KINDS = {TechnologyKind.BATTERY, TechnologyKind.PUMPED_HYDRO}
HEAT_KINDS = {TechnologyKind.HEAT_PUMP, TechnologyKind.GAS_BOILER, TechnologyKind.RESISTIVE_HEATER}
RENEWABLE_KINDS = {
    TechnologyKind.SOLAR,
    TechnologyKind.WIND,
    TechnologyKind.HYDRO_RUN_OF_RIVER,
    TechnologyKind.HYDRO_RESERVOIR,
}


@dataclass
class PlanningModel:
    """A built linopy model with the inputs it was built from."""

    model: linopy.Model
    inputs: ModelInputs
    elastic: bool
    generators: list[str]
    storage: list[str]
    reservoirs: list[str]
    heaters: list[str]


def _mask(inputs: ModelInputs, techs: list[str], present: xr.DataArray) -> xr.DataArray:
    return present.sel(tech=techs)


def _weighted(
    expr: linopy.LinearExpression | linopy.Variable, inputs: ModelInputs
) -> linopy.LinearExpression:
    """Annual total of an hourly quantity: sum over hours and days times each day's weight."""
    return (expr * inputs.day_weight).sum(["day", "hour"])


def build_model(inputs: ModelInputs, *, elastic: bool = False) -> PlanningModel:
    """Formulate the planning problem.

    Parameters
    ----------
    inputs : ModelInputs
        The arrays of the scenario.
    elastic : bool
        Add priced slack to the caps, potentials, build-rate limits and renewable share.

    Returns
    -------
    PlanningModel
    """
    with warnings.catch_warnings():
        # Absent (masked) slots contribute zero to sums: linopy's legacy semantics, relied on.
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        return _build(inputs, elastic)


def _build(inputs: ModelInputs, elastic: bool) -> PlanningModel:
    m = linopy.Model(force_dim_names=True)
    kind = inputs.kind
    zone_index = pd.Index(inputs.zones, name="zone")
    tech_index = pd.Index(inputs.techs, name="tech")
    periods = pd.Index(inputs.periods, name="period")
    days = pd.Index(range(inputs.time.n_days), name="day")
    hour_index = pd.Index(range(HOURS_PER_DAY), name="hour")
    generators = inputs.techs_of(GENERATOR_KINDS)
    reservoirs = inputs.techs_of({TechnologyKind.HYDRO_RESERVOIR})
    storage = inputs.techs_of(STORAGE_KINDS)
    heaters = inputs.techs_of(HEAT_KINDS)
    batteries = inputs.techs_of({TechnologyKind.BATTERY})

    # A technology exists in a zone when it has capacity in some period or may be built there.
    present = (inputs.existing_capacity.max("period") > 0) | inputs.can_build
    buildable = inputs.can_build.broadcast_like(inputs.existing_capacity).transpose(
        "zone", "tech", "period"
    )

    # --- capacity ------------------------------------------------------------------------
    build = m.add_variables(
        lower=0, coords=[zone_index, tech_index, periods], name="build", mask=buildable
    )
    vintages = (build.rename(period="build_period") * inputs.active).sum("build_period")
    capacity = m.add_variables(
        lower=0,
        coords=build.coords,
        name="capacity",
        mask=present.broadcast_like(buildable).transpose(*buildable.dims),
    )
    m.add_constraints(
        capacity - vintages == inputs.existing_capacity,
        name="capacity_balance",
        mask=present.broadcast_like(buildable).transpose(*buildable.dims),
    )
    cost = (build.rename(period="build_period") * inputs.investment_cost).sum()

    potential_slack = None
    finite = (inputs.potential < np.inf) & present
    if bool(finite.any()):
        # Capacity already in service above a potential (older data, a stricter potential) is
        # kept: the potential then only stops new builds.
        rhs = np.maximum(inputs.potential.where(finite, 0.0), inputs.existing_capacity)
        lhs: linopy.LinearExpression = 1 * capacity.where(finite)
        if elastic:
            potential_slack = m.add_variables(
                lower=0, coords=[zone_index, tech_index], name="slack_potential", mask=finite
            )
            lhs = lhs - potential_slack
            cost = cost + SLACK_PENALTY["potential"] * potential_slack.sum()
        m.add_constraints(lhs <= rhs, name="potential", mask=finite.broadcast_like(buildable))

    limited = inputs.build_rate < np.inf
    if bool(limited.any()):
        rate_techs = [t for t in inputs.techs if bool(limited.sel(tech=t))]
        built: linopy.LinearExpression = build.sel(tech=rate_techs).sum("zone")
        limit = inputs.build_rate.sel(tech=rate_techs) * inputs.period_years
        if elastic:
            rate_slack = m.add_variables(
                lower=0,
                coords=[pd.Index(rate_techs, name="tech"), periods],
                name="slack_build_rate",
            )
            built = built - rate_slack
            cost = cost + SLACK_PENALTY["build_rate"] * rate_slack.sum()
        m.add_constraints(built <= limit, name="build_rate")

    energy_capacity = None
    if batteries:
        battery_mask = buildable.sel(tech=batteries)
        build_energy = m.add_variables(
            lower=0, coords=battery_mask.coords, name="build_energy", mask=battery_mask
        )
        present_b = (
            present.sel(tech=batteries).broadcast_like(battery_mask).transpose(*battery_mask.dims)
        )
        energy_capacity = m.add_variables(
            lower=0, coords=battery_mask.coords, name="energy_capacity", mask=present_b
        )
        energy_vintages = (
            build_energy.rename(period="build_period") * inputs.active.sel(tech=batteries)
        ).sum("build_period")
        m.add_constraints(
            energy_capacity - energy_vintages == inputs.existing_energy.sel(tech=batteries),
            name="energy_capacity_balance",
            mask=present_b,
        )
        cost = (
            cost
            + (
                build_energy.rename(period="build_period")
                * inputs.energy_investment_cost.sel(tech=batteries)
            ).sum()
        )

    # --- operation -----------------------------------------------------------------------
    time_coords = [periods, days, hour_index]

    def operating(techs: list[str], name: str) -> linopy.Variable:
        grid = xr.DataArray(0.0, coords=[zone_index, pd.Index(techs, name="tech"), *time_coords])
        mask = present.sel(tech=techs).broadcast_like(grid).transpose(*grid.dims)
        return m.add_variables(
            lower=0,
            coords=[zone_index, pd.Index(techs, name="tech"), *time_coords],
            name=name,
            mask=mask,
        )

    dispatch = operating(generators, "dispatch")
    gen_cap = capacity.sel(tech=generators)
    m.add_constraints(
        dispatch - inputs.availability.sel(tech=generators) * gen_cap <= 0, name="dispatch_limit"
    )
    weights = inputs.objective_weight
    fuel_cost = _weighted(dispatch * inputs.marginal_cost.sel(tech=generators), inputs)
    op_cost = fuel_cost.sum(["zone", "tech"])
    elec_in = dispatch.sum("tech")
    elec_out: linopy.LinearExpression | int = 0

    level_terms: dict[str, linopy.LinearExpression] = {}
    energy_limit: dict[str, linopy.LinearExpression] = {}
    if storage:
        charge = operating(storage, "charge")
        discharge = operating(storage, "discharge")
        store_cap = capacity.sel(tech=storage)
        m.add_constraints(charge - store_cap <= 0, name="charge_limit")
        m.add_constraints(discharge - store_cap <= 0, name="discharge_limit")
        one_way = np.sqrt(inputs.efficiency.sel(tech=storage))
        change = charge * one_way - discharge / one_way
        elec_in = elec_in + discharge.sum("tech")
        elec_out = charge.sum("tech")
        for tech in storage:
            if kind[tech] is TechnologyKind.BATTERY and energy_capacity is not None:
                energy_limit[tech] = 1 * energy_capacity.sel(tech=tech)
            else:
                energy_limit[tech] = capacity.sel(tech=tech) * float(
                    inputs.storage_hours.sel(tech=tech)
                )
        # With representative days, batteries and stores of at most a day at full power (pumped
        # hydro of a few hours) cycle within each day: each day may start from its own level,
        # the usual approximation for short stores. Longer stores (reservoirs) are carried
        # across the calendar. With chronological days all are carried.
        daily = [
            t
            for t in storage
            if not inputs.time.chronological
            and (
                kind[t] is TechnologyKind.BATTERY
                or float(inputs.storage_hours.sel(tech=t)) <= DAILY_STORAGE_HOURS
            )
        ]
        seasonal = [t for t in storage if t not in daily]
        if daily:
            _add_daily_levels(m, "daily", change.sel(tech=daily), energy_limit)
        if seasonal:
            level_terms["storage"] = change.sel(tech=seasonal)
    if reservoirs:
        spill = operating(reservoirs, "spill")
        res_cap = capacity.sel(tech=reservoirs)
        level_terms["reservoir"] = (
            inputs.inflow.sel(tech=reservoirs) * res_cap - dispatch.sel(tech=reservoirs) - spill
        )
        for tech in reservoirs:
            energy_limit[tech] = capacity.sel(tech=tech) * float(
                inputs.storage_hours.sel(tech=tech)
            )
    for group, change in level_terms.items():
        _add_storage_levels(m, inputs, group, change, energy_limit)

    heat_out: linopy.LinearExpression | int = 0
    if heaters:
        heat = operating(heaters, "heat")
        m.add_constraints(heat - capacity.sel(tech=heaters) <= 0, name="heat_limit")
        for tech in heaters:
            output = heat.sel(tech=tech)
            if kind[tech] is TechnologyKind.HEAT_PUMP:
                elec_out = elec_out + output / inputs.cop
            elif kind[tech] is TechnologyKind.RESISTIVE_HEATER:
                elec_out = elec_out + output / float(inputs.efficiency.sel(tech=tech))
        heat_out = heat.sum("tech")
        op_cost = op_cost + _weighted(heat * inputs.marginal_cost.sel(tech=heaters), inputs).sum(
            ["zone", "tech"]
        )
    heat_shed = m.add_variables(lower=0, coords=[zone_index, *time_coords], name="heat_shed")
    m.add_constraints(heat_out + heat_shed == inputs.heat_demand, name="heat_balance")

    shed = m.add_variables(lower=0, coords=[zone_index, *time_coords], name="shed")
    voll = inputs.value_of_lost_load
    op_cost = op_cost + voll * _weighted(shed, inputs).sum("zone")
    op_cost = op_cost + voll * _weighted(heat_shed, inputs).sum("zone")

    net_import: linopy.LinearExpression | int = 0
    if inputs.links:
        link_index = pd.Index(inputs.links, name="link")
        link_cap: linopy.LinearExpression | xr.DataArray = inputs.link_existing
        if bool(inputs.link_expandable.any()):
            expandable = inputs.link_expandable.broadcast_like(inputs.link_existing)
            build_link = m.add_variables(
                lower=0, coords=[link_index, periods], name="build_link", mask=expandable
            )
            link_cap = (build_link.rename(period="build_period") * inputs.link_active).sum(
                "build_period"
            ) + inputs.link_existing
            cost = (
                cost
                + (build_link.rename(period="build_period") * inputs.link_investment_cost).sum()
            )
        flow_coords = [link_index, *time_coords]
        forward = m.add_variables(lower=0, coords=flow_coords, name="flow_forward")
        backward = m.add_variables(lower=0, coords=flow_coords, name="flow_backward")
        m.add_constraints(forward - link_cap <= 0, name="flow_forward_limit")
        m.add_constraints(backward - link_cap <= 0, name="flow_backward_limit")
        start = _incidence(inputs.links, inputs.link_from, inputs.zones, "link")
        end = _incidence(inputs.links, inputs.link_to, inputs.zones, "link")
        eff = inputs.link_efficiency
        net_import = (forward * (end * eff - start)).sum("link") + (
            backward * (start * eff - end)
        ).sum("link")

    imports = exports = None
    if inputs.markets:
        market_coords = [pd.Index(inputs.markets, name="market"), *time_coords]
        imports = m.add_variables(lower=0, coords=market_coords, name="imports")
        exports = m.add_variables(lower=0, coords=market_coords, name="exports")
        m.add_constraints(imports <= inputs.import_capacity, name="import_limit")
        m.add_constraints(exports <= inputs.export_capacity, name="export_limit")
        at = _incidence(inputs.markets, inputs.market_zone, inputs.zones, "market")
        net_import = net_import + (imports * at).sum("market") - (exports * at).sum("market")
        op_cost = op_cost + _weighted(imports * inputs.import_price, inputs).sum("market")
        op_cost = op_cost - _weighted(exports * inputs.export_price, inputs).sum("market")

    m.add_constraints(
        elec_in + net_import + shed - elec_out == inputs.electricity_demand, name="balance"
    )

    # --- emissions and policy ------------------------------------------------------------
    # Per-day subtotals keep the period-wide rows short (dense rows slow interior-point solvers).
    hourly_emissions = (dispatch * inputs.emission_intensity.sel(tech=generators)).sum(
        ["zone", "tech"]
    )
    if heaters:
        hourly_emissions = hourly_emissions + (
            heat * inputs.emission_intensity.sel(tech=heaters)
        ).sum(["zone", "tech"])
    if imports is not None:
        hourly_emissions = hourly_emissions + (imports * inputs.import_emission_factor).sum(
            "market"
        )
    emissions = _annual_via_days(m, "emissions", hourly_emissions, inputs, periods, days)
    # emissions: expression [period] t/yr, without the fixed transport-fuel emissions
    cap_rhs = None
    if inputs.emission_cap is not None:
        cap_rhs = inputs.emission_cap - inputs.fixed_emissions
    elif inputs.zero_emission_periods:
        cap_rhs = xr.full_like(inputs.fixed_emissions, np.inf)
        for period in inputs.zero_emission_periods:
            cap_rhs.loc[period] = 0.0
        cap_rhs = cap_rhs - inputs.fixed_emissions
    if cap_rhs is not None:
        capped = cap_rhs < np.inf
        cap_lhs: linopy.LinearExpression = emissions
        if elastic:
            cap_slack = m.add_variables(lower=0, coords=[periods], name="slack_emission_cap")
            cap_lhs = cap_lhs - cap_slack
            cost = cost + SLACK_PENALTY["emission_cap"] * (cap_slack * weights).sum()
        m.add_constraints(cap_lhs <= cap_rhs.where(capped, 0.0), name="emission_cap", mask=capped)
    if inputs.emission_budget is not None:
        total = (emissions * inputs.period_years).sum()
        fixed_total = float((inputs.fixed_emissions * inputs.period_years).sum())
        if elastic:  # the budget gives like a cap: one slack over the horizon [t]
            budget_slack = m.add_variables(lower=0, name="slack_emission_budget")
            total = total - budget_slack
            per_tonne = float(weights.sum() / inputs.period_years.sum())  # as a cap's slack
            cost = cost + SLACK_PENALTY["emission_cap"] * per_tonne * budget_slack
        m.add_constraints(total <= inputs.emission_budget - fixed_total, name="emission_budget")
    if inputs.min_renewable_share is not None:
        renewable = _annual_via_days(
            m,
            "renewable",
            dispatch.sel(tech=inputs.techs_of(RENEWABLE_KINDS)).sum(["zone", "tech"]),
            inputs,
            periods,
            days,
        )
        total_generation = _annual_via_days(
            m, "generation", dispatch.sum(["zone", "tech"]), inputs, periods, days
        )
        share_lhs = renewable - inputs.min_renewable_share * total_generation
        if elastic:
            share_slack = m.add_variables(lower=0, coords=[periods], name="slack_renewable_share")
            share_lhs = share_lhs + share_slack
            cost = cost + SLACK_PENALTY["renewable_share"] * (share_slack * weights).sum()
        m.add_constraints(share_lhs >= 0, name="renewable_share")

    m.add_objective(cost + (op_cost * weights).sum())
    return PlanningModel(m, inputs, elastic, generators, storage, reservoirs, heaters)


def _annual_via_days(
    m: linopy.Model,
    name: str,
    hourly: linopy.LinearExpression,
    inputs: ModelInputs,
    periods: pd.Index,
    days: pd.Index,
) -> linopy.LinearExpression:
    """Annual total of a non-negative hourly quantity [period], through per-day subtotals.

    Adds variables ``<name>_day[period, day]`` equal to each day's sum, and returns their sum
    weighted by the days each model day stands for.
    """
    daily = m.add_variables(lower=0, coords=[periods, days], name=f"{name}_day")
    m.add_constraints(daily - hourly.sum("hour") == 0, name=f"{name}_day_def")
    return (daily * inputs.day_weight).sum("day")


def _incidence(
    items: list[str], zone_of: dict[str, str], zones: list[str], dim: str
) -> xr.DataArray:
    matrix = np.zeros((len(items), len(zones)))
    for n, item in enumerate(items):
        matrix[n, zones.index(zone_of[item])] = 1.0
    return xr.DataArray(matrix, dims=(dim, "zone"), coords={dim: items, "zone": zones})


def _add_daily_levels(
    m: linopy.Model,
    group: str,
    change: linopy.LinearExpression,
    energy_limit: dict[str, linopy.LinearExpression],
) -> None:
    """Storage that cycles within each model day (batteries): the level at the end of the day
    equals the level at its start."""
    index = [
        pd.Index(change.coords[dim].values, name=dim)
        for dim in ("zone", "tech", "period", "day", "hour")
    ]
    level = m.add_variables(lower=0, coords=index, name=f"level_{group}")
    m.add_constraints(level - level.roll(hour=1) - change == 0, name=f"level_{group}_change")
    techs = list(index[1])
    limit = linopy.merge(
        [energy_limit[t].expand_dims(tech=[t]) for t in techs],
        dim="tech",
        cls=linopy.LinearExpression,
    )
    m.add_constraints(level - limit <= 0, name=f"level_{group}_upper")


def _add_storage_levels(
    m: linopy.Model,
    inputs: ModelInputs,
    group: str,
    change: linopy.LinearExpression,
    energy_limit: dict[str, linopy.LinearExpression],
) -> None:
    """Storage carried across the calendar through the day map (after Kotzur et al., 2018).

    The content at hour ``h`` of calendar day ``d`` is ``base[d] + level[rep(d), h]``: ``level``
    follows the model day ``rep(d)`` from its own start ``initial``, ``base`` shifts it for each
    calendar day. All four are non-negative (no free variables, which interior-point solvers
    handle badly): ``base`` is then the content below the day's lowest point.
    """
    index = {
        dim: pd.Index(change.coords[dim].values, name=dim)
        for dim in ("zone", "tech", "period", "day", "hour")
    }
    techs = list(index["tech"])
    per_day = [index["zone"], index["tech"], index["period"], index["day"]]
    level = m.add_variables(lower=0, coords=list(index.values()), name=f"level_{group}")
    initial = m.add_variables(lower=0, coords=per_day, name=f"level_{group}_initial")
    first_hour = xr.DataArray((index["hour"] == 0).astype(float), coords=[index["hour"]])
    previous = level.shift(hour=1)
    m.add_constraints(
        level - previous - change - initial * first_hour == 0, name=f"level_{group}_change"
    )
    top = m.add_variables(coords=per_day, lower=0, name=f"level_{group}_max")
    m.add_constraints(top - level >= 0, name=f"level_{group}_max_def")
    m.add_constraints(top - initial >= 0, name=f"level_{group}_max_initial")
    n_calendar = len(inputs.time.day_to_representative)
    calendar = pd.Index(range(n_calendar), name="calendar_day")
    base = m.add_variables(lower=0, coords=[*per_day[:3], calendar], name=f"level_{group}_base")
    representative = xr.DataArray(
        inputs.time.day_to_representative, dims="calendar_day", coords=[calendar]
    )
    # The content at the end of day d is the content at the start of the next day (cyclic).
    end_of_day = level.isel(hour=HOURS_PER_DAY - 1, drop=True).isel(day=representative)
    start_of_day = initial.isel(day=representative)
    m.add_constraints(
        base.roll(calendar_day=-1) + start_of_day.roll(calendar_day=-1) - base - end_of_day == 0,
        name=f"level_{group}_carry",
    )
    limit = linopy.merge(
        [energy_limit[t].expand_dims(tech=[t]) for t in techs],
        dim="tech",
        cls=linopy.LinearExpression,
    )
    m.add_constraints(base + top.isel(day=representative) - limit <= 0, name=f"level_{group}_upper")
