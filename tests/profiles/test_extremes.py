"""Extreme days: found from the hourly profiles and kept whole by the aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zerozone.data import load_scenario
from zerozone.model.time import build_time_structure
from zerozone.profiles.extremes import (
    ExtremeDay,
    ExtremeScope,
    extreme_calendar_days,
    extreme_indicators,
)
from zerozone.profiles.scenario import scenario_profiles


@pytest.fixture(scope="module")
def aghali() -> tuple[object, pd.DataFrame]:
    scenario = load_scenario("aghali")
    return scenario, scenario_profiles(scenario)


def test_indicators_pick_the_extreme_days(aghali: tuple[object, pd.DataFrame]) -> None:
    scenario, hourly = aghali
    indicators = extreme_indicators(hourly, scenario, ExtremeScope.SYSTEM)  # type: ignore[arg-type]
    # every kind found in the profiles (a shortfall day is named by the hourly check instead)
    assert {i.kind for i in indicators} == set(ExtremeDay) - {ExtremeDay.SHORTFALL}
    days = extreme_calendar_days(indicators)
    zone = scenario.zones[0].id  # type: ignore[attr-defined]
    daily_temperature = hourly[(zone, "temperature")].to_numpy().reshape(365, 24).mean(axis=1)
    assert days["extreme:coldest"] == int(np.argmin(daily_temperature))
    load = next(i for i in indicators if i.kind is ExtremeDay.PEAK_LOAD).values.to_numpy()
    assert days["extreme:peak_load"] == int(np.argmax(load)) // 24
    assert load.max() > load.mean() * 1.2  # a real peak, in MW


def test_none_scope_keeps_nothing(aghali: tuple[object, pd.DataFrame]) -> None:
    scenario, hourly = aghali
    assert extreme_indicators(hourly, scenario, ExtremeScope.NONE) == []  # type: ignore[arg-type]
    structure = build_time_structure(hourly, "days:6", [])
    assert structure.n_days == 6
    assert structure.extreme_days == {}


@pytest.mark.parametrize("scope", [ExtremeScope.SYSTEM, ExtremeScope.ZONES])
def test_extreme_days_kept_whole_with_weight_one(
    aghali: tuple[object, pd.DataFrame], scope: ExtremeScope
) -> None:
    scenario, hourly = aghali
    indicators = extreme_indicators(hourly, scenario, scope)  # type: ignore[arg-type]
    structure = build_time_structure(hourly, "days:6", indicators)
    kept = set(structure.extreme_days.values())
    assert structure.n_days == 6 + len(kept)
    assert structure.day_weight.sum() == pytest.approx(365.0)
    for calendar_day in kept:
        model_day = structure.day_to_representative[calendar_day]
        assert structure.day_weight[model_day] == pytest.approx(1.0)
        # the coldest hour and the heat-pump COP of that day are the year's own
    zone = scenario.zones[0].id  # type: ignore[attr-defined]
    assert structure.profiles[(zone, "heat_pump_cop")].min() == pytest.approx(
        hourly[(zone, "heat_pump_cop")].min(), rel=1e-9
    )
    assert structure.profiles[(zone, "heat_demand")].max() == pytest.approx(
        hourly[(zone, "heat_demand")].max(), rel=1e-3
    )


def test_without_extremes_the_peak_is_averaged_away(
    aghali: tuple[object, pd.DataFrame],
) -> None:
    """The reason for the feature: typical days alone miss the coldest hour."""
    scenario, hourly = aghali
    zone = scenario.zones[0].id  # type: ignore[attr-defined]
    plain = build_time_structure(hourly, "days:6", [])
    assert plain.profiles[(zone, "heat_pump_cop")].min() > hourly[(zone, "heat_pump_cop")].min()
