"""The adequacy loop: a plan that fails the hourly check is made again with the days it missed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tests.model.conftest import GAS, scenario_of, tiny

from zerozone.model.adequacy import (
    AdequacyVerdict,
    calendar_date,
    calendar_day,
    plan_adequately,
    short_days,
)
from zerozone.model.check import CheckOutcome, check_run
from zerozone.model.inputs import KEPT_DAY_SHED_FACTOR, build_inputs
from zerozone.model.pipeline import run_plan
from zerozone.model.time import build_time_structure
from zerozone.profiles.extremes import shortfall_indicators
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import RunDirectory, read_run


def _outcome(rows: list[dict[str, object]], days: list[dict[str, object]]) -> CheckOutcome:
    return CheckOutcome(pd.DataFrame(rows), pd.DataFrame(), pd.DataFrame(days), 0.0)


def _row(period: int, passed: int, share: float) -> dict[str, object]:
    return {"period": period, "weather_year": 2019, "passed": passed, "unserved_share": share}


def test_the_worst_new_day_of_each_failing_period_is_named() -> None:
    days = (
        [
            {"period": 2025, "weather_year": 2019, "day": d, "unserved_mwh": u, "emissions_t": 0.0}
            for d, u in ((3, 5.0), (7, 9.0), (8, 1.0))
        ]
        + [
            # 2030 serves every hour but breaks its cap: the day that emits most
            {"period": 2030, "weather_year": 2019, "day": d, "unserved_mwh": 0.0, "emissions_t": e}
            for d, e in ((1, 2.0), (2, 8.0))
        ]
        + [
            {
                "period": 2035,
                "weather_year": 2019,
                "day": 9,
                "unserved_mwh": 50.0,
                "emissions_t": 0.0,
            }
        ]
    )
    rows = [_row(2025, 0, 1e-3), _row(2030, 0, 0.0), _row(2035, 1, 0.0)]
    check = _outcome(rows, days)
    assert short_days(check, set()) == [2, 7]  # 2035 passes: its day is not named
    assert short_days(check, {7}) == [2, 3]  # a day kept already is skipped for the next
    assert short_days(check, {2, 3, 7, 8, 1}) == []  # nothing left to add


def test_a_shortfall_day_is_kept_as_a_day_of_its_own() -> None:
    scenario = scenario_of(tiny(technologies=[GAS]))
    hourly = scenario_profiles(scenario)
    indicators = shortfall_indicators(hourly, [200, 200, 17])
    assert [i.name for i in indicators] == ["shortfall:017", "shortfall:200"]
    run = run_plan(scenario, resolution="days:2", added_days=[200], threads=1)
    assert run.meta["extreme_days"] == {"shortfall:200": calendar_date(2019, 200)}
    with pytest.raises(ValueError, match="outside the year"):
        shortfall_indicators(hourly, [365])


def test_the_loop_adds_the_missed_peak_and_then_passes(tmp_path: Path) -> None:
    """One average day misses the peak hour; the loop keeps the peak's day and plans again."""
    scenario = scenario_of(tiny(technologies=[GAS]))
    seen: list[dict[str, object]] = []
    out = tmp_path / "run"
    result = plan_adequately(
        scenario, resolution="days:1", out=out, threads=1, workers=1, on_iteration=seen.append
    )
    assert result.verdict is AdequacyVerdict.PASSED and result.passed
    assert len(result.iterations) >= 2 and seen == result.iterations
    first, last = result.iterations[0], result.iterations[-1]
    assert not first["check_passed"] and first["days_added"] == []
    assert first["failed"][0]["unserved_mwh"] > 1.0
    assert last["check_passed"] and last["days_added"]
    # the day kept is the first check's worst hour's day
    assert first["failed"][0]["worst_time"][:10] in last["days_added"]
    # one log holds every plan's solve (the service streams it while the loop runs)
    log = (out / "highs.log").read_text(encoding="utf-8")
    assert log.count("zerozone solve: plan") == len(result.iterations)
    # the written run is the last plan with its passing check
    written = read_run(out)
    assert written.tables["check"]["passed"].all()
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["adequacy"]["verdict"] == "passed"
    assert meta["adequacy"]["iterations"] == json.loads(json.dumps(result.iterations))
    assert meta["check"]["passed"] is True
    assert set(meta["extreme_days"].values()) == set(last["days_added"])
    # and it is what an independent check of the run directory finds
    assert check_run(written, workers=1).passed


def test_the_loop_stops_at_its_limit_and_says_so() -> None:
    scenario = scenario_of(tiny(technologies=[GAS]))
    result = plan_adequately(scenario, resolution="days:1", threads=1, workers=1, max_plans=1)
    assert result.verdict is AdequacyVerdict.ITERATION_LIMIT and not result.passed
    assert len(result.iterations) == 1
    assert result.plan.meta["adequacy"]["verdict"] == "iteration_limit"


def test_a_chronological_plan_is_checked_once() -> None:
    scenario = scenario_of(tiny(technologies=[GAS]))
    result = plan_adequately(scenario, resolution="weeks:1", threads=1, workers=1)
    assert result.verdict in {AdequacyVerdict.CHRONOLOGICAL, AdequacyVerdict.PASSED}
    assert len(result.iterations) == 1


def test_check_run_reads_a_run_directory_in_memory(tmp_path: Path) -> None:
    scenario = scenario_of(tiny(technologies=[GAS]))
    plan = run_plan(scenario, resolution="hourly", threads=1)
    run = RunDirectory(tmp_path, plan.meta, scenario, plan.tables)
    check = check_run(run, workers=1)
    assert check.passed and check.summary()["passed"] is True
    assert len(check.days) == 365 and float(check.days["unserved_mwh"].sum()) < 1e-3


def test_unserved_demand_on_a_kept_day_costs_a_multiple_of_the_value_of_lost_load() -> None:
    scenario = scenario_of(tiny(technologies=[GAS]))
    hourly = scenario_profiles(scenario)
    indicators = shortfall_indicators(hourly, [40])
    inputs = build_inputs(scenario, build_time_structure(hourly, "days:3", indicators))
    kept = inputs.time.kept_days
    assert len(kept) == 1 and inputs.time.day_weight[kept[0]] == 1.0
    expected = inputs.day_weight.to_numpy().copy()
    expected[kept] *= KEPT_DAY_SHED_FACTOR
    assert inputs.unserved_weight.to_numpy() == pytest.approx(expected)
    # the other days keep their weight: the costs table's value of lost load is unchanged there
    assert float(inputs.unserved_weight.sum()) == pytest.approx(365 - 1 + KEPT_DAY_SHED_FACTOR)


def test_calendar_dates_and_days_are_inverse() -> None:
    assert calendar_date(2019, 355) == "2019-12-22"
    assert all(calendar_day(calendar_date(2019, day)) == day for day in range(365))
