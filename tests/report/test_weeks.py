"""Typical weeks: which model day stands for each day of a winter and a summer week."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from zerozone.report.weeks import typical_weeks, week_series


def test_weeks_of_a_full_year_map() -> None:
    day_map = pd.DataFrame({"calendar_day": range(365), "day": [d % 12 for d in range(365)]})
    winter, summer = typical_weeks(day_map, 2019)
    assert winter.season == "winter" and winter.first_day == dt.date(2019, 1, 15)
    assert winter.model_days == [d % 12 for d in range(14, 21)]
    assert summer.first_day == dt.date(2019, 7, 15)
    assert summer.model_days == [d % 12 for d in range(195, 202)]


def test_a_model_of_one_week_shows_that_week() -> None:
    day_map = pd.DataFrame({"calendar_day": range(7), "day": range(7)})
    (week,) = typical_weeks(day_map, 2019)
    assert week.season == "modelled" and week.first_day == dt.date(2019, 1, 1)
    hourly = pd.DataFrame({"day": [3, 3], "hour": [0, 5], "mw": [1.0, 2.0]})
    laid_out = week_series(hourly, week)
    assert laid_out["hour_of_week"].tolist() == [72, 77]
