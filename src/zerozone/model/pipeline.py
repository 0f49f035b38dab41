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
from zerozone.model.inputs import build_inputs
from zerozone.model.solve import PlanStatus, SolveOutcome, solve_plan
from zerozone.model.time import DEFAULT_REPRESENTATIVE_DAYS, TimeStructure, build_time_structure
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import RunDirectory, write_run
from zerozone.results.binding import binding_records, co2_prices
from zerozone.results.profiles import day_map, day_weights, model_profiles, profile_tables

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


def run_plan(
    scenario: Scenario,
    *,
    resolution: str = DEFAULT_RESOLUTION,
    out: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
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
    outcome = solve_plan(inputs, log_path=log_path)
    timings.update(outcome.timings)
    tables: dict[str, pd.DataFrame] = {}
    if outcome.status is not PlanStatus.FAILED:
        notify("extract")
        clock = time.perf_counter()
        tables = extract_tables(outcome.planning)
        tables.update(profile_tables(hourly, structure.profiles))
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
        "binding_limits": (
            binding_records(tables["shadow_prices"])
            if "shadow_prices" in tables
            else [asdict(b) for b in outcome.binding]
        ),
        "co2_price_usd_per_t": (
            {str(p): v for p, v in co2_prices(tables["shadow_prices"]).items()}
            if "shadow_prices" in tables
            else {}
        ),
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


def stored_time_structure(run: RunDirectory) -> TimeStructure:
    """The time structure a run was solved with, from its run directory (never regenerated).

    Parameters
    ----------
    run : RunDirectory
        The run.

    Returns
    -------
    TimeStructure
        The model's days, their profiles and weights, and the calendar day map, as stored.
    """
    return TimeStructure(
        resolution=str(run.meta["resolution"]),
        profiles=model_profiles(run),
        day_weight=day_weights(run),
        day_to_representative=day_map(run),
    )
