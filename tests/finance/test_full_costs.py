"""Full costs in the finance tables by hand: an existing plant's fixed O&M in the system LCOE,
the cost of supply between the technologies' LCOEs, positive headline figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.finance.runs import solve
from tests.model.conftest import GAS, SOLAR, SOLAR_SITES, SOURCE, tiny

from zerozone.finance import analyse_run
from zerozone.finance.comparison import headline
from zerozone.results.run_directory import RunDirectory

ANNUITY_5PC_30Y = 0.05 / (1 - 1.05**-30)  # 0.0650514


@pytest.fixture(scope="module")
def existing_gas_run(tmp_path_factory: pytest.TempPathFactory) -> RunDirectory:
    """Gas only, one year at 5 %, with an existing 1 MW gas plant: the rest is built."""
    raw = tiny()
    raw["policy"]["discount_rate"] = 0.05
    raw["plants"] = [
        {
            "name": "Old gas",
            "technology": "gas",
            "zone": "solo",
            "capacity_mw": 1,
            "commissioning_year": 2015,
            "retirement_year": 2045,
            "source": SOURCE,
        }
    ]
    return solve(raw, tmp_path_factory.mktemp("existing") / "run", "weeks:1")


def test_full_cost_lcoe_of_one_technology_with_an_existing_plant(
    existing_gas_run: RunDirectory,
) -> None:
    run = existing_gas_run
    result = analyse_run(run)
    builds = run.tables["builds"]
    new = float(builds.loc[builds["status"] == "planned", "capacity_mw"].sum())
    assert new > 0
    generated = float(run.tables["generation"].query("role == 'generation'")["mwh"].sum())
    existing_om = 1 * 800_000 * 0.02  # sunk capital: fixed O&M only
    new_capital = new * 800_000 * (ANNUITY_5PC_30Y + 0.02)
    fuel = 30 / 0.5 * generated
    expected = (existing_om + new_capital + fuel) / generated
    assert result.system.at[2025, "lcoe_usd_per_mwh"] == pytest.approx(expected, rel=1e-5)
    # the cost of supply: the same cost per MWh of demand (10,000 people at 2 MWh a year)
    served = 10_000 * 2.0
    assert result.system.at[2025, "final_energy_mwh"] == pytest.approx(served)
    supply = (existing_om + new_capital + fuel) / served
    assert result.system.at[2025, "supply_cost_usd_per_mwh"] == pytest.approx(supply, rel=1e-5)
    split = result.costs.groupby("part")["usd_per_year"].sum()
    assert split["existing"] == pytest.approx(existing_om)
    # the objective leaves the existing plant out; the system cost keeps it
    recon = result.reconciliation
    assert recon.agrees()
    assert recon.total_usd - recon.decision_usd == pytest.approx(existing_om)


def test_cost_of_supply_lies_between_the_technologies_lcoe(tmp_path: Path) -> None:
    """Gas and solar, no storage, no losses: the cost of supply is the output-weighted mean of
    the two technologies' LCOEs, so it lies between them."""
    cheap_solar = {**SOLAR, "capex_usd_per_kw": {2025: 400}}
    raw = tiny(technologies=[GAS, cheap_solar], potentials=SOLAR_SITES)
    raw["policy"]["discount_rate"] = 0.05
    result = analyse_run(solve(raw, tmp_path / "run", "hourly"))
    lcoe = result.technologies.set_index("tech")["lcoe_usd_per_mwh"]
    assert set(lcoe.index) == {"gas", "solar"}
    supply = float(result.system.at[2025, "supply_cost_usd_per_mwh"])
    assert lcoe.min() < supply < lcoe.max()


def test_headline_figures_are_positive(linked_run: RunDirectory) -> None:
    result = analyse_run(linked_run)
    figures = headline(result)
    for key in ("total_discounted_usd", "planned_discounted_usd", "investment_usd"):
        assert figures[key] > 0, key
    assert (result.system["supply_cost_usd_per_mwh"] > 0).all()
    assert (result.system["lcoe_usd_per_mwh"] > 0).all()
    assert figures["total_discounted_usd"] > figures["objective_usd"] - 1.0
