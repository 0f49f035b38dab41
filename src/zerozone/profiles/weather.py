"""Synthetic hourly air temperature.

A seasonal cosine (coldest on ``coldest_day``, warmest half a year later), a diurnal cycle
with its minimum at sunrise and its maximum in the mid-afternoon (local solar time), and
persistent synoptic noise (a daily AR(1) anomaly interpolated to hours plus a small hourly
AR(1) component). The annual mean equals ``annual_mean_c`` exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zerozone.profiles.randomness import WeatherCoupling, weather_anomaly
from zerozone.profiles.timebase import (
    DAYS_PER_YEAR,
    DEFAULT_UTC_OFFSET_HOURS,
    DEFAULT_YEAR,
    annual_cosine,
    daily_to_hourly,
    hourly_index,
)


def sunrise_solar_hour(lat: float, day: np.ndarray) -> np.ndarray:
    """Return the sunrise time in local solar time [h] (Cooper's declination).

    Parameters
    ----------
    lat : float
        Latitude [deg], north positive.
    day : numpy.ndarray
        Day of year [d].

    Returns
    -------
    sunrise : numpy.ndarray
        Sunrise hour in local solar time [h]; 0 under polar day, 12 under polar night.
    """
    declination = np.radians(23.44) * np.sin(
        2.0 * np.pi * (284.0 + np.asarray(day)) / DAYS_PER_YEAR
    )
    cos_hour_angle = np.clip(-np.tan(np.radians(lat)) * np.tan(declination), -1.0, 1.0)
    return 12.0 - np.degrees(np.arccos(cos_hour_angle)) / 15.0


def diurnal_temperature_shape(
    solar_hour: np.ndarray, sunrise: np.ndarray, max_hour: float
) -> np.ndarray:
    """Return the diurnal temperature shape, -1 at sunrise and +1 at ``max_hour`` [-].

    Half-cosine warming from sunrise to ``max_hour``, half-cosine cooling from ``max_hour``
    to the next sunrise.

    Parameters
    ----------
    solar_hour : numpy.ndarray
        Local solar time of each step [h], in [0, 24).
    sunrise : numpy.ndarray
        Sunrise of the same day, local solar time [h].
    max_hour : float
        Local solar time of the daily maximum [h]; must be after sunrise.

    Returns
    -------
    shape : numpy.ndarray
        Values in [-1, 1].
    """
    sunrise = np.minimum(sunrise, max_hour - 1.0)
    warming = (solar_hour >= sunrise) & (solar_hour <= max_hour)
    rise = -np.cos(np.pi * (solar_hour - sunrise) / (max_hour - sunrise))
    since_max = np.where(solar_hour > max_hour, solar_hour - max_hour, solar_hour + 24.0 - max_hour)
    fall = np.cos(np.pi * since_max / (sunrise + 24.0 - max_hour))
    return np.asarray(np.where(warming, rise, fall), dtype=float)


def temperature_profile(
    lat: float,
    lon: float | None = None,
    *,
    annual_mean_c: float = 13.0,
    seasonal_amplitude_c: float = 12.5,
    diurnal_amplitude_c: float = 5.0,
    coldest_day: float = 20.0,
    max_temperature_solar_hour: float = 14.5,
    daily_noise_std_c: float = 2.5,
    daily_noise_persistence: float = 0.7,
    hourly_noise_std_c: float = 0.5,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    shared_weather: WeatherCoupling | None = None,
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
) -> pd.Series:
    """Return a synthetic hourly air temperature for one year.

    Defaults describe the lowlands of Karabakh / Nakhchivan roughly (assumption: about
    0 degC in January, 26 degC in July); pass zone values for real studies.

    Parameters
    ----------
    lat : float
        Latitude [deg], north positive; sets sunrise times and the hemisphere (the
        seasons are shifted by half a year south of the equator).
    lon : float, optional
        Longitude [deg], east positive; shifts solar time against the local clock. None
        means the time-zone meridian (``15 * utc_offset_hours``).
    annual_mean_c : float
        Annual mean temperature [degC]; matched exactly.
    seasonal_amplitude_c : float
        Half the difference between the warmest and coldest daily means [K].
    diurnal_amplitude_c : float
        Half the mean daily temperature range [K].
    coldest_day : float
        Day of year of the coldest seasonal mean (northern hemisphere) [d].
    max_temperature_solar_hour : float
        Local solar time of the daily maximum [h].
    daily_noise_std_c : float
        Standard deviation of the day-to-day (synoptic) anomaly [K].
    daily_noise_persistence : float
        Lag-1 autocorrelation of the daily anomaly [-].
    hourly_noise_std_c : float
        Standard deviation of the hour-to-hour anomaly (lag-1 correlation 0.9) [K].
    year : int
        Non-leap weather year [-].
    seed : int
        Seed of the random generator [-].
    shared_weather : SharedWeather or FactorWeather, optional
        Component common to several zones (correlated weather); None for independent.
    utc_offset_hours : float
        Offset of the index's local standard time from UTC [h].

    Returns
    -------
    temperature : pandas.Series
        Hourly air temperature [degC], naive local-time index (see ``timebase``).
    """
    index = hourly_index(year)
    days = np.arange(1, DAYS_PER_YEAR + 1, dtype=float)
    coldest = coldest_day if lat >= 0 else coldest_day + DAYS_PER_YEAR / 2.0

    seasonal_daily = annual_mean_c - seasonal_amplitude_c * annual_cosine(days, coldest)
    synoptic_daily = daily_noise_std_c * weather_anomaly(
        seed, "temperature.daily", DAYS_PER_YEAR, daily_noise_persistence, shared_weather
    )
    daily_mean = daily_to_hourly(seasonal_daily + synoptic_daily, smooth=True)

    meridian = 15.0 * utc_offset_hours if lon is None else lon
    solar_hour = (
        np.asarray(index.hour, dtype=float) + 0.5 + (meridian - 15.0 * utc_offset_hours) / 15.0
    ) % 24.0
    sunrise = daily_to_hourly(sunrise_solar_hour(lat, days), smooth=False)
    diurnal = diurnal_amplitude_c * diurnal_temperature_shape(
        solar_hour, sunrise, max_temperature_solar_hour
    )
    hourly_noise = hourly_noise_std_c * weather_anomaly(
        seed, "temperature.hourly", index.size, 0.9, shared_weather
    )

    values = daily_mean + diurnal + hourly_noise
    values += annual_mean_c - values.mean()
    return pd.Series(values, index=index, name="temperature")
