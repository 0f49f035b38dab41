"""The hostile scenario corpus (``tests/data/hostile``) through the real command line.

Each file gets the command of ``cases.yaml`` through :func:`zerozone.cli.app.main`, the entry
point of the ``zerozone`` command: the exit code and message fragments must match, and no case
may end in a traceback (an exception escaping ``main`` fails the test).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.data.hostile.generate import REPLACEMENTS, alias_bomb

from zerozone.cli.app import main

HOSTILE = Path(__file__).parent / "hostile"
CASES: dict[str, dict[str, list[Any]]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text())


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[int, str]:
    """Run ``zerozone <args>`` in-process; its exit code and everything it printed."""
    monkeypatch.setattr(sys, "argv", ["zerozone", *args])
    monkeypatch.setenv("COLUMNS", "400")  # long messages on one line
    with pytest.raises(SystemExit) as done:
        main()
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return int(done.value.code or 0), " ".join(output.split())


def _params(command: str) -> list[Any]:
    return [
        pytest.param(name, expected, id=name.removesuffix(".yaml"))
        for name, expected in CASES[command].items()
    ]


@pytest.mark.parametrize(("name", "expected"), _params("validate"))
def test_validate_rejects_hostile_file(
    name: str, expected: list[Any], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    code, output = run_cli(["data", "validate", str(HOSTILE / name)], monkeypatch, capsys)
    exit_code, *fragments = expected
    assert code == exit_code, output
    for fragment in fragments:
        assert fragment in output


@pytest.mark.parametrize(("name", "expected"), _params("plan"))
def test_plan_of_hostile_file(
    name: str,
    expected: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    tmp_path: Path,
) -> None:
    args = ["plan", "--scenario", str(HOSTILE / name), "--resolution", "days:2", "--no-adequacy"]
    code, output = run_cli([*args, "--out", str(tmp_path / "run")], monkeypatch, capsys)
    exit_code, *fragments = expected
    assert code == exit_code, output
    for fragment in fragments:
        assert fragment in output


def test_every_fixture_has_a_case() -> None:
    files = {path.name for path in HOSTILE.glob("*.yaml")} - {"cases.yaml"}
    listed = set(CASES["validate"]) | set(CASES["plan"])
    assert files == listed
    assert set(REPLACEMENTS) <= files


def test_fixtures_are_up_to_date() -> None:
    assert (HOSTILE / "alias_bomb.yaml").read_text() == alias_bomb(7)
