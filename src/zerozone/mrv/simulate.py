"""Realistic smart-meter readings for a settlement, from the planner's demand and PV profiles.

The simulated settlement has ``households`` houses (residential buildings) and four
commercial/institutional buildings (school, clinic, administration, shop) and one public EV
charger site:

* each house: a grid import register (kWh, every 15 min, 6-digit register rolling over at
  100,000 kWh), a grid export register (Wh), a rooftop PV generation register (kWh), a gas
  register (m3, hourly); about one house in ten also has an EV charger sub-meter (kWh);
* each services building: a grid import register and a gas register;
* the public charger: a grid import register.

Energy follows the scenario: the zone's per-person demand of the year (residential, services,
electrified transport, space heat) times the settlement's population, shaped hour by hour by the
zone's profiles (a plan's own when given, :func:`zerozone.results.profiles.hourly_profiles`;
else the scenario's weather year, :func:`zerozone.profiles.scenario.scenario_profiles`), with a
stable per-household scale (log-normal, sigma 0.3) and 15-minute noise. Houses have 3 kW of
rooftop PV (assumption: Aghali's 0.6 MW on 200 houses, aghali.yaml) on the
``pv:solar_rooftop`` profile; self-consumed first, the rest exported. Gas is space heat divided
by the boiler efficiency (0.9) at 9.444 kWh/m3 (:mod:`zerozone.mrv.units`); services take 15 % of
the settlement's heat.

The faults operators meet are injected at stated rates: register resets, a few registers about
to roll over, outages (gaps of 2-30 hours), duplicated rows, readings that the source first sends
as estimates and later corrects, and late batches (readings held back and delivered in a second
file, out of order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from zerozone.data.projections import sector_demand, settlement_population, zone_population
from zerozone.data.schema import DemandSector, Scenario, TechnologyKind
from zerozone.mrv.factors import profile_position
from zerozone.mrv.registry import MeterKind, MeterSpec, Sector, SiteKind
from zerozone.mrv.units import DEFAULT_CALORIFIC_KWH_PER_M3, Unit
from zerozone.profiles.scenario import scenario_profiles

HOUSEHOLD_SIZE = 5.0
"""People per household [people]: Aghali's 871 residents in 175 families (facts §1)."""

MAX_HOUSEHOLDS = 200
"""Most simulated houses; larger settlements are represented by 200 houses of more people."""

PV_PER_HOUSE_KW = 3.0
"""Rooftop PV per house [kW AC] (assumption of aghali.yaml: 0.6 MW over 200 houses)."""

BOILER_EFFICIENCY = 0.9
"""Gas boiler efficiency [-] (the bundled scenarios' gas_boiler)."""

SERVICES_HEAT_SHARE = 0.15
"""Share of the settlement's space heat used by services buildings [-] (default.yaml's +15 %)."""

SERVICES = {"school": 0.35, "clinic": 0.2, "administration": 0.25, "shop": 0.2}
"""Services buildings and their shares of the services electricity [-]."""

REGISTER_ROLLOVER_KWH = 100_000.0
"""Six-digit import registers roll over at 100,000 kWh [kWh]."""


@dataclass(frozen=True)
class Faults:
    """Rates of the injected faults.

    Attributes
    ----------
    reset_share : float
        Share of registers that reset to zero once [-].
    rollover_share : float
        Share of import registers starting just below their rollover [-].
    gap_share : float
        Share of meters with one outage of 2-30 h [-].
    duplicate_share : float
        Share of readings sent twice [-].
    estimate_share : float
        Share of readings first sent as (slightly wrong) estimates and corrected later [-].
    late_share : float
        Share of meters whose readings of one day arrive late, in the second file [-].
    """

    reset_share: float = 0.01
    rollover_share: float = 0.02
    gap_share: float = 0.03
    duplicate_share: float = 0.01
    estimate_share: float = 0.002
    late_share: float = 0.05


@dataclass(frozen=True)
class Simulation:
    """The simulated meters and readings.

    Attributes
    ----------
    meters : list of MeterSpec
        Meters to register.
    readings : pandas.DataFrame
        Readings in arrival order (``meter``, ``ts`` (UTC, tz-aware), ``value``, ``unit``,
        ``estimated``).
    late : pandas.DataFrame
        Readings delivered later: held-back days and corrections of estimates.
    """

    meters: list[MeterSpec]
    readings: pd.DataFrame
    late: pd.DataFrame


@dataclass
class _Meter:
    spec: MeterSpec
    power_kw: np.ndarray  # mean power of each step [kW] (energy meters) or gas [kWh/step-h]


def _per_person(
    scenario: Scenario, zone: str, sector: DemandSector, year: int
) -> tuple[float, float]:
    demand = sector_demand(scenario, zone, sector, year)
    people = zone_population(scenario, zone, year, scenario.demand.population_variant)
    if people <= 0:
        return 0.0, 0.0
    return demand.electricity_mwh / people, demand.heat_mwh / people


def simulate(
    scenario: Scenario,
    settlement: str,
    *,
    start: dt.date,
    days: int,
    seed: int = 0,
    households: int | None = None,
    faults: Faults | None = None,
    profiles: pd.DataFrame | None = None,
) -> Simulation:
    """Simulate the meters of ``settlement`` for ``days`` days from local midnight of ``start``.

    Parameters
    ----------
    scenario : Scenario
        Scenario holding the settlement (demand, population, profiles).
    settlement : str
        Settlement id or English name.
    start : datetime.date
        First local day.
    days : int
        Number of days (1-366).
    seed : int
        Seed of every random choice; same inputs, same readings.
    households : int, optional
        Houses to simulate; the settlement's households (population / 5), at most 200, if None.
    faults : Faults, optional
        Fault rates; :class:`Faults` defaults if None.
    profiles : pandas.DataFrame, optional
        Hourly profiles of the settlement's zone (8,760 rows, columns (``zone``, ``profile``)),
        e.g. a plan's own (:func:`zerozone.results.profiles.hourly_profiles`); computed from the
        scenario's weather when None.

    Returns
    -------
    Simulation

    Raises
    ------
    ValueError
        For an unknown settlement or an out-of-range ``days``.
    """
    place = next(
        (s for s in scenario.settlements if settlement.lower() in (s.id, s.name.en.lower())), None
    )
    if place is None:
        known = ", ".join(s.id for s in scenario.settlements)
        raise ValueError(f"settlement {settlement!r} is not in scenario {scenario.name} ({known})")
    if not 1 <= days <= 366:
        raise ValueError("days must be between 1 and 366")
    faults = faults or Faults()
    rng = np.random.default_rng([seed, days, start.toordinal()])
    tz = ZoneInfo(scenario.timezone)
    first = pd.Timestamp(dt.datetime.combine(start, dt.time(), tzinfo=tz)).tz_convert("UTC")
    last = pd.Timestamp(
        dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), tzinfo=tz)
    ).tz_convert("UTC")
    steps = pd.date_range(first, last, freq="15min", inclusive="left")
    year = start.year
    people = settlement_population(place, year, scenario.demand.population_variant)
    houses = households or int(min(MAX_HOUSEHOLDS, max(1, round(people / HOUSEHOLD_SIZE))))
    per_house = people / houses

    if profiles is None:
        profiles = scenario_profiles(scenario, zones=[place.zone])
    own = profiles[place.zone]
    calendar_day, hour, _ = profile_position(steps.floor("h"))
    row = calendar_day * 24 + hour

    def shape(column: str) -> np.ndarray:
        return own[column].to_numpy()[row]

    pv_column = "pv:solar_rooftop" if "pv:solar_rooftop" in own else "pv_fixed"
    residential, _ = _per_person(scenario, place.zone, DemandSector.RESIDENTIAL, year)
    services, _ = _per_person(scenario, place.zone, DemandSector.SERVICES, year)
    transport, _ = _per_person(scenario, place.zone, DemandSector.TRANSPORT, year)
    _, heat = _per_person(scenario, place.zone, DemandSector.SPACE_HEAT, year)
    boiler = next(
        (t.efficiency for t in scenario.technologies if t.kind is TechnologyKind.GAS_BOILER),
        BOILER_EFFICIENCY,
    )
    # Hourly profiles: demand shapes have mean 1 [MW/MW]; heat_demand sums to 1 over 8,760 h.
    gas_power = shape("heat_demand") * 8760.0 / boiler  # gas [kW] per mean heat demand [kW]
    n = len(steps)
    meters: list[_Meter] = []
    sid = place.id

    def noise(scale: float) -> np.ndarray:
        """Multiplicative AR(1) noise of 15-minute steps (coefficient 0.8, unit variance)."""
        ar = lfilter([0.6], [1.0, -0.8], rng.normal(size=n))
        return np.clip(1.0 + scale * ar, 0.0, None)

    def spec(meter: str, site: str, kind: MeterKind, **kw: object) -> MeterSpec:
        return MeterSpec(meter, sid, site, kind, **kw)  # type: ignore[arg-type]

    ev_houses = set(rng.choice(houses, size=max(1, houses // 10), replace=False).tolist())
    ev_annual_kwh = transport * people * 1000.0
    for i in range(houses):
        site = f"{sid}-house-{i + 1:03d}"
        scale = float(np.exp(rng.normal(0.0, 0.3) - 0.045))
        load = residential * per_house * 1000.0 / 8760.0 * shape("demand_residential")
        load = load * scale * noise(0.25)
        pv = PV_PER_HOUSE_KW * shape(pv_column) * rng.uniform(0.85, 1.05) * noise(0.05)
        ev = np.zeros(n)
        if i in ev_houses:
            ev = ev_annual_kwh * 0.5 / len(ev_houses) / 8760.0 * shape("ev_charging") * noise(0.4)
            meters.append(_Meter(spec(f"{site}-ev", site, MeterKind.EV_CHARGER), ev))
        net = load + ev - pv
        meters.append(
            _Meter(
                spec(f"{site}-import", site, MeterKind.GRID_IMPORT, rollover=REGISTER_ROLLOVER_KWH),
                np.clip(net, 0.0, None),
            )
        )
        meters.append(
            _Meter(
                spec(f"{site}-export", site, MeterKind.GRID_EXPORT, unit=Unit.WH),
                np.clip(-net, 0.0, None),
            )
        )
        meters.append(_Meter(spec(f"{site}-pv", site, MeterKind.PV_GENERATION), pv))
        house_heat = heat * per_house * 1000.0 * (1.0 - SERVICES_HEAT_SHARE) / 8760.0
        meters.append(
            _Meter(
                spec(f"{site}-gas", site, MeterKind.GAS, unit=Unit.M3, interval_minutes=60.0),
                house_heat * gas_power * scale * noise(0.1),
            )
        )
    for name, share in SERVICES.items():
        site = f"{sid}-{name}"
        kw = {"sector": Sector.COMMERCIAL_INSTITUTIONAL}
        load = services * people * 1000.0 * share / 8760.0 * shape("demand_services") * noise(0.15)
        meters.append(_Meter(spec(f"{site}-import", site, MeterKind.GRID_IMPORT, **kw), load))
        building_heat = heat * people * 1000.0 * SERVICES_HEAT_SHARE * share / 8760.0
        meters.append(
            _Meter(
                spec(f"{site}-gas", site, MeterKind.GAS, unit=Unit.M3, interval_minutes=60.0, **kw),
                building_heat * gas_power * noise(0.1),
            )
        )
    site = f"{sid}-charger-1"
    public = ev_annual_kwh * 0.5 / 8760.0 * shape("ev_charging") * noise(0.5)
    meters.append(
        _Meter(
            spec(
                f"{site}-import",
                site,
                MeterKind.GRID_IMPORT,
                site_kind=SiteKind.CHARGER,
                sector=None,
            ),
            public,
        )
    )
    frames = [_readings(m, steps, rng, faults) for m in meters]
    readings = pd.concat([f[0] for f in frames], ignore_index=True)
    late = pd.concat([f[1] for f in frames], ignore_index=True)
    duplicates = readings.sample(
        frac=faults.duplicate_share, random_state=int(rng.integers(1 << 31))
    )
    readings = pd.concat([readings, duplicates], ignore_index=True)
    readings = readings.sort_values("ts", kind="stable").reset_index(drop=True)
    late = late.sample(frac=1.0, random_state=int(rng.integers(1 << 31))).reset_index(drop=True)
    return Simulation([m.spec for m in meters], readings, late)


def _readings(
    meter: _Meter, steps: pd.DatetimeIndex, rng: np.random.Generator, faults: Faults
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register readings of one meter: (readings sent on time, readings sent late)."""
    spec = meter.spec
    per = max(1, round(spec.interval_minutes / 15))
    energy_kwh = meter.power_kw * 0.25  # kWh per 15-minute step
    energy_kwh = (
        energy_kwh.reshape(-1, per).sum(axis=1) if len(energy_kwh) % per == 0 else energy_kwh
    )
    # One reading at the start, then one at the end of each interval.
    ends = steps[per - 1 :: per] + pd.Timedelta(minutes=15)
    times = ends.insert(0, steps[0])
    energy_kwh = np.concatenate([[0.0], energy_kwh[: len(ends)]])
    factor = (
        DEFAULT_CALORIFIC_KWH_PER_M3
        if spec.unit is Unit.M3
        else {Unit.WH: 0.001, Unit.KWH: 1.0, Unit.MWH: 1000.0}[spec.unit]
    )
    increments = energy_kwh / factor  # in the meter's unit
    start = rng.uniform(0.0, 20_000.0) / factor
    if spec.rollover is not None and rng.random() < faults.rollover_share:
        start = spec.rollover - increments[: len(increments) // 2].sum() + 1e-3
    register = start + np.cumsum(increments)
    if rng.random() < faults.reset_share:
        at = int(rng.integers(1, len(register)))
        register[at:] = np.cumsum(increments[at:])
    if spec.rollover is not None:
        register = np.mod(register, spec.rollover)
    digits = 3 if spec.unit is Unit.M3 else (0 if spec.unit is Unit.WH else 3)
    values = np.round(register, digits)
    frame = pd.DataFrame(
        {
            "meter": spec.meter_id,
            "ts": times,
            "value": values,
            "unit": spec.unit.value,
            "estimated": False,
        }
    )
    keep = np.ones(len(frame), dtype=bool)
    if rng.random() < faults.gap_share and len(frame) > 8:
        length = int(rng.integers(2, 31) * 60 / spec.interval_minutes)
        at = int(rng.integers(1, max(2, len(frame) - length)))
        keep[at : at + length] = False
    late = np.zeros(len(frame), dtype=bool)
    if rng.random() < faults.late_share:
        per_day = int(24 * 60 / spec.interval_minutes)
        day = int(rng.integers(0, max(1, len(frame) // per_day)))
        late[day * per_day : (day + 1) * per_day] = True
        late &= keep
    estimates = keep & ~late & (rng.random(len(frame)) < faults.estimate_share)
    corrections = frame[estimates].copy()
    sent = frame.copy()
    if estimates.any():
        # An estimate sits between its neighbours so that the register stays monotonic.
        previous = np.concatenate([[values[0]], values[:-1]])
        middle = previous + (values - previous) * rng.uniform(0.3, 0.9, len(frame))
        sent.loc[estimates, "value"] = np.round(middle[estimates], digits)
        sent.loc[estimates, "estimated"] = True
    on_time = sent[keep & ~late]
    held = pd.concat([frame[late], corrections], ignore_index=True)
    return on_time, held


def write_readings(frame: pd.DataFrame, path: str, timezone: str) -> None:
    """Write readings as Parquet (tz-aware UTC times) or CSV (ISO 8601 with the local offset)."""
    if path.endswith(".parquet"):
        frame.to_parquet(path, index=False)
        return
    local = frame["ts"].dt.tz_convert(timezone)
    text = local.dt.strftime("%Y-%m-%dT%H:%M:%S%z").str.replace(
        r"(\d{2})(\d{2})$", r"\1:\2", regex=True
    )
    frame.assign(ts=text).to_csv(path, index=False)
