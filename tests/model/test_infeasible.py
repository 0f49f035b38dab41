"""Plans made infeasible on purpose are explained in the user's terms, never a traceback."""

from __future__ import annotations

from tests.model.conftest import (
    BATTERY,
    BOILER,
    GAS,
    HEAT_PUMP,
    SOLAR,
    SOLAR_SITES,
    scenario_of,
    tiny,
    transport_above_zero_cap,
)

from zerozone.model.explain import explain_relaxations
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import PlanStatus


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
    assert line.startswith("2025 cap 0.0 kt CO2e/yr cannot be met: 1.6 kt/yr more remain")
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
