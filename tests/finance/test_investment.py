"""When the investment is paid, and the finance need against the budget: the gap and the
concessional share that would close it; commercial interconnectors apart."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from tests.model.conftest import scenario_of, tiny

from zerozone.finance import FinanceInputError, FinanceOptions, Spreading, analyse_run
from zerozone.finance.builds import read_builds
from zerozone.finance.investment import investment_by_year, spending_years
from zerozone.finance.needs import finance_needs, needs_by_block
from zerozone.results.run_directory import RunDirectory


def _scenario():  # periods of 5, 10 and 5 years
    raw = tiny()
    raw["policy"].update({"periods": [2025, 2030, 2040], "last_period_years": 5})
    raw["policy"]["target_year"] = 2040
    return scenario_of(raw)


def test_spending_years_before_and_within() -> None:
    scenario = _scenario()
    assert spending_years(scenario, 2025, Spreading.BEFORE) == list(range(2020, 2025))
    assert spending_years(scenario, 2030, Spreading.BEFORE) == list(range(2025, 2030))
    assert spending_years(scenario, 2040, Spreading.BEFORE) == list(range(2030, 2040))
    assert spending_years(scenario, 2030, Spreading.WITHIN) == list(range(2030, 2040))


def test_spreading_moves_money_but_keeps_the_total(linked_run: RunDirectory) -> None:
    builds = read_builds(linked_run)
    before = investment_by_year(linked_run.scenario, builds, Spreading.BEFORE)
    within = investment_by_year(linked_run.scenario, builds, Spreading.WITHIN)
    total = builds.planned["overnight_usd"].sum() + builds.committed["overnight_usd"].sum()
    assert before["usd"].sum() == pytest.approx(total)
    assert within["usd"].sum() == pytest.approx(total)
    assert before["year"].max() < within["year"].max()
    committed = before[before["status"] == "committed"]
    assert sorted(committed["year"].unique()) == [2025, 2026]  # 2 years before 2027


def test_needs_gap_and_concessional_share() -> None:
    investment = pd.DataFrame(
        {
            "year": [2030, 2030, 2032, 2032],
            "zone": ["a", "a", "a", "a"],
            "item": ["x", "y", "x", "interconnector:t"],
            "kind": ["solar"] * 3 + ["interconnector"],
            "category": ["generation"] * 3 + ["grid"],
            "status": ["planned", "committed", "planned", "commercial"],
            "usd": [200e6, 100e6, 50e6, 400e6],
        }
    )
    needs = finance_needs(investment, 100e6)
    assert list(needs.index) == [2030, 2031, 2032]
    assert "ncqg_share" not in needs.columns
    # the commercial interconnector is shown apart, not in the need
    assert needs["need_usd"].tolist() == [300e6, 0.0, 50e6]
    assert needs["commercial_usd"].tolist() == [0.0, 0.0, 400e6]
    assert needs["gap_usd"].tolist() == [200e6, 0.0, 0.0]
    # two thirds of 2030's need are beyond the budget of 100 m
    assert needs["concessional_share"].tolist() == pytest.approx([2 / 3, 0.0, 0.0])
    blocks = needs_by_block(needs, [2030])
    assert blocks["concessional_share"].tolist() == pytest.approx([200 / 350])
    assert blocks["commercial_usd"].tolist() == [400e6]


def test_an_interconnector_is_commercial_investment(linked_run: RunDirectory) -> None:
    """A ``builds`` row of asset ``interconnector`` (planned) is spent as ``commercial``."""
    builds = linked_run.tables["builds"]
    row = builds[builds["status"] == "planned"].iloc[[0]].copy()
    row = row.assign(asset="interconnector", tech="to_market", kind="interconnector", name="")
    row = row.assign(capacity_mw=10.0, energy_mwh=0.0, capex_usd_per_mw=1e6, overnight_usd=1e7)
    tables = {**linked_run.tables, "builds": pd.concat([builds, row], ignore_index=True)}
    run = dataclasses.replace(linked_run, tables=tables)
    investment = investment_by_year(run.scenario, read_builds(run))
    commercial = investment[investment["status"] == "commercial"]
    assert set(commercial["item"]) == {"interconnector:to_market"}
    assert commercial["usd"].sum() == pytest.approx(1e7)
    needs = finance_needs(investment, 0.0)
    assert needs["commercial_usd"].sum() == pytest.approx(1e7)
    plain = finance_needs(investment_by_year(linked_run.scenario, read_builds(linked_run)), 0.0)
    assert needs["need_usd"].sum() == pytest.approx(plain["need_usd"].sum())


def test_bad_options_are_named(linked_run: RunDirectory) -> None:
    with pytest.raises(FinanceInputError, match="--concessional-share"):
        analyse_run(linked_run, FinanceOptions(concessional_share=1.5))
    with pytest.raises(FinanceInputError, match="--domestic-budget"):
        analyse_run(linked_run, FinanceOptions(domestic_budget_usd_per_year=-1))


def test_a_given_wacc_is_a_case_and_the_base_of_the_blend(linked_run: RunDirectory) -> None:
    result = analyse_run(linked_run, FinanceOptions(wacc=0.1, concessional_share=0.5))
    cases = result.financing.set_index("key")["rate"]
    assert cases["plan"] == linked_run.scenario.policy.discount_rate
    assert cases["wacc"] == 0.1
    assert cases["blended"] == pytest.approx(0.5 * 0.1 + 0.5 * 0.01)
    assert result.wacc == 0.1
    assert cases["irena_high"] > cases["plan"]
    totals = result.financing.set_index("key")["total_usd"]
    assert totals["irena_high"] > totals["plan"] > totals["irena_europe"]


def test_charging_stations_by_hand() -> None:
    from tests.model.conftest import SOURCE

    from zerozone.finance.charging import charging_builds, charging_load
    from zerozone.profiles import ev_charging_shape

    raw = tiny()
    raw["policy"].update({"periods": [2025, 2030], "last_period_years": 5})
    raw["policy"]["target_year"] = 2030
    raw["demand"]["sectors"].append(
        {
            "sector": "transport",
            "per_capita_mwh": 1.0,
            "fuel": "natural_gas",
            "electrification": {2024: 0.0, 2030: 0.5},
            "ev_energy_ratio": 0.3,
            "source": SOURCE,
        }
    )
    scenario = scenario_of(raw)
    load = charging_load(scenario).set_index("period")
    peak_factor = float(ev_charging_shape(scenario.weather_year).max())
    # 10,000 people x 1 MWh x 50 % electrified x 0.3 MWh per MWh of fuel in 2030
    assert load.at[2030, "ev_mwh"] == pytest.approx(1500.0)
    assert load.at[2030, "peak_mw"] == pytest.approx(1500.0 / 8760 * peak_factor)
    builds = charging_builds(scenario, 400.0).set_index("period")
    new = load.at[2030, "peak_mw"] - load.at[2025, "peak_mw"]
    assert builds.at[2030, "new"] == pytest.approx(new)
    assert builds.at[2030, "overnight_usd"] == pytest.approx(new * 400_000)
    assert set(builds["category"]) == {"transport_charging"}


def test_charging_stations_join_the_need_but_not_the_cost(linked_run: RunDirectory) -> None:
    plain = analyse_run(linked_run)
    costed = analyse_run(linked_run, FinanceOptions(charging_cost_usd_per_kw=500.0))
    assert costed.total_discounted_usd == pytest.approx(plain.total_discounted_usd)
    extra = costed.needs["need_usd"].sum() - plain.needs["need_usd"].sum()
    assert extra == pytest.approx(costed.needs["associated_usd"].sum())
    assert extra > 0
    assert "transport_charging" in set(costed.investment["category"])
