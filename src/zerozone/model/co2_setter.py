"""What sets the CO2 price of a period: the hour and the emitter the last tonne under the cap
would go to.

The CO2 price of a period is the cap's shadow price (:mod:`zerozone.model.duals`): what one
tonne more a year would save. A tonne more lets some emitter with room left (a fuel plant, a
boiler, imports from a market with an emission factor) produce ``1 / t_per_mwh`` MWh more in one
hour, in place of what serves that hour now; the saving per tonne is therefore

    (value of energy in that hour - the emitter's own cost) / t_per_mwh  [USD/t],

where the value of energy is the hour's balance dual per MWh (electricity, or heat for heat
technologies). By the optimality of the plan no emitter with room left saves more than the
price, and the one that saves most sets it (equality unless the optimum is degenerate).

That hour tells how to read the price. On a representative day the value of energy is an
operating cost (a fuel, an import, a storage loss) and the price is the cost of switching away
from fuel. On a day kept as it is (an extreme day or a day the hourly check found an earlier plan
short on, :mod:`zerozone.model.adequacy`) the day weighs one calendar day, so a MWh in its peak
hour is worth the annual cost of the firm capacity built for that hour, and may be worth more
than the value of lost load: a kept day's demand must be served (it costs
:data:`~zerozone.model.inputs.KEPT_DAY_SHED_FACTOR` times the value of lost load when shed). The
price is then what the last tonne would save in capacity for one hour a year, divided by the
emitter's emission factor: a real marginal value of the model, but set by the requirement to
serve that hour and not a price anyone pays for CO2 (``above_value_of_lost_load``). Where even
capacity cannot serve the hour and demand is shed there, the hour's value is the penalty on
unserved demand of a kept day, and so is the price (``unserved_mw`` above zero).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.model.duals import energy_value
from zerozone.model.formulation import PlanningModel

HEADROOM_MW = 1e-6
"""An emitter at its limit within this [MW] has no room for one tonne more."""
UNSERVED_MW = 1e-6
"""Demand shed in the hour that sets a price above this [MW] makes the price the penalty's."""
READINGS = ("operation", "kept_day_capacity", "kept_day_penalty")
"""How a CO2 price reads (``reading``): the cost of switching from fuel in operation; what the
capacity built to serve a kept day costs per tonne (the hour's energy worth more than the value
of lost load); the penalty on a kept day's unserved demand (the hour sheds)."""
TIE = 1e-6
"""Hours of the same day whose energy value is within this share of the setting hour's are
counted with it (``hours_at_value``: a day short of energy, not of power in one hour, values
every hour it could shift energy to alike) [-]."""


def _headroom(planning: PlanningModel, name: str) -> xr.DataArray:
    """How far each row of the ``<=`` constraint ``name`` is below its limit [MW]."""
    con = planning.model.constraints[name]
    return con.rhs - con.lhs.solution


def _candidates(
    source: str,
    value: xr.DataArray,
    cost: xr.DataArray,
    intensity: xr.DataArray,
    headroom: xr.DataArray,
    item: str,
) -> pd.DataFrame:
    """One row per emitter and hour with room left: ``value_usd_per_mwh`` (the hour's energy
    value), ``cost_usd_per_mwh``, ``t_per_mwh`` and the saving per tonne, ``implied_usd_per_t``."""
    value, cost, intensity, headroom = xr.broadcast(value, cost, intensity, headroom)
    frame = xr.Dataset(
        {
            "value_usd_per_mwh": value,
            "cost_usd_per_mwh": cost,
            "t_per_mwh": intensity,
            "headroom": headroom,
        }
    ).to_dataframe()
    frame = frame[(frame["t_per_mwh"] > 0) & (frame["headroom"] > HEADROOM_MW)].reset_index()
    frame = frame.rename(columns={item: "item"})
    frame["source"] = source
    frame["implied_usd_per_t"] = (frame["value_usd_per_mwh"] - frame["cost_usd_per_mwh"]) / frame[
        "t_per_mwh"
    ]
    keep = ["source", "item", "zone", "period", "day", "hour"]
    columns = ["value_usd_per_mwh", "cost_usd_per_mwh", "t_per_mwh", "implied_usd_per_t"]
    return frame[keep + columns]


def emitter_hours(planning: PlanningModel) -> pd.DataFrame:
    """Every emitter and hour with room for more output, and what a tonne more there saves.

    Parameters
    ----------
    planning : PlanningModel
        A solved model (with duals).

    Returns
    -------
    pandas.DataFrame
        Columns ``source`` (``generation``, ``heat`` or ``import``), ``item`` (technology or
        market), ``zone``, ``period``, ``day`` (model day), ``hour``, ``value_usd_per_mwh``,
        ``cost_usd_per_mwh``, ``t_per_mwh`` and ``implied_usd_per_t`` [USD/t].
    """
    inputs = planning.inputs
    frames = []
    power = energy_value(planning, "balance")
    emitting = {t for t in inputs.techs if float(inputs.emission_intensity.sel(tech=t)) > 0}
    techs = [t for t in planning.generators if t in emitting]
    if techs:
        frames.append(
            _candidates(
                "generation",
                power,
                inputs.marginal_cost.sel(tech=techs),
                inputs.emission_intensity.sel(tech=techs),
                _headroom(planning, "dispatch_limit").sel(tech=techs),
                "tech",
            )
        )
    techs = [t for t in planning.heaters if t in emitting]
    if techs:
        frames.append(
            _candidates(
                "heat",
                energy_value(planning, "heat_balance"),
                inputs.marginal_cost.sel(tech=techs),
                inputs.emission_intensity.sel(tech=techs),
                _headroom(planning, "heat_limit").sel(tech=techs),
                "tech",
            )
        )
    if inputs.markets:
        markets = pd.Index(inputs.markets, name="market")
        at_market = xr.concat(
            [power.sel(zone=inputs.market_zone[m]).drop_vars("zone") for m in inputs.markets],
            dim=markets,
        )
        zone = xr.DataArray([inputs.market_zone[m] for m in inputs.markets], coords=[markets])
        frame = _candidates(
            "import",
            at_market.assign_coords(zone=zone),
            inputs.import_price,
            inputs.import_emission_factor,
            _headroom(planning, "import_limit"),
            "market",
        )
        frames.append(frame)
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["source", "item", "zone", "period", "day", "hour"])
    return pd.concat(frames, ignore_index=True)


def _calendar_day(planning: PlanningModel, day: int) -> int | None:
    """The calendar day (0-based) a model day stands for alone, None for a day standing for
    several."""
    days = np.flatnonzero(planning.inputs.time.day_to_representative == day)
    return int(days[0]) if days.size == 1 else None


def co2_price_setters(
    planning: PlanningModel,
    prices: dict[int, float],
    calendar: pd.DatetimeIndex | None = None,
) -> dict[int, dict[str, Any]]:
    """For each period with a positive CO2 price, the emitter and hour that set it.

    Parameters
    ----------
    planning : PlanningModel
        A solved model (with duals).
    prices : dict[int, float]
        The CO2 price of each period [USD/t] (:func:`zerozone.results.binding.co2_prices`).
    calendar : pandas.DatetimeIndex, optional
        The hours of the weather year (8,760), to name the hour of a day kept as it is.

    Returns
    -------
    dict[int, dict]
        Period -> ``price_usd_per_t``, ``source``, ``item``, ``zone``, ``day`` (model day),
        ``hour``, ``calendar_day`` (the calendar day, 0-based, when the model day stands for one
        day alone, else None), ``time`` (``YYYY-MM-DD HH:MM`` of that hour, else None),
        ``hours_at_value`` (the hours of that day where energy is worth as much: one for a
        peak hour, most of the day for a day short of energy), ``day_weight`` [d],
        ``value_usd_per_mwh``, ``cost_usd_per_mwh``, ``t_per_mwh``, ``mwh_per_t``,
        ``implied_usd_per_t`` (the saving per tonne there, equal to the price unless the
        optimum is degenerate), ``kept_day``, ``unserved_mw`` (demand of the emitter's kind left
        unserved in that hour and zone: the hour's value is then the penalty on it),
        ``value_of_lost_load_usd_per_mwh``, ``above_value_of_lost_load`` (the hour's energy
        is worth more than the value of lost load: the price is set by the requirement to serve
        a kept day, see the module docstring) and ``reading``, one of :data:`READINGS`.
        Periods without a positive price, or without an emitter with room left, are absent.
    """
    hours = emitter_hours(planning)
    found: dict[int, dict[str, Any]] = {}
    for period, price in prices.items():
        rows = hours[hours["period"] == period] if len(hours) else hours
        if price > 0 and len(rows):
            best = rows.loc[rows["implied_usd_per_t"].idxmax()]
            found[period] = {"price_usd_per_t": float(price)} | _record(
                planning, best, rows, calendar
            )
    return found


def _record(
    planning: PlanningModel,
    best: pd.Series,
    rows: pd.DataFrame,
    calendar: pd.DatetimeIndex | None,
) -> dict[str, Any]:
    """The entry of :func:`co2_price_setters` for the emitter hour ``best`` among ``rows``
    (the period's emitter hours)."""
    inputs = planning.inputs
    day, hour, period = int(best["day"]), int(best["hour"]), int(best["period"])
    calendar_day = _calendar_day(planning, day)
    time = None
    if calendar is not None and calendar_day is not None:
        time = calendar[calendar_day * HOURS_PER_DAY + hour].strftime("%Y-%m-%d %H:%M")
    value = float(best["value_usd_per_mwh"])
    same = rows[
        (rows["day"] == day) & (rows["zone"] == best["zone"]) & (rows["item"] == best["item"])
    ]
    shed = planning.model.variables["heat_shed" if best["source"] == "heat" else "shed"]
    where = {"zone": best["zone"], "period": period, "day": day, "hour": hour}
    unserved = float(shed.solution.sel(where))
    above = value > inputs.value_of_lost_load
    reading = READINGS[0] if not above else READINGS[2 if unserved > UNSERVED_MW else 1]
    return {
        "source": str(best["source"]),
        "item": str(best["item"]),
        "zone": str(best["zone"]),
        "day": day,
        "hour": hour,
        "calendar_day": calendar_day,
        "time": time,
        "hours_at_value": int((same["value_usd_per_mwh"] >= value * (1 - TIE)).sum()),
        "day_weight": float(inputs.day_weight.sel(day=day)),
        "value_usd_per_mwh": value,
        "cost_usd_per_mwh": float(best["cost_usd_per_mwh"]),
        "t_per_mwh": float(best["t_per_mwh"]),
        "mwh_per_t": 1.0 / float(best["t_per_mwh"]),
        "implied_usd_per_t": float(best["implied_usd_per_t"]),
        "kept_day": day in set(inputs.time.kept_days),
        "unserved_mw": unserved,
        "value_of_lost_load_usd_per_mwh": inputs.value_of_lost_load,
        "above_value_of_lost_load": above,
        "reading": reading,
    }


__all__ = ["HEADROOM_MW", "READINGS", "UNSERVED_MW", "co2_price_setters", "emitter_hours"]
