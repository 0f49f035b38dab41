"""The declared tables against what ``zerozone plan`` writes, and run directories this version
refuses (another format version, a renamed column, a missing table), through the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from tests.cli.test_data_commands import zerozone
from tests.model.conftest import BATTERY, GAS, SOLAR, SOLAR_SITES, tiny

from zerozone.results import FORMAT_VERSION, TABLES, RunDirectoryError, read_run, write_run
from zerozone.results.tables import BY_NAME, dtype_of, markdown

DOCS = Path(__file__).parents[2] / "docs" / "run-directory.md"


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run directory written by ``zerozone plan`` (one zone: gas, solar, batteries)."""
    folder = tmp_path_factory.mktemp("plan")
    raw = tiny(technologies=[GAS, SOLAR, BATTERY], potentials=SOLAR_SITES)
    scenario = folder / "tiny.yaml"
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    out = folder / "run"
    result = zerozone(
        "plan", "--scenario", str(scenario), "--resolution", "weeks:1", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def copy_of(run: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(run, target)
    return target


def test_plan_writes_every_declared_table_with_its_columns_and_dtypes(planned: Path) -> None:
    meta = json.loads((planned / "run.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == FORMAT_VERSION
    required = [t for t in TABLES if not t.optional]
    checked = {"check", "check_shed"}  # optional: the hourly check's, written by plan's loop
    expected = {t.name for t in required} | checked
    assert sorted(meta["tables"]) == sorted(expected)
    written = {p.stem for p in planned.glob("*.parquet")}
    assert written == expected
    for table in [t for t in TABLES if t.name in expected]:
        frame = pd.read_parquet(planned / f"{table.name}.parquet")
        assert list(frame.columns) == table.names, table.name
        if len(frame):
            assert [dtype_of(frame[c]) for c in frame.columns] == [
                c.dtype for c in table.columns
            ], table.name
        assert not frame.duplicated(table.keys).any(), table.name


def test_every_column_is_documented_and_the_page_matches() -> None:
    for table in TABLES:
        assert table.keys, table.name
        for column in table.columns:
            assert column.dtype in {"int", "float", "str"} and column.unit and column.description
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/run-directory.md is out of date: python -m zerozone.results.tables > "
        "docs/run-directory.md"
    )


@pytest.mark.parametrize("version", [1, FORMAT_VERSION + 1, None])
def test_another_format_version_is_refused_with_exit_2(
    planned: Path, tmp_path: Path, version: int | None
) -> None:
    run = copy_of(planned, tmp_path)
    meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
    if version is None:
        del meta["format_version"]
    else:
        meta["format_version"] = version
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    found = "none" if version is None else str(version)
    commands = [("finance", str(run))]
    if version == 1:  # every command reads through read_run; one version is enough for the others
        commands += [("report", str(run)), ("export-pypsa", str(run), str(tmp_path / "x.nc"))]
    for args in commands:
        result = zerozone(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        message = " ".join(result.stderr.split())
        assert str(run) in message.replace(" ", "") or str(run) in message
        assert f"format version {found}" in message and "zerozone plan" in message, message
    with pytest.raises(RunDirectoryError, match=f"format version {found}"):
        read_run(run)


def test_a_renamed_column_is_refused_with_exit_2(planned: Path, tmp_path: Path) -> None:
    run = copy_of(planned, tmp_path)
    capacity = pd.read_parquet(run / "capacity.parquet")
    capacity.rename(columns={"capacity_mw": "capacity"}).to_parquet(run / "capacity.parquet")
    result = zerozone("finance", str(run), "--lang", "az")
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "capacity_mw" in message and "zerozone plan" in message, message
    assert "nəticələr qovluğu" in message
    with pytest.raises(RunDirectoryError, match="column capacity_mw is missing"):
        read_run(run)


def test_a_missing_table_or_a_plain_directory_is_refused(planned: Path, tmp_path: Path) -> None:
    run = copy_of(planned, tmp_path)
    (run / "builds.parquet").unlink()
    with pytest.raises(RunDirectoryError, match="the table builds is missing"):
        read_run(run)
    result = zerozone("finance", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "run.json" in result.stderr
    retyped = copy_of(planned, tmp_path / "other")
    day_map = pd.read_parquet(retyped / "day_map.parquet")
    day_map.astype({"day": float}).to_parquet(retyped / "day_map.parquet")
    with pytest.raises(RunDirectoryError, match="column day is float, declared int"):
        read_run(retyped)


def test_write_run_refuses_tables_that_differ_from_the_declaration(tmp_path: Path) -> None:
    good = {
        t.name: pd.DataFrame({c.name: pd.Series(dtype=object) for c in t.columns}) for t in TABLES
    }
    write_run(tmp_path / "ok", {"status": "optimal"}, "", good)
    renamed = dict(good, caps=good["caps"].rename(columns={"cap_t_per_year": "cap"}))
    with pytest.raises(ValueError, match="caps"):
        write_run(tmp_path / "bad", {}, "", renamed)
    with pytest.raises(ValueError, match="missing"):
        write_run(tmp_path / "bad", {}, "", {"caps": good["caps"]})
    assert BY_NAME["builds"].keys[:2] == ["status", "asset"]
