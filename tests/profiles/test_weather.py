from __future__ import annotations

import pandas as pd
import pytest

from zerozone.profiles.weather import temperature_profile

JABRAYIL = (39.40, 47.03)


def test_mean_and_seasons(jabrayil_temperature: pd.Series) -> None:
    t = jabrayil_temperature
    assert t.mean() == pytest.approx(13.0, abs=1e-9)
    daily = t.resample("D").mean()
    smooth = daily.rolling(31, center=True, min_periods=1).mean()
    assert smooth.idxmin().month == 1
    assert smooth.idxmax().month in (7, 8)
    monthly = t.groupby(t.index.month).mean()
    assert monthly[7] - monthly[1] == pytest.approx(25.0 * 0.95, abs=4.0)


def test_diurnal_cycle(jabrayil_temperature: pd.Series) -> None:
    by_hour = jabrayil_temperature.groupby(jabrayil_temperature.index.hour).mean()
    assert 4 <= by_hour.idxmin() <= 8
    assert 13 <= by_hour.idxmax() <= 17
    assert by_hour.max() - by_hour.min() == pytest.approx(10.0, abs=2.5)


def test_southern_hemisphere_shifted() -> None:
    t = temperature_profile(-35.0, 150.0, seed=0, utc_offset_hours=10.0)
    monthly = t.groupby(t.index.month).mean()
    assert monthly[1] > monthly[7]


def test_seeds() -> None:
    a = temperature_profile(*JABRAYIL, seed=1)
    pd.testing.assert_series_equal(a, temperature_profile(*JABRAYIL, seed=1))
    assert not a.equals(temperature_profile(*JABRAYIL, seed=2))
