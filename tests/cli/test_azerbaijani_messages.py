"""Scenario problems and the option parser's errors in Azerbaijani, with no English word left.

A broken scenario file (pydantic's checks, the project's own, YAML's) and bad command lines are
run through the real ``zerozone`` entry point with ``--lang az``; what it prints must hold no
word of the English catalogue (the untranslated-word check of ``test_terminal``), apart from the
identifiers a scenario file is written in (its keys and ids).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
import typer
from pydantic import BaseModel
from pydantic_core._pydantic_core import list_all_errors
from tests.cli.test_terminal import english_words

import zerozone.data
import zerozone.data.schema as schema
from zerozone.cli import main
from zerozone.cli.app import app
from zerozone.cli.localize import command_paths
from zerozone.data.problems import PYDANTIC_MESSAGES
from zerozone.i18n import catalog, translate_text

BROKEN = """\
extends: aghali
name: broken
discount_rate: -0.5
target_yearz: 2050
zones:
  - id: aghali
    bbox: {lat_min: 40, lat_max: 39, lon_min: 46, lon_max: 47}
technologies:
  - id: solar_rooftop
    mount: sideways
    lifetime_years: many
    capex_usd_per_kw: {2025: -3}
  - id: rooftop_pv
policy:
  target_year: 2050
  target_year: 2045
"""
"""Unknown keys, a wrong choice, a number that is not one, a negative cost, an appended record
missing its keys, an empty bounding box, a key given twice."""


def said(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """Exit code and everything ``zerozone ARGV`` printed (the real entry point, in process)."""
    monkeypatch.setattr(sys, "argv", ["zerozone", *argv])
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("ZEROZONE_LANG", raising=False)
    with pytest.raises(SystemExit) as done:
        main()
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out + out.err


def identifiers() -> set[str]:
    """The words a user types: every key of the schema's models, every command's name."""
    found = {word for path in command_paths(typer.main.get_command(app)) for word in path}
    for value in vars(schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            for name in value.model_fields:
                found |= {name, *name.split("_")}
    return found


def english_left(text: str) -> list[str]:
    """English words of the catalogue in ``text`` (identifiers of the scenario file aside)."""
    text = re.sub(r"'[^']*'|`[^`]*`", "", text)  # quoted values and keys are the user's own
    words = set(re.findall(r"[A-Za-z]{4,}", text)) - identifiers()
    return sorted(words & english_words())


def test_broken_scenario_problems_are_all_azerbaijani(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    code, text = said(["--lang", "az", "data", "validate", str(path)], capsys, monkeypatch)
    assert code == 2
    assert "problem tapıldı" in text and "düzəliş:" in text
    assert "qiymət bunlardan biri olmalıdır: 'fixed' və ya 'tracking'" in text  # pydantic's
    assert "sərhəd qutusu boşdur" in text  # the project's own
    assert "iki dəfə verilib" in text  # the YAML reader's
    assert not english_left(text), text
    english = said(["data", "validate", str(path)], capsys, monkeypatch)[1]
    assert "Input should be 'fixed' or 'tracking'" in english and not english_left(text)


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--nope"],
        ["plan", "--resolution"],
        ["plan", "--extremes", "bad"],
        ["plan", "--scenario", "nowhere"],
        ["finance", "a", "b", "c"],
        ["finance"],
        ["nosuch"],
        ["ensemble", "--samples", "x"],
        ["mrv", "ingest", "/nonexistent/readings.csv"],
        ["data"],
    ],
)
def test_bad_command_lines_are_said_in_azerbaijani(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # what a command creates (the meter store) stays out of the tree
    code, text = said(["--lang", "az", *argv], capsys, monkeypatch)
    assert code in {0, 2} and text.strip()
    left = english_left(text)
    assert not left, f"{argv}: {left} in {text}"
    english = said(argv, capsys, monkeypatch)[1]
    assert english != text  # the English line is not simply passed through


def test_translate_text_fills_fields_and_clauses() -> None:
    assert translate_text("unknown key 'x'", "az") == "naməlum açar 'x'"
    composed = "did you mean 'zones'? allowed keys here: a, b"
    assert translate_text(composed, "az").endswith(
        "'zones' nəzərdə tutulub? burada icazə verilən açarlar: a, b"
    )
    assert translate_text("Input should be 'a' or 'b'", "az").endswith("'a' və ya 'b'")
    assert translate_text("nothing the catalogue knows", "az") == "nothing the catalogue knows"
    assert translate_text("unknown key 'x'", "en") == "unknown key 'x'"


def test_pydantic_messages_are_pydantics_own() -> None:
    templates = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    for kind, message in PYDANTIC_MESSAGES.items():
        assert templates[kind] == message, kind
        assert message in catalog("az")


NOT_SHOWN = {"no column {} in the table of kinds"}
"""Messages of programming errors, never of a scenario file."""


def _template(node: ast.expr) -> str | None:
    """The text an English message expression makes, each field as ``{}``; None if unknown."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


def test_every_problem_message_of_the_data_package_is_in_the_catalogue() -> None:
    def bare(text: str) -> str:
        return re.sub(r"\{[^{}]*\}", "{}", text)

    known = {bare(message) for message in catalog("az")}
    missing = []
    for path in Path(zerozone.data.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            texts = (
                node.args[1:3]
                if name == "Problem"
                else node.args[:1]
                if name == "ValueError"
                else []
            )
            for text in filter(None, map(_template, texts)):
                if text and bare(text) not in known | NOT_SHOWN:
                    missing.append(f"{path.name}:{node.lineno}: {text}")
    assert not missing, "add to locale/az/LC_MESSAGES/problems.po: " + "\n".join(missing)
