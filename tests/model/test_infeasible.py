"""Plans made infeasible on purpose are explained in the user's terms, never a traceback."""

from __future__ import annotations

import linopy
import pandas as pd
import pytest
from tests.model.conftest import (
    BATTERY,
    BOILER,
    GAS,
    HEAT_PUMP,
    SOLAR,
    SOLAR_SITES,
    inputs_of,
    scenario_of,
    tiny,
    transport_above_zero_cap,
)

from zerozone.model import solve
from zerozone.model.explain import _Writer, explain_relaxations
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import Attempt, PlanStatus, solve_plan, solver_scaling


def test_fixed_transport_emissions_above_a_zero_cap() -> None:
    raw = transport_above_zero_cap()
    scenario = scenario_of(raw)
    result = run_plan(scenario, resolution="weeks:1")
    assert result.status is PlanStatus.INFEASIBLE
    (relaxed,) = result.outcome.relaxations
    # 10,000 people x 1 MWh x 80 % not electrified x 0.2 t/MWh = 1,600 t/yr
    assert relaxed.kind == "emission_cap" and abs(relaxed.excess - 1600.0) < 1.0
    (line,) = explain_relaxations(
        result.outcome.relaxations, result.tables, scenario, result.outcome.binding
    )
    assert line.startswith("2025 cap 0.0 t CO2/yr cannot be met: 1.6 kt/yr more remain")
    assert "transport fuel" in line


def test_heat_pump_build_rate_limit_forces_gas_heating() -> None:
    slow_heat_pumps = dict(HEAT_PUMP, max_build_mw_per_year=0.2)
    raw = tiny(technologies=[GAS, SOLAR, BATTERY, slow_heat_pumps, BOILER], potentials=SOLAR_SITES)
    raw["demand"]["sectors"].append({"sector": "space_heat", "per_capita_mwh": 3.0, "source": "x"})
    raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: 0.0}}
    scenario = scenario_of(raw)
    result = run_plan(scenario, resolution="weeks:1")
    assert result.status is PlanStatus.INFEASIBLE
    assert [r.kind for r in result.outcome.relaxations] == ["emission_cap"]
    assert [(b.kind, b.technology) for b in result.outcome.binding] == [("build_rate", "heat_pump")]
    (line,) = explain_relaxations(
        result.outcome.relaxations, result.tables, scenario, result.outcome.binding
    )
    assert "Gas boiler" in line
    assert "Heat pump build-rate limit (0.2 MW in 2025)" in line  # 0.2 MW/yr x 1 year


def test_feasible_plan_has_no_relaxations() -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    result = run_plan(scenario_of(raw), resolution="weeks:1")
    assert result.status is PlanStatus.OPTIMAL
    assert result.outcome.relaxations == []


def test_emission_budget_that_cannot_be_met_is_explained() -> None:
    # Was a solver failure (exit 1): the elastic model had no slack on the budget.
    raw = transport_above_zero_cap()
    raw["policy"]["emission_cap"] = {"shape": "budget", "budget_t": 100.0}
    scenario = scenario_of(raw)
    result = run_plan(scenario, resolution="weeks:1")
    assert result.status is PlanStatus.INFEASIBLE
    budget = [r for r in result.outcome.relaxations if r.kind == "emission_budget"]
    assert budget and budget[0].limit == 100.0 and budget[0].excess > 0
    lines = explain_relaxations(
        result.outcome.relaxations, result.tables, scenario, result.outcome.binding
    )
    assert any(line.startswith("the emission budget of 100 t CO2 cannot be met") for line in lines)


@pytest.mark.parametrize(
    ("tonnes", "text"), [(24.6, "24.6 t"), (1600.0, "1.6 kt"), (2.5e6, "2.5 Mt"), (0.0, "0.0 t")]
)
def test_masses_are_written_in_a_unit_that_suits_them(tonnes: float, text: str) -> None:
    # "0.0 kt/yr more remain" was written for 24.6 t.
    writer = _Writer(scenario_of(tiny()), "en")
    assert writer.tonnes(tonnes) == text


def test_unserved_demand_is_never_plainly_optimal() -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    raw["policy"]["value_of_lost_load_usd_per_mwh"] = 1.0  # cheaper than any supply
    scenario = scenario_of(raw)
    result = run_plan(scenario, resolution="weeks:1")
    assert result.status is PlanStatus.OPTIMAL_WITH_UNSERVED
    assert result.meta["status"] == "optimal_with_unserved"
    assert explain_relaxations([], result.tables, scenario)[0].startswith("2025: ")


def test_a_failing_algorithm_falls_back_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    # HiPO's "Internal error" ended the plan; a time limit of zero fails the same way.
    stalled = ("hipo", {**solve.SOLVER_OPTIONS, "time_limit": 0.0})
    monkeypatch.setattr(solve, "ALGORITHMS", (stalled, *solve.ALGORITHMS[1:]))
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    outcome = solve_plan(inputs_of(raw))
    assert outcome.status is PlanStatus.OPTIMAL
    assert outcome.algorithm == "ipx"


def test_when_every_algorithm_fails_each_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    stalled = {"time_limit": 0.0}
    monkeypatch.setattr(
        solve, "ALGORITHMS", tuple((name, {**o, **stalled}) for name, o in solve.ALGORITHMS)
    )
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    outcome = solve_plan(inputs_of(raw))
    assert outcome.status is PlanStatus.FAILED and not outcome.has_solution
    assert outcome.termination == "hipo: time_limit, ipx: time_limit, simplex: time_limit"


def test_an_elastic_solve_without_answer_says_why() -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    outcome = solve_plan(inputs_of(raw))
    strict = Attempt("ok", "optimal", "hipo", ("hipo: optimal",))
    loose = Attempt("warning", "time_limit", "simplex", ("hipo: error", "ipx: time_limit"))
    explained = solve._explained(outcome, strict, outcome.planning, loose)
    assert explained.status is PlanStatus.OPTIMAL_WITH_UNSERVED
    assert explained.explanation_unavailable == (
        "no algorithm answered (hipo: error, ipx: time_limit)"
    )


def test_objective_scaled_below_highs_warning_threshold() -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    planning = solve_plan(inputs_of(raw)).planning
    options, warnings = solver_scaling(planning.model)
    largest = float(abs(planning.model.objective.coeffs).max())
    assert largest * 2.0 ** options["user_objective_scale"] <= solve.LARGEST_SCALED
    assert warnings == []


def test_numbers_spanning_too_much_are_flagged() -> None:
    model = linopy.Model()
    x = model.add_variables(lower=0, coords=[pd.Index([0, 1], name="i")], name="x")
    model.add_constraints(x.sum() >= 1e9, name="demand")
    model.add_objective((x * pd.Series([1e-3, 1e9], index=pd.Index([0, 1], name="i"))).sum())
    options, warnings = solver_scaling(model)
    assert [w.kind for w in warnings] == ["costs"]
    assert options["user_objective_scale"] == -10  # 1e9 / 2**10 < 1e6
    assert options["user_bound_scale"] == -15  # 1e9 / 2**15 < 5e4


def test_right_hand_sides_like_the_defaults_caps_are_scaled_for_the_interior_point() -> None:
    # HiPO stalled on the default with its caps of up to 6.3e5 t/yr unscaled.
    model = linopy.Model()
    x = model.add_variables(lower=0, coords=[pd.Index([0, 1], name="i")], name="x")
    model.add_constraints(x.sum() <= 6.32e5, name="cap")
    model.add_constraints(x.sum() >= 0.03, name="demand")
    model.add_objective(x.sum())
    options, _warnings = solver_scaling(model)
    assert options["user_bound_scale"] == -4
    assert 6.32e5 * 2.0 ** options["user_bound_scale"] <= solve.LARGEST_SCALED_RHS


def test_the_fallback_chain_keeps_the_answer_and_says_what_each_algorithm_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A stalled interior point (here stopped after two iterations) must not cost the answer.
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    undisturbed = solve_plan(inputs_of(raw))
    assert undisturbed.algorithm == "hipo" and undisturbed.iterations["ipm"] > 0
    stalled = ("hipo", {**solve.SOLVER_OPTIONS, "ipm_iteration_limit": 2})
    monkeypatch.setattr(solve, "ALGORITHMS", (stalled, *solve.ALGORITHMS[1:]))
    outcome = solve_plan(inputs_of(raw))
    assert outcome.status is PlanStatus.OPTIMAL and outcome.has_solution
    assert outcome.termination == "optimal" and outcome.algorithm == "ipx"
    assert outcome.tried == ("hipo: iteration_limit", "ipx: optimal")
    assert outcome.iterations["ipm"] > 0 and outcome.iterations["simplex"] == 0
    assert outcome.objective == pytest.approx(undisturbed.objective, rel=1e-9)


def test_a_simplex_clean_up_after_an_interior_point_is_named() -> None:
    assert solve._outcome_note("hipo", "optimal", {"ipm": 80, "simplex": 207733}) == (
        "hipo: optimal (after a simplex clean-up of 207733 iterations)"
    )
    assert solve._outcome_note("simplex", "optimal", {"simplex": 500}) == "simplex: optimal"
    assert solve._outcome_note("hipo", "optimal", {"ipm": 70, "simplex": 0}) == "hipo: optimal"
