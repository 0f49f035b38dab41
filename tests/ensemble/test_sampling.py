"""Uncertain inputs: schema, Latin hypercube sampling, samples applied to a scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from pydantic import ValidationError
from tests.ensemble.conftest import uncertain_aghali_data

from zerozone.data import Scenario, ScenarioError, load_scenario, parse_scenario
from zerozone.data.uncertainty import Choice, Triangular, TruncatedNormal, Uncertainty, Uniform
from zerozone.ensemble.apply import apply_sample, check_uncertainty, uncertainty_problems
from zerozone.ensemble.sampling import latin_hypercube, load_samples, save_samples


def test_sampling_is_reproducible_from_its_seed(uncertain_aghali: Scenario) -> None:
    section = check_uncertainty(uncertain_aghali)
    first = latin_hypercube(section, 12)
    again = latin_hypercube(section, 12)
    other = latin_hypercube(section.model_copy(update={"seed": 8}), 12)
    assert first.equals(again)
    assert not first["discount_rate"].equals(other["discount_rate"])


def test_each_sample_falls_in_its_own_stratum(uncertain_aghali: Scenario) -> None:
    table = latin_hypercube(check_uncertainty(uncertain_aghali), 10)
    # uniform 0.8-1.2: one sample in each tenth of the range
    strata = np.floor((table["cost:solar:2025"] - 0.8) / 0.04).astype(int)
    assert sorted(strata) == list(range(10))
    # the years of one cost group share their quantile: ranks agree
    assert (table["cost:solar:2025"].rank() == table["cost:solar:2050"].rank()).all()
    assert table["discount_rate"].between(0.04, 0.12).all()
    assert set(table["population_variant"]) == {"low", "central", "high"}


def test_sample_table_round_trips_through_parquet(
    uncertain_aghali: Scenario, tmp_path: Path
) -> None:
    table = latin_hypercube(check_uncertainty(uncertain_aghali), 5)
    save_samples(table, tmp_path)
    back = load_samples(tmp_path)
    assert back is not None and back.equals(table)


def test_distributions_read_quantiles_by_hand() -> None:
    q = np.array([0.0, 0.5, 1.0])
    assert Uniform(kind="uniform", low=2, high=4).quantile(q).tolist() == [2, 3, 4]
    assert Triangular(kind="triangular", low=0, mode=0, high=1).quantile(np.array([0.75]))[
        0
    ] == pytest.approx(0.5)  # F(x) = 1 - (1 - x)^2 = 0.75 at x = 0.5
    normal = TruncatedNormal(kind="normal", mean=0, std=1, low=-1, high=1)
    assert normal.quantile(q).tolist() == pytest.approx([-1, 0, 1])
    choice = Choice(kind="choice", values=["a", "b"], weights=[3, 1])
    assert choice.quantile(np.array([0.1, 0.74, 0.76])) == ["a", "a", "b"]


def test_applying_a_sample_returns_a_new_validated_scenario(uncertain_aghali: Scenario) -> None:
    row = {
        "cost:solar:2025": 1.2,
        "cost:solar:2050": 0.5,
        "population_variant": "high",
        "discount_rate": 0.1,
    }
    future = apply_sample(uncertain_aghali, row)
    base_capex = uncertain_aghali.technology("solar_rooftop").capex_usd_per_kw
    capex = future.technology("solar_rooftop").capex_usd_per_kw
    # factor interpolated between 2025 (1.2) and 2050 (0.5): 2030 -> 1.2 - 0.7 * 5 / 25 = 1.06
    assert capex[2025] == pytest.approx(base_capex[2025] * 1.2)
    assert capex[2050] == pytest.approx(base_capex[2050] * 0.5)
    assert capex[2030] == pytest.approx(base_capex[2030] * 1.06)
    assert future.policy.discount_rate == 0.1
    assert future.demand.population_variant == "high"
    assert future.uncertainty is None
    assert uncertain_aghali.policy.discount_rate == 0.08  # the base is unchanged
    assert uncertain_aghali.uncertainty is not None


def test_a_sample_that_breaks_a_rule_raises_the_scenario_error(
    uncertain_aghali: Scenario,
) -> None:
    row = {"cost:solar:2025": 1.0, "cost:solar:2050": 1.0, "population_variant": "low"}
    with pytest.raises(ScenarioError, match="discount_rate"):
        apply_sample(uncertain_aghali, {**row, "discount_rate": 0.9})


def test_bad_declarations_are_reported_with_their_path() -> None:
    data = uncertain_aghali_data()
    data["uncertainty"]["technology_costs"][0]["technologies"] = ["solar_rooftop", "fusion"]
    data["uncertainty"]["population_variant"]["distribution"]["values"] = ["low", "huge"]
    scenario = parse_scenario(yaml.safe_dump(data))
    problems = {p.location: p.message for p in uncertainty_problems(scenario)}
    assert "uncertainty.technology_costs[0].technologies[1]" in problems
    assert "uncertainty.population_variant.distribution.values[1]" in problems
    data["uncertainty"]["discount_rate"]["distribution"] = {"kind": "uniform", "low": 2, "high": 1}
    with pytest.raises(ScenarioError, match=r"uncertainty\.discount_rate"):
        parse_scenario(yaml.safe_dump(data))
    with pytest.raises(ValidationError):
        Uncertainty.model_validate({"seed": 1, "sigma": 2})


def test_the_default_zones_declare_their_uncertainty() -> None:
    scenario = load_scenario("default")
    section = check_uncertainty(scenario)
    table = latin_hypercube(section, 4)
    assert "discount_rate" in table and "fuel_price:natural_gas" in table
    future = apply_sample(scenario, table.iloc[0].to_dict())
    assert future.policy.discount_rate == pytest.approx(table["discount_rate"].iloc[0])
