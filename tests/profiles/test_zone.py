from __future__ import annotations

import time

import pandas as pd
import pytest

from zerozone.profiles import ZONE_PROFILE_COLUMNS, build_zone_profiles


def build(name: str, seed: int = 0) -> pd.DataFrame:
    return build_zone_profiles(
        name,
        lat=39.40,
        lon=47.03,
        annual_ghi_kwh_m2=1750.0,
        wind_capacity_factor=0.3,
        hydro_capacity_factor=0.4,
        seed=seed,
    )


def test_columns_and_targets() -> None:
    profiles = build("jabrayil")
    assert list(profiles.columns) == list(ZONE_PROFILE_COLUMNS)
    assert len(profiles) == 8760
    assert not profiles.isna().to_numpy().any()
    assert profiles["wind"].mean() == pytest.approx(0.3, rel=0.01)
    assert profiles["hydro_inflow"].mean() == pytest.approx(0.4, rel=0.001)
    assert profiles["heat_demand"].sum() == pytest.approx(1.0)
    assert profiles["pv_tracking"].mean() > profiles["pv_fixed"].mean()


def test_reproducible_and_different_between_zones() -> None:
    a = build("karabakh")
    b = build("karabakh")
    c = build("nakhchivan")
    d = build("karabakh", seed=1)
    pd.testing.assert_frame_equal(a, b)
    for other in (c, d):
        for column in ("pv_fixed", "wind", "hydro_inflow", "temperature"):
            assert not a[column].equals(other[column])
    # Deterministic shapes do not depend on the zone.
    pd.testing.assert_series_equal(a["demand_residential"], c["demand_residential"])


def test_fast() -> None:
    start = time.perf_counter()
    for name in ("a", "b", "c", "d"):
        build(name)
    assert time.perf_counter() - start < 2.0


def test_spatial_correlation_links_zones() -> None:
    def daily_wind(name: str, correlation: float) -> pd.Series:
        profiles = build_zone_profiles(
            name,
            lat=39.40,
            lon=47.03,
            annual_ghi_kwh_m2=1750.0,
            wind_capacity_factor=0.3,
            hydro_capacity_factor=0.4,
            spatial_correlation=correlation,
        )
        return profiles["wind"].resample("D").mean()

    independent = daily_wind("a", 0.0).corr(daily_wind("b", 0.0))
    linked = daily_wind("a", 0.8).corr(daily_wind("b", 0.8))
    assert abs(independent) < 0.2
    assert linked > 0.5
