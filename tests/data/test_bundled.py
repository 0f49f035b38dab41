"""The bundled scenarios: valid, sourced, and round-trippable."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from zerozone.data import bundled_scenarios, dump_scenario, load_scenario, parse_scenario
from zerozone.data.extends import EXTENDS
from zerozone.data.loader import BUNDLED_PACKAGE
from zerozone.data.merge import REMOVE, record_key, record_list_model
from zerozone.data.projections import demand_table, zone_population
from zerozone.data.schema import Scenario, Sourced

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


@pytest.mark.parametrize("name", bundled_scenarios())
def test_every_bundled_record_has_a_source_or_an_assumption(name: str) -> None:
    records = list(sourced_records(load_scenario(name)))
    assert len(records) > 20
    missing = [path for path, record in records if not record.source.strip()]
    assert not missing, f"records without a source: {missing}"
    vague = [path for path, record in records if not CITATION.search(record.source)]
    assert not vague, f"sources that cite nothing and are not labelled 'assumption:': {vague}"


@pytest.mark.parametrize("name", bundled_scenarios())
def test_bundled_round_trip(name: str) -> None:
    scenario = load_scenario(name)
    assert parse_scenario(dump_scenario(scenario)) == scenario


def test_bundled_scenarios_have_distinct_names() -> None:
    """A bundled variant (``extends: default``) gives its own name, never its base's."""
    names = [load_scenario(name).name for name in bundled_scenarios()]
    assert len(set(names)) == len(names)


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


LIBERATED = ("karabakh", "east_zangezur")


def liberated_population(year: int, variant: str = "central") -> float:
    scenario = load_scenario("default")
    return sum(zone_population(scenario, zone, year, variant) for zone in LIBERATED)  # type: ignore[arg-type]


def test_central_population_follows_the_reported_resettlement() -> None:
    # About 50,000 people in June 2025 (trend.az 4064088); almost 43,000 in early May 2025.
    assert liberated_population(2025) == pytest.approx(50_000, rel=0.02)
    # The programme's 140,000 by the end of 2026 is the high variant, not the central one.
    assert liberated_population(2026, "high") == pytest.approx(140_000, rel=0.01)
    assert liberated_population(2026) < 0.5 * liberated_population(2026, "high")
    # Master-plan targets (346,000 in 2040) are the high variant; central follows the pace.
    assert liberated_population(2040, "high") == pytest.approx(346_000, rel=0.01)
    for year in (2026, 2030, 2040, 2050):
        low, central, high = (liberated_population(year, v) for v in ("low", "central", "high"))
        assert low < central < high


def test_liberated_demand_2024_is_the_reported_local_use_at_the_grid() -> None:
    scenario = load_scenario("default")
    assert scenario.demand.network_loss_share == 0.085  # Azerishig, trend.az 4012837
    at_grid = demand_table(scenario, [2024])
    metered = demand_table(scenario, [2024], with_losses=False)
    grid = at_grid[at_grid["zone"].isin(LIBERATED)]["electricity_mwh"].sum()
    meters = metered[metered["zone"].isin(LIBERATED)]["electricity_mwh"].sum()
    # About 200 million kWh used locally in 2024 (Azerenerji via trend.az 3990037).
    assert grid == pytest.approx(200e3, rel=0.02)
    assert meters == pytest.approx(grid * (1 - 0.085))


def test_reconstruction_load_ends_and_industry_grows() -> None:
    scenario = load_scenario("default")
    table = demand_table(scenario, [2024, 2050], with_losses=False)
    industry = table[(table["sector"] == "industry_agriculture") & table["zone"].isin(LIBERATED)]
    by_year = industry.groupby("year")["electricity_mwh"].sum()
    people = {year: liberated_population(year) for year in (2024, 2050)}
    per_person = {year: by_year[year] / people[year] for year in (2024, 2050)}
    # 2024: reconstruction dominates (about 3.5 MWh per resident); 2050: parks and local industry.
    assert per_person[2024] > 3.0
    assert per_person[2050] < 1.5
    in_2050 = table[table["zone"].isin(LIBERATED) & (table["year"] == 2050)]
    # All electricity at the meters, EV charging included: the former path reached about 4.9.
    assert in_2050["electricity_mwh"].sum() / people[2050] < 4.3


def test_hydro_capacity_factors_are_calibrated() -> None:
    scenario = load_scenario("default")
    factors = {zone.id: zone.climate.hydro_capacity_factor for zone in scenario.zones}
    # Arpachay-1, 2020-2024: 41.1, 33.2, 25.9, 19.1, 45.4 GWh from 20.5 MW (trend.az 3991378).
    arpachay = (41.1 + 33.2 + 25.9 + 19.1 + 45.4) / 5 * 1e3 / (20.5 * 8760)
    assert factors["nakhchivan"] == pytest.approx(arpachay, abs=0.001)
    # 750 GWh in 2025 from 270 MW to May and 307 MW after (report.az 2026-01-13, trend.az 4050577).
    fleet_2025 = 750e3 / ((270 * 5 + 307 * 7) / 12 * 8760)
    for zone in LIBERATED:
        assert factors[zone] == pytest.approx(fleet_2025, rel=0.01)


def unsourced_updates(raw: dict[str, Any]) -> list[str]:
    """Paths of the records a variant changes without giving their ``source``.

    A variant that updates a record's numbers keeps the base's ``source`` unless it gives its
    own, and that source no longer describes the numbers.
    """
    found: list[str] = []

    def walk(value: Any, model: type[BaseModel], path: str) -> None:
        if not isinstance(value, dict):
            return
        key = record_key(model) or ()
        changed = [k for k in value if k not in (*key, "source", REMOVE)]
        if issubclass(model, Sourced) and changed and "source" not in value:
            found.append(path or "<top>")
        for name, item in value.items():
            info = model.model_fields.get(str(name))
            if info is None:
                continue
            inner = record_list_model(info.annotation)
            if inner is not None and isinstance(item, list):
                for index, record in enumerate(item):
                    walk(record, inner, f"{path}.{name}[{index}]".lstrip("."))
            elif (single := _record_model(info.annotation)) is not None:
                walk(item, single, f"{path}.{name}".lstrip("."))

    walk({k: v for k, v in raw.items() if k != EXTENDS}, Scenario, "")
    return found


def _record_model(annotation: Any) -> type[BaseModel] | None:
    options = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    candidate = options[0] if len(options) == 1 else annotation
    return candidate if isinstance(candidate, type) and issubclass(candidate, BaseModel) else None


def test_unsourced_updates_are_found() -> None:
    raw = {
        "extends": "default",
        "name": "variant",
        "policy": {"discount_rate": 0.05, "emission_cap": {"start_t": 1, "source": "x"}},
        "markets": [
            {"id": "turkiye", "export_capacity_mw": {2024: 75}},
            {"id": "a", "remove": True},
        ],
        "title": {"en": "Variant"},
    }
    assert unsourced_updates(raw) == ["policy", "markets[0]"]


VARIANTS = [
    name
    for name in bundled_scenarios()
    if EXTENDS in yaml.safe_load((resources.files(BUNDLED_PACKAGE) / f"{name}.yaml").read_text())
]


@pytest.mark.parametrize("name", VARIANTS)
def test_bundled_variant_sources_what_it_changes(name: str) -> None:
    text = (resources.files(BUNDLED_PACKAGE) / f"{name}.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw[EXTENDS] in bundled_scenarios()
    assert not unsourced_updates(raw), "records changed without their own `source`"
