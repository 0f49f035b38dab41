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
    assert cases.at["blended", "rate"] == pytest.approx(0.7 * 0.05 + 0.3 * 0.01)
    # the blend: 30 % of the investment repaid at 1 % (0.01 / (1 - 1.01**-30) = 0.0387481),
    # the rest at 5 % as in the plan, so only the concessional part changes
    blended = 800_000 * capacity * 0.3 * (0.0387481 - 0.0650514)
    assert cases.at["blended", "change_usd"] == pytest.approx(blended, rel=1e-5)
