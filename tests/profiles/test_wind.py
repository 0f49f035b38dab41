from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zerozone.profiles.wind import power_curve, wind_capacity_factor


@pytest.mark.parametrize("target", [0.2, 0.3, 0.4])
def test_annual_capacity_factor_matches_target(target: float) -> None:
    cf = wind_capacity_factor(target_capacity_factor=target, seed=11)
    assert cf.mean() == pytest.approx(target, rel=0.01)
    assert cf.between(0.0, 1.0).all()
    assert len(cf) == 8760


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lag1_autocorrelation_in_range(seed: int) -> None:
    cf = wind_capacity_factor(target_capacity_factor=0.3, seed=seed)
    assert 0.90 <= cf.autocorr(1) <= 0.98


def test_winter_stronger_when_asked() -> None:
    cf = wind_capacity_factor(target_capacity_factor=0.3, seasonal_amplitude=0.2, seed=5)
    monthly = cf.groupby(cf.index.month).mean()
    assert monthly[[12, 1, 2]].mean() > monthly[[6, 7, 8]].mean() * 1.3


def test_no_seasonality_when_disabled() -> None:
    winter_minus_summer = []
    for seed in range(4):
        cf = wind_capacity_factor(
            target_capacity_factor=0.3, seasonal_amplitude=0.0, diurnal_amplitude=0.0, seed=seed
        )
        monthly = cf.groupby(cf.index.month).mean()
        winter_minus_summer.append(monthly[[12, 1, 2]].mean() - monthly[[6, 7, 8]].mean())
    assert abs(float(np.mean(winter_minus_summer))) < 0.06


def test_diurnal_peak_hour() -> None:
    cf = wind_capacity_factor(
        target_capacity_factor=0.3, diurnal_amplitude=0.2, windiest_hour=15.0, seed=2
    )
    assert 12 <= cf.groupby(cf.index.hour).mean().idxmax() <= 18


def test_seeds() -> None:
    a = wind_capacity_factor(target_capacity_factor=0.3, seed=1)
    pd.testing.assert_series_equal(a, wind_capacity_factor(target_capacity_factor=0.3, seed=1))
    assert not a.equals(wind_capacity_factor(target_capacity_factor=0.3, seed=2))


def test_unreachable_target_rejected() -> None:
    with pytest.raises(ValueError, match="reachable"):
        wind_capacity_factor(target_capacity_factor=0.95)


def test_power_curve() -> None:
    speeds = np.array([0.0, 2.9, 3.0, 7.5, 12.0, 20.0, 25.0, 25.1])
    out = power_curve(speeds)
    assert out.tolist()[:3] == [0.0, 0.0, 0.0]
    assert 0.0 < out[3] < 1.0
    assert out.tolist()[4:] == [1.0, 1.0, 1.0, 0.0]
