"""When the investment is paid, and the finance need against the budget and the NCQG."""

from __future__ import annotations

import pandas as pd
import pytest
from tests.model.conftest import scenario_of, tiny

from zerozone.finance import FinanceInputError, FinanceOptions, Spreading, analyse_run
from zerozone.finance.investment import investment_by_year, spending_years
from zerozone.finance.needs import finance_needs
from zerozone.finance.vintages import read_builds
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


def test_needs_gap_and_ncqg_share() -> None:
    investment = pd.DataFrame(
        {
            "year": [2030, 2030, 2032],
            "zone": ["a", "a", "a"],
            "item": ["x", "y", "x"],
            "kind": ["solar"] * 3,
            "category": ["generation"] * 3,
            "status": ["planned", "committed", "planned"],
            "usd": [200e6, 100e6, 50e6],
        }
    )
    needs = finance_needs(investment, 100e6)
    assert list(needs.index) == [2030, 2031, 2032]
    assert needs["need_usd"].tolist() == [300e6, 0.0, 50e6]
    assert needs["gap_usd"].tolist() == [200e6, 0.0, 0.0]
    assert needs.at[2030, "ncqg_share"] == pytest.approx(200e6 / 300e9)


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
