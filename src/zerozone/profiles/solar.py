"""Hourly solar irradiance and photovoltaic capacity factors (pvlib).

Method
------
1. Sun position and clear-sky irradiance at the middle of each hour: pvlib's Ineichen
   model with its bundled monthly Linke turbidity climatology (works offline).
2. A stochastic daily clear-sky index multiplies the clear-sky GHI: monthly means with a
   mild seasonal shape (clearer in summer), day-to-day AR(1) variation, clipped to
   [``MIN_CLEARNESS``, ``MAX_CLEARNESS``]. Its level is calibrated (Brent's method) so the
   annual GHI equals ``annual_ghi_kwh_m2`` to within 0.01 %.
3. GHI is split into beam and diffuse (Erbs), transposed to the plane of array
   (Hay-Davies, albedo 0.2) for a fixed rack or a horizontal single-axis tracker
   (north-south axis, backtracking), with the ASHRAE incidence-angle modifier on beam.
4. Cell temperature (Faiman, 1 m/s wind) changes DC power by ``temperature_coefficient``
   per kelvin above 25 degC. DC = POA/1000 * dc_ac_ratio * (1 - system_losses) * thermal
   factor, AC = min(DC * inverter_efficiency, 1).

The output is exactly zero whenever the sun is at or below the horizon at the middle of
the hour. The index follows ``timebase`` (naive local standard time, start of hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pvlib
from scipy.optimize import brentq

from zerozone.profiles.randomness import WeatherCoupling, weather_anomaly
from zerozone.profiles.timebase import (
    DAYS_PER_YEAR,
    DEFAULT_UTC_OFFSET_HOURS,
    DEFAULT_YEAR,
    annual_cosine,
    daily_to_hourly,
    hourly_index,
    to_utc,
)
from zerozone.profiles.weather import temperature_profile

Mount = Literal["fixed", "tracking"]

MIN_CLEARNESS = 0.08
"""Lowest daily clear-sky index (overcast day) [-]."""
MAX_CLEARNESS = 1.0
"""Highest daily clear-sky index (fully clear day) [-]."""
ALBEDO = 0.2
"""Ground reflectance [-] (assumption: grass and soil)."""


@dataclass(frozen=True)
class SkyGeometry:
    """Sun position and clear-sky irradiance at the middle of each hour.

    Attributes
    ----------
    index : pandas.DatetimeIndex
        Naive local-time labels (start of each hour).
    apparent_zenith, zenith, azimuth : numpy.ndarray
        Solar angles at mid-hour [deg].
    clearsky_ghi : numpy.ndarray
        Clear-sky global horizontal irradiance [W/m2], zero when the sun is down.
    dni_extra : numpy.ndarray
        Extraterrestrial normal irradiance [W/m2].
    sun_up : numpy.ndarray of bool
        True when the apparent elevation at mid-hour is above 0 deg.
    """

    index: pd.DatetimeIndex
    apparent_zenith: np.ndarray
    zenith: np.ndarray
    azimuth: np.ndarray
    clearsky_ghi: np.ndarray
    dni_extra: np.ndarray
    sun_up: np.ndarray


def sky_geometry(
    lat: float,
    lon: float,
    *,
    altitude_m: float | None = None,
    year: int = DEFAULT_YEAR,
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
) -> SkyGeometry:
    """Compute sun position and Ineichen clear-sky GHI at mid-hour for one year.

    Parameters
    ----------
    lat, lon : float
        Latitude and longitude [deg], north and east positive.
    altitude_m : float, optional
        Site altitude [m]; None looks it up in pvlib's bundled elevation map.
    year : int
        Non-leap weather year [-].
    utc_offset_hours : float
        Offset of local standard time from UTC [h].

    Returns
    -------
    geometry : SkyGeometry
        Solar angles [deg] and clear-sky irradiance [W/m2].
    """
    index = hourly_index(year)
    times = to_utc(index, utc_offset_hours) + pd.Timedelta(minutes=30)
    location = pvlib.location.Location(lat, lon, tz="UTC", altitude=altitude_m)
    position = location.get_solarposition(times)
    clearsky = location.get_clearsky(times, model="ineichen", solar_position=position)
    sun_up = position["apparent_elevation"].to_numpy() > 0.0
    ghi = np.where(sun_up, clearsky["ghi"].to_numpy(), 0.0)
    return SkyGeometry(
        index=index,
        apparent_zenith=position["apparent_zenith"].to_numpy(),
        zenith=position["zenith"].to_numpy(),
        azimuth=position["azimuth"].to_numpy(),
        clearsky_ghi=ghi,
        dni_extra=np.asarray(pvlib.irradiance.get_extra_radiation(times), dtype=float),
        sun_up=sun_up,
    )


def annual_ghi(ghi: pd.Series) -> float:
    """Return the annual irradiation of an hourly GHI series [kWh/m2].

    Parameters
    ----------
    ghi : pandas.Series
        Hourly mean global horizontal irradiance [W/m2].

    Returns
    -------
    irradiation : float
        Sum over the year [kWh/m2].
    """
    return float(ghi.sum()) / 1000.0


def _daily_clearness(level: float, seasonal_shape: np.ndarray, anomaly: np.ndarray) -> np.ndarray:
    """Return clipped daily clear-sky indices for a given level [-]."""
    return np.clip(level * seasonal_shape + anomaly, MIN_CLEARNESS, MAX_CLEARNESS)


def ghi_profile(
    lat: float,
    lon: float,
    *,
    annual_ghi_kwh_m2: float,
    altitude_m: float | None = None,
    seasonal_amplitude: float = 0.08,
    day_to_day_std: float = 0.15,
    day_to_day_persistence: float = 0.5,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
    geometry: SkyGeometry | None = None,
    shared_weather: WeatherCoupling | None = None,
) -> pd.Series:
    """Return hourly global horizontal irradiance calibrated to an annual total.

    Parameters
    ----------
    lat, lon : float
        Latitude and longitude [deg], north and east positive.
    annual_ghi_kwh_m2 : float
        Annual global horizontal irradiation to match [kWh/m2].
    altitude_m : float, optional
        Site altitude [m]; None looks it up in pvlib's bundled elevation map.
    seasonal_amplitude : float
        Relative amplitude of the mean clear-sky index over the year, highest in
        mid-July (mid-January south of the equator) [-].
    day_to_day_std : float
        Standard deviation of the daily clear-sky index anomaly [-].
    day_to_day_persistence : float
        Lag-1 autocorrelation of the daily anomaly [-].
    year : int
        Non-leap weather year [-].
    seed : int
        Seed of the random generator [-].
    shared_weather : SharedWeather or FactorWeather, optional
        Component common to several zones (correlated weather); None for independent.
    utc_offset_hours : float
        Offset of local standard time from UTC [h].
    geometry : SkyGeometry, optional
        Precomputed output of :func:`sky_geometry` (saves time when reused).

    Returns
    -------
    ghi : pandas.Series
        Hourly mean global horizontal irradiance [W/m2].

    Raises
    ------
    ValueError
        If the target exceeds what clear skies on every day can deliver.
    """
    sky = geometry or sky_geometry(
        lat, lon, altitude_m=altitude_m, year=year, utc_offset_hours=utc_offset_hours
    )
    daily_clearsky = sky.clearsky_ghi.reshape(DAYS_PER_YEAR, 24).sum(axis=1) / 1000.0
    days = np.arange(1, DAYS_PER_YEAR + 1, dtype=float)
    clearest_day = 196.0 if lat >= 0 else 196.0 - DAYS_PER_YEAR / 2.0
    shape = 1.0 + seasonal_amplitude * annual_cosine(days, clearest_day)
    anomaly = day_to_day_std * weather_anomaly(
        seed, "solar.clearness", DAYS_PER_YEAR, day_to_day_persistence, shared_weather
    )

    def excess(level: float) -> float:
        clearness = _daily_clearness(level, shape, anomaly)
        return float(np.dot(clearness, daily_clearsky)) - annual_ghi_kwh_m2

    upper = MAX_CLEARNESS * float(daily_clearsky.sum())
    if not 0.0 < annual_ghi_kwh_m2 < upper:
        raise ValueError(
            f"annual_ghi_kwh_m2={annual_ghi_kwh_m2:.0f} must be positive and below the "
            f"clear-sky irradiation {upper:.0f} kWh/m2 at ({lat}, {lon})"
        )
    level = brentq(excess, 0.0, 2.0 * (MAX_CLEARNESS + day_to_day_std * 5.0), xtol=1e-10)
    clearness = daily_to_hourly(_daily_clearness(level, shape, anomaly), smooth=False)
    return pd.Series(sky.clearsky_ghi * clearness, index=sky.index, name="ghi")


def default_tilt(lat: float) -> float:
    """Return the default fixed-rack tilt, 0.76 * |latitude| [deg] (assumption).

    Parameters
    ----------
    lat : float
        Latitude [deg].

    Returns
    -------
    tilt : float
        Surface tilt from horizontal [deg].
    """
    return 0.76 * abs(lat)


def _surface_orientation(
    sky: SkyGeometry,
    mount: Mount,
    tilt_deg: float,
    azimuth_deg: float,
    max_tracker_angle_deg: float,
    ground_coverage_ratio: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return surface tilt, surface azimuth [deg] and angle of incidence [deg]."""
    if mount == "fixed":
        n = sky.index.size
        tilt = np.full(n, tilt_deg)
        azimuth = np.full(n, azimuth_deg)
        aoi = np.asarray(
            pvlib.irradiance.aoi(tilt, azimuth, sky.apparent_zenith, sky.azimuth), dtype=float
        )
        return tilt, azimuth, aoi
    if mount == "tracking":
        tracker = pvlib.tracking.singleaxis(
            sky.apparent_zenith,
            sky.azimuth,
            axis_tilt=0.0,
            axis_azimuth=180.0,
            max_angle=max_tracker_angle_deg,
            backtrack=True,
            gcr=ground_coverage_ratio,
        )
        return (
            np.nan_to_num(np.asarray(tracker["surface_tilt"], dtype=float)),
            np.nan_to_num(np.asarray(tracker["surface_azimuth"], dtype=float), nan=180.0),
            np.nan_to_num(np.asarray(tracker["aoi"], dtype=float), nan=90.0),
        )
    raise ValueError(f"mount must be 'fixed' or 'tracking', got {mount!r}")


def plane_of_array_irradiance(
    ghi: pd.Series,
    sky: SkyGeometry,
    *,
    mount: Mount,
    tilt_deg: float,
    azimuth_deg: float = 180.0,
    max_tracker_angle_deg: float = 60.0,
    ground_coverage_ratio: float = 0.35,
) -> pd.Series:
    """Return the effective irradiance on the modules [W/m2].

    Parameters
    ----------
    ghi : pandas.Series
        Hourly global horizontal irradiance [W/m2].
    sky : SkyGeometry
        Sun position for the same hours.
    mount : {"fixed", "tracking"}
        Fixed rack or horizontal north-south single-axis tracker with backtracking.
    tilt_deg : float
        Fixed-rack tilt from horizontal [deg] (ignored for trackers).
    azimuth_deg : float
        Fixed-rack azimuth, 180 = south [deg] (ignored for trackers).
    max_tracker_angle_deg : float
        Tracker rotation limit [deg].
    ground_coverage_ratio : float
        Tracker row ground coverage ratio for backtracking [-].

    Returns
    -------
    poa : pandas.Series
        Plane-of-array irradiance after the beam incidence-angle modifier [W/m2].
    """
    ghi_values = ghi.to_numpy(dtype=float)
    split = pvlib.irradiance.erbs(ghi_values, sky.zenith, sky.index.dayofyear.to_numpy())
    dni = np.where(sky.sun_up, np.nan_to_num(np.asarray(split["dni"], dtype=float)), 0.0)
    dhi = np.where(sky.sun_up, np.nan_to_num(np.asarray(split["dhi"], dtype=float)), 0.0)
    tilt, azimuth, aoi = _surface_orientation(
        sky, mount, tilt_deg, azimuth_deg, max_tracker_angle_deg, ground_coverage_ratio
    )
    components = pvlib.irradiance.get_total_irradiance(
        tilt,
        azimuth,
        sky.apparent_zenith,
        sky.azimuth,
        dni,
        ghi_values,
        dhi,
        dni_extra=sky.dni_extra,
        albedo=ALBEDO,
        model="haydavies",
    )
    beam = np.nan_to_num(np.asarray(components["poa_direct"], dtype=float))
    diffuse = np.nan_to_num(np.asarray(components["poa_diffuse"], dtype=float))
    iam = np.nan_to_num(np.asarray(pvlib.iam.ashrae(aoi, b=0.05), dtype=float))
    poa = np.where(sky.sun_up, np.maximum(beam * iam + diffuse, 0.0), 0.0)
    return pd.Series(poa, index=sky.index, name="poa")


def pv_capacity_factor(
    lat: float,
    lon: float,
    *,
    annual_ghi_kwh_m2: float,
    mount: Mount,
    tilt_deg: float | None = None,
    azimuth_deg: float = 180.0,
    dc_ac_ratio: float = 1.2,
    system_losses: float = 0.14,
    inverter_efficiency: float = 0.96,
    temperature_coefficient: float = -0.004,
    altitude_m: float | None = None,
    temperature: pd.Series | None = None,
    ghi: pd.Series | None = None,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
    geometry: SkyGeometry | None = None,
    shared_weather: WeatherCoupling | None = None,
) -> pd.Series:
    """Return the hourly AC capacity factor of a PV plant.

    Parameters
    ----------
    lat, lon : float
        Latitude and longitude [deg], north and east positive.
    annual_ghi_kwh_m2 : float
        Annual global horizontal irradiation [kWh/m2] (used only when ``ghi`` is None).
    mount : {"fixed", "tracking"}
        Fixed rack or horizontal north-south single-axis tracker.
    tilt_deg : float, optional
        Fixed-rack tilt [deg]; None uses :func:`default_tilt`.
    azimuth_deg : float
        Fixed-rack azimuth, 180 = south [deg].
    dc_ac_ratio : float
        Installed DC capacity per unit of AC (inverter) capacity [MW_DC/MW_AC].
    system_losses : float
        DC-side losses: soiling, mismatch, wiring, availability, degradation [-].
    inverter_efficiency : float
        Inverter conversion efficiency [-].
    temperature_coefficient : float
        Relative change of DC power per kelvin of cell temperature above 25 degC [1/K].
    altitude_m : float, optional
        Site altitude [m]; None uses pvlib's bundled elevation map.
    temperature : pandas.Series, optional
        Hourly air temperature [degC]; None uses :func:`temperature_profile` defaults.
    ghi : pandas.Series, optional
        Hourly global horizontal irradiance [W/m2]; None builds it with
        :func:`ghi_profile` from ``annual_ghi_kwh_m2`` and ``seed``.
    year : int
        Non-leap weather year [-].
    seed : int
        Seed of the random generator [-].
    utc_offset_hours : float
        Offset of local standard time from UTC [h].
    geometry : SkyGeometry, optional
        Precomputed output of :func:`sky_geometry` for the same site and year.
    shared_weather : SharedWeather or FactorWeather, optional
        Weather component common to several zones, used when ``ghi`` or ``temperature``
        is generated here.

    Returns
    -------
    capacity_factor : pandas.Series
        Hourly AC output per unit of AC capacity [MW/MW], in [0, 1], zero at night.
    """
    sky = geometry or sky_geometry(
        lat, lon, altitude_m=altitude_m, year=year, utc_offset_hours=utc_offset_hours
    )
    if ghi is None:
        ghi = ghi_profile(
            lat,
            lon,
            annual_ghi_kwh_m2=annual_ghi_kwh_m2,
            year=year,
            seed=seed,
            geometry=sky,
            shared_weather=shared_weather,
        )
    if temperature is None:
        temperature = temperature_profile(
            lat,
            lon,
            year=year,
            seed=seed,
            utc_offset_hours=utc_offset_hours,
            shared_weather=shared_weather,
        )
    tilt = default_tilt(lat) if tilt_deg is None else tilt_deg
    poa = plane_of_array_irradiance(ghi, sky, mount=mount, tilt_deg=tilt, azimuth_deg=azimuth_deg)
    cell_temperature = pvlib.temperature.faiman(poa.to_numpy(), temperature.to_numpy(dtype=float))
    thermal = 1.0 + temperature_coefficient * (np.asarray(cell_temperature, dtype=float) - 25.0)
    dc = poa.to_numpy() / 1000.0 * dc_ac_ratio * (1.0 - system_losses) * thermal
    ac = np.clip(dc * inverter_efficiency, 0.0, 1.0)
    ac[~sky.sun_up] = 0.0
    return pd.Series(ac, index=sky.index, name=f"pv_{mount}")
