"""Golden results of the bundled default: a change in them must be deliberate.

Rewrite with ``pytest tests/model/test_golden_default.py --update-golden`` after checking that
the new figures are right, and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zerozone.data import load_scenario
from zerozone.finance.analysis import analyse_run
from zerozone.model.adequacy import calendar_day, plan_adequately
from zerozone.model.check import check_run
from zerozone.model.pipeline import DEFAULT_RESOLUTION, run_plan
from zerozone.model.solve import PlanStatus
from zerozone.results import read_run

GOLDEN = Path(__file__).parent.parent / "golden" / "default.json"


def headline(result_tables: dict, objective: float) -> dict:
    capacity = result_tables["capacity"]
    by_tech = capacity.groupby(["period", "tech"])["capacity_mw"].sum()
    emissions = result_tables["emissions"].groupby("period")["t_per_year"].sum()
    return {
        "objective_usd": objective,
        "capacity_mw": {
            f"{p}:{t}": round(float(v), 3)
            for (p, t), v in by_tech.items()
            if p in (2030, 2050) and v > 0.5
        },
        "emissions_t_per_year": {str(p): round(float(v), 1) for p, v in emissions.items()},
    }


def headline_is_credible(out: Path) -> None:
    """The domestic plan's headline on full costs: every figure positive, and the cost of
    supply of each period between the cheapest and the dearest technology's LCOE.

    The first period's supply is mostly the existing hydro fleet, whose capital is sunk (fixed
    O&M only), while a technology's LCOE carries the annuity of building it today: there the
    cost of supply may fall below the cheapest LCOE (46 against 48 USD/MWh in 2025), so only
    its upper bound is checked."""
    finance = analyse_run(read_run(out))
    system = finance.system
    assert (system["lcoe_usd_per_mwh"] > 0).all()
    assert (system["supply_cost_usd_per_mwh"] > 0).all()
    assert (system["net_cost_usd"] > 0).all()
    lcoe = finance.technologies.groupby("period")["lcoe_usd_per_mwh"]
    first = min(system.index)
    for period, supply in system["supply_cost_usd_per_mwh"].items():
        assert supply <= lcoe.max()[period], period
        assert period == first or lcoe.min()[period] <= supply, period


@pytest.mark.slow
def test_default_pathway_matches_golden(update_golden: bool, tmp_path: Path) -> None:
    """The default as ``make run`` plans it: the adequacy loop's last plan, which serves every
    hour of its weather year.

    The loop itself (plan, check, plan again with the days the check found short) is run with
    ``--update-golden``, which stores the days it added; otherwise the last plan is made
    directly with those days and checked once, which is what the loop ends with at a third of
    its time. The loop's own logic is tested on small cases (``test_adequacy.py``)."""
    out = tmp_path / "default"
    scenario = load_scenario("default")
    golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if update_golden or not golden:
        adequate = plan_adequately(scenario, resolution=DEFAULT_RESOLUTION, out=out)
        assert adequate.passed, adequate.iterations
        result = adequate.plan
        days = adequate.iterations[-1]["days_added"]
    else:
        days = golden["adequacy_days"]
        added = [calendar_day(day) for day in days]
        result = run_plan(scenario, resolution=DEFAULT_RESOLUTION, added_days=added, out=out)
    assert result.status is PlanStatus.OPTIMAL
    check = check_run(read_run(out))
    assert check.passed, check.rows.to_dict("records")  # every hour served, the cap kept
    headline_is_credible(out)
    assert result.outcome.objective is not None
    current = headline(result.tables, result.outcome.objective) | {"adequacy_days": days}
    if update_golden or not golden:
        GOLDEN.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        pytest.skip("golden file written; check it and commit it")
    assert current["objective_usd"] == pytest.approx(golden["objective_usd"], rel=1e-6)
    assert current["emissions_t_per_year"] == pytest.approx(golden["emissions_t_per_year"], abs=1.0)
    # Capacities may move between technologies of equal cost (degenerate optima): compare the
    # totals per period tightly and each technology loosely.
    for period in ("2030", "2050"):
        total = sum(v for k, v in current["capacity_mw"].items() if k.startswith(period))
        expected = sum(v for k, v in golden["capacity_mw"].items() if k.startswith(period))
        assert total == pytest.approx(expected, rel=0.02), period
    for key, value in golden["capacity_mw"].items():
        assert current["capacity_mw"].get(key, 0.0) == pytest.approx(value, rel=0.1, abs=5.0), key
