"""Abatement cost of a two-run case known by hand: 100 USD per tonne."""

from __future__ import annotations

import pytest
from tests.finance.runs import gas_only, gas_or_biogas
from tests.model.conftest import scenario_of

from zerozone.data import scenario_hash
from zerozone.finance import IncomparableRunsError, analyse_run, reference_scenario
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
