"""Synthetic hourly onshore wind capacity factors.

Method
------
A stationary Gaussian AR(1) process (a sampled Ornstein-Uhlenbeck process with time
constant ``autocorrelation_hours``) is mapped through the normal CDF to a Weibull wind
speed with shape ``weibull_shape``. The Weibull scale is modulated over the year (strongest
on ``windiest_day``) and over the day (strongest at ``windiest_hour`` local time). Speeds go
through a generic power curve (cubic between cut-in and rated speed, zero above cut-out).
The overall scale is calibrated with Brent's method so that the annual mean capacity factor
equals ``target_capacity_factor`` to within 0.01 %.

No measured wind data exist for the default zones: the target capacity factor is an input
(an assumption of the scenario), and the shape parameters are generic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import ndtr

from zerozone.profiles.randomness import WeatherCoupling, weather_anomaly
from zerozone.profiles.timebase import (
    DEFAULT_YEAR,
    annual_cosine,
    day_of_year,
    hour_of_day,
    hourly_index,
)


def power_curve(
    speed: np.ndarray,
    *,
    cut_in_m_s: float = 3.0,
    rated_m_s: float = 12.0,
    cut_out_m_s: float = 25.0,
) -> np.ndarray:
    """Return the output of a generic turbine per unit of rated power [MW/MW].

    Parameters
    ----------
    speed : numpy.ndarray
        Hub-height wind speed [m/s].
    cut_in_m_s : float
        Speed below which the turbine produces nothing [m/s].
    rated_m_s : float
        Speed from which the turbine produces its rated power [m/s].
    cut_out_m_s : float
        Speed above which the turbine shuts down [m/s].

    Returns
    -------
    output : numpy.ndarray
        Output per unit of rated power [MW/MW], in [0, 1]; cubic in speed between
        cut-in and rated.
    """
    speed = np.asarray(speed, dtype=float)
    partial = (speed**3 - cut_in_m_s**3) / (rated_m_s**3 - cut_in_m_s**3)
    output = np.clip(partial, 0.0, 1.0)
    return np.asarray(np.where(speed > cut_out_m_s, 0.0, output), dtype=float)


def wind_capacity_factor(
    *,
    target_capacity_factor: float,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    shared_weather: WeatherCoupling | None = None,
    autocorrelation_hours: float = 30.0,
    weibull_shape: float = 2.0,
    seasonal_amplitude: float = 0.15,
    windiest_day: float = 30.0,
    diurnal_amplitude: float = 0.08,
    windiest_hour: float = 15.0,
) -> pd.Series:
    """Return a synthetic hourly wind capacity factor with a given annual mean.

    Parameters
    ----------
    target_capacity_factor : float
        Annual mean output per unit of capacity to match [MW/MW], in (0, ~0.6).
    year : int
        Non-leap weather year [-].
    seed : int
        Seed of the random generator [-].
    shared_weather : SharedWeather or FactorWeather, optional
        Component common to several zones (correlated weather); None for independent.
    autocorrelation_hours : float
        Time constant of the Gaussian speed process [h]; its lag-1 autocorrelation is
        ``exp(-1 / autocorrelation_hours)``. The default gives a capacity-factor lag-1
        autocorrelation of about 0.95.
    weibull_shape : float
        Weibull shape parameter k of the hourly speed distribution [-].
    seasonal_amplitude : float
        Relative amplitude of the annual cycle of the Weibull scale [-]; 0 disables it.
    windiest_day : float
        Day of year of the seasonal maximum [d] (default: late January, winter).
    diurnal_amplitude : float
        Relative amplitude of the daily cycle of the Weibull scale [-]; 0 disables it.
    windiest_hour : float
        Local hour of the diurnal maximum [h].

    Returns
    -------
    capacity_factor : pandas.Series
        Hourly output per unit of capacity [MW/MW], in [0, 1], naive local-time index.

    Raises
    ------
    ValueError
        If the target cannot be reached with this power curve.
    """
    index = hourly_index(year)
    z = weather_anomaly(
        seed, "wind.speed", index.size, float(np.exp(-1.0 / autocorrelation_hours)), shared_weather
    )
    # Unit-scale Weibull quantile of the Gaussian's probability (upper tail kept finite).
    probability = np.clip(ndtr(z), 1e-12, 1.0 - 1e-12)
    unit_speed = (-np.log1p(-probability)) ** (1.0 / weibull_shape)
    modulation = (1.0 + seasonal_amplitude * annual_cosine(day_of_year(index), windiest_day)) * (
        1.0
        + diurnal_amplitude
        * np.cos(2.0 * np.pi * (hour_of_day(index) + 0.5 - windiest_hour) / 24.0)
    )
    shape_speed = unit_speed * modulation

    def mean_capacity_factor(scale_m_s: float) -> float:
        return float(power_curve(scale_m_s * shape_speed).mean())

    low, high = 0.5, 12.0
    reachable = mean_capacity_factor(high)
    if not 0.0 < target_capacity_factor < reachable:
        raise ValueError(
            f"target_capacity_factor={target_capacity_factor} is outside the reachable "
            f"range (0, {reachable:.2f})"
        )
    scale = brentq(lambda s: mean_capacity_factor(s) - target_capacity_factor, low, high, xtol=1e-9)
    values = power_curve(scale * shape_speed)
    return pd.Series(values, index=index, name="wind")
