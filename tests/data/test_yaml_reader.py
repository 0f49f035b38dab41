"""Reading YAML safely: duplicate keys, aliases, nesting, tags, lines, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.data.hostile.generate import alias_bomb

from zerozone.data import ScenarioError, bundled_scenarios, loader
from zerozone.data.loader import decode_scenario, resolve_scenario_path
from zerozone.data.yaml_reader import MAX_DEPTH, UnsafeYamlError, read_yaml


@pytest.mark.parametrize("name", bundled_scenarios())
def test_reads_bundled_scenarios_as_pyyaml_does(name: str) -> None:
    _, text = resolve_scenario_path(name)
    document = read_yaml(text)
    assert document.value == yaml.safe_load(text)
    assert document.problems == []


def test_duplicate_key_named_with_both_lines() -> None:
    document = read_yaml("policy:\n  rate: 0.08\n  other: 1\n  rate: 0.5\n")
    (problem,) = document.problems
    assert problem.path == ("policy", "rate")
    assert problem.message == "key 'rate' is given twice, on lines 2 and 4"
    assert problem.line == 4


def test_lines_of_keys_and_list_items() -> None:
    document = read_yaml("a:\n  - x: 1\n  - x: 2\nb: {2025: 3}\n")
    assert document.lines[("a", 1, "x")] == 3
    assert document.lines[("b", 2025)] == 4


def test_alias_bomb_refused_quickly() -> None:
    # Seven levels of nine aliases: 4.8 million values once expanded (line numbers used to be
    # computed by walking them: seven levels never finished).
    with pytest.raises(UnsafeYamlError, match="aliases expand to more than 100,000 values"):
        read_yaml(alias_bomb(7))


def test_small_aliases_and_merge_keys_are_read() -> None:
    document = read_yaml("a: &s {x: 1, y: 2}\nb: *s\nc: {<<: *s, y: 3}\n")
    assert document.value == {"a": {"x": 1, "y": 2}, "b": {"x": 1, "y": 2}, "c": {"x": 1, "y": 3}}


def test_alias_inside_its_own_anchor_refused() -> None:
    with pytest.raises(UnsafeYamlError, match="refers to itself"):
        read_yaml("a: &x [1, *x]\n")


def test_deep_nesting_refused() -> None:
    depth = MAX_DEPTH + 1
    with pytest.raises(UnsafeYamlError, match=f"nested more than {MAX_DEPTH} levels"):
        read_yaml("a: " + "[" * depth + "]" * depth + "\n")


@pytest.mark.parametrize("text", ["a: !!python/name:os.system x\n", "a: !!python/tuple [1]\n"])
def test_python_tags_refused(text: str) -> None:
    with pytest.raises(UnsafeYamlError, match="unsupported YAML tag"):
        read_yaml(text)


def test_nan_and_years_resolved_as_yaml_1_1() -> None:
    value = read_yaml("a: {2025: .nan, 2030: 1_000}\n").value
    assert list(value["a"]) == [2025, 2030]
    assert value["a"][2025] != value["a"][2025]  # NaN
    assert value["a"][2030] == 1000


def test_latin1_byte_named_with_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        decode_scenario(b"name: x\ntitle: Agal\xe9\n", "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (2, "not UTF-8 text: byte 0xE9 on line 2")


def test_utf16_named() -> None:
    with pytest.raises(ScenarioError, match="UTF-16"):
        decode_scenario("name: x\n".encode("utf-16"), "f.yaml")


def test_utf8_with_byte_order_mark_read() -> None:
    assert decode_scenario(b"\xef\xbb\xbfname: x\n") == "name: x\n"


def test_oversized_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("name: a_long_name\n")
    with pytest.raises(ScenarioError, match="a scenario file holds at most"):
        resolve_scenario_path(path)
