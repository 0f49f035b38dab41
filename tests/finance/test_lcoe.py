"""LCOE of a one-technology model by hand."""

from __future__ import annotations

import pytest

from zerozone.finance import analyse_run
from zerozone.results.run_directory import RunDirectory


def test_lcoe_of_a_gas_only_model(gas_run: RunDirectory) -> None:
    result = analyse_run(gas_run)
    capacity = float(gas_run.tables["capacity"]["capacity_mw"].sum())
    energy = float(gas_run.tables["generation"].query("role == 'generation'")["mwh"].sum())
    factor = energy / (capacity * 8760)
    # capex 800 USD/kW, fixed O&M 2 %/yr, 30 years at 5 %: 0.05 / (1 - 1.05**-30) = 0.0650514
    capital_per_mw_year = 800_000 * (0.0650514 + 0.02)
    fuel = 30 / 0.5  # USD/MWh of fuel over the efficiency
    expected = capital_per_mw_year / (8760 * factor) + fuel
    row = result.technologies.set_index("tech").loc["gas"]
    assert row["capacity_factor"] == pytest.approx(factor)
    assert row["lcoe_usd_per_mwh"] == pytest.approx(expected, rel=1e-5)
    # one technology: the system LCOE is the same cost per MWh
    assert result.system["lcoe_usd_per_mwh"].iloc[0] == pytest.approx(expected, rel=1e-5)


def test_financing_cases_reprice_only_the_capital(gas_run: RunDirectory) -> None:
    result = analyse_run(gas_run)
    cases = result.financing.set_index("key")
    assert cases.at["plan", "total_usd"] == pytest.approx(result.total_discounted_usd)
    capacity = float(gas_run.tables["capacity"]["capacity_mw"].sum())
    # one period of one year, weight 1: the total moves by the annuity difference only
    change = 800_000 * capacity * (0.12 / (1 - 1.12**-30) - 0.05 / (1 - 1.05**-30))
    assert cases.at["irena_high", "change_usd"] == pytest.approx(change, rel=1e-6)
    # the change as a share of the plan's capital cost (annuity at 5 % and 2 % fixed O&M)
    capital = 800_000 * capacity * (0.0650514 + 0.02)
    assert cases.at["irena_high", "change_share"] == pytest.approx(change / capital, rel=1e-5)
    assert cases.at["blended", "rate"] == pytest.approx(0.7 * 0.05 + 0.3 * 0.01)
    # the blend: 30 % of the investment repaid at 1 % (0.01 / (1 - 1.01**-30) = 0.0387481),
    # the rest at 5 % as in the plan, so only the concessional part changes
    blended = 800_000 * capacity * 0.3 * (0.0387481 - 0.0650514)
    assert cases.at["blended", "change_usd"] == pytest.approx(blended, rel=1e-5)


def test_system_lcoe_from_the_tables_by_hand(linked_run: RunDirectory) -> None:
    """Capital of generation, storage and grid (full costs: the existing gas plant's fixed O&M,
    the committed solar plant's annuity and fixed O&M, the planned builds' as the planner paid
    them), generator fuel and imports, per MWh generated or imported, summed from the run's own
    tables (imports happen in 2025 and 2030)."""
    result = analyse_run(linked_run)
    tables = linked_run.tables
    costs = tables["costs"]
    builds = tables["builds"]
    generators = {"solar", "wind", "gas"}  # the heat pump's capital and output are left out
    electric = generators | {"battery"}
    weights = tables["time"].set_index("day")["weight_days"]
    flows = tables["flows"]
    for period in linked_run.scenario.policy.periods:
        mine = costs[costs["period"] == period]
        capital = mine[mine["category"] == "capital"]
        fuel = mine[mine["category"] == "operation"]
        # existing and committed assets (outside the planner's costs table): by hand
        assets = builds[builds["tech"].isin(electric) & (builds["status"] != "planned")]
        serving = (assets["build_year"] <= period) & (period < assets["retire_year"].fillna(9999))
        paying = (assets["status"] == "committed") & (assets["build_year"] <= period)
        paying &= period < assets["build_year"] + assets["lifetime_years"]
        fixed = (
            assets.loc[serving, "fixed_om_usd_per_year"].sum()
            + assets.loc[paying, "annuity_usd_per_year"].sum()
        )
        if period >= 2030:  # the committed solar plant of 2027 serves
            assert assets.loc[paying, "annuity_usd_per_year"].sum() > 0
        cost = (
            fixed
            + capital.loc[
                capital["item"].isin(electric) | capital["item"].str.startswith("link:"),
                "usd_per_year",
            ].sum()
            + fuel.loc[fuel["item"].isin(generators), "usd_per_year"].sum()
            + mine.loc[mine["category"] == "imports", "usd_per_year"].sum()
        )
        made = tables["generation"].query("period == @period and role == 'generation'")
        generated = made.loc[made["tech"].isin(generators), "mwh"].sum()
        bought = flows.query("period == @period and direction == 'import'")
        imported = (bought["mw"] * bought["day"].map(weights)).sum()
        if period < 2035:
            assert imported > 0, period
        expected = cost / (generated + imported)
        assert result.system.at[period, "lcoe_usd_per_mwh"] == pytest.approx(expected), period


def test_battery_lcoe_counts_power_and_energy(linked_run: RunDirectory) -> None:
    result = analyse_run(linked_run)
    row = result.technologies.set_index(["tech", "period"]).loc[("battery", 2035)]
    fleet = linked_run.tables["capacity"].query("tech == 'battery' and period == 2035")
    hours = fleet["energy_mwh"].sum() / fleet["capacity_mw"].sum()
    # 300 USD/kW of power + 250 USD/kWh of energy; 15 years at 7 %: 0.07 / (1 - 1.07**-15)
    # = 0.109795; no fixed O&M; per MWh discharged
    per_mw_year = (300_000 + 250_000 * hours) * 0.109795
    discharged = float(row["output_mwh"]) / fleet["capacity_mw"].sum()
    assert row["capital_usd_per_mwh"] == pytest.approx(per_mw_year / discharged, rel=1e-5)


def test_unserved_demand_is_not_served(linked_run: RunDirectory) -> None:
    from dataclasses import replace

    from zerozone.finance.lcoe import final_energy_served

    served = final_energy_served(linked_run)
    shed = linked_run.tables["load_shed"].copy()
    shed["mwh"] = 0.0
    shed.loc[shed.index[0], "mwh"] = 100.0
    period = int(shed.at[shed.index[0], "period"])
    short = replace(linked_run, tables={**linked_run.tables, "load_shed": shed})
    assert final_energy_served(short)[period] == pytest.approx(served[period] - 100.0)
