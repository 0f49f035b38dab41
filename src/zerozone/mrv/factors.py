"""Emission factors: the grid's, hour by hour, and the IPCC factors of fuels burnt on site.

Grid electricity (GPC scope 2, location-based) takes one of three factors, each giving a value
per zone and UTC hour [t/MWh]:

* :class:`PlanFactor`: from a plan's run directory. For each zone, period and model hour:
  (emissions of the zone's fuel-burning generation + imports from markets times the market's
  factor + flows arriving over links times the sending zone's own factor) / (the same energies).
  Storage charge and discharge are left out (the energy was generated once already). Calendar
  hours are mapped to model days by the run's ``day_map`` (profiles are in local standard time,
  UTC+4); days a ``weeks:N`` run does not model take the period's mean for that hour of day.
  The period of a year is the last period starting at or before it.
* :class:`SeriesFactor`: a user's hourly series (CSV or Parquet: ``ts`` with a UTC offset,
  ``t_per_mwh``, optionally ``zone`` for one series per zone).
* :class:`AnnualFactor`: one value for every hour.

The default annual factor is 0.462 t/MWh: Azerbaijan's life-cycle grid carbon intensity,
462 gCO2e/kWh in 2022 (``/work/shared/facts/zones.md`` §4; the same value the bundled scenarios
give the mainland market in 2022). No official grid emission factor is published for the zones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from zerozone.data.schema import Scenario, TechnologyKind
from zerozone.data.series import interpolate
from zerozone.errors import ZerozoneError
from zerozone.profiles.timebase import DEFAULT_UTC_OFFSET_HOURS

DEFAULT_GRID_FACTOR_T_PER_MWH = 0.462
"""Azerbaijan's life-cycle grid carbon intensity in 2022 [t/MWh] (facts §4)."""

DEFAULT_GRID_FACTOR_SOURCE = "Azerbaijan grid 2022, life-cycle 462 gCO2e/kWh (facts §4)"


@dataclass(frozen=True)
class FuelFactor:
    """An IPCC 2006 default CO2 emission factor of a fuel.

    Attributes
    ----------
    kg_per_tj : float
        Default factor [kg CO2/TJ] (IPCC 2006 Guidelines, Vol. 2, ch. 2, table 2.2).
    source : str
        Citation.
    """

    kg_per_tj: float
    source: str

    @property
    def t_per_mwh(self) -> float:
        """The factor per unit of fuel energy [t CO2/MWh] (1 MWh = 0.0036 TJ)."""
        return self.kg_per_tj * 0.0036 / 1000.0


IPCC_2006 = "IPCC 2006 Guidelines, Vol. 2 (Energy), ch. 2, table 2.2, default CO2 factor"
FUEL_FACTORS: dict[str, FuelFactor] = {
    "natural_gas": FuelFactor(56_100, IPCC_2006),
    "diesel": FuelFactor(74_100, IPCC_2006),
    "gasoline": FuelFactor(69_300, IPCC_2006),
    "lpg": FuelFactor(63_100, IPCC_2006),
}
"""CO2 factors of fuels measured on site (CO2 only; CH4 and N2O are not included)."""

GAS_T_PER_MWH_IPCC = FUEL_FACTORS["natural_gas"].t_per_mwh
"""Natural gas: 56,100 kg/TJ = 0.20196 t CO2/MWh [t/MWh]."""


class FactorError(ZerozoneError, ValueError):
    """A grid factor that cannot be built (bad file, zone missing from a run)."""


class GridFactor(Protocol):
    """A source of hourly grid emission factors."""

    @property
    def label(self) -> str:
        """What the factor is and where it comes from [-]."""
        ...

    def hourly(self, zones: list[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        """Factors for ``zones`` and the UTC hours in [start, end).

        Returns
        -------
        pandas.DataFrame
            Columns ``zone_id``, ``hour`` (UTC, tz-aware) and ``t_per_mwh`` [t/MWh].
        """
        ...


def plan_period(periods: list[int], year: int) -> int:
    """The investment period a calendar ``year`` falls in (the first period before it starts)."""
    return max([p for p in periods if p <= year] or [min(periods)])


def profile_position(hours: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where UTC ``hours`` fall on the profiles' time axis (local standard time, UTC+4).

    Returns
    -------
    tuple of numpy.ndarray
        Calendar day of a non-leap year (0-364; 29 February takes 28 February's day), hour of the
        day (0-23) and calendar year of each hour, all in local standard time.
    """
    local = hours.tz_convert(None) + pd.Timedelta(hours=DEFAULT_UTC_OFFSET_HOURS)
    day = np.minimum(local.day, np.where(local.month == 2, 28, 31))
    reference = pd.to_datetime(pd.DataFrame({"year": 2019, "month": local.month, "day": day}))
    calendar_day = reference.dt.dayofyear.to_numpy() - 1
    return calendar_day, np.asarray(local.hour), np.asarray(local.year)


def _hours(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(start.floor("h"), end, freq="h", inclusive="left", tz="UTC")


@dataclass(frozen=True)
class AnnualFactor:
    """One factor for every hour and zone [t/MWh]."""

    t_per_mwh: float = DEFAULT_GRID_FACTOR_T_PER_MWH
    label: str = DEFAULT_GRID_FACTOR_SOURCE

    def hourly(self, zones: list[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        """See :class:`GridFactor`."""
        hours = _hours(start, end)
        return pd.DataFrame(
            {
                "zone_id": np.repeat(zones, len(hours)),
                "hour": np.tile(hours, len(zones)),
                "t_per_mwh": self.t_per_mwh,
            }
        )


@dataclass(frozen=True)
class SeriesFactor:
    """A user's hourly factors, read from CSV or Parquet."""

    frame: pd.DataFrame
    label: str

    @classmethod
    def read(cls, path: Path) -> SeriesFactor:
        """Read ``path`` (columns ``ts``, ``t_per_mwh``, optional ``zone``).

        Raises
        ------
        FactorError
            When the file is unreadable, a column is missing, a time lacks its UTC offset or a
            factor is negative or missing.
        """
        try:
            raw = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
        except (OSError, ValueError) as error:
            raise FactorError(f"{path}: cannot read the factor file ({error})") from None
        missing = {"ts", "t_per_mwh"} - set(raw.columns)
        if missing:
            raise FactorError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        try:
            stamps = pd.to_datetime(raw["ts"], utc=False, format="ISO8601")
        except (ValueError, TypeError) as error:
            raise FactorError(f"{path}: unreadable time ({error})") from None
        if getattr(stamps.dt, "tz", None) is None:
            raise FactorError(f"{path}: times need a UTC offset (write Z or +04:00)")
        values = pd.to_numeric(raw["t_per_mwh"], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise FactorError(f"{path}: t_per_mwh must be a number >= 0 on every row")
        frame = pd.DataFrame(
            {
                "zone_id": raw["zone"].astype(str) if "zone" in raw.columns else "*",
                "hour": stamps.dt.tz_convert("UTC").dt.floor("h"),
                "t_per_mwh": values.astype(float),
            }
        )
        return cls(
            frame.groupby(["zone_id", "hour"], as_index=False)["t_per_mwh"].mean(), str(path)
        )

    def hourly(self, zones: list[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        """See :class:`GridFactor`; hours the series lacks are absent (the caller checks)."""
        frames = []
        for zone in zones:
            own = self.frame[self.frame["zone_id"] == zone]
            if own.empty:
                own = self.frame[self.frame["zone_id"] == "*"]
            frames.append(own.assign(zone_id=zone))
        frame = pd.concat(frames, ignore_index=True)
        keep = (frame["hour"] >= start) & (frame["hour"] < end)
        return frame[keep].reset_index(drop=True)


def _tech_intensity(scenario: Scenario) -> dict[str, float]:
    intensity = {}
    for tech in scenario.technologies:
        if tech.kind is TechnologyKind.THERMAL and tech.fuel is not None:
            factor = scenario.fuel(tech.fuel).emission_factor_t_per_mwh
            intensity[tech.id] = factor / tech.efficiency
        else:
            intensity[tech.id] = 0.0
    return intensity


def model_hour_factors(scenario: Scenario, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Average emission factor of the electricity available in each zone and model hour.

    Returns
    -------
    pandas.DataFrame
        Columns ``zone``, ``period``, ``day``, ``hour``, ``t_per_mwh`` [t/MWh] (NaN where the zone
        had no supply in that hour).
    """
    dispatch = tables["dispatch"]
    generation = dispatch[dispatch["role"] == "generation"].copy()
    generation["t"] = generation["mw"] * generation["tech"].map(_tech_intensity(scenario))
    keys = ["zone", "period", "day", "hour"]
    local = generation.groupby(keys)[["mw", "t"]].sum()
    flows = tables["flows"]
    markets = {m.id: m for m in scenario.markets}
    imports = flows[flows["direction"] == "import"].copy()
    if not imports.empty:
        imports["zone"] = imports["connection"].map(lambda c: markets[c].zone)
        imports["t"] = imports["mw"] * [
            interpolate(markets[c].emission_factor_t_per_mwh, p)
            for c, p in zip(imports["connection"], imports["period"], strict=True)
        ]
        local = local.add(imports.groupby(keys)[["mw", "t"]].sum(), fill_value=0.0)
    own = (local["t"] / local["mw"].where(local["mw"] > 1e-9)).rename("own")
    total = local.copy()
    links = {link.id: link for link in scenario.links}
    for direction, sender, receiver in (
        ("forward", "from_zone", "to_zone"),
        ("backward", "to_zone", "from_zone"),
    ):
        moved = flows[(flows["direction"] == direction) & flows["connection"].isin(links)].copy()
        if moved.empty:
            continue
        moved["from"] = moved["connection"].map(lambda c, s=sender: getattr(links[c], s))
        moved["zone"] = moved["connection"].map(lambda c, r=receiver: getattr(links[c], r))
        moved["mw"] = moved["mw"] * moved["connection"].map(lambda c: links[c].efficiency)
        sender_factor = own.reindex(
            pd.MultiIndex.from_frame(
                moved[["from", "period", "day", "hour"]].set_axis(keys, axis=1)
            )
        ).fillna(0.0)
        moved["t"] = moved["mw"].to_numpy() * sender_factor.to_numpy()
        total = total.add(moved.groupby(keys)[["mw", "t"]].sum(), fill_value=0.0)
    factor = total["t"] / total["mw"].where(total["mw"] > 1e-9)
    return factor.rename("t_per_mwh").reset_index()


@dataclass(frozen=True)
class PlanFactor:
    """Hourly factors of a plan's run directory."""

    by_model_hour: pd.DataFrame
    day_map: np.ndarray
    periods: list[int]
    label: str

    @classmethod
    def read(cls, path: Path) -> PlanFactor:
        """Read the run directory ``path``.

        Raises
        ------
        FactorError
            When ``path`` is not a run directory with dispatch and flows.
        """
        from zerozone.results.profiles import day_map
        from zerozone.results.run_directory import read_run

        try:
            run = read_run(path)
        except (FileNotFoundError, OSError, ValueError) as error:
            raise FactorError(f"{path}: cannot read the run directory ({error})") from None
        if not {"dispatch", "flows", "day_map"} <= set(run.tables):
            raise FactorError(f"{path}: the run has no dispatch (was the plan solved?)")
        factors = model_hour_factors(run.scenario, run.tables)
        return cls(factors, day_map(run), run.periods, f"plan {path}")

    def hourly(self, zones: list[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
        """See :class:`GridFactor`."""
        known = set(self.by_model_hour["zone"])
        unknown = [z for z in zones if z not in known]
        if unknown:
            raise FactorError(
                f"{self.label} has no zone {', '.join(unknown)} (zones: {', '.join(sorted(known))})"
            )
        hours = _hours(start, end)
        calendar_day, hour_of_day, year = profile_position(hours)
        out = []
        table = self.by_model_hour
        for zone in zones:
            own = table[table["zone"] == zone]
            keyed = own.set_index(["period", "day", "hour"])["t_per_mwh"]
            by_hour_of_day = own.groupby(["period", "hour"])["t_per_mwh"].mean()
            period = np.array([plan_period(self.periods, int(y)) for y in year])
            modelled = calendar_day < len(self.day_map)
            last = len(self.day_map) - 1
            day = np.where(modelled, self.day_map[np.minimum(calendar_day, last)], -1)
            index = pd.MultiIndex.from_arrays([period, day, hour_of_day])
            values = keyed.reindex(index).to_numpy()
            fallback = by_hour_of_day.reindex(pd.MultiIndex.from_arrays([period, hour_of_day]))
            values = np.where(np.isnan(values), fallback.to_numpy(), values)
            out.append(pd.DataFrame({"zone_id": zone, "hour": hours, "t_per_mwh": values}))
        frame = pd.concat(out, ignore_index=True)
        frame["t_per_mwh"] = frame["t_per_mwh"].fillna(0.0)
        return frame


def grid_factor(spec: str | None) -> GridFactor:
    """The grid factor named by ``spec``: a number [t/MWh], a run directory, or a series file.

    ``None`` gives the default annual factor (:data:`DEFAULT_GRID_FACTOR_T_PER_MWH`).

    Raises
    ------
    FactorError
        When ``spec`` is none of these.
    """
    if spec is None:
        return AnnualFactor()
    try:
        value = float(spec)
    except ValueError:
        value = None
    if value is not None:
        if not value >= 0:
            raise FactorError(f"grid factor {spec} must be >= 0 t/MWh")
        return AnnualFactor(value, f"annual factor {value} t/MWh (given)")
    path = Path(spec)
    if path.is_dir():
        return PlanFactor.read(path)
    if path.is_file():
        return SeriesFactor.read(path)
    raise FactorError(f"{spec}: not a number, a run directory or a factor file")
