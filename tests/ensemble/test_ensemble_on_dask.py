"""An ensemble of small Ağalı plans on a real 2-worker local Dask cluster."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from distributed import Client
from tests.cli.test_data_commands import zerozone
from tests.ensemble.conftest import RESOLUTION

from zerozone.data import Scenario, dump_scenario
from zerozone.ensemble.alternatives import parse_directions, run_alternatives, scenario_groups
from zerozone.ensemble.apply import check_uncertainty
from zerozone.ensemble.outputs import write_outputs
from zerozone.ensemble.regret import central_build, regret_task
from zerozone.ensemble.runner import (
    CENTRAL,
    EnsembleMismatchError,
    Progress,
    prepare,
    run_ensemble,
)
from zerozone.ensemble.sampling import latin_hypercube
from zerozone.ensemble.summary import collect, no_regret
from zerozone.report.html import plotly_js


@dataclass
class Ran:
    scenario: Scenario
    samples: pd.DataFrame
    out: Path
    outcomes: pd.DataFrame
    progress: list[Progress]


@pytest.fixture(scope="module")
def ran(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Ran:
    """The central plan and three samples, the second made to fail (a discount rate of 0.9)."""
    import yaml
    from tests.ensemble.conftest import uncertain_aghali_data

    from zerozone.data import parse_scenario

    scenario = parse_scenario(yaml.safe_dump(uncertain_aghali_data()), "uncertain_aghali")
    samples = latin_hypercube(check_uncertainty(scenario), 3)
    samples.loc[1, "discount_rate"] = 0.9
    out = tmp_path_factory.mktemp("ensemble")
    prepare(out, scenario, samples, RESOLUTION)
    seen: list[Progress] = []
    outcomes = run_ensemble(
        scenario,
        samples,
        out,
        client,
        resolution=RESOLUTION,
        on_progress=lambda p: seen.append(Progress(**vars(p))),
    )
    return Ran(scenario, samples, out, outcomes, seen)


def test_a_failing_sample_is_reported_and_the_rest_complete(ran: Ran) -> None:
    status = ran.outcomes.set_index("key")["status"].to_dict()
    assert status == {
        CENTRAL: "optimal",
        "s0000": "optimal",
        "s0001": "failed",
        "s0002": "optimal",
    }
    reason = ran.outcomes.set_index("key").loc["s0001", "reason"]
    assert "discount_rate" in reason
    failure = json.loads((ran.out / "runs" / "s0001.failed.json").read_text())
    assert failure["reason"] == reason
    for key in (CENTRAL, "s0000", "s0002"):
        assert (ran.out / "runs" / key / "run.json").is_file()
    assert not list((ran.out / "runs").glob("*.partial"))
    last = ran.progress[-1]
    assert (last.done, last.failed, last.running, last.total) == (3, 1, 0, 4)


def test_no_regret_summary_matches_a_count_by_hand(ran: Ran) -> None:
    found = no_regret(collect(ran.out, ran.outcomes))
    last = ran.scenario.policy.periods[-1]
    # by hand: new capacity by the last period in each of the two optimal futures; 90 % of two
    # futures is both of them, so the no-regret build is the smaller of the two
    built = {}
    for key in ("s0000", "s0002"):
        capacity = pd.read_parquet(ran.out / "runs" / key / "capacity.parquet")
        built[key] = capacity.groupby(["zone", "tech"])["new_mw"].sum()
    both = pd.concat(built, axis=1).fillna(0.0)
    expected = both.min(axis=1)
    expected = expected[both.max(axis=1) > 0.01]
    at_last = found[found["period"] == last].set_index(["zone", "tech"])["no_regret_mw"]
    assert len(expected) > 0
    pd.testing.assert_series_equal(
        at_last.sort_index(), expected.sort_index(), check_names=False, atol=1e-9
    )


def test_an_interrupted_ensemble_resumes_without_redoing_finished_samples(
    ran: Ran, client: Client
) -> None:
    runs = ran.out / "runs"
    stamps = {key: (runs / key / "run.json").stat().st_mtime_ns for key in (CENTRAL, "s0000")}
    # interrupted while s0002 was being written: its run is half there, never renamed
    shutil.move(runs / "s0002", runs / "s0002.partial")
    (runs / "s0002.partial" / "run.json").unlink()
    seen: list[Progress] = []
    outcomes = run_ensemble(
        ran.scenario,
        ran.samples,
        ran.out,
        client,
        resolution=RESOLUTION,
        on_progress=lambda p: seen.append(Progress(**vars(p))),
    )
    assert seen[0].skipped == 2  # the central plan and s0000
    assert {key: (runs / key / "run.json").stat().st_mtime_ns for key in stamps} == stamps
    resumed = outcomes.set_index("key")["resumed"].to_dict()
    assert resumed == {CENTRAL: True, "s0000": True, "s0001": False, "s0002": False}
    assert (runs / "s0002" / "run.json").is_file()
    assert not (runs / "s0002.partial").exists()
    with pytest.raises(EnsembleMismatchError, match="resolution"):
        prepare(ran.out, ran.scenario, ran.samples, "days:2")


def test_alternatives_at_zero_slack_equal_the_optimum_build(ran: Ran, client: Client) -> None:
    run_dir = ran.out / "runs" / CENTRAL
    groups = scenario_groups(ran.scenario)
    directions = parse_directions("sun", groups)
    table, ranges = run_alternatives(run_dir, 0.0, directions, client)
    assert set(table["direction"]) == {"optimum", "min:sun", "max:sun"}
    assert (table["status"] == "optimal").all()
    optimum = float(json.loads((run_dir / "run.json").read_text())["objective_usd"])
    assert np.allclose(table["cost_usd"], optimum, rtol=1e-6)
    rows = ranges.set_index("tech").loc[["solar_rooftop"]]
    assert np.allclose(rows["min_mw"], rows["optimum_mw"], atol=1e-3)
    assert np.allclose(rows["max_mw"], rows["optimum_mw"], atol=1e-3)
    assert (run_dir / "alternative_ranges.parquet").is_file()


def test_the_central_build_has_no_regret_in_its_own_future(ran: Ran, client: Client) -> None:
    neutral = {
        "cost:solar:2025": 1.0,
        "cost:solar:2050": 1.0,
        "population_variant": "central",
        "discount_rate": 0.08,
    }
    optimum = float(ran.outcomes.set_index("key").loc[CENTRAL, "objective_usd"])
    record = client.submit(
        regret_task,
        dump_scenario(ran.scenario),
        "neutral",
        neutral,
        RESOLUTION,
        central_build(ran.out),
        optimum,
    ).result()
    assert record["status"] == "optimal"
    assert abs(record["regret_share"]) < 1e-6


def test_outputs_write_tables_and_offline_reports_in_both_languages(ran: Ran) -> None:
    outcomes = pd.read_parquet(ran.out / "outcomes.parquet")
    reports = write_outputs(ran.out, ran.scenario, outcomes)
    assert [p.name for p in reports] == ["ensemble-en.html", "ensemble-az.html"]
    for name in ("capacity_fan", "pathway_fan", "no_regret", "ensemble_capacity"):
        assert len(pd.read_parquet(ran.out / f"{name}.parquet")) > 0
    english, azerbaijani = (p.read_text(encoding="utf-8") for p in reports)
    assert "No-regret builds" in english and "Peşmançılıqsız" in azerbaijani
    for page in (english, azerbaijani):
        assert "<script src" not in page and plotly_js()[:2000] in page  # inlined, offline
        assert '"sendDataToCloud"' in page  # removed from the toolbar


def test_the_command_needs_an_uncertainty_section(tmp_path: Path) -> None:
    result = zerozone("ensemble", "aghali", "--samples", "2", "--out", str(tmp_path / "e"))
    assert result.returncode == 2
    assert "no uncertainty section" in result.stderr
    assert "Traceback" not in result.stderr


def test_alternatives_need_a_run_directory(tmp_path: Path) -> None:
    result = zerozone("alternatives", str(tmp_path / "missing"), "--slack", "0.05")
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
