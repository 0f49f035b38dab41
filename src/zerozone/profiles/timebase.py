"""The hourly time axis shared by every profile.

Convention
----------
Every profile is a :class:`pandas.Series` (or :class:`pandas.DataFrame`) indexed by a
**naive** hourly :class:`pandas.DatetimeIndex` in **local standard time** covering one
non-leap weather year: ``YYYY-01-01 00:00`` to ``YYYY-12-31 23:00``, 8,760 rows.

* Each label is the *start* of its hour; the value is the average over that hour
  (power [MW/MW] or temperature [degC]).
* Local standard time is ``UTC + utc_offset_hours`` (default 4 h, Asia/Baku, which has no
  daylight saving time). Calendar days therefore start at local midnight, which is
  what representative-day aggregation and demand shapes need.
* Leap years are rejected so that every year has 365 days and 8,760 hours.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

DEFAULT_YEAR = 2019
"""Default weather year (not a leap year)."""

DEFAULT_UTC_OFFSET_HOURS = 4.0
"""Default offset of local standard time from UTC [h] (Asia/Baku, UTC+4, no DST)."""

HOURS_PER_YEAR = 8760
DAYS_PER_YEAR = 365


def hourly_index(year: int = DEFAULT_YEAR) -> pd.DatetimeIndex:
    """Return the naive local-time hourly index of one non-leap year.

    Parameters
    ----------
    year : int
        Calendar year of the weather data [-]; must not be a leap year.

    Returns
    -------
    index : pandas.DatetimeIndex
        8,760 hourly labels, each the start of its hour, local standard time, naive.

    Raises
    ------
    ValueError
        If ``year`` is a leap year.
    """
    if calendar.isleap(year):
        raise ValueError(
            f"year {year} is a leap year; profiles use 8,760-hour years, pick a non-leap year"
        )
    return pd.date_range(f"{year}-01-01", periods=HOURS_PER_YEAR, freq="h", name="time")


def to_utc(
    index: pd.DatetimeIndex, utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS
) -> pd.DatetimeIndex:
    """Convert a naive local-standard-time index to a tz-aware UTC index.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Naive labels in local standard time.
    utc_offset_hours : float
        Offset of local standard time from UTC [h].

    Returns
    -------
    index_utc : pandas.DatetimeIndex
        The same instants, tz-aware in UTC.
    """
    shifted = index - pd.Timedelta(hours=utc_offset_hours)
    return shifted.tz_localize("UTC")


def day_of_year(index: pd.DatetimeIndex) -> np.ndarray:
    """Return the fractional day of year of each label (1.0 = 1 January 00:00) [d].

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Hourly labels.

    Returns
    -------
    doy : numpy.ndarray
        Day of year plus the fraction of the day elapsed [d].
    """
    return np.asarray(index.dayofyear + index.hour / 24.0, dtype=float)


def hour_of_day(index: pd.DatetimeIndex) -> np.ndarray:
    """Return the local hour of each label [h], 0-23.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Hourly labels in local time.

    Returns
    -------
    hour : numpy.ndarray
        Integer hour of the day [h].
    """
    return np.asarray(index.hour, dtype=int)


def is_weekend(index: pd.DatetimeIndex) -> np.ndarray:
    """Return whether each label falls on the weekend (Saturday or Sunday in Azerbaijan).

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Hourly labels in local time.

    Returns
    -------
    weekend : numpy.ndarray of bool
        True on Saturdays and Sundays.
    """
    return np.asarray(index.dayofweek >= 5, dtype=bool)


def daily_to_hourly(daily: np.ndarray, *, smooth: bool) -> np.ndarray:
    """Expand one value per day to 24 values per day [same unit as ``daily``].

    Parameters
    ----------
    daily : numpy.ndarray
        One value per day (length ``n_days``).
    smooth : bool
        If True, interpolate linearly between day midpoints (ends held constant);
        if False, repeat each day's value for its 24 hours.

    Returns
    -------
    hourly : numpy.ndarray
        ``24 * n_days`` values.
    """
    daily = np.asarray(daily, dtype=float)
    if not smooth:
        return np.repeat(daily, 24)
    hours = np.arange(daily.size * 24) + 0.5
    midpoints = np.arange(daily.size) * 24.0 + 12.0
    return np.interp(hours, midpoints, daily)


def annual_cosine(doy: np.ndarray, peak_day: float) -> np.ndarray:
    """Return a cosine of period one year that equals 1 on ``peak_day`` [-].

    Parameters
    ----------
    doy : numpy.ndarray
        Day of year [d].
    peak_day : float
        Day of year of the maximum [d].

    Returns
    -------
    wave : numpy.ndarray
        Values in [-1, 1].
    """
    return np.cos(2.0 * np.pi * (np.asarray(doy, dtype=float) - peak_day) / DAYS_PER_YEAR)
