"""The bundled scenarios: valid, sourced, and round-trippable."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from zerozone.data import bundled_scenarios, dump_scenario, load_scenario, parse_scenario
from zerozone.data.projections import demand_table, zone_population
from zerozone.data.schema import Sourced

CITATION = re.compile(
    r"(assumption:|derived|facts|\.az\b|\.com\b|IPCC|IRENA|Danish Energy|"
    r"trend|report|news|azertac|AzerNews|menafn|primidi|rebuildkarabakh)",
    re.I,
)


def sourced_records(model: BaseModel, path: str = ""):
    """Every record with a ``source`` field inside ``model``, with its path."""
    if isinstance(model, Sourced):
        yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else [(None, value)]
        )
        for key, item in items:
            if isinstance(item, BaseModel):
                where = f"{path}.{name}" if key is None else f"{path}.{name}[{key}]"
                yield from sourced_records(item, where.lstrip("."))


def test_both_scenarios_are_bundled() -> None:
    assert {"default", "aghali"} <= set(bundled_scenarios())


@pytest.mark.parametrize("name", ["default", "aghali"])
def test_every_bundled_record_has_a_source_or_an_assumption(name: str) -> None:
    records = list(sourced_records(load_scenario(name)))
    assert len(records) > 20
    missing = [path for path, record in records if not record.source.strip()]
    assert not missing, f"records without a source: {missing}"
    vague = [path for path, record in records if not CITATION.search(record.source)]
    assert not vague, f"sources that cite nothing and are not labelled 'assumption:': {vague}"


@pytest.mark.parametrize("name", ["default", "aghali"])
def test_bundled_round_trip(name: str) -> None:
    scenario = load_scenario(name)
    assert parse_scenario(dump_scenario(scenario)) == scenario


def test_default_matches_the_facts() -> None:
    scenario = load_scenario("default")
    assert [z.id for z in scenario.zones] == ["karabakh", "east_zangezur", "nakhchivan"]
    hydro = [
        p
        for p in scenario.plants
        if scenario.technology(p.technology).kind.value.startswith("hydro")
        and p.zone != "nakhchivan"
    ]
    assert len(hydro) >= 20  # the existing plants are listed one by one
    assert sum(p.capacity_mw for p in hydro) == pytest.approx(307.0, abs=0.5)  # fleet in 2025
    shafag = next(b for b in scenario.committed if "Shafag" in b.name)
    assert (shafag.capacity_mw, shafag.year) == (240.0, 2027)
    line = next(b for b in scenario.committed if b.link is not None)
    assert line.capacity_mw == 1000.0
    assert scenario.policy.target_year == 2050
    assert zone_population(scenario, "nakhchivan", 2021) == pytest.approx(461_500, rel=0.01)
    liberated = demand_table(scenario, [2024])
    local = liberated[liberated["zone"] != "nakhchivan"]["electricity_mwh"].sum()
    assert 200e3 <= local <= 230e3  # 200-230 GWh used locally in 2024
