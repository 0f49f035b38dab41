"""Annualised costs and the total discounted cost reconcile with the planner's own figures."""

from __future__ import annotations

import pytest

from zerozone.finance import analyse_run
from zerozone.finance.builds import read_builds
from zerozone.finance.costs import annual_costs
from zerozone.results.run_directory import RunDirectory


def test_total_reconciles_with_objective_and_cost_table(linked_run: RunDirectory) -> None:
    result = analyse_run(linked_run)
    recon = result.reconciliation
    assert linked_run.meta["status"] == "optimal"
    # the cost table holds the decision-relevant costs and transport fuel
    assert recon.decision_usd + recon.transport_fuel_usd == pytest.approx(
        recon.cost_table_usd, rel=1e-9
    )
    assert recon.objective_usd is not None
    assert recon.decision_usd == pytest.approx(linked_run.meta["objective_usd"], rel=1e-7)
    assert recon.transport_fuel_usd > 0
    # the system cost adds the existing plant and the committed solar plant
    assert recon.total_usd > recon.decision_usd + recon.transport_fuel_usd
    assert recon.agrees()


def test_recovered_builds_reproduce_the_capital_cost_of_every_item(
    linked_run: RunDirectory,
) -> None:
    """Battery energy and link builds are recovered, not stored: their annuities must match."""
    builds = read_builds(linked_run)
    items = set(builds.planned["item"])
    assert {"battery:energy", "link:north_south", "wind"} <= items
    rate = linked_run.scenario.policy.discount_rate
    ours = annual_costs(linked_run, rate)
    ours = ours[ours["part"] == "planned"].groupby(["period", "item"])["usd_per_year"].sum()
    table = linked_run.tables["costs"]
    theirs = table[table["category"] == "capital"].set_index(["period", "item"])["usd_per_year"]
    theirs = theirs[theirs.abs() > 0]
    assert set(ours.index) == set(theirs.index)
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, rel=1e-6), key


def test_link_capacity_grows_by_the_planned_builds(linked_run: RunDirectory) -> None:
    builds = read_builds(linked_run)
    capacity = builds.link_capacity.set_index("period")["capacity_mw"]
    new = builds.planned[builds.planned["item"] == "link:north_south"]
    assert capacity.iloc[-1] == pytest.approx(5.0 + new["new"].sum())


def test_committed_builds_are_costed_outside_the_objective(linked_run: RunDirectory) -> None:
    builds = read_builds(linked_run)
    solar = builds.committed.set_index("name").loc["New solar"]
    # 10 MW of solar at 640 USD/kW in 2025 falling to 520 in 2035: 616 USD/kW in 2027
    assert solar["overnight_usd"] == pytest.approx(10 * 616_000)
    costs = linked_run.tables["costs"]
    assert not ((costs["item"] == "solar") & (costs["category"] == "capital")).any()
    full = annual_costs(linked_run, linked_run.scenario.policy.discount_rate)
    committed = full[full["part"] == "committed"]
    assert set(committed["item"]) == {"solar"} and not committed["in_objective"].any()
    assert set(committed["period"]) == {2030, 2035}
