"""One planning run from scenario to result tables, stage by stage."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.data import Scenario, dump_scenario, scenario_hash
from zerozone.model.extract import extract_tables
from zerozone.model.inputs import ModelInputs, build_inputs
from zerozone.model.solve import PlanStatus, SolveOutcome, solve_plan
from zerozone.model.time import DEFAULT_REPRESENTATIVE_DAYS, build_time_structure
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import write_run

DEFAULT_RESOLUTION = f"days:{DEFAULT_REPRESENTATIVE_DAYS}"
STAGES = ("profiles", "build and solve", "extract", "write")
"""The stages reported to the progress callback, in order."""


@dataclass
class PlanRun:
    """The outcome of :func:`run_plan`."""

    status: PlanStatus
    outcome: SolveOutcome
    tables: dict[str, pd.DataFrame]
    meta: dict[str, Any] = field(default_factory=dict)


def plan_inputs(scenario: Scenario, resolution: str = DEFAULT_RESOLUTION) -> ModelInputs:
    """The model's arrays for ``scenario``: hourly profiles, time aggregation, inputs (the first
    stage of :func:`run_plan`, for callers that build their own model on them).

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    resolution : str
        ``days:N``, ``weeks:N`` or ``hourly``.

    Returns
    -------
    ModelInputs
    """
    hourly = scenario_profiles(scenario)
    structure = build_time_structure(hourly, resolution)
    return build_inputs(scenario, structure)


def run_plan(
    scenario: Scenario,
    *,
    resolution: str = DEFAULT_RESOLUTION,
    out: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
    threads: int = 2,
) -> PlanRun:
    """Plan ``scenario``: profiles, time aggregation, model, solve, extract, and write.

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    resolution : str
        ``days:N`` (representative days) or ``hourly``.
    out : pathlib.Path, optional
        Run directory to write; nothing is written when None.
    on_stage : callable, optional
        Called with each stage's name as it starts.
    threads : int
        HiGHS threads (one per core the run may use).

    Returns
    -------
    PlanRun
    """
    notify = on_stage or (lambda _stage: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    notify("profiles")
    hourly = scenario_profiles(scenario)
    structure = build_time_structure(hourly, resolution)
    inputs = build_inputs(scenario, structure)
    timings["profiles"] = time.perf_counter() - start
    notify("build and solve")
    log_path = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        log_path = out / "highs.log"
        log_path.unlink(missing_ok=True)
    outcome = solve_plan(inputs, log_path=log_path, threads=threads)
    timings.update(outcome.timings)
    tables: dict[str, pd.DataFrame] = {}
    if outcome.status is not PlanStatus.FAILED:
        notify("extract")
        clock = time.perf_counter()
        tables = extract_tables(outcome.planning)
        timings["extract"] = time.perf_counter() - clock
    meta = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "resolution": structure.resolution,
        "status": outcome.status.value,
        "solver_status": outcome.solver_status,
        "termination": outcome.termination,
        "objective_usd": outcome.objective,
        "relaxations": [asdict(r) for r in outcome.relaxations],
        "binding_limits": [asdict(b) for b in outcome.binding],
        "versions": {
            name: version(name)
            for name in ("zerozone", "linopy", "highspy", "pandas", "numpy", "pvlib", "tsam")
        },
        "timings_s": timings,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    timings["total_before_write"] = time.perf_counter() - start
    if out is not None:
        notify("write")
        write_run(out, meta, dump_scenario(scenario), tables)
    return PlanRun(outcome.status, outcome, tables, meta)
