from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from zerozone.profiles.demand import (
    SECTORS,
    Sector,
    electricity_demand_shape,
    ev_charging_shape,
    heat_pump_cop,
    heating_demand_shape,
)
from zerozone.profiles.timebase import hourly_index


def _peak_hour(shape: pd.Series) -> int:
    return int(shape.groupby(shape.index.hour).mean().idxmax())


@pytest.mark.parametrize("sector", SECTORS)
def test_sector_shapes_have_mean_one(sector: Sector) -> None:
    shape = electricity_demand_shape(sector, 2019)
    assert shape.mean() == pytest.approx(1.0, abs=1e-12)
    assert (shape > 0).all()
    assert len(shape) == 8760


def test_residential_peak_later_than_services() -> None:
    residential = _peak_hour(electricity_demand_shape("residential"))
    services = _peak_hour(electricity_demand_shape("services"))
    assert 18 <= residential <= 22
    assert 9 <= services <= 14
    assert residential > services


def test_weekends_lower_for_services() -> None:
    shape = electricity_demand_shape("services", 2019)
    weekend = shape.index.dayofweek >= 5
    assert shape[weekend].mean() < 0.8 * shape[~weekend].mean()
    # 2019-01-05 was a Saturday.
    assert shape["2019-01-05"].mean() < shape["2019-01-04"].mean()


def test_unknown_sector_rejected() -> None:
    sector: Any = "transport"
    with pytest.raises(ValueError, match="sector"):
        electricity_demand_shape(sector)


def test_ev_charging_shape() -> None:
    shape = ev_charging_shape(2019)
    assert shape.mean() == pytest.approx(1.0, abs=1e-12)
    assert 18 <= _peak_hour(shape) <= 22
    by_hour = shape.groupby(shape.index.hour).mean()
    assert by_hour[11] > by_hour[4]  # some daytime workplace charging


def _temperature(values: np.ndarray) -> pd.Series:
    return pd.Series(values, index=hourly_index(2019))


def test_heating_zero_above_base_and_larger_in_winter(jabrayil_temperature: pd.Series) -> None:
    shape = heating_demand_shape(jabrayil_temperature, base_temperature_c=15.5)
    assert shape.sum() == pytest.approx(1.0)
    assert (shape[jabrayil_temperature >= 15.5] == 0.0).all()
    assert (shape[jabrayil_temperature < 15.0] > 0.0).all()
    assert shape["2019-01"].sum() > 10 * shape["2019-07"].sum()


def test_heating_proportional_to_degree_hours() -> None:
    values = np.where(np.arange(8760) % 2 == 0, 5.5, 10.5)  # 10 K and 5 K below base
    shape = heating_demand_shape(_temperature(values), base_temperature_c=15.5)
    assert shape.iloc[0] == pytest.approx(2.0 * shape.iloc[1])


def test_hot_water_share_adds_flat_base(jabrayil_temperature: pd.Series) -> None:
    shape = heating_demand_shape(jabrayil_temperature, hot_water_share=0.2)
    assert shape.sum() == pytest.approx(1.0)
    assert shape[jabrayil_temperature >= 15.5].min() == pytest.approx(0.2 / 8760)


def test_heating_needs_cold_hours() -> None:
    with pytest.raises(ValueError, match="colder"):
        heating_demand_shape(_temperature(np.full(8760, 25.0)))


def test_cop_in_range_and_increasing() -> None:
    temperatures = np.linspace(-30.0, 40.0, 8760)
    cop = heat_pump_cop(_temperature(temperatures), supply_temperature_c=45.0)
    assert cop.between(1.0, 6.0).all()
    assert (np.diff(cop.to_numpy()) >= 0).all()
    assert cop.iloc[-1] > cop.iloc[0] + 2.0
    # Regression at dT = 45 K (0 degC outdoors): 6.81 - 0.121*45 + 0.00063*45^2 = 2.641
    at_zero = heat_pump_cop(_temperature(np.zeros(8760)), supply_temperature_c=45.0)
    assert at_zero.iloc[0] == pytest.approx(2.641, abs=1e-3)


def test_lower_supply_temperature_gives_higher_cop(jabrayil_temperature: pd.Series) -> None:
    floor = heat_pump_cop(jabrayil_temperature, supply_temperature_c=35.0)
    radiators = heat_pump_cop(jabrayil_temperature, supply_temperature_c=55.0)
    assert floor.mean() > radiators.mean()
