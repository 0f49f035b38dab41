"""Calendar weeks of the run's model days: which model day stands for each day of a week.

The run's ``day_map`` gives, for each calendar day of the weather year, the model day standing
for it. A typical winter week starts on :data:`WINTER_START` and a summer week on
:data:`SUMMER_START` (day and month); with a resolution that models only the first weeks of the
year (``weeks:N``), the first modelled week stands for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

WINTER_START = (15, 1)
"""First day (day, month) of the typical winter week."""
SUMMER_START = (15, 7)
"""First day (day, month) of the typical summer week."""
DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Week:
    """Seven calendar days and the model day standing for each.

    Attributes
    ----------
    season : str
        ``winter`` or ``summer``.
    first_day : datetime.date
        The week's first day.
    model_days : list of int
        The model day of each of the seven days, in order.
    """

    season: str
    first_day: dt.date
    model_days: list[int]


def typical_weeks(day_map: pd.DataFrame, year: int) -> list[Week]:
    """The typical winter and summer weeks of a run (one week when only a week is modelled).

    Parameters
    ----------
    day_map : pandas.DataFrame
        The run's ``day_map`` table (``calendar_day`` from 0, ``day``).
    year : int
        The weather year the calendar days belong to [yr].
    """
    mapping = day_map.set_index("calendar_day")["day"]
    start_of_year = dt.date(year, 1, 1)
    weeks = []
    for season, (day, month) in (("winter", WINTER_START), ("summer", SUMMER_START)):
        first = dt.date(year, month, day)
        offset = (first - start_of_year).days
        wanted = range(offset, offset + DAYS_PER_WEEK)
        if all(d in mapping.index for d in wanted):
            weeks.append(Week(season, first, [int(mapping[d]) for d in wanted]))
    if not weeks:
        covered = sorted(int(d) for d in mapping.index)[:DAYS_PER_WEEK]
        first = start_of_year + dt.timedelta(days=covered[0] if covered else 0)
        weeks.append(Week("modelled", first, [int(mapping[d]) for d in covered]))
    return weeks


def week_series(hourly: pd.DataFrame, week: Week, value: str = "mw") -> pd.DataFrame:
    """Rows of ``hourly`` (with ``day`` and ``hour`` columns) laid out over the week's hours.

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``hourly`` with a column ``hour_of_week`` (0-167); ``value`` kept.
    """
    frames = []
    for index, model_day in enumerate(week.model_days):
        rows = hourly[hourly["day"] == model_day]
        frames.append(rows.assign(hour_of_week=index * 24 + rows["hour"]))
    if not frames:
        return hourly.iloc[0:0].assign(hour_of_week=[])
    return pd.concat(frames, ignore_index=True)
