"""The report's cost figures: full costs split by part, the finance need per year, no NCQG
share as a headline."""

from __future__ import annotations

from zerozone.finance import FinanceResult
from zerozone.report.labels import Names
from zerozone.report.needs import need_by_year_table, supply_cost_by_case_table
from zerozone.report.tables import cost_table, headline_figures, investment_table


def test_headline_cards_show_full_costs_and_no_ncqg_share(finance_result: FinanceResult) -> None:
    names = Names(finance_result.run.scenario, "en")
    figures = {f.label: f for f in headline_figures(finance_result, names)}
    assert not any("NCQG" in label for label in figures)
    total = figures["System cost of the zones' energy, all assets, discounted"]
    planned = figures["of which planned builds"]
    assert float(total.value.replace(",", "")) > float(planned.value.replace(",", "")) > 0
    supply = next(f for label, f in figures.items() if label.startswith("Cost of supply"))
    periods = finance_result.run.periods
    values = [float(v.replace(",", "")) for v in supply.value.split(" · ")]
    assert len(values) == len(periods) and all(v > 0 for v in values)
    rows = investment_table(finance_result, names).rows
    assert not any("NCQG" in row[0] for row in rows)
    assert any(row[0] == "concessional share that would close the gap" for row in rows)


def test_cost_table_splits_the_full_cost(finance_result: FinanceResult) -> None:
    names = Names(finance_result.run.scenario, "en")
    table = cost_table(finance_result, names)
    labels = [row[0] for row in table.rows]
    assert labels[:3] == [
        "existing plants: fixed O&M (capital sunk)",
        "committed builds: annuity and fixed O&M",
        "planned builds: annuity and fixed O&M",
    ]
    assert "system cost, all assets" in labels
    assert "objective, decision-relevant costs" in labels
    assert "no remaining annuity is counted" in table.note


def test_need_per_year_and_supply_cost_per_case(finance_result: FinanceResult) -> None:
    names = Names(finance_result.run.scenario, "en")
    need = need_by_year_table(finance_result, names)
    assert len(need.rows) == len(finance_result.needs)
    assert "New Collective Quantified Goal" in need.note  # context, not a headline
    cases = supply_cost_by_case_table(finance_result, names)
    assert len(cases.rows) == len(finance_result.financing)
    assert len(cases.header) == 1 + len(finance_result.run.periods)
