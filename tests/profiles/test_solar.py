from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pvlib
import pytest

from zerozone.profiles import solar
from zerozone.profiles.timebase import to_utc

JABRAYIL = (39.40, 47.03)
NAKHCHIVAN = (39.21, 45.41)


def test_ghi_matches_annual_target(jabrayil_ghi: pd.Series) -> None:
    assert solar.annual_ghi(jabrayil_ghi) == pytest.approx(1750.0, rel=0.001)


@pytest.mark.parametrize("target", [1400.0, 1723.0, 1900.0])
def test_ghi_calibration_other_targets(target: float, jabrayil_sky: solar.SkyGeometry) -> None:
    ghi = solar.ghi_profile(*JABRAYIL, annual_ghi_kwh_m2=target, seed=7, geometry=jabrayil_sky)
    assert solar.annual_ghi(ghi) == pytest.approx(target, rel=0.01)
    assert (ghi >= 0).all()


def test_ghi_above_clear_sky_rejected(jabrayil_sky: solar.SkyGeometry) -> None:
    with pytest.raises(ValueError, match="clear-sky"):
        solar.ghi_profile(*JABRAYIL, annual_ghi_kwh_m2=2500.0, geometry=jabrayil_sky)


@pytest.mark.parametrize("mount", ["fixed", "tracking"])
def test_no_output_when_sun_below_horizon(mount: solar.Mount, jabrayil_ghi: pd.Series) -> None:
    cf = solar.pv_capacity_factor(
        *JABRAYIL, annual_ghi_kwh_m2=1750.0, mount=mount, ghi=jabrayil_ghi
    )
    # Independent solar position at the middle of each hour (labels: local UTC+4 start).
    mid_hour = to_utc(cf.index, 4.0) + pd.Timedelta(minutes=30)
    elevation = pvlib.solarposition.get_solarposition(mid_hour, *JABRAYIL)["apparent_elevation"]
    night = elevation.to_numpy() <= 0.0
    assert night.sum() > 3500
    assert (cf.to_numpy()[night] == 0.0).all()
    assert (cf.to_numpy()[elevation.to_numpy() > 10.0] > 0.0).all()
    # Local solar noon is near 12:52 in UTC+4 at 47 E: output is centred on it.
    by_hour = cf.groupby(cf.index.hour).mean()
    centroid = float(np.dot(by_hour.index + 0.5, by_hour) / by_hour.sum())
    assert centroid == pytest.approx(12.87, abs=0.4)


@pytest.mark.parametrize("site, ghi", [(JABRAYIL, 1750.0), (NAKHCHIVAN, 1723.0)])
def test_capacity_factor_plausible_and_tracking_higher(
    site: tuple[float, float], ghi: float
) -> None:
    sky = solar.sky_geometry(*site)
    irradiance = solar.ghi_profile(*site, annual_ghi_kwh_m2=ghi, geometry=sky)
    fixed = solar.pv_capacity_factor(
        *site, annual_ghi_kwh_m2=ghi, mount="fixed", ghi=irradiance, geometry=sky
    )
    tracking = solar.pv_capacity_factor(
        *site, annual_ghi_kwh_m2=ghi, mount="tracking", ghi=irradiance, geometry=sky
    )
    assert 0.17 <= fixed.mean() <= 0.22
    assert tracking.mean() > fixed.mean() * 1.03
    for cf in (fixed, tracking):
        assert cf.between(0.0, 1.0).all()
        assert len(cf) == 8760


def test_more_irradiation_more_output(jabrayil_sky: solar.SkyGeometry) -> None:
    low, high = (
        solar.pv_capacity_factor(
            *JABRAYIL, annual_ghi_kwh_m2=g, mount="fixed", geometry=jabrayil_sky
        ).mean()
        for g in (1500.0, 1800.0)
    )
    assert high > low * 1.1


def test_clearer_in_summer(jabrayil_ghi: pd.Series, jabrayil_sky: solar.SkyGeometry) -> None:
    clearness = jabrayil_ghi.to_numpy() / np.where(
        jabrayil_sky.clearsky_ghi > 0, jabrayil_sky.clearsky_ghi, np.nan
    )
    monthly = (
        pd.Series(clearness, index=jabrayil_ghi.index).groupby(jabrayil_ghi.index.month).mean()
    )
    assert monthly[[6, 7, 8]].mean() > monthly[[12, 1, 2]].mean()


def test_same_seed_same_series_different_seed_different(
    jabrayil_sky: solar.SkyGeometry,
) -> None:
    def make(seed: int) -> pd.Series:
        return solar.ghi_profile(
            *JABRAYIL, annual_ghi_kwh_m2=1750.0, seed=seed, geometry=jabrayil_sky
        )

    pd.testing.assert_series_equal(make(4), make(4))
    assert not make(4).equals(make(5))


def test_hotter_cells_produce_less(
    jabrayil_ghi: pd.Series, jabrayil_temperature: pd.Series
) -> None:
    def mean_cf(offset: float) -> float:
        return float(
            solar.pv_capacity_factor(
                *JABRAYIL,
                annual_ghi_kwh_m2=1750.0,
                mount="fixed",
                ghi=jabrayil_ghi,
                temperature=jabrayil_temperature + offset,
            ).mean()
        )

    assert mean_cf(10.0) < mean_cf(0.0)


def test_unknown_mount_rejected(jabrayil_ghi: pd.Series) -> None:
    mount: Any = "floating"
    with pytest.raises(ValueError, match="mount"):
        solar.pv_capacity_factor(*JABRAYIL, annual_ghi_kwh_m2=1750.0, mount=mount, ghi=jabrayil_ghi)
