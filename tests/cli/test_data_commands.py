"""``zerozone data``: run as a user would, through the installed command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml


def zerozone(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in a subprocess, as from a shell."""
    return subprocess.run(
        [sys.executable, "-c", "from zerozone.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write(tmp_path: Path, raw: dict[str, Any]) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_validate_accepts_a_good_file(tmp_path: Path, two_zones: dict[str, Any]) -> None:
    result = zerozone("data", "validate", str(write(tmp_path, two_zones)))
    assert result.returncode == 0, result.stderr
    assert "valid (2 zones, 2 settlements" in result.stdout


def test_broken_file_exits_2_with_every_problem_and_no_traceback(
    tmp_path: Path, two_zones: dict[str, Any]
) -> None:
    two_zones["plants"][0]["retirement_year"] = 2001
    two_zones["links"][0]["to_zone"] = "nowhere"
    result = zerozone("data", "validate", str(write(tmp_path, two_zones)))
    assert result.returncode == 2
    assert "2 problems found" in result.stderr
    assert "plants[0].retirement_year" in result.stderr
    assert "links[0].to_zone" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path, two_zones: dict[str, Any]) -> None:
    two_zones["plants"][0]["retirement_year"] = 2001
    result = zerozone("--debug", "data", "validate", str(write(tmp_path, two_zones)))
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_show_in_both_languages(tmp_path: Path, two_zones: dict[str, Any]) -> None:
    path = str(write(tmp_path, two_zones))
    english = zerozone("data", "show", path, "--lang", "en")
    azerbaijani = zerozone("data", "show", path, "--lang", "az")
    assert english.returncode == 0 and azerbaijani.returncode == 0, azerbaijani.stderr
    assert "Settlements" in english.stdout and "20,000" in english.stdout
    assert "Yaşayış məntəqələri" in azerbaijani.stdout and "20.000" in azerbaijani.stdout


def test_missing_file_is_a_usage_error() -> None:
    result = zerozone("data", "validate", "no/such/file.yaml")
    assert result.returncode == 2
    assert "no bundled scenario called no/such/file.yaml" in result.stderr
    assert "aghali, default" in result.stderr and "existing YAML file" in result.stderr


def test_profiles_writes_parquet_and_prints_capacity_factors(
    tmp_path: Path, two_zones: dict[str, Any]
) -> None:
    import pandas as pd

    out = tmp_path / "profiles"
    result = zerozone("data", "profiles", str(write(tmp_path, two_zones)), "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pd.read_parquet(out / "two_zones_profiles.parquet")
    assert table.shape == (8760, 24)  # 11 profiles + one per solar technology, per zone
    assert ("south", "pv:solar") in table.columns
    assert f"{table[('north', 'wind')].mean():.3f}" in result.stdout  # printed CF = file's CF
    assert "0.300" in result.stdout  # north's wind capacity factor is calibrated to 0.30


def test_show_the_bundled_default() -> None:
    result = zerozone("data", "show", "default")
    assert result.returncode == 0, result.stderr
    for text in ("Karabakh", "East Zangezur", "Nakhchivan", "Shafag", "Run-of-river hydro"):
        assert text in result.stdout
