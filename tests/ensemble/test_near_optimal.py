"""Near-optimal alternatives on the model directly (no cluster)."""

from __future__ import annotations

import pytest
import yaml
from tests.ensemble.conftest import RESOLUTION, uncertain_aghali_data

from zerozone.data import parse_scenario
from zerozone.ensemble.apply import certain
from zerozone.model.alternatives import near_optimal
from zerozone.model.pipeline import plan_inputs
from zerozone.model.solve import solve_plan


def test_the_slack_is_taken_on_the_size_of_a_negative_optimum() -> None:
    # exports far dearer than any cost: the plan earns money, its optimum is negative, and
    # (1 + slack) x optimum would lie below the optimum (no alternative at all)
    data = uncertain_aghali_data()
    data["markets"][0]["export_price_usd_per_mwh"] = {2025: 2000}
    data["markets"][0]["import_price_usd_per_mwh"] = {2025: 2000}  # never above it (schema)
    inputs = plan_inputs(certain(parse_scenario(yaml.safe_dump(data))), RESOLUTION)
    optimum = solve_plan(inputs, threads=1).objective
    assert optimum is not None and optimum < 0
    found = near_optimal(inputs, optimum, 0.05, {"solar_rooftop": 1.0}, "min", threads=1)
    assert found.status == "optimal"
    assert found.cost_usd == pytest.approx(optimum + 0.05 * abs(optimum), rel=1e-6)
