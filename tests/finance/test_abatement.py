"""Abatement cost of a two-run case known by hand: 100 USD per tonne."""

from __future__ import annotations

import pandas as pd
import pytest
from tests.finance.runs import gas_only, gas_or_biogas
from tests.model.conftest import scenario_of

from zerozone.data import scenario_hash
from zerozone.finance import IncomparableRunsError, analyse_run, reference_scenario
from zerozone.finance.abatement import abatement_cost
from zerozone.results.run_directory import RunDirectory


def test_abatement_cost_by_hand(biogas_runs: tuple[RunDirectory, RunDirectory]) -> None:
    capped, reference = biogas_runs
    result = analyse_run(capped, reference=reference)
    assert result.abatement is not None
    # biogas costs (50 - 30) USD/MWh of fuel more and avoids 0.2 t/MWh of fuel: 100 USD/t
    assert result.abatement.levelised_usd_per_t == pytest.approx(100.0, rel=1e-6)
    assert result.abatement.simple_usd_per_t == pytest.approx(100.0, rel=1e-6)
    assert result.abatement.by_period["usd_per_t"].iloc[0] == pytest.approx(100.0, rel=1e-6)
    assert result.abatement.abated_t > 0


def test_reference_scenario_is_the_scenario_without_its_cap() -> None:
    capped = scenario_of(gas_or_biogas(True))
    uncapped = reference_scenario(capped)
    assert uncapped.policy.emission_cap.shape == "none"
    assert uncapped.technologies == capped.technologies
    assert scenario_hash(uncapped) != scenario_hash(capped)


def test_runs_of_other_scenarios_are_refused(
    biogas_runs: tuple[RunDirectory, RunDirectory], gas_run: RunDirectory
) -> None:
    capped, _ = biogas_runs
    assert scenario_of(gas_only(0.05)).policy.discount_rate != capped.scenario.policy.discount_rate
    with pytest.raises(IncomparableRunsError):
        analyse_run(capped, reference=gas_run)


def test_levelised_and_simple_abatement_over_two_periods_by_hand() -> None:
    """Two periods of 5 years at 10 %: weights 1 + 1.1**-1 + ... + 1.1**-4 = 4.169865 and
    1.1**-5 x 4.169865 = 2.589157 [yr]. The plan costs 10 and 50 USD m/yr more and avoids 1 and
    2 Mt/yr: 10 and 25 USD/t in the periods; levelised (10 x 4.169865 + 50 x 2.589157) /
    (1 x 4.169865 + 2 x 2.589157) = 171.1565 / 9.348179 = 18.3091 USD/t; simple 171.1565 /
    (5 x 1 + 5 x 2) = 11.4104 USD/t."""
    raw = gas_or_biogas(True)
    raw["policy"].update({"periods": [2025, 2030], "last_period_years": 5, "discount_rate": 0.1})
    raw["policy"]["target_year"] = 2030
    raw["policy"]["emission_cap"] = {"shape": "explicit", "values_t": {2025: 0.0, 2030: 0.0}}
    scenario = scenario_of(raw)
    periods = [2025, 2030]
    result = abatement_cost(
        scenario,
        pd.Series([110e6, 150e6], index=periods),
        pd.Series([0.0, 0.0], index=periods),
        reference_scenario(scenario),
        pd.Series([100e6, 100e6], index=periods),
        pd.Series([1e6, 2e6], index=periods),
    )
    assert result.by_period["usd_per_t"].tolist() == pytest.approx([10.0, 25.0])
    assert result.extra_cost_usd == pytest.approx(171.1565e6, rel=1e-6)
    assert result.abated_t == pytest.approx(15e6)
    assert result.levelised_usd_per_t == pytest.approx(18.3091, rel=1e-5)
    assert result.simple_usd_per_t == pytest.approx(11.4104, rel=1e-5)
