"""``zerozone check`` run as a user would: tables in the run directory, the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.test_data_commands import zerozone
from tests.model.conftest import GAS, scenario_of, tiny

from zerozone.errors import CHECK_FAILED, USAGE_ERROR
from zerozone.finance import analyse_run
from zerozone.model.pipeline import run_plan
from zerozone.report.html import render_report
from zerozone.results import read_run


@pytest.fixture(scope="module")
def one_day_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Gas sized on one average day: it cannot serve the year's peak."""
    out = tmp_path_factory.mktemp("check") / "run"
    run_plan(scenario_of(tiny(technologies=[GAS])), resolution="days:1", out=out, threads=1)
    return out


def test_a_failing_check_writes_its_tables_and_exits_with_its_code(one_day_plan: Path) -> None:
    result = zerozone("check", str(one_day_plan), "--workers", "1")
    assert result.returncode == CHECK_FAILED, result.stderr
    assert "fails the hourly check in 1 of 1" in result.stdout
    run = read_run(one_day_plan)
    row = run.tables["check"].iloc[0]
    assert row["passed"] == 0 and row["worst_zone"] == "solo"
    assert run.tables["check_shed"]["mw"].gt(0).all()
    meta = json.loads((one_day_plan / "run.json").read_text(encoding="utf-8"))
    assert meta["check"]["passed"] is False and "check" in meta["tables"]


def test_a_passing_check_exits_0_in_azerbaijani(tmp_path: Path) -> None:
    out = tmp_path / "run"
    run_plan(scenario_of(tiny(technologies=[GAS])), resolution="hourly", out=out, threads=1)
    result = zerozone("check", str(out), "--lang", "az", "--out", str(tmp_path / "check"))
    assert result.returncode == 0, result.stderr
    assert "plan saatlıq yoxlamadan keçir" in result.stdout
    assert (tmp_path / "check" / "check.parquet").is_file()


def test_a_bad_year_is_a_usage_error(one_day_plan: Path) -> None:
    result = zerozone("check", str(one_day_plan), "--years", "2019,next")
    assert result.returncode == USAGE_ERROR
    assert "'next' is not a year" in result.stdout + result.stderr


def test_the_report_shows_the_check_once_it_has_run(one_day_plan: Path) -> None:
    zerozone("check", str(one_day_plan), "--workers", "1")
    page = render_report(analyse_run(read_run(one_day_plan)), "az")
    assert "Saatlıq yoxlama: plan tam hava illərinin hər saatında" in page
    assert "keçmir" in page
