"""The data layer: the scenario schema, bundled default zones, reading and validation."""

from zerozone.data.loader import (
    bundled_scenarios,
    dump_scenario,
    load_scenario,
    parse_scenario,
    scenario_hash,
)
from zerozone.data.problems import Problem, ScenarioError
from zerozone.data.schema import Scenario

__all__ = [
    "Problem",
    "Scenario",
    "ScenarioError",
    "bundled_scenarios",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
    "scenario_hash",
]
