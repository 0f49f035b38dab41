"""Reading scenarios: round trip, and one test per class of bad input."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from zerozone.data import ScenarioError, dump_scenario, parse_scenario


def _problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """Parse ``raw`` expecting failure; return (location, message) of every problem."""
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "broken.yaml")
    return [(p.location, p.message) for p in caught.value.problems]


def test_round_trip_yaml_model_yaml(two_zones: dict[str, Any]) -> None:
    scenario = parse_scenario(yaml.safe_dump(two_zones, allow_unicode=True))
    text = dump_scenario(scenario)
    again = parse_scenario(text)
    assert again == scenario
    assert dump_scenario(again) == text


def test_quantities_with_units_are_converted(two_zones: dict[str, Any]) -> None:
    scenario = parse_scenario(yaml.safe_dump(two_zones, allow_unicode=True))
    assert scenario.potentials[0].max_capacity_mw == pytest.approx(200.0)  # "0.2 GW"
    assert scenario.committed[0].capacity_mw == pytest.approx(10.0)  # "10 MW"
    assert scenario.policy.emission_cap.start_t == pytest.approx(1e5)  # "0.1 Mt"


def test_unknown_key_is_named_with_a_suggestion(two_zones: dict[str, Any]) -> None:
    two_zones["zones"][0]["climat"] = {}
    two_zones["polcy"] = {}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(two_zones, sort_keys=False, allow_unicode=True))
    by_location = {p.location: p for p in caught.value.problems}
    assert "unknown key 'climat'" in by_location["zones[0].climat"].message
    assert "did you mean 'climate'" in by_location["zones[0].climat"].hint
    assert "did you mean 'policy'" in by_location["polcy"].hint


def test_wrong_type(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["commissioning_year"] = "long ago"
    assert (
        "plants[0].commissioning_year",
        "Input should be a valid integer, unable to parse string as an integer",
    ) in _problems(two_zones)


def test_wrong_unit(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["capacity_mw"] = "20 MWh"
    ((location, message),) = _problems(two_zones)
    assert location == "plants[0].capacity_mw"
    assert "not a power unit" in message


def test_negative_capacity(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["capacity_mw"] = -5
    assert [loc for loc, _ in _problems(two_zones)] == ["plants[0].capacity_mw"]


def test_retirement_before_commissioning(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["retirement_year"] = 2005
    ((location, message),) = _problems(two_zones)
    assert location == "plants[0].retirement_year"
    assert "not after the commissioning year 2010" in message


def test_settlement_outside_its_zone(two_zones: dict[str, Any]) -> None:
    two_zones["settlements"][1]["location"] = {"lat": 40.0, "lon": 46.5}  # inside north
    ((location, message),) = _problems(two_zones)
    assert location == "settlements[1].location"
    assert "outside zone 'south'" in message


def test_technology_used_but_not_defined(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["technology"] = "coal"
    ((location, message),) = _problems(two_zones)
    assert (location, message) == ("plants[0].technology", "technology 'coal' is not defined")


def test_zone_used_but_not_defined(two_zones: dict[str, Any]) -> None:
    two_zones["potentials"][0]["zone"] = "nort"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(two_zones, allow_unicode=True))
    (problem,) = caught.value.problems
    assert problem.location == "potentials[0].zone"
    assert "did you mean 'north'" in problem.hint


def test_link_to_unknown_zone(two_zones: dict[str, Any]) -> None:
    two_zones["links"][0]["to_zone"] = "east"
    assert _problems(two_zones) == [("links[0].to_zone", "zone 'east' is not defined")]


@pytest.mark.parametrize(
    ("where", "value", "location"),
    [
        (("policy", "periods"), [2025, 2035, 2030], "policy.periods"),
        (
            ("technologies", 0, "capex_usd_per_kw"),
            {2035: 520, 2025: 640},
            "technologies[0].capex_usd_per_kw",
        ),
        (
            ("settlements", 0, "population"),
            {2035: {"central": 1}, 2024: {"central": 2}},
            "settlements[0].population",
        ),
    ],
)
def test_years_out_of_order(
    two_zones: dict[str, Any], where: tuple[Any, ...], value: Any, location: str
) -> None:
    node: Any = two_zones
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    problems = _problems(two_zones)
    assert location in [loc for loc, _ in problems]
    assert any("increas" in message for loc, message in problems if loc == location)


def test_every_problem_is_listed_at_once_with_lines(two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["retirement_year"] = 2005
    two_zones["plants"][0]["zone"] = "west"
    two_zones["links"][0]["to_zone"] = "east"
    two_zones["technologies"][1]["lifetime_years"] = "forever"
    two_zones["zones"][0]["extra"] = 1
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(two_zones, sort_keys=False, allow_unicode=True), "b.yaml")
    locations = {p.location for p in caught.value.problems}
    assert locations == {
        "plants[0].retirement_year",
        "plants[0].zone",
        "links[0].to_zone",
        "technologies[1].lifetime_years",
        "zones[0].extra",
    }
    assert all(p.line is not None for p in caught.value.problems)
    text = str(caught.value)
    assert text.startswith("b.yaml: 5 problems found")


def test_broken_record_does_not_cascade(two_zones: dict[str, Any]) -> None:
    """A zone with a bad field is reported once; records pointing at it are not 'undefined'."""
    two_zones["zones"][0]["climate"]["wind_capacity_factor"] = 1.5
    assert [loc for loc, _ in _problems(two_zones)] == ["zones[0].climate.wind_capacity_factor"]


def test_cap_shape_needs_its_fields(two_zones: dict[str, Any]) -> None:
    two_zones["policy"]["emission_cap"] = {"shape": "budget"}
    assert [loc for loc, _ in _problems(two_zones)] == ["policy.emission_cap.budget_t"]


def test_invalid_yaml_gives_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario("name: x\nzones: [\n  - a: 1\n", "bad.yaml")
    (problem,) = caught.value.problems
    assert "not valid YAML" in problem.message
    assert problem.line is not None
