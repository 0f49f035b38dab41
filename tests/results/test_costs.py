"""Full costs: every asset pays (existing, committed, planned), split into parts that add up."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from tests.conftest import TWO_ZONES
from tests.finance.runs import solve, two_zones_with_link

from zerozone.data.economics import annuity_factor
from zerozone.results.costs import (
    PARTS,
    discounted_totals,
    full_costs,
    split_by_period,
    total_by_period,
)
from zerozone.results.run_directory import RunDirectory


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    """The two test zones that meet their cap (:func:`two_zones_with_link`): an old 20 MW gas
    plant (retiring 2032; fixed O&M 2 % a year here), a committed solar plant (2027), and a
    committed 50 MW upgrade of the north-south line in 2030 (60 km at 1,500 USD/MW/km)."""
    raw = two_zones_with_link()
    raw["committed"] += [c for c in copy.deepcopy(TWO_ZONES["committed"]) if "link" in c]
    for tech in raw["technologies"]:
        if tech["id"] == "gas":
            tech["fixed_om_share"] = 0.02
    return solve(raw, tmp_path_factory.mktemp("costs") / "run", "days:2")


def test_the_parts_add_up_to_the_total(run: RunDirectory) -> None:
    costs = full_costs(run)
    periods = run.periods
    split = split_by_period(costs, periods)
    assert list(split.index) == [*PARTS, "total", "objective"]
    pd.testing.assert_series_equal(
        split.loc[list(PARTS)].sum(), split.loc["total"], check_names=False
    )
    pd.testing.assert_series_equal(
        split.loc["total"], total_by_period(costs, periods), check_names=False
    )
    totals = discounted_totals(costs)
    assert sum(totals[part] for part in PARTS) == pytest.approx(totals["total"])
    # the existing gas plant (retiring 2032) pays fixed O&M in 2025 and 2030, not in 2035
    existing = split.loc["existing"]
    assert existing[2025] > 0 and existing[2030] > 0 and existing[2035] == 0
    # the committed solar plant (2027) pays from 2030
    assert split.at["committed", 2025] == 0 and split.at["committed", 2030] > 0


def test_the_objective_keeps_only_decision_relevant_costs(run: RunDirectory) -> None:
    costs = full_costs(run)
    totals = discounted_totals(costs)
    assert run.meta["status"] == "optimal"
    assert totals["objective"] == pytest.approx(run.meta["objective_usd"], rel=1e-7)
    constants = totals["existing"] + totals["committed"]
    fuel = float(costs.loc[costs["category"] == "transport_fuel", "discounted_usd"].sum())
    assert fuel > 0
    assert totals["total"] == pytest.approx(totals["objective"] + constants + fuel)


def test_existing_plants_pay_fixed_om_only(run: RunDirectory) -> None:
    costs = full_costs(run)
    existing = costs[costs["part"] == "existing"]
    assert set(existing["category"]) == {"fixed_om"}
    # 20 MW of gas at 640 USD/kW, 2 % a year
    gas = existing[(existing["item"] == "gas") & (existing["period"] == 2025)]
    assert float(gas["usd_per_year"].sum()) == pytest.approx(20 * 640_000 * 0.02)


def test_a_committed_link_pays_its_annuity(run: RunDirectory) -> None:
    costs = full_costs(run)
    line = costs[
        (costs["part"] == "committed")
        & (costs["item"] == "link:north_south")
        & (costs["category"] == "annuity")
    ].set_index("period")["usd_per_year"]
    link = run.scenario.link("north_south")
    expected = (
        50 * 1500 * 60 * annuity_factor(run.scenario.policy.discount_rate, link.lifetime_years)
    )
    assert expected > 0
    assert set(line.index) == {p for p in run.periods if p >= 2030}
    for period in line.index:
        assert line[period] == pytest.approx(expected), period
    # constants outside the objective; only planned builds of the line are in it
    in_objective = costs[(costs["item"] == "link:north_south") & costs["in_objective"]]
    assert set(in_objective["part"]) <= {"planned"}
