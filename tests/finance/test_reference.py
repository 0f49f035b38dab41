"""The reference run without the cap: solved once into RUN_DIR/reference, reused while current."""

from __future__ import annotations

import json
from pathlib import Path

from tests.finance.runs import gas_or_biogas, solve

from zerozone.data import Scenario
from zerozone.finance.reference import REFERENCE_DIR, current_reference, reference_run
from zerozone.model.pipeline import run_plan


def test_the_reference_is_solved_once_and_solved_again_when_stale(tmp_path: Path) -> None:
    run = solve(gas_or_biogas(True), tmp_path / "capped", "weeks:1")
    solved: list[str] = []

    def planner(scenario: Scenario, resolution: str, out: Path) -> None:
        solved.append(resolution)
        run_plan(scenario, resolution=resolution, out=out)

    assert current_reference(run) is None
    first = reference_run(run, planner)
    assert first.path == run.path / REFERENCE_DIR and solved == ["weeks:1"]
    assert first.scenario.policy.emission_cap.shape == "none"
    again = reference_run(run, planner)
    assert again.path == first.path and solved == ["weeks:1"]
    meta_file = first.path / "run.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps({**meta, "resolution": "weeks:2"}), encoding="utf-8")
    assert current_reference(run) is None
    reference_run(run, planner)
    assert solved == ["weeks:1", "weeks:1"]
