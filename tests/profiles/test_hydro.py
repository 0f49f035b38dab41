from __future__ import annotations

import pandas as pd
import pytest

from zerozone.profiles.hydro import hydro_inflow_profile


@pytest.mark.parametrize("target", [0.25, 0.45, 0.6])
def test_mean_matches_target(target: float) -> None:
    inflow = hydro_inflow_profile(capacity_factor=target, seed=3)
    assert inflow.mean() == pytest.approx(target, rel=0.001)
    assert (inflow >= 0).all()
    assert len(inflow) == 8760


def test_snowmelt_season() -> None:
    inflow = hydro_inflow_profile(capacity_factor=0.45, seed=0)
    monthly = inflow.groupby(inflow.index.month).mean()
    assert monthly[[4, 5, 6]].mean() > 2.0 * monthly[[8, 9, 10]].mean()
    assert monthly[[4, 5, 6]].mean() > monthly[[12, 1, 2]].mean()
    assert monthly.idxmax() in (4, 5, 6)


def test_peak_month_moves() -> None:
    inflow = hydro_inflow_profile(capacity_factor=0.45, snowmelt_peak_month=7, seed=0)
    assert inflow.groupby(inflow.index.month).mean().idxmax() in (6, 7, 8)


def test_persistent_daily_noise() -> None:
    daily = hydro_inflow_profile(capacity_factor=0.45, seed=0).resample("D").mean()
    assert daily.autocorr(1) > 0.8
    assert daily.diff().abs().max() > 0


def test_seeds() -> None:
    a = hydro_inflow_profile(capacity_factor=0.4, seed=1)
    pd.testing.assert_series_equal(a, hydro_inflow_profile(capacity_factor=0.4, seed=1))
    assert not a.equals(hydro_inflow_profile(capacity_factor=0.4, seed=2))


def test_invalid_month_rejected() -> None:
    with pytest.raises(ValueError, match="snowmelt_peak_month"):
        hydro_inflow_profile(capacity_factor=0.4, snowmelt_peak_month=13)
