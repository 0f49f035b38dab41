"""Shadow prices: the CO2 price is the cost of a tighter cap; potentials price their scarcity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.model.conftest import BATTERY, GAS, SOLAR, SOURCE, inputs_of, scenario_of, tiny

from zerozone.cli.plan import binding_tables
from zerozone.i18n import format_number
from zerozone.model.duals import shadow_prices
from zerozone.model.pipeline import run_plan
from zerozone.model.solve import PlanStatus, SolveOutcome, solve_plan
from zerozone.results import read_run
from zerozone.results.binding import binding_records, co2_prices, top_limits
from zerozone.results.tables import BY_NAME, differences

NO_CAP_T = 1e9
"""A cap far above any emissions of the case [t/yr]."""
RATE = 0.05
YEARS = 5


def capped(cap_t: float, solar_mw: float = 1e5) -> dict[str, Any]:
    """Gas, solar and batteries in one zone, one five-year period at 5 %, under ``cap_t``."""
    return tiny(
        technologies=[GAS, SOLAR, BATTERY],
        potentials=[
            {"zone": "solo", "technology": "solar", "max_capacity_mw": solar_mw, "source": SOURCE}
        ],
        policy={
            "target_year": 2029,
            "periods": [2025],
            "last_period_years": YEARS,
            "discount_rate": RATE,
            "emission_cap": {"shape": "explicit", "values_t": {2025: cap_t, 2029: 0.0}},
            "source": SOURCE,
        },
    )


def solved(raw: dict[str, Any]) -> SolveOutcome:
    outcome = solve_plan(inputs_of(raw))
    assert outcome.status is PlanStatus.OPTIMAL
    return outcome


@pytest.fixture(scope="module")
def free() -> SolveOutcome:
    return solved(capped(NO_CAP_T))


@pytest.fixture(scope="module")
def cap_t(free: SolveOutcome) -> float:
    """Half the emissions of the plan without a cap: a cap that binds [t/yr]."""
    table = shadow_prices(free.planning)
    return 0.5 * float(table.loc[table["constraint"] == "emission_cap", "level"].iloc[0])


@pytest.fixture(scope="module")
def at_cap(cap_t: float) -> SolveOutcome:
    return solved(capped(cap_t))


def test_co2_price_is_the_cost_of_the_last_tonne(at_cap: SolveOutcome, cap_t: float) -> None:
    step = 0.01 * cap_t  # t/yr: small enough to keep the same vertex
    relaxed = solved(capped(cap_t + step))
    assert at_cap.objective is not None and relaxed.objective is not None
    weight = sum((1 + RATE) ** -k for k in range(YEARS))  # discounted years of the period
    # The objective counts each year of the period at its discount factor: per tonne in a year
    # of the period, the saving of a looser cap is the objective's change over the weight.
    finite_difference = (at_cap.objective - relaxed.objective) / step / weight
    table = shadow_prices(at_cap.planning)
    cap = table[table["constraint"] == "emission_cap"].set_index("period").loc[2025]
    assert finite_difference > 1.0  # the cap binds and costs money
    assert cap["shadow_price"] == pytest.approx(finite_difference, rel=1e-4)
    assert cap["shadow_unit"] == "USD/t"
    assert cap["limit"] == pytest.approx(cap_t)
    assert cap["level"] == pytest.approx(cap_t, rel=1e-6)
    assert cap["binding"] == 1
    assert co2_prices(table) == {2025: pytest.approx(finite_difference, rel=1e-4)}


def test_a_potential_that_binds_has_a_price_and_one_that_does_not_has_none(
    at_cap: SolveOutcome, free: SolveOutcome
) -> None:
    loose = shadow_prices(at_cap.planning).set_index("constraint").loc["potential"]
    assert loose["binding"] == 0
    assert loose["shadow_price"] == pytest.approx(0.0, abs=1e-6)
    # Without a cap, cheap solar is built up to a potential of half what it builds without one.
    built = float(free.planning.model.variables["capacity"].solution.sel(tech="solar").max())
    assert built > 0.1
    tight = shadow_prices(solved(capped(NO_CAP_T, solar_mw=built / 2)).planning)
    potential = tight.set_index("constraint").loc["potential"]
    assert potential["binding"] == 1
    assert potential["limit"] == pytest.approx(built / 2)
    assert potential["shadow_price"] > 1.0
    assert potential["shadow_unit"] == "USD/MW/yr"
    assert list(top_limits(tight)["item"]) == ["solar"]
    records = binding_records(tight)
    assert {(r["kind"], r["technology"]) for r in records} == {("potential", "solar")}
    assert co2_prices(tight) == {2025: pytest.approx(0.0, abs=1e-6)}


def test_the_table_matches_its_declaration(at_cap: SolveOutcome) -> None:
    table = shadow_prices(at_cap.planning)
    assert differences(BY_NAME["shadow_prices"], table) == []
    keys = BY_NAME["shadow_prices"].keys
    assert not table.duplicated(keys).any()


def test_a_budget_prices_co2_as_the_equivalent_cap_does(at_cap: SolveOutcome, cap_t: float) -> None:
    # One period: a budget of the cap times the period's years is the same limit, and its
    # price per tonne, turned into the period's money, must be the cap's.
    raw = capped(cap_t)
    raw["policy"]["emission_cap"] = {"shape": "budget", "budget_t": cap_t * YEARS}
    table = shadow_prices(solved(raw).planning)
    budget = table[table["constraint"] == "emission_budget"].set_index("period").loc[2025]
    assert budget["limit"] == pytest.approx(cap_t * YEARS)
    assert budget["binding"] == 1
    assert co2_prices(table)[2025] == pytest.approx(
        co2_prices(shadow_prices(at_cap.planning))[2025], rel=1e-4
    )


def test_every_run_records_what_binds(tmp_path: Path, cap_t: float) -> None:
    result = run_plan(scenario_of(capped(cap_t)), resolution="weeks:1", out=tmp_path / "run")
    assert result.status is PlanStatus.OPTIMAL
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    price = co2_prices(result.tables["shadow_prices"])[2025]
    assert price > 1.0
    assert meta["co2_price_usd_per_t"] == {"2025": pytest.approx(price)}
    assert [b["kind"] for b in meta["binding_limits"]] == ["emission_cap"]
    run = read_run(tmp_path / "run")
    co2_view = binding_tables(run, "az")[0]
    assert list(co2_view.columns[1].cells) == [format_number(price, "az", 1)]
