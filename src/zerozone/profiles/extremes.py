"""Extreme days that the time aggregation must keep as they are.

Representative days are typical days: clustering averages away the days a plan must survive, so
a plan made on them can miss the coldest evening's heat, the peak of electric load or a dull,
windless week. These days are found here from the hourly profiles and handed to the aggregation
(:func:`zerozone.profiles.aggregation.aggregate_days`), which keeps each as a day of its own with
a weight of one calendar day.

Three kinds of day, each found system-wide (all zones together) or per zone:

``peak_load``
    The day holding the hour of highest electric load: the electricity sectors plus EV charging
    plus the heat demand met by heat pumps at the hour's COP, in MW, with each zone's demand of
    the year given (by default the scenario's target year, when electrification is furthest).
``coldest``
    The day of lowest mean temperature (heat demand highest, heat-pump COP lowest).
``least_renewable``
    The day of lowest mean output of solar and wind per MW, averaged over the zones' fixed PV and
    wind capacity factors (the longest dark, still day the plan's storage must bridge).

A fourth kind, ``shortfall``, is a calendar day named from outside: a day the hourly check
(:mod:`zerozone.model.check`) found a plan short on, kept by the adequacy loop
(:mod:`zerozone.model.adequacy`) through :func:`shortfall_indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from zerozone.data.economics import HOURS_PER_DAY, HOURS_PER_YEAR
from zerozone.data.projections import demand_table
from zerozone.data.schema import Scenario

ELECTRIC_SHAPES = {
    "residential": "demand_residential",
    "services": "demand_services",
    "industry_agriculture": "demand_industry_agriculture",
}
"""Demand sector -> the hourly shape of its electricity (mean 1 over the year) [-]."""


class ExtremeDay(StrEnum):
    """A kind of day kept out of the clustering."""

    PEAK_LOAD = "peak_load"
    COLDEST = "coldest"
    LEAST_RENEWABLE = "least_renewable"
    SHORTFALL = "shortfall"


class ExtremeScope(StrEnum):
    """Where extreme days are looked for."""

    NONE = "none"
    """No extreme days (the representative days alone)."""
    SYSTEM = "system"
    """One day of each kind for all zones together."""
    ZONES = "zones"
    """One day of each kind in every zone."""


@dataclass(frozen=True)
class Indicator:
    """One daily indicator whose extreme day is kept.

    Attributes
    ----------
    name : str
        Column name, e.g. ``extreme:peak_load|karabakh`` [-].
    kind : ExtremeDay
        Which kind of day.
    highest : bool
        Whether the day holding the indicator's highest hour is kept (else the day of its lowest
        hour; daily means are used for ``coldest`` and ``least_renewable`` so the whole day
        counts) [-].
    values : pandas.Series
        The hourly indicator on the profiles' index [MW for peak load, degC, per-unit].
    """

    name: str
    kind: ExtremeDay
    highest: bool
    values: pd.Series


def _electric_load_mw(hourly: pd.DataFrame, scenario: Scenario, zone: str, year: int) -> pd.Series:
    """Hourly electric load of ``zone`` in ``year`` if heat were met by heat pumps [MW]."""
    demand = demand_table(scenario, [year])
    demand = demand[demand["zone"] == zone]
    load = pd.Series(0.0, index=hourly.index)
    for sector, shape in ELECTRIC_SHAPES.items():
        annual = float(demand.loc[demand["sector"] == sector, "electricity_mwh"].sum())
        if (zone, shape) in hourly.columns:
            load += hourly[(zone, shape)] * annual / HOURS_PER_YEAR
    transport = float(demand.loc[demand["sector"] == "transport", "electricity_mwh"].sum())
    if (zone, "ev_charging") in hourly.columns:
        load += hourly[(zone, "ev_charging")] * transport / HOURS_PER_YEAR
    heat = float(demand["heat_mwh"].sum())
    if (zone, "heat_demand") in hourly.columns and (zone, "heat_pump_cop") in hourly.columns:
        load += hourly[(zone, "heat_demand")] * heat / hourly[(zone, "heat_pump_cop")]
    return load


def _daily_mean(series: pd.Series) -> pd.Series:
    """``series`` replaced by the mean of its day in every hour [same unit]."""
    days = series.to_numpy().reshape(-1, HOURS_PER_DAY).mean(axis=1)
    return pd.Series(np.repeat(days, HOURS_PER_DAY), index=series.index)


def _zone_indicators(
    hourly: pd.DataFrame, scenario: Scenario, zone: str, year: int
) -> dict[ExtremeDay, pd.Series]:
    """The three indicators of one zone, hourly [MW, degC, per-unit]."""
    renewable = [
        hourly[(zone, profile)]
        for profile in ("pv_fixed", "wind")
        if (zone, profile) in hourly.columns
    ]
    found: dict[ExtremeDay, pd.Series] = {
        ExtremeDay.PEAK_LOAD: _electric_load_mw(hourly, scenario, zone, year),
    }
    if (zone, "temperature") in hourly.columns:
        found[ExtremeDay.COLDEST] = _daily_mean(hourly[(zone, "temperature")])
    if renewable:
        found[ExtremeDay.LEAST_RENEWABLE] = _daily_mean(sum(renewable) / len(renewable))
    return found


def extreme_indicators(
    hourly: pd.DataFrame,
    scenario: Scenario,
    scope: ExtremeScope = ExtremeScope.SYSTEM,
    year: int | None = None,
) -> list[Indicator]:
    """The indicators whose extreme days the aggregation keeps.

    Parameters
    ----------
    hourly : pandas.DataFrame
        8,760 hourly rows; columns (``zone``, ``profile``) as from
        :func:`zerozone.profiles.scenario.scenario_profiles`.
    scenario : Scenario
        The scenario (demand by zone and sector).
    scope : ExtremeScope
        System-wide (sum of load, mean of temperature and renewables over the zones), per zone,
        or none.
    year : int, optional
        Year whose demand weighs the load [yr]; the scenario's target year by default.

    Returns
    -------
    list[Indicator]
        Empty for :attr:`ExtremeScope.NONE`.
    """
    if scope is ExtremeScope.NONE:
        return []
    year = scenario.policy.target_year if year is None else year
    zones = [zone.id for zone in scenario.zones]
    per_zone = {zone: _zone_indicators(hourly, scenario, zone, year) for zone in zones}
    indicators: list[Indicator] = []
    for kind in ExtremeDay:
        highest = kind is ExtremeDay.PEAK_LOAD
        series = {zone: found[kind] for zone, found in per_zone.items() if kind in found}
        if not series:
            continue
        if scope is ExtremeScope.SYSTEM:
            values = sum(series.values())
            if kind is not ExtremeDay.PEAK_LOAD:  # a mean over zones, not a sum
                values = values / len(series)
            indicators.append(Indicator(f"extreme:{kind.value}", kind, highest, values))
        else:
            indicators += [
                Indicator(f"extreme:{kind.value}|{zone}", kind, highest, values)
                for zone, values in series.items()
            ]
    return indicators


def shortfall_indicators(hourly: pd.DataFrame, days: Sequence[int]) -> list[Indicator]:
    """One indicator per calendar day to keep as it is: 1 in each of its hours, 0 elsewhere.

    Parameters
    ----------
    hourly : pandas.DataFrame
        8,760 hourly rows (their index is the indicators').
    days : sequence of int
        Calendar days (0-based, 0..364) to keep [d].

    Returns
    -------
    list[Indicator]
        Named ``shortfall:DDD`` (the day of the year, 0-based), kind ``shortfall``.
    """
    indicators = []
    for day in sorted(set(days)):
        if not 0 <= day < len(hourly) // HOURS_PER_DAY:
            raise ValueError(f"day {day} is outside the year of {len(hourly)} hours")
        values = np.zeros(len(hourly))
        values[day * HOURS_PER_DAY : (day + 1) * HOURS_PER_DAY] = 1.0
        indicators.append(
            Indicator(
                f"shortfall:{day:03d}",
                ExtremeDay.SHORTFALL,
                True,
                pd.Series(values, index=hourly.index),
            )
        )
    return indicators


def extreme_calendar_days(indicators: list[Indicator]) -> dict[str, int]:
    """The calendar day (0-based) each indicator keeps.

    Parameters
    ----------
    indicators : list[Indicator]
        From :func:`extreme_indicators`.

    Returns
    -------
    dict[str, int]
        Indicator name -> day of the year (0..364) holding its highest (or lowest) hour.
    """
    days: dict[str, int] = {}
    for indicator in indicators:
        values = indicator.values.to_numpy()
        hour = int(np.argmax(values) if indicator.highest else np.argmin(values))
        days[indicator.name] = hour // HOURS_PER_DAY
    return days
