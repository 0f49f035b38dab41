"""The hourly check: a plan re-dispatched over every hour of the full year, capacities fixed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.model.conftest import BATTERY, GAS, SOLAR, scenario_of, tiny

from zerozone.model.check import (
    PlanCapacity,
    check_tasks,
    check_weather,
    frozen_inputs,
    hourly_inputs,
    run_tasks,
)
from zerozone.model.pipeline import run_plan
from zerozone.results import read_run

SITES = [{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": "x"}]


def _plan(tmp_path: Path, resolution: str, **changes: object) -> Path:
    raw = tiny(**changes)
    out = tmp_path / resolution.replace(":", "_")
    run = run_plan(scenario_of(raw), resolution=resolution, out=out, threads=1)
    assert run.meta["status"] in {"optimal", "optimal_with_unserved"}
    return out


def _check(path: Path, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    run = read_run(path)
    plan = PlanCapacity.of_run(run)
    tasks = []
    for year, source, hourly in check_weather(run):
        tasks += check_tasks(hourly_inputs(run.scenario, hourly), plan, year, source)
    return run_tasks(tasks, workers)


def test_a_plan_made_on_the_full_year_serves_every_hour(tmp_path: Path) -> None:
    path = _plan(tmp_path, "hourly", technologies=[GAS])
    rows, shed = _check(path)
    row = rows.iloc[0]
    assert row["status"] == "optimal"
    assert row["unserved_share"] < 1e-6  # solver noise at most
    assert row["unserved_hours"] == 0 and row["worst_zone"] == "" and len(shed) == 0
    assert row["passed"] == 1
    # the same dispatch problem as the plan's, so the same operating cost
    assert row["operating_cost_usd_per_year"] == pytest.approx(
        row["plan_operating_cost_usd_per_year"], rel=1e-5
    )


def test_a_plan_made_on_one_average_day_misses_the_peak(tmp_path: Path) -> None:
    path = _plan(tmp_path, "days:1", technologies=[GAS])
    rows, shed = _check(path)
    row = rows.iloc[0]
    built = read_run(path).tables["capacity"]["capacity_mw"].sum()
    assert row["unserved_mwh"] > 1.0 and row["unserved_hours"] > 0
    assert row["worst_zone"] == "solo" and row["worst_time"].startswith("2019-")
    # the worst hour sheds what the peak asks beyond the gas capacity
    peak = float(
        hourly_inputs(
            read_run(path).scenario, check_weather(read_run(path))[0][2]
        ).electricity_demand.max()
    )
    assert row["worst_mw"] == pytest.approx(peak - built, rel=1e-4)
    assert row["passed"] == 0
    assert shed["mw"].sum() == pytest.approx(row["unserved_mwh"], rel=1e-4)
    assert row["operating_cost_usd_per_year"] > row["plan_operating_cost_usd_per_year"]


def test_frozen_inputs_build_nothing_and_keep_the_plan(tmp_path: Path) -> None:
    path = _plan(tmp_path, "weeks:1", technologies=[GAS, SOLAR, BATTERY], potentials=SITES)
    run = read_run(path)
    plan = PlanCapacity.of_run(run)
    inputs = hourly_inputs(run.scenario, check_weather(run)[0][2])
    frozen = frozen_inputs(inputs, 2025, plan)
    assert not bool(frozen.can_build.any())
    capacity = run.tables["capacity"].set_index("tech")
    for tech in ("gas", "solar", "battery"):
        expected = float(capacity.loc[tech, "capacity_mw"])
        assert float(frozen.existing_capacity.sel(zone="solo", tech=tech, period=2025)) == expected
    energy = float(frozen.existing_energy.sel(zone="solo", tech="battery", period=2025))
    assert energy == pytest.approx(float(capacity.loc["battery", "energy_mwh"]))
    assert frozen.time.n_days == 365 and frozen.time.chronological


def test_periods_in_a_process_pool_give_the_serial_answer(tmp_path: Path) -> None:
    raw_policy = dict(tiny()["policy"], periods=[2025, 2030], last_period_years=5)
    path = _plan(tmp_path, "days:2", technologies=[GAS], policy=raw_policy)
    serial, _ = _check(path)
    parallel, _ = _check(path, workers=2)
    columns = ["period", "unserved_mwh", "operating_cost_usd_per_year", "passed"]
    pd.testing.assert_frame_equal(serial[columns], parallel[columns], rtol=1e-6)
    assert list(serial["period"]) == [2025, 2030]


def test_other_synthetic_weather_years_are_other_draws(tmp_path: Path) -> None:
    path = _plan(tmp_path, "days:2", technologies=[GAS])
    run = read_run(path)
    weather = check_weather(run, "synthetic", [2019, 2020])
    assert [year for year, _source, _hourly in weather] == [2019, 2020]
    own = check_weather(run)[0][2]
    first, second = weather[0][2][own.columns].to_numpy(), weather[1][2][own.columns].to_numpy()
    assert np.allclose(first, own.to_numpy())  # the run's own year is its own draw
    assert not np.allclose(second, first)


def test_a_weather_file_checks_each_of_its_years(tmp_path: Path) -> None:
    """A flat load in 2010 stays under the plan's gas; 2011's evening spike does not."""
    path = _plan(tmp_path, "days:2", technologies=[GAS])
    frames = []
    for year, spike in ((2010, 1.0), (2011, 3.0)):
        hours = pd.date_range(f"{year}-01-01", periods=8760, freq="h")
        demand = np.ones(8760)
        demand[18 + 24 * 20] = spike
        frames.append(
            pd.DataFrame(
                {"zone": "solo", "timestamp": hours.strftime("%Y-%m-%d %H:%M"), "demand": demand}
            )
        )
    weather = tmp_path / "weather.csv"
    pd.concat(frames).to_csv(weather, index=False)
    run = read_run(path)
    plan = PlanCapacity.of_run(run)
    checked = check_weather(run, str(weather))
    assert [year for year, _source, _hourly in checked] == [2010, 2011]
    tasks = []
    for year, source, hourly in checked:
        tasks += check_tasks(hourly_inputs(run.scenario, hourly), plan, year, source)
    rows, _shed = run_tasks(tasks)
    flat, spiked = rows.iloc[0], rows.iloc[1]
    assert flat["unserved_hours"] == 0 and flat["weather"] == str(weather.resolve())
    assert spiked["unserved_hours"] >= 1 and spiked["worst_time"].startswith("2011-01-21")


def test_the_check_keeps_the_interconnectors_built_and_builds_none(tmp_path: Path) -> None:
    from tests.model.test_markets import BREAK_EVEN_CAPEX, INTERCONNECTOR_MW, importer

    out = tmp_path / "importer"
    raw = importer(0.9 * BREAK_EVEN_CAPEX)
    run_plan(scenario_of(raw), resolution="days:2", out=out, threads=1)
    run = read_run(out)
    plan = PlanCapacity.of_run(run)
    inputs = hourly_inputs(run.scenario, check_weather(run)[0][2])
    frozen = frozen_inputs(inputs, 2025, plan)
    assert not bool(frozen.market_buildable.any())
    for limit in (frozen.import_capacity, frozen.export_capacity):
        assert float(limit.sel(market="neighbour", period=2025)) == pytest.approx(INTERCONNECTOR_MW)
    rows, _ = _check(out)
    # the cheap imports through the line built, and no more, in every hour of the year
    assert rows.iloc[0]["operating_cost_usd_per_year"] == pytest.approx(
        rows.iloc[0]["plan_operating_cost_usd_per_year"], rel=1e-3
    )
