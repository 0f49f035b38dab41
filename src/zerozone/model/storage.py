"""Storage and hydro: charging and discharging stores, reservoirs fed by inflow, and the
content of both over the model's days.

With representative days, batteries and stores of at most :data:`DAILY_STORAGE_HOURS` at full
power cycle within each model day; longer stores (pumped hydro of many hours, reservoirs) are
carried across the calendar through the day map (after Kotzur et al., 2018). With chronological
days (the full year, ``weeks:N``, the hourly check) every store is carried hour by hour in one
cyclic chain (:func:`add_chronological_levels`): the same content as the day map gives there,
with one variable and one row per store and hour instead of four variables and rows per day more.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.data.kinds import STORAGE_KINDS, kinds_where, spec
from zerozone.model.builder import ModelBuilder

DAILY_STORAGE_HOURS = 24.0
"""With representative days, stores of at most this energy per power cycle within each day [h].
(On the default this left the objective unchanged and cut the solve from 78 to 63 s.)"""

EnergyLimits = dict[str, linopy.LinearExpression]
"""Energy capacity of each store and reservoir [MWh], by technology."""


def energy_limits(
    b: ModelBuilder, capacity: linopy.Variable, energy_capacity: linopy.Variable | None
) -> EnergyLimits:
    """The energy capacity of every store and reservoir: its own variable where its energy is
    sized on its own (batteries), else its power times ``storage_hours`` [MWh]."""
    inputs = b.inputs
    limits: EnergyLimits = {}
    for tech in inputs.techs_of(STORAGE_KINDS | kinds_where(inflow_store=True)):
        if spec(inputs.kind[tech]).energy_capacity and energy_capacity is not None:
            limits[tech] = 1 * energy_capacity.sel(tech=tech)
        else:
            limits[tech] = capacity.sel(tech=tech) * float(inputs.storage_hours.sel(tech=tech))
    return limits


def add_storage(
    b: ModelBuilder, capacity: linopy.Variable, limits: EnergyLimits
) -> dict[str, linopy.LinearExpression]:
    """``charge`` and ``discharge`` [MW] of stores within their power, in the electricity
    balance; the content of the stores that cycle daily.

    Returns
    -------
    dict
        ``{"storage": change}``: the hourly content change of the stores carried across the
        calendar [MWh per hour], for :func:`add_carried_levels`; empty if there are none.
    """
    inputs = b.inputs
    storage = inputs.techs_of(STORAGE_KINDS)
    if not storage:
        return {}
    charge = b.operating(storage, "charge")
    discharge = b.operating(storage, "discharge")
    store_cap = capacity.sel(tech=storage)
    b.m.add_constraints(charge - store_cap <= 0, name="charge_limit")
    b.m.add_constraints(discharge - store_cap <= 0, name="discharge_limit")
    one_way = np.sqrt(inputs.efficiency.sel(tech=storage))
    change = charge * one_way - discharge / one_way
    b.electricity_in = b.electricity_in + discharge.sum("tech")
    b.electricity_out = b.electricity_out + charge.sum("tech")
    daily = [t for t in storage if _cycles_daily(b, t)]
    seasonal = [t for t in storage if t not in daily]
    if daily:
        add_daily_levels(b, "daily", change.sel(tech=daily), limits)
    return {"storage": change.sel(tech=seasonal)} if seasonal else {}


def _cycles_daily(b: ModelBuilder, tech: str) -> bool:
    """Whether a store cycles within each model day (see the module docstring)."""
    if b.inputs.time.chronological:
        return False
    short = float(b.inputs.storage_hours.sel(tech=tech)) <= DAILY_STORAGE_HOURS
    return spec(b.inputs.kind[tech]).energy_capacity or short


def add_reservoirs(
    b: ModelBuilder, capacity: linopy.Variable, dispatch: linopy.Variable
) -> dict[str, linopy.LinearExpression]:
    """``spill`` [MW] of reservoirs (kinds with an ``inflow_store``), whose content gains the
    inflow and loses what is turned and spilled.

    Returns
    -------
    dict
        ``{"reservoir": change}`` [MWh per hour] for :func:`add_carried_levels`; empty if there
        are no reservoirs.
    """
    inputs = b.inputs
    reservoirs = inputs.techs_of(kinds_where(inflow_store=True))
    if not reservoirs:
        return {}
    spill = b.operating(reservoirs, "spill")
    inflow = inputs.inflow.sel(tech=reservoirs) * capacity.sel(tech=reservoirs)
    return {"reservoir": inflow - dispatch.sel(tech=reservoirs) - spill}


def _stacked(limits: EnergyLimits, techs: list[str]) -> linopy.LinearExpression:
    return linopy.merge(
        [limits[t].expand_dims(tech=[t]) for t in techs], dim="tech", cls=linopy.LinearExpression
    )


def add_daily_levels(
    b: ModelBuilder, group: str, change: linopy.LinearExpression, limits: EnergyLimits
) -> None:
    """``level_<group>`` [MWh]: content of stores that cycle within each model day (the level
    at the end of the day equals the level at its start)."""
    index = [
        pd.Index(change.coords[dim].values, name=dim)
        for dim in ("zone", "tech", "period", "day", "hour")
    ]
    m = b.m
    level = m.add_variables(lower=0, coords=index, name=f"level_{group}")
    m.add_constraints(level - level.roll(hour=1) - change == 0, name=f"level_{group}_change")
    m.add_constraints(level - _stacked(limits, list(index[1])) <= 0, name=f"level_{group}_upper")


def add_carried_levels(
    b: ModelBuilder, group: str, change: linopy.LinearExpression, limits: EnergyLimits
) -> None:
    """Content carried across the calendar: hour by hour when the model days are the calendar
    days in order (:func:`add_chronological_levels`), else through the day map
    (:func:`add_mapped_levels`)."""
    if b.inputs.time.chronological:
        add_chronological_levels(b, group, change, limits)
    else:
        add_mapped_levels(b, group, change, limits)


def add_chronological_levels(
    b: ModelBuilder, group: str, change: linopy.LinearExpression, limits: EnergyLimits
) -> None:
    """``level_<group>`` [MWh]: the content of each store at the end of every hour, one cyclic
    chain over the calendar (hour 0 of a day follows hour 23 of the day before; the first day
    follows the last), within the energy capacity.

    Exact where the model days are the calendar days in order; no per-day variables, so the
    interior point of the hourly check has fewer rows and columns to carry.
    """
    index = [
        pd.Index(change.coords[dim].values, name=dim)
        for dim in ("zone", "tech", "period", "day", "hour")
    ]
    m = b.m
    level = m.add_variables(lower=0, coords=index, name=f"level_{group}")
    first_hour = xr.DataArray((index[4] == 0).astype(float), coords=[index[4]])
    within_day = level.shift(hour=1)  # absent at hour 0
    across_days = level.isel(hour=HOURS_PER_DAY - 1, drop=True).roll(day=1) * first_hour
    m.add_constraints(level - within_day - across_days - change == 0, name=f"level_{group}_change")
    m.add_constraints(level - _stacked(limits, list(index[1])) <= 0, name=f"level_{group}_upper")


def add_mapped_levels(
    b: ModelBuilder, group: str, change: linopy.LinearExpression, limits: EnergyLimits
) -> None:
    """Content carried across the calendar through the day map (after Kotzur et al., 2018).

    The content at hour ``h`` of calendar day ``d`` is ``base[d] + level[rep(d), h]``: ``level``
    follows the model day ``rep(d)`` from its own start ``initial``, ``base`` shifts it for each
    calendar day. All four are non-negative (no free variables, which interior-point solvers
    handle badly): ``base`` is then the content below the day's lowest point.
    """
    index = {
        dim: pd.Index(change.coords[dim].values, name=dim)
        for dim in ("zone", "tech", "period", "day", "hour")
    }
    m = b.m
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
    calendar = pd.Index(range(len(b.inputs.time.day_to_representative)), name="calendar_day")
    base = m.add_variables(lower=0, coords=[*per_day[:3], calendar], name=f"level_{group}_base")
    representative = xr.DataArray(
        b.inputs.time.day_to_representative, dims="calendar_day", coords=[calendar]
    )
    # The content at the end of day d is the content at the start of the next day (cyclic).
    end_of_day = level.isel(hour=HOURS_PER_DAY - 1, drop=True).isel(day=representative)
    start_of_day = initial.isel(day=representative)
    m.add_constraints(
        base.roll(calendar_day=-1) + start_of_day.roll(calendar_day=-1) - base - end_of_day == 0,
        name=f"level_{group}_carry",
    )
    m.add_constraints(
        base + top.isel(day=representative) - _stacked(limits, list(index["tech"])) <= 0,
        name=f"level_{group}_upper",
    )
