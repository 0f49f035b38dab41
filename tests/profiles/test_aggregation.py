from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pytest

from zerozone.profiles import aggregate_days, build_zone_profiles

ZONES = {
    "karabakh": (39.82, 46.76, 1730.0, 0.25, 0.40),
    "east_zangezur": (39.40, 47.03, 1750.0, 0.33, 0.45),
    "nakhchivan": (39.21, 45.41, 1723.0, 0.28, 0.35),
    "aghali": (39.17, 46.67, 1740.0, 0.22, 0.50),
}


@pytest.fixture(scope="module")
def four_zones() -> pd.DataFrame:
    frames = []
    for name, (lat, lon, ghi, wind, hydro) in ZONES.items():
        profiles = build_zone_profiles(
            name,
            lat=lat,
            lon=lon,
            annual_ghi_kwh_m2=ghi,
            wind_capacity_factor=wind,
            hydro_capacity_factor=hydro,
            altitude_m=800.0,
        )
        profiles = profiles.drop(columns=["demand_industry_agriculture"])
        frames.append(profiles.add_suffix(f"|{name}"))
    return pd.concat(frames, axis=1)


@pytest.mark.parametrize("representation", ["medoid", "mean"])
def test_annual_energy_preserved(
    four_zones: pd.DataFrame, representation: Literal["medoid", "mean"]
) -> None:
    days = aggregate_days(four_zones, 12, representation=representation)
    rebuilt = days.annual_sum()
    original = four_zones.sum()
    relative = ((rebuilt - original).abs() / original.abs()).drop(
        [c for c in four_zones.columns if c.startswith("temperature")]
    )
    assert relative.max() < 0.01
    # Temperatures: the annual mean is preserved too.
    for column in [c for c in four_zones.columns if c.startswith("temperature")]:
        assert rebuilt[column] / 8760 == pytest.approx(four_zones[column].mean(), abs=0.1)


def test_structure(four_zones: pd.DataFrame) -> None:
    days = aggregate_days(four_zones, 12)
    assert days.profiles.shape == (12 * 24, four_zones.shape[1])
    assert list(days.profiles.index.names) == ["day", "hour"]
    assert list(days.profiles.columns) == list(four_zones.columns)
    assert days.weights.sum() == pytest.approx(365.0)
    assert (days.weights > 0).all()
    assert days.day_to_representative.shape == (365,)
    assert days.day_to_representative.min() >= 0
    assert days.day_to_representative.max() < 12
    counts = np.bincount(days.day_to_representative, minlength=12)
    np.testing.assert_allclose(counts, days.weights.to_numpy())
    assert days.medoid_days is not None and len(days.medoid_days) == 12
    # Capacity factors stay within their physical range.
    cf_columns = [c for c in four_zones.columns if c.startswith(("pv_", "wind|"))]
    assert days.profiles[cf_columns].to_numpy().max() <= 1.0 + 1e-9


def test_expand_rebuilds_a_year(four_zones: pd.DataFrame) -> None:
    days = aggregate_days(four_zones, 12)
    year = days.expand()
    assert year.shape == four_zones.shape
    assert year.index.equals(four_zones.index)
    pd.testing.assert_series_equal(year.sum(), days.annual_sum(), check_names=False)
    # Each calendar day is a copy of its representative.
    day = 40
    representative = days.day_to_representative[day]
    np.testing.assert_allclose(
        year.iloc[day * 24 : (day + 1) * 24].to_numpy(),
        days.profiles.loc[representative].to_numpy(),
    )


def test_all_days_gives_original_back(four_zones: pd.DataFrame) -> None:
    subset = four_zones.iloc[:, :5]
    days = aggregate_days(subset, 365)
    np.testing.assert_allclose(days.expand().to_numpy(), subset.to_numpy(), atol=1e-9)


def test_deterministic(four_zones: pd.DataFrame) -> None:
    subset = four_zones.iloc[:, :8]
    first, second = aggregate_days(subset, 6), aggregate_days(subset, 6)
    pd.testing.assert_frame_equal(first.profiles, second.profiles)
    np.testing.assert_array_equal(first.day_to_representative, second.day_to_representative)


def test_bad_input_rejected(four_zones: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="8760"):
        aggregate_days(four_zones.iloc[:100], 4)
    with pytest.raises(ValueError, match="n_days"):
        aggregate_days(four_zones, 0)
