"""A plan made on representative days plus the peak-load day covers the peak."""

from __future__ import annotations

from typing import Any

import pytest

from zerozone.model.pipeline import run_plan
from zerozone.profiles.extremes import ExtremeScope, extreme_indicators
from zerozone.profiles.scenario import scenario_profiles

from .conftest import scenario_of, tiny


def _raw() -> dict[str, Any]:
    """The one-zone gas system with load shedding dearer than any peak capacity."""
    raw = tiny()
    raw["policy"]["value_of_lost_load_usd_per_mwh"] = 1e6
    return raw


def _gas_capacity(scope: ExtremeScope) -> float:
    result = run_plan(scenario_of(_raw()), resolution="days:2", extremes=scope)
    capacity = result.tables["capacity"]
    return float(capacity.loc[capacity["tech"] == "gas", "capacity_mw"].sum())


def test_peak_day_changes_the_build() -> None:
    """One zone served by gas alone: the capacity built must meet the year's peak hour only
    when the peak-load day is kept (two typical days average it away)."""
    scenario = scenario_of(_raw())
    hourly = scenario_profiles(scenario)
    load = next(
        i
        for i in extreme_indicators(hourly, scenario, ExtremeScope.SYSTEM)
        if i.name == "extreme:peak_load"
    )
    peak_mw = float(load.values.max())
    without = _gas_capacity(ExtremeScope.NONE)
    kept = _gas_capacity(ExtremeScope.SYSTEM)
    assert without < 0.99 * peak_mw  # 2.5 % short: the typical days miss the peak hour
    assert kept == pytest.approx(peak_mw, rel=1e-4)
