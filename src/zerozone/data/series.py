"""Values given by year in scenario files (``{2025: 595, 2030: 482, 2050: 368}``).

Two readings are used, and each field's docstring says which one applies:

* **interpolated** (costs, prices, shares, population): linear between the given years, constant
  before the first and after the last;
* **stepwise** (capacities of links and markets): the value of the latest given year at or before
  the year asked for, zero before the first.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field

T = TypeVar("T")


def check_years_increasing(series: dict[int, T]) -> dict[int, T]:
    """Raise ``ValueError`` unless ``series`` has at least one year and its years increase."""
    years = list(series)
    for earlier, later in itertools.pairwise(years):
        if later <= earlier:
            raise ValueError(
                f"years must be listed in increasing order, but {later} comes after {earlier}; "
                "sort the entries by year"
            )
    if not years:
        raise ValueError("give at least one year and value, e.g. {2025: 1.0}")
    return series


SeriesYear = Annotated[int, Field(ge=1900, le=2200)]
"""A year of a series [yr]: within 1900-2200, the range the schema accepts for any year."""

YearSeries = Annotated[dict[SeriesYear, float], AfterValidator(check_years_increasing)]
"""A mapping year -> value with strictly increasing years (values finite, of any sign)."""
ShareSeries = Annotated[
    dict[SeriesYear, Annotated[float, Field(ge=0, le=1)]], AfterValidator(check_years_increasing)
]
"""A year series of shares between 0 and 1 [-]."""


def interpolate(series: Mapping[int, float], year: float) -> float:
    """Linear interpolation of a year series, constant outside the given years.

    Parameters
    ----------
    series : Mapping[int, float]
        Values by year, years increasing.
    year : float
        The year asked for [year].

    Returns
    -------
    float
        The interpolated value, in the series' unit.
    """
    years = list(series)
    values = list(series.values())
    if year <= years[0]:
        return float(values[0])
    if year >= years[-1]:
        return float(values[-1])
    right = bisect.bisect_right(years, year)
    y0, y1 = years[right - 1], years[right]
    v0, v1 = values[right - 1], values[right]
    return float(v0 + (v1 - v0) * (year - y0) / (y1 - y0))


def step(series: Mapping[int, float], year: float) -> float:
    """Stepwise reading of a year series: the value of the latest year at or before ``year``.

    Parameters
    ----------
    series : Mapping[int, float]
        Values by year, years increasing.
    year : float
        The year asked for [year].

    Returns
    -------
    float
        The value in force in ``year``; 0.0 before the first given year.
    """
    years = list(series)
    position = bisect.bisect_right(years, year)
    if position == 0:
        return 0.0
    return float(list(series.values())[position - 1])
