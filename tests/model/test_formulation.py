"""The formulation's names: extraction, the binding-limit report and the explanation of an
infeasible plan read variables and constraints by name, so the concerns must keep them."""

from __future__ import annotations

import pytest
from tests.model.conftest import inputs_of
from tests.model.test_pypsa_crosscheck import SCENARIOS

from zerozone.model.formulation import build_model

READ_BY_NAME = {
    "variables": {
        "build", "build_energy", "build_link", "capacity", "energy_capacity", "dispatch",
        "charge", "discharge", "heat", "spill", "shed", "heat_shed", "flow_forward",
        "flow_backward", "imports", "exports", "level_daily", "level_reservoir",
        "level_reservoir_base", "slack_potential", "slack_build_rate", "slack_emission_cap",
        "slack_renewable_share",
    },
    "constraints": {
        "balance", "potential", "build_rate", "emission_cap", "emission_budget",
        "renewable_share", "capacity_balance", "dispatch_limit", "heat_balance",
    },
}  # fmt: skip
"""Names that extract, solve and explain read (every one present in one of the scenarios)."""


@pytest.fixture(scope="module")
def names() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"variables": set(), "constraints": set()}
    for make in SCENARIOS.values():
        model = build_model(inputs_of(make(), "days:4"), elastic=True).model
        found["variables"] |= set(model.variables)
        found["constraints"] |= set(model.constraints)
    return found


def test_the_names_read_downstream_exist(names: dict[str, set[str]]) -> None:
    for kind, expected in READ_BY_NAME.items():
        assert expected <= names[kind], sorted(expected - names[kind])


def test_the_planning_model_lists_its_technologies_by_role() -> None:
    planning = build_model(inputs_of(SCENARIOS["storage_and_heat"]()))
    assert planning.reservoirs == ["dam"]
    assert set(planning.reservoirs) <= set(planning.generators)
    assert planning.storage == ["battery"]
    assert set(planning.heaters) == {"heat_pump", "boiler"}
