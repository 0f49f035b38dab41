"""Scenario files that extend another (``extends:``): merge rules, chains, hostile files, where
problems are reported, and the run directory holding the merged scenario."""

from __future__ import annotations

import copy
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import make_tokens
from tests.conftest import TWO_ZONES
from tests.data.test_hostile import run_cli
from tests.model.conftest import tiny

from zerozone.api.app import create_app
from zerozone.api.state import Settings
from zerozone.data import (
    Scenario,
    ScenarioError,
    bundled_scenarios,
    dump_scenario,
    load_scenario,
    parse_scenario,
)
from zerozone.data.merge import record_key, record_list_model
from zerozone.data.problems import Problem
from zerozone.data.schema import Record
from zerozone.model.pipeline import run_plan
from zerozone.results import read_run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding ``base.yaml``: the two-zone test scenario."""
    text = yaml.safe_dump(TWO_ZONES, sort_keys=False, allow_unicode=True)
    (tmp_path / "base.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def child(folder: Path, body: str, name: str = "child.yaml") -> Scenario:
    """Load a child of ``base.yaml`` whose content (after its first two lines) is ``body``."""
    head = "extends: base.yaml\nname: variant\n"
    return load_scenario(write(folder, name, head + textwrap.dedent(body)))


def problems_of(path: Path | str) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.exit_code == 2
    return list(caught.value.problems)


def base_line(folder: Path, needle: str, after: str = "") -> int:
    """1-based line of the first line of ``base.yaml`` holding ``needle`` after ``after``."""
    lines = (folder / "base.yaml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


# --- merge rules -------------------------------------------------------------------------------


def test_child_with_only_a_name_equals_its_base_with_that_name(folder: Path) -> None:
    base = load_scenario(folder / "base.yaml")
    assert child(folder, "") == base.model_copy(update={"name": "variant"})


def test_record_updated_field_by_field(folder: Path) -> None:
    base = load_scenario(folder / "base.yaml")
    scenario = child(
        folder,
        """
        policy:
          discount_rate: 0.05
        technologies:
          - id: wind
            lifetime_years: 30
        title:
          en: Variant
        """,
    )
    assert scenario.policy.discount_rate == 0.05
    assert scenario.policy.periods == base.policy.periods
    assert scenario.policy.emission_cap == base.policy.emission_cap
    wind = scenario.technology("wind")
    assert wind.lifetime_years == 30
    assert wind.capex_usd_per_kw == base.technology("wind").capex_usd_per_kw
    assert [t.id for t in scenario.technologies] == [t.id for t in base.technologies]
    assert scenario.title.en == "Variant" and scenario.title.az == base.title.az


def test_series_and_plain_lists_are_replaced_whole(folder: Path) -> None:
    scenario = child(
        folder,
        """
        technologies:
          - id: solar
            capex_usd_per_kw: {2025: 600}
        policy:
          periods: [2025, 2035]
        """,
    )
    assert scenario.technology("solar").capex_usd_per_kw == {2025: 600.0}  # 2035 dropped
    assert scenario.policy.periods == [2025, 2035]


def test_unknown_key_appends_a_record(folder: Path) -> None:
    scenario = child(
        folder,
        """
        markets:
          - id: neighbour
            name: {en: Neighbour, az: Qonşu}
            zone: south
            import_capacity_mw: {2020: 20}
            export_capacity_mw: {2020: 0}
            import_price_usd_per_mwh: {2025: 80}
            export_price_usd_per_mwh: {2025: 0}
            emission_factor_t_per_mwh: {2025: 0.4}
            source: "assumption: test data"
        """,
    )
    assert [m.id for m in scenario.markets] == ["mainland", "neighbour"]


def test_remove_true_removes_the_base_record(folder: Path) -> None:
    scenario = child(
        folder,
        """
        markets:
          - id: mainland
            remove: true
        potentials:
          - {zone: north, technology: wind, remove: true}
        plants:
          - name: Old gas
            remove: true
        """,
    )
    assert scenario.markets == [] and scenario.potentials == [] and scenario.plants == []


def test_records_by_name_and_by_pair_are_updated(folder: Path) -> None:
    scenario = child(
        folder,
        """
        committed:
          - name: New solar
            capacity_mw: 12
        potentials:
          - {zone: north, technology: wind, max_capacity_mw: 300}
        demand:
          sectors:
            - sector: residential
              per_capita_mwh: 1.5
        """,
    )
    assert scenario.committed[0].capacity_mw == 12
    assert scenario.potentials[0].max_capacity_mw == 300
    residential = scenario.demand.sectors[0]
    assert residential.per_capita_mwh == 1.5 and residential.annual_growth == 0.01
    assert len(scenario.demand.sectors) == 3


def test_every_list_of_records_in_the_schema_has_a_key() -> None:
    """A list of records added to the schema must say how a child's records match the base's."""
    seen: set[type[Record]] = set()

    def walk(model: type[Record]) -> None:
        for info in model.model_fields.values():
            item = record_list_model(info.annotation)
            if item is not None:
                assert record_key(item) is not None, f"{model.__name__} list of {item.__name__}"
                for name in record_key(item) or ():
                    assert name in item.model_fields
            for arg in _models_in(info.annotation):
                if arg not in seen:
                    seen.add(arg)
                    walk(arg)

    walk(Scenario)
    assert len(seen) > 10


def _models_in(annotation: Any) -> list[type[Record]]:
    found: list[type[Record]] = []
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _models_in(arg)
    return found


def test_chain_of_three(folder: Path) -> None:
    write(
        folder, "middle.yaml", "extends: base.yaml\nname: middle\npolicy: {discount_rate: 0.05}\n"
    )
    write(folder, "top.yaml", "extends: middle.yaml\nname: top\ntitle: {en: Top}\n")
    scenario = load_scenario(folder / "top.yaml")
    assert (scenario.name, scenario.policy.discount_rate, scenario.title.en) == ("top", 0.05, "Top")


def test_bundled_base_by_name(tmp_path: Path) -> None:
    path = write(
        tmp_path, "dry.yaml", "extends: aghali\nname: aghali_dry\nweather: {hydro_year: dry}\n"
    )
    scenario = load_scenario(path)
    assert scenario.weather.hydro_year == "dry"
    assert scenario.zones == load_scenario("aghali").zones


def test_weather_file_of_a_base_is_found_relative_to_the_base(folder: Path) -> None:
    sub = folder / "variants"
    sub.mkdir()
    raw = copy.deepcopy(TWO_ZONES)
    raw["weather"] = {"source": "weather/zones.csv"}
    (folder / "base.yaml").write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
    path = write(sub, "v.yaml", "extends: ../base.yaml\nname: v\n")
    # A base's weather file lies beside the base, not beside the child.
    assert parse_weather_source(path) == str((folder / "weather" / "zones.csv").resolve())


def parse_weather_source(path: Path) -> str:
    return load_scenario(path).weather.source


# --- where problems are reported ---------------------------------------------------------------


def test_problem_in_the_child_points_at_the_child_line(folder: Path) -> None:
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        technologies:
          - id: wind
            lifetime_years: -3
        """,
    )
    (problem,) = problems_of(path)
    assert problem.file is None  # the file read itself
    assert (problem.location, problem.line) == ("technologies[0].lifetime_years", 5)


def test_problem_from_the_base_points_at_the_base_line(folder: Path) -> None:
    """Removing a zone leaves the base's settlement, plant and link pointing at nothing."""
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        zones:
          - id: south
            remove: true
        """,
    )
    problems = problems_of(path)
    settlement = next(p for p in problems if p.location == "settlements[1].zone")
    assert settlement.file == str(folder / "base.yaml")
    assert settlement.line == base_line(folder, "zone: south", after="id: beta")
    rendered = ScenarioError(str(path), problems).render()
    assert f"settlements[1].zone ({folder / 'base.yaml'}, line {settlement.line})" in rendered


def test_problem_in_a_middle_file_of_a_chain_names_that_file(folder: Path) -> None:
    write(folder, "middle.yaml", "extends: base.yaml\nname: middle\npolicy:\n  discount_rate: 7\n")
    top = write(folder, "top.yaml", "extends: middle.yaml\nname: top\n")
    (problem,) = problems_of(top)
    assert (problem.file, problem.location, problem.line) == (
        str(folder / "middle.yaml"),
        "policy.discount_rate",
        4,
    )


def test_updated_record_field_from_the_base_keeps_the_base_line(folder: Path) -> None:
    """The child updates a plant; the base's own field of that plant is checked against the
    child's new technology list (gas removed) and reported in the base file."""
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        plants:
          - name: Old gas
            capacity_mw: 25
        technologies:
          - id: gas
            remove: true
        """,
    )
    problems = problems_of(path)
    plant = next(p for p in problems if p.location == "plants[0].technology")
    assert plant.file == str(folder / "base.yaml")
    assert plant.line == base_line(folder, "technology: gas", after="name: Old gas")


# --- hostile files -----------------------------------------------------------------------------


def test_extends_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "self.yaml", "name: x\nextends: self.yaml\n")
    (problem,) = problems_of(path)
    assert (problem.location, problem.line) == ("extends", 2)
    assert "cycle" in problem.message and "cannot extend itself" in problem.hint


def test_cycle_through_another_file(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\n")
    problems = problems_of(tmp_path / "a.yaml")
    cycle = next(p for p in problems if "cycle" in p.message)
    assert cycle.file == str(tmp_path / "b.yaml") and cycle.line == 1
    assert "a.yaml -> " in cycle.message and "b.yaml -> " in cycle.message


def test_extends_a_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "name: c\n\nextends: nowhere.yaml\n")
    (problem,) = problems_of(path)
    assert (problem.location, problem.line) == ("extends", 3)
    assert "'nowhere.yaml' cannot be read" in problem.message
    assert "default" in problem.hint  # the bundled names are offered


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("zone,hour,ghi\nnorth,0,0\n", "not a scenario file (a scenario file must be a mapping"),
        ("- 1\n- 2\n", "not a scenario file (a scenario file must be a mapping"),
        ("colour: blue\nsize: 3\n", "none of its keys is a scenario section"),
        ("a: [1, 2\n", "not a scenario file (not valid YAML"),
    ],
)
def test_extends_a_non_scenario(tmp_path: Path, content: str, fragment: str) -> None:
    (tmp_path / "other.txt").write_text(content)
    path = write(tmp_path, "c.yaml", "extends: other.txt\nname: c\n")
    (problem,) = problems_of(path)
    assert (problem.location, problem.line, problem.file) == ("extends", 1, None)
    assert fragment in problem.message


def test_extends_is_one_name(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "name: c\nextends: [default, aghali]\n")
    (problem,) = problems_of(path)
    assert (problem.location, problem.line) == ("extends", 2)
    assert "names one scenario" in problem.message


def test_child_that_changes_a_record_key_type(folder: Path) -> None:
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        zones:
          - id: 2030
            climate: {wind_capacity_factor: 0.4}
        """,
    )
    problems = problems_of(path)
    key = next(p for p in problems if "matched" in p.message)
    assert (key.location, key.line, key.file) == ("zones[0].id", 4, None)
    assert "int 2030" in key.message and "quote" in key.hint


def test_child_without_its_own_name(folder: Path) -> None:
    path = write(folder, "child.yaml", "extends: base.yaml\n")
    (problem,) = problems_of(path)
    assert (problem.location, problem.line) == ("extends", 1)
    assert "its own `name`" in problem.message and "'two_zones'" in problem.hint


def test_remove_problems_are_located_in_the_child(folder: Path) -> None:
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        markets:
          - id: atlantis
            remove: true
          - id: mainland
            remove: yes please
        links:
          - id: north_south
            length_km: 70
            remove: true
        """,
    )
    problems = {p.message.split(";")[0]: p for p in problems_of(path)}
    assert problems["the base has no record id 'atlantis' to remove"].line == 4
    assert problems["`remove` is written `remove: true`"].line == 7
    assert problems["a removed record gives only its key"].line == 9


def test_record_given_twice_in_the_child(folder: Path) -> None:
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        technologies:
          - {id: wind, lifetime_years: 20}
          - {id: wind, lifetime_years: 22}
        """,
    )
    (problem,) = problems_of(path)
    assert problem.line == 5 and "given twice" in problem.message


def test_upload_may_extend_a_bundled_scenario_but_not_a_path(tmp_path: Path) -> None:
    scenario = parse_scenario("extends: aghali\nname: upload\n", "upload")
    assert scenario.zones == load_scenario("aghali").zones
    with pytest.raises(ScenarioError) as caught:
        parse_scenario("name: upload\nextends: ../base.yaml\n", "upload")
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert "file paths are followed only from a scenario file on disk" in problem.message


def test_json_details_name_the_file(folder: Path) -> None:
    write(folder, "middle.yaml", "extends: base.yaml\nname: middle\npolicy:\n  discount_rate: 7\n")
    path = write(folder, "top.yaml", "extends: middle.yaml\nname: top\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (detail,) = caught.value.details()["problems"]  # type: ignore[index]
    assert detail["file"] == str(folder / "middle.yaml") and detail["line"] == 4


# --- the run directory -------------------------------------------------------------------------


def test_dumped_child_is_self_contained(folder: Path) -> None:
    """What a run directory stores (``dump_scenario``) reads back without the base."""
    scenario = child(folder, "policy: {discount_rate: 0.05}\n")
    text = dump_scenario(scenario)
    assert "extends" not in yaml.safe_load(text)
    (folder / "base.yaml").unlink()
    assert parse_scenario(text) == scenario


# --- properties --------------------------------------------------------------------------------

SECTIONS = [key for key in TWO_ZONES if key != "name"]


@st.composite
def repeated_parts(draw: st.DrawFn) -> dict[str, Any]:
    """Any part of the base repeated verbatim: sections, some of their records, some fields."""
    chosen = draw(st.lists(st.sampled_from(SECTIONS), unique=True))
    part: dict[str, Any] = {}
    for key in chosen:
        value = copy.deepcopy(TWO_ZONES[key])
        if isinstance(value, list) and value and isinstance(value[0], dict):
            records = draw(st.lists(st.sampled_from(value), unique_by=id))
            records = records or value[:1]  # an empty list is a problem (tested apart)
            value = [_some_fields(draw, r, ("id", "name", "zone", "technology")) for r in records]
        elif isinstance(value, dict):
            value = _some_fields(draw, value, ())
        part[key] = value
    return part


def _some_fields(draw: st.DrawFn, record: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The record's key fields and a drawn subset of the others."""
    others = [k for k in record if k not in keys]
    kept = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    return {k: v for k, v in record.items() if k in keys or k in kept}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
    rate=st.floats(0.001, 0.3),
    repeated=repeated_parts(),
)
def test_child_without_changes_equals_its_base(
    name: str, rate: float, repeated: dict[str, Any]
) -> None:
    """A child that gives nothing but its name, or repeats any part of its base verbatim,
    is its base under the child's name."""
    raw = copy.deepcopy(TWO_ZONES)
    raw["policy"]["discount_rate"] = rate
    repeated.pop("policy", None)  # the drawn rate differs from the module's copy
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "base.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
        base = load_scenario(folder / "base.yaml")
        expected = base.model_copy(update={"name": name})
        empty = {"extends": "base.yaml", "name": name}
        (folder / "empty.yaml").write_text(yaml.safe_dump(empty))
        assert load_scenario(folder / "empty.yaml") == expected
        (folder / "same.yaml").write_text(yaml.safe_dump({**empty, **repeated}, allow_unicode=True))
        assert load_scenario(folder / "same.yaml") == expected


def test_run_of_a_child_reads_back_without_its_base(tmp_path: Path) -> None:
    """The run directory stores the merged scenario: the base may go, the run still reads."""
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(tiny(), allow_unicode=True))
    path = write(
        tmp_path, "cheap.yaml", "extends: base.yaml\nname: cheap\npolicy:\n  discount_rate: 0.03\n"
    )
    scenario = load_scenario(path)
    run_plan(scenario, resolution="weeks:1", out=tmp_path / "run")
    (tmp_path / "base.yaml").unlink()
    path.unlink()
    run = read_run(tmp_path / "run")
    assert run.scenario == scenario
    assert run.scenario.policy.discount_rate == 0.03
    assert "extends" not in (tmp_path / "run" / "scenario.yaml").read_text()


def test_command_line_validates_and_shows_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    text = "extends: aghali\nname: aghali_dry\ntitle: {en: Dry Aghali}\n"
    path = write(tmp_path, "dry.yaml", text)
    code, output = run_cli(["data", "validate", str(path)], monkeypatch, capsys)
    assert code == 0 and "valid (1 zones, 1 settlements" in output
    code, output = run_cli(["data", "show", str(path)], monkeypatch, capsys)
    assert code == 0 and "Dry Aghali" in output
    code, output = run_cli(["data", "validate", "--help"], monkeypatch, capsys)
    assert ", ".join(bundled_scenarios()) in output


def test_service_upload_of_a_child(tmp_path: Path) -> None:
    """Through the service: a child of a bundled scenario is accepted and listed; a child of a
    file path is refused even when that file exists (no file-system reach from an upload)."""
    tokens = make_tokens(tmp_path)
    headers = {**tokens.of("planner"), "Content-Type": "application/yaml"}
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(TWO_ZONES, allow_unicode=True))
    app = create_app(Settings(tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        text = "extends: aghali\nname: aghali_dry\nweather: {hydro_year: dry}\n"
        response = client.post("/api/scenarios/aghali-dry", content=text.encode(), headers=headers)
        assert response.status_code == 201, response.text
        assert response.json()["zones"] == ["aghali"]
        listed = client.get("/api/scenarios").json()
        assert {"name": "aghali-dry", "source": "uploaded"} in listed
        shown = client.get("/api/scenarios/aghali-dry").json()
        assert shown["zones"] == ["aghali"] and shown["yaml"] == text

        text = "name: sneaky\nextends: ../base.yaml\n"
        response = client.post("/api/scenarios/sneaky", content=text.encode(), headers=headers)
        assert response.status_code == 422
        (problem,) = response.json()["error"]["details"]["problems"]
        assert (problem["path"], problem["line"]) == ("extends", 2)
        assert "not from an upload" in problem["message"]
        assert client.get("/api/scenarios/sneaky").status_code == 404


def test_incomplete_appended_record_says_it_was_appended(folder: Path) -> None:
    """A misspelt key appends a record instead of updating one: the problem says so."""
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        technologies:
          - id: wnd
            lifetime_years: 30
        """,
    )
    problems = problems_of(path)
    missing = {"name", "kind", "capex_usd_per_kw"}
    assert {p.location for p in problems} == {f"technologies[0].{key}" for key in missing}
    assert all(p.line == 4 and p.file is None for p in problems)
    assert all(
        "the base has no record id 'wnd' (did you mean id 'wind'?)" in p.hint for p in problems
    )


def test_child_that_changes_a_section_type_or_empties_a_list(folder: Path) -> None:
    path = write(
        folder,
        "child.yaml",
        """
        extends: base.yaml
        name: variant
        zones:
          north: {climate: {wind_capacity_factor: 0.4}}
        markets: []
        """,
    )
    problems = {p.location: p for p in problems_of(path)}
    assert problems["zones"].line == 3 and "should be a list" in problems["zones"].hint
    assert (
        problems["markets"].line == 5
        and "empty list changes nothing" in problems["markets"].message
    )
