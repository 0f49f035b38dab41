"""Shared sites and profiles for the profile tests."""

from __future__ import annotations

import pandas as pd
import pytest

from zerozone.profiles import solar, weather

JABRAYIL = (39.40, 47.03)
NAKHCHIVAN = (39.21, 45.41)


@pytest.fixture(scope="session")
def jabrayil_sky() -> solar.SkyGeometry:
    return solar.sky_geometry(*JABRAYIL)


@pytest.fixture(scope="session")
def jabrayil_temperature() -> pd.Series:
    return weather.temperature_profile(*JABRAYIL, seed=3)


@pytest.fixture(scope="session")
def jabrayil_ghi(jabrayil_sky: solar.SkyGeometry) -> pd.Series:
    return solar.ghi_profile(*JABRAYIL, annual_ghi_kwh_m2=1750.0, seed=1, geometry=jabrayil_sky)
