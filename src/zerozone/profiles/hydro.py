"""Synthetic hourly hydro inflow for snow-fed mountain rivers.

The inflow is expressed per MW of turbine capacity [MW/MW]: the power the turbines would
produce if they could use all the water. It has a snowmelt season (a peak in
``snowmelt_peak_month``), low flow in late summer, autumn and winter, and persistent daily
noise (lognormal AR(1)); it is constant within each day. Its annual mean equals
``capacity_factor`` exactly, and it may exceed 1 around the snowmelt peak.

For **run-of-river** plants the available output is ``min(inflow, 1)`` and the rest is
spilled; the annual mean of that output is therefore *below* ``capacity_factor`` whenever
the inflow exceeds 1. A **reservoir** stores the inflow and releases it later, within its
storage capacity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zerozone.profiles.randomness import WeatherCoupling, weather_anomaly
from zerozone.profiles.timebase import DAYS_PER_YEAR, DEFAULT_YEAR, daily_to_hourly, hourly_index

MID_MONTH_DAY = (15.5, 45.0, 74.5, 105.0, 135.5, 166.0, 196.5, 227.5, 258.0, 288.5, 319.0, 349.5)
"""Day of year of the middle of each month of a non-leap year [d]."""


def snowmelt_shape(
    day: np.ndarray,
    *,
    peak_day: float,
    width_days: float,
    base_flow_share: float,
) -> np.ndarray:
    """Return the seasonal inflow shape of a snow-fed river, mean 1 over the year [-].

    Parameters
    ----------
    day : numpy.ndarray
        Day of year [d].
    peak_day : float
        Day of year of the snowmelt peak [d].
    width_days : float
        Standard deviation of the Gaussian snowmelt pulse [d].
    base_flow_share : float
        Share of the annual volume carried by the constant base flow [-], in [0, 1].

    Returns
    -------
    shape : numpy.ndarray
        Relative inflow [-], annual mean 1.
    """
    distance = (np.asarray(day, dtype=float) - peak_day + DAYS_PER_YEAR / 2.0) % DAYS_PER_YEAR
    distance -= DAYS_PER_YEAR / 2.0
    pulse = np.exp(-0.5 * (distance / width_days) ** 2)
    pulse /= pulse.mean()
    return base_flow_share + (1.0 - base_flow_share) * pulse


def hydro_inflow_profile(
    *,
    capacity_factor: float,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    shared_weather: WeatherCoupling | None = None,
    snowmelt_peak_month: int = 5,
    snowmelt_width_days: float = 35.0,
    base_flow_share: float = 0.35,
    daily_noise_std: float = 0.15,
    daily_noise_persistence: float = 0.9,
) -> pd.Series:
    """Return hourly hydro inflow per MW of turbine capacity with a given annual mean.

    Parameters
    ----------
    capacity_factor : float
        Annual mean inflow per unit of turbine capacity to match [MW/MW].
    year : int
        Non-leap weather year [-].
    seed : int
        Seed of the random generator [-].
    shared_weather : SharedWeather or FactorWeather, optional
        Component common to several zones (correlated weather); None for independent.
    snowmelt_peak_month : int
        Month (1-12) whose middle is the peak of the snowmelt [-].
    snowmelt_width_days : float
        Standard deviation of the snowmelt pulse [d].
    base_flow_share : float
        Share of the annual volume carried by base flow (groundwater, rain) [-].
    daily_noise_std : float
        Standard deviation of the log of the daily multiplicative noise [-].
    daily_noise_persistence : float
        Lag-1 autocorrelation of the daily noise [-].

    Returns
    -------
    inflow : pandas.Series
        Hourly inflow per unit of turbine capacity [MW/MW], non-negative, may exceed 1;
        run-of-river output is ``min(inflow, 1)``.
    """
    if not 1 <= snowmelt_peak_month <= 12:
        raise ValueError(f"snowmelt_peak_month must be 1-12, got {snowmelt_peak_month}")
    if capacity_factor <= 0.0:
        raise ValueError(f"capacity_factor must be positive, got {capacity_factor}")
    index = hourly_index(year)
    days = np.arange(1, DAYS_PER_YEAR + 1, dtype=float)
    shape = snowmelt_shape(
        days,
        peak_day=MID_MONTH_DAY[snowmelt_peak_month - 1],
        width_days=snowmelt_width_days,
        base_flow_share=base_flow_share,
    )
    noise = np.exp(
        daily_noise_std
        * weather_anomaly(
            seed, "hydro.daily", DAYS_PER_YEAR, daily_noise_persistence, shared_weather
        )
    )
    daily = shape * noise
    daily *= capacity_factor / daily.mean()
    return pd.Series(daily_to_hourly(daily, smooth=False), index=index, name="hydro_inflow")
