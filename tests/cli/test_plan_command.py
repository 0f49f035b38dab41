"""``zerozone plan`` run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from tests.cli.test_data_commands import zerozone
from tests.model.conftest import BATTERY, GAS, SOLAR, tiny, transport_above_zero_cap

SITES = [{"zone": "solo", "technology": "solar", "max_capacity_mw": 1e5, "source": "x"}]


def _write(tmp_path: Path, raw: dict) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_plan_writes_the_run_directory(tmp_path: Path) -> None:
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SITES)
    out = tmp_path / "run"
    result = zerozone(
        "plan", "--scenario", _write(tmp_path, raw), "--resolution", "weeks:1", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "status: optimal" in result.stdout
    meta = json.loads((out / "run.json").read_text())
    assert meta["status"] == "optimal" and meta["objective_usd"] > 0
    for table in (
        "capacity",
        "generation",
        "dispatch",
        "storage_levels",
        "flows",
        "emissions",
        "costs",
        "prices",
        "curtailment",
        "load_shed",
    ):
        assert (out / f"{table}.parquet").is_file(), table
    assert (out / "highs.log").stat().st_size > 0
    assert len(meta["scenario_hash"]) == 64


def test_infeasible_plan_is_explained_in_azerbaijani_with_exit_code_3(tmp_path: Path) -> None:
    raw = transport_above_zero_cap()
    result = zerozone(
        "plan",
        "--scenario",
        _write(tmp_path, raw),
        "--resolution",
        "weeks:1",
        "--out",
        str(tmp_path / "run"),
        "--lang",
        "az",
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "limitinə çatmaq mümkün deyil" in result.stdout
    assert "nəqliyyat yanacağı" in result.stdout
    assert "həll № 2: izahat (hədəflər yumşaldılıb)" in result.stdout  # the re-solve is shown


def test_bad_resolution_is_a_usage_error() -> None:
    result = zerozone("plan", "--resolution", "days:0")
    assert result.returncode == 2
    assert "days:N" in result.stderr


def test_a_long_solve_is_announced_and_the_default_is_not(tmp_path: Path) -> None:
    scenario = _write(tmp_path, tiny(technologies=[GAS]))
    long = zerozone(
        "plan", "--scenario", scenario, "--resolution", "weeks:8", "--out", str(tmp_path / "a")
    )
    assert long.returncode == 0, long.stderr
    assert "56 days per period, 5 times the default" in " ".join(long.stdout.split())
    short = zerozone(
        "plan", "--scenario", scenario, "--resolution", "weeks:1", "--out", str(tmp_path / "b")
    )
    assert short.returncode == 0, short.stderr
    assert "days per period" not in short.stdout
