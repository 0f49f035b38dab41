"""Actual versus plan: is each settlement and zone on its planned path?

For each settlement with metered energy, the comparison window is the UTC hours from its first to
its last metered hour in the year (the latest year with data unless one is given). Over that
window:

* **actual**: electricity used (grid import of buildings and charger sites plus self-consumed
  rooftop PV) and gas burnt [MWh]; emissions = the GPC BASIC total (:mod:`zerozone.mrv.gpc`) with
  the plan's own hourly grid factor [t CO2].
* **plan**: the settlement's share (by population) of its zone's planned demand in the plan's
  scenario for that year, hour by hour from the zone's profiles: residential and services
  electricity, EV charging, and space heat supplied as in the plan's period (the heat mix of the
  run's ``generation`` table: gas boilers burn gas at their efficiency, heat pumps and electric
  heaters draw electricity, hour by hour with the heat-pump COP), from the profiles the plan was
  made from (the run's ``profiles_hourly``, never regenerated). Industry and transport fuel are
  not metered and are left out on both sides. Planned emissions = planned electricity x the plan's
  hourly grid factor + planned gas x the IPCC natural gas factor.
* **gap** = actual - plan, in MWh and t CO2. A place is **on track** when its emissions are at
  most the plan's times (1 + tolerance) (default tolerance 5 %, for weather and metering noise).

Gaps in the meter data count as zero energy in the window (see ``zerozone mrv gaps``).
A zone's row sums its metered settlements only.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from zerozone.data.projections import sector_demand, settlement_population, zone_population
from zerozone.data.schema import DemandSector, Scenario, TechnologyKind
from zerozone.mrv.factors import (
    GAS_T_PER_MWH_IPCC,
    AnnualFactor,
    PlanFactor,
    plan_period,
    profile_position,
)
from zerozone.mrv.gpc import build_inventory, register_year_bounds
from zerozone.results.profiles import hourly_profiles
from zerozone.results.run_directory import RunDirectory

DEFAULT_TOLERANCE = 0.05
"""Emissions above plan allowed before a place is off track [-]."""


@dataclass(frozen=True)
class StatusRow:
    """One zone or settlement compared with the plan.

    Attributes
    ----------
    level : str
        ``zone`` or ``settlement``.
    place_id, zone_id : str
        Identifiers.
    start, end : pandas.Timestamp or None
        The window compared, UTC [start, end).
    actual_mwh, plan_mwh, gap_mwh : float
        Electricity and gas, measured and planned, and their difference [MWh].
    actual_t, plan_t, gap_t : float
        Emissions measured and planned and their difference [t CO2].
    on_track : bool or None
        None when there is nothing to compare.
    note : str
        Why a comparison is missing [-].
    """

    level: str
    place_id: str
    zone_id: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    actual_mwh: float
    plan_mwh: float
    actual_t: float
    plan_t: float
    on_track: bool | None
    note: str = ""

    @property
    def gap_mwh(self) -> float:
        """Actual minus planned energy [MWh]."""
        return self.actual_mwh - self.plan_mwh

    @property
    def gap_t(self) -> float:
        """Actual minus planned emissions [t CO2]."""
        return self.actual_t - self.plan_t


def _heat_mix(run: RunDirectory, zone: str, period: int) -> dict[str, float]:
    """Share of the zone's heat from each heat technology kind in ``period`` [-]."""
    generation = run.tables.get("generation", pd.DataFrame())
    rows = (
        generation[
            (generation.get("role") == "heat")
            & (generation.get("zone") == zone)
            & (generation.get("period") == period)
        ]
        if not generation.empty
        else generation
    )
    total = float(rows["mwh"].sum()) if not rows.empty else 0.0
    mix: dict[str, float] = {}
    if total <= 0:
        return mix
    for row in rows.itertuples():
        kind = run.scenario.technology(str(row.tech)).kind.value
        mix[kind] = mix.get(kind, 0.0) + float(row.mwh) / total
    return mix


def planned(
    run: RunDirectory,
    factor: PlanFactor,
    profiles: pd.DataFrame,
    settlement: str,
    zone: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> tuple[float, float]:
    """Planned (energy [MWh], emissions [t CO2]) of a settlement over UTC hours [start, end)."""
    scenario: Scenario = run.scenario
    place = next(s for s in scenario.settlements if s.id == settlement)
    hours = pd.date_range(start, end, freq="h", inclusive="left")
    calendar_day, hour, years = profile_position(hours)
    row = calendar_day * 24 + hour
    year = int(years[len(years) // 2])
    share = settlement_population(place, year, scenario.demand.population_variant) / max(
        zone_population(scenario, zone, year, scenario.demand.population_variant), 1e-9
    )
    own = profiles[zone]

    def annual(sector: DemandSector) -> tuple[float, float]:
        demand = sector_demand(scenario, zone, sector, year)
        return demand.electricity_mwh * share, demand.heat_mwh * share

    electricity = np.zeros(len(hours))
    for sector, column in (
        (DemandSector.RESIDENTIAL, "demand_residential"),
        (DemandSector.SERVICES, "demand_services"),
        (DemandSector.TRANSPORT, "ev_charging"),
    ):
        electricity += annual(sector)[0] / 8760.0 * own[column].to_numpy()[row]
    heat = annual(DemandSector.SPACE_HEAT)[1] * own["heat_demand"].to_numpy()[row]
    mix = _heat_mix(run, zone, plan_period(list(scenario.policy.periods), year))
    efficiency = {t.kind.value: t.efficiency for t in scenario.technologies}
    gas = heat * mix.get(TechnologyKind.GAS_BOILER.value, 0.0) / efficiency.get("gas_boiler", 0.9)
    electricity += (
        heat * mix.get(TechnologyKind.HEAT_PUMP.value, 0.0) / own["heat_pump_cop"].to_numpy()[row]
    )
    electricity += (
        heat
        * mix.get(TechnologyKind.RESISTIVE_HEATER.value, 0.0)
        / efficiency.get("resistive_heater", 1.0)
    )
    grid = factor.hourly([zone], start, end)["t_per_mwh"].to_numpy()
    emissions = float((electricity * grid).sum() + gas.sum() * GAS_T_PER_MWH_IPCC)
    return float(electricity.sum() + gas.sum()), emissions


def _windows(con: duckdb.DuckDBPyConnection, year: int | None) -> pd.DataFrame:
    """Per metered settlement: its year and the UTC hours [start, end) with data in that year."""
    if year is None:
        latest = con.execute(
            """
            SELECT p.settlement_id, p.timezone, max(h.hour) AS last
            FROM hourly h JOIN meters m USING (meter_key) JOIN sites s USING (site_id)
            JOIN settlements p USING (settlement_id)
            GROUP BY p.settlement_id, p.timezone
            """
        ).fetchall()
        years = {
            str(place): pd.Timestamp(last).tz_convert(str(zone)).year
            for place, zone, last in latest
        }
        frames = [
            _windows(con, y).query("settlement_id in @places")
            for y, places in _group(years).items()
        ]
        if frames:
            return pd.concat(frames, ignore_index=True)
        return pd.DataFrame(columns=["settlement_id", "zone_id", "year", "start", "end"])
    register_year_bounds(con, year)
    return con.execute(
        """
        SELECT p.settlement_id, p.zone_id, $year AS year, min(h.hour) AS start,
               max(h.hour) + INTERVAL 1 hour AS "end"
        FROM hourly h JOIN meters m USING (meter_key) JOIN sites s USING (site_id)
        JOIN settlements p USING (settlement_id) JOIN year_bounds b USING (settlement_id)
        WHERE h.hour >= b.year_start AND h.hour < b.year_end
        GROUP BY p.settlement_id, p.zone_id ORDER BY p.settlement_id
        """,
        {"year": year},
    ).df()


def _group(years: dict[str, int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for place, year in years.items():
        grouped.setdefault(year, []).append(place)
    return grouped


def compare(
    con: duckdb.DuckDBPyConnection,
    run: RunDirectory,
    *,
    year: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[StatusRow]:
    """Each metered settlement and its zone against the plan of ``run``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    run : RunDirectory
        The plan (read with :func:`zerozone.results.read_run`).
    year : int, optional
        Local year to compare; each settlement's latest year with data if None.
    tolerance : float
        Emissions above plan still on track [-].

    Returns
    -------
    list of StatusRow
        Zones first, each followed by its settlements.
    """
    factor = PlanFactor.read(run.path)
    windows = _windows(con, year)
    planned_places = {s.id: s.zone for s in run.scenario.settlements}
    planned_zones = {z.id for z in run.scenario.zones}
    zones_needed = sorted(
        {planned_places[s] for s in windows["settlement_id"] if s in planned_places}
    )
    profiles = hourly_profiles(run, zones_needed) if zones_needed else pd.DataFrame()
    rows: list[StatusRow] = []
    for window in windows.itertuples():
        sid, zone = str(window.settlement_id), str(window.zone_id)
        start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
        # A zone the plan does not model has no planned grid factor: its actual emissions use the
        # default annual factor, and the row is left uncompared below.
        zone_factor = factor if zone in planned_zones else AnnualFactor()
        inventory = build_inventory(
            con, int(window.year), zone_factor, settlement=sid, start=start, end=end
        )
        info = inventory.information
        self_consumed = float(info["pv_self_consumed_mwh"].sum()) if not info.empty else 0.0
        actual_mwh = float(inventory.rows["mwh"].sum()) + self_consumed
        actual_t = float(inventory.rows["t_co2"].sum())
        on_track: bool | None
        if zone not in planned_zones:
            plan_mwh, plan_t, on_track = 0.0, 0.0, None
            note = "zone not in the plan's scenario (actual emissions at the default grid factor)"
        elif sid not in planned_places or planned_places[sid] != zone:
            plan_mwh, plan_t, on_track, note = 0.0, 0.0, None, "not in the plan's scenario"
        else:
            plan_mwh, plan_t = planned(run, factor, profiles, sid, zone, start, end)
            on_track, note = actual_t <= plan_t * (1.0 + tolerance), ""
        rows.append(
            StatusRow(
                "settlement",
                sid,
                zone,
                start,
                end,
                actual_mwh,
                plan_mwh,
                actual_t,
                plan_t,
                on_track,
                note,
            )
        )
    result: list[StatusRow] = []
    for zone in sorted({r.zone_id for r in rows}):
        members = [r for r in rows if r.zone_id == zone]
        compared = [r for r in members if r.on_track is not None]
        if compared:
            actual_t = sum(r.actual_t for r in compared)
            plan_t = sum(r.plan_t for r in compared)
            result.append(
                StatusRow(
                    "zone",
                    zone,
                    zone,
                    min(r.start for r in compared if r.start is not None),
                    max(r.end for r in compared if r.end is not None),
                    sum(r.actual_mwh for r in compared),
                    sum(r.plan_mwh for r in compared),
                    actual_t,
                    plan_t,
                    actual_t <= plan_t * (1.0 + tolerance),
                    f"{len(compared)} metered settlement(s)",
                )
            )
        result.extend(members)
    return result
