"""``mrv status`` compares meters with the profiles the plan used, even when the run's scenario
file is edited afterwards (a changed climate, or a pvlib or tsam upgrade, changes nothing)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from tests.cli.test_data_commands import zerozone

from zerozone.data import load_scenario
from zerozone.model.pipeline import run_plan
from zerozone.mrv import registry, store
from zerozone.mrv.ingest import ingest_frame
from zerozone.mrv.simulate import simulate
from zerozone.mrv.status import compare
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import read_run
from zerozone.results.profiles import hourly_profiles

START = dt.date(2026, 1, 10)


def _edit_climate(run: Path) -> None:
    """Make Aghali's zone much warmer and sunnier in the run's own scenario file."""
    raw = yaml.safe_load((run / "scenario.yaml").read_text(encoding="utf-8"))
    for zone in raw["zones"]:
        zone["climate"]["mean_temperature_c"] += 8.0
        zone["climate"]["annual_ghi_kwh_m2"] += 300
    raw["seed"] = int(raw.get("seed", 0)) + 7
    (run / "scenario.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_status_uses_the_profiles_of_the_run_not_of_its_scenario_file(tmp_path: Path) -> None:
    aghali = load_scenario("aghali")
    run_dir = tmp_path / "aghali"
    run_plan(aghali, resolution="days:2", out=run_dir)
    con = store.connect(tmp_path / "store", threads=1)
    try:
        registry.register_places(con, aghali)
        sim = simulate(aghali, "aghali", start=START, days=2, households=10, seed=1)
        registry.add_meters(con, sim.meters)
        ingest_frame(con, sim.readings, "sim")
        before = compare(con, read_run(run_dir))
        edited = tmp_path / "edited"
        shutil.copytree(run_dir, edited)
        _edit_climate(edited)
        run = read_run(edited)
        after = compare(con, run)
    finally:
        con.close()
    # the edit matters: the scenario file's own weather gives other heat and COP profiles
    fresh = scenario_profiles(run.scenario)
    stored = hourly_profiles(run)
    zone = run.scenario.zones[0].id
    assert not (fresh[(zone, "heat_demand")].to_numpy() == stored[(zone, "heat_demand")]).all()
    assert [r.plan_mwh for r in after] == pytest.approx([r.plan_mwh for r in before], rel=1e-12)
    assert [r.plan_t for r in after] == pytest.approx([r.plan_t for r in before], rel=1e-12)
    assert after[-1].plan_mwh > 0


def test_mrv_status_refuses_a_run_of_another_format(tmp_path: Path) -> None:
    (tmp_path / "notarun").mkdir()
    result = zerozone("mrv", "status", "--run", str(tmp_path / "notarun"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "zerozone plan" in " ".join(result.stderr.split())
