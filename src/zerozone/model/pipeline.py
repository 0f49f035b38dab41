"""One planning run from scenario to result tables, stage by stage."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.data import Scenario, dump_scenario, scenario_hash
from zerozone.data.economics import HOURS_PER_DAY
from zerozone.model.co2_setter import co2_price_setters
from zerozone.model.extract import extract_tables
from zerozone.model.inputs import ModelInputs, build_inputs
from zerozone.model.solve import PlanStatus, SolveOutcome, solve_plan
from zerozone.model.time import DEFAULT_REPRESENTATIVE_DAYS, TimeStructure, build_time_structure
from zerozone.profiles.extremes import ExtremeScope, extreme_indicators, shortfall_indicators
from zerozone.profiles.scenario import scenario_profiles
from zerozone.results import RunDirectory, write_run
from zerozone.results.binding import binding_records, co2_prices
from zerozone.results.profiles import day_map, day_weights, model_profiles, profile_tables

DEFAULT_RESOLUTION = f"days:{DEFAULT_REPRESENTATIVE_DAYS}"
CHECK_STAGE = "hourly check"
"""The stage of the adequacy loop's hourly check (the last of :data:`STAGES`)."""
STAGES = ("profiles", "build and solve", "extract", "write", CHECK_STAGE)
"""The stages reported to the progress callback, in order (the hourly check by the adequacy
loop, :mod:`zerozone.model.adequacy`, which repeats them while it plans again)."""


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
    extremes: ExtremeScope = ExtremeScope.NONE,
    added_days: Sequence[int] = (),
    out: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
    threads: int = 2,
    fresh_log: bool = True,
) -> PlanRun:
    """Plan ``scenario``: profiles, time aggregation, model, solve, extract, and write.

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    resolution : str
        ``days:N`` (representative days) or ``hourly``.
    extremes : ExtremeScope
        Extreme days kept beside the representative days (peak load, coldest, least renewable;
        system-wide, per zone, or none: the default until a firm-capacity rule keeps the plan
        from shedding load on them at the value of lost load).
    added_days : sequence of int
        Calendar days (0-based) kept as days of their own beside the others, whatever they
        hold: the days the hourly check found an earlier plan short on
        (:mod:`zerozone.model.adequacy`).
    out : pathlib.Path, optional
        Run directory to write; nothing is written when None.
    on_stage : callable, optional
        Called with each stage's name as it starts.
    threads : int
        HiGHS threads (one per core the run may use).
    fresh_log : bool
        Start ``highs.log`` afresh (else append: the adequacy loop keeps every plan's solves in
        one log, each marked by its ``zerozone solve:`` line).

    Returns
    -------
    PlanRun
    """
    notify = on_stage or (lambda _stage: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    notify("profiles")
    hourly = scenario_profiles(scenario)
    indicators = extreme_indicators(hourly, scenario, extremes)
    indicators += shortfall_indicators(hourly, added_days)
    structure = build_time_structure(hourly, resolution, indicators)
    inputs = build_inputs(scenario, structure)
    timings["profiles"] = time.perf_counter() - start
    notify("build and solve")
    log_path = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        log_path = out / "highs.log"
        if fresh_log:
            log_path.unlink(missing_ok=True)
    outcome = solve_plan(inputs, log_path=log_path, threads=threads)
    timings.update(outcome.timings)
    tables: dict[str, pd.DataFrame] = {}
    prices: dict[int, float] = {}
    setters: dict[int, dict[str, Any]] = {}
    if outcome.has_solution:
        notify("extract")
        clock = time.perf_counter()
        tables = extract_tables(outcome.planning)
        tables.update(profile_tables(hourly, structure.profiles))
        prices = co2_prices(tables["shadow_prices"])
        setters = co2_price_setters(outcome.planning, prices, hourly.index)
        timings["extract"] = time.perf_counter() - clock
    meta = {
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "resolution": structure.resolution,
        "extremes": extremes.value,
        "extreme_days": {
            name: hourly.index[day * HOURS_PER_DAY].strftime("%Y-%m-%d")
            for name, day in structure.extreme_days.items()
        },
        "status": outcome.status.value,
        "solver_status": outcome.solver_status,
        "termination": outcome.termination,
        "objective_usd": outcome.objective,
        "has_solution": outcome.has_solution,
        "algorithm": outcome.algorithm,
        "explanation": {
            "algorithm": outcome.explanation_algorithm,
            "unavailable": outcome.explanation_unavailable,
        },
        "numerics_warnings": [asdict(w) for w in outcome.numerics],
        "relaxations": [asdict(r) for r in outcome.relaxations],
        "binding_limits": (
            binding_records(tables["shadow_prices"])
            if "shadow_prices" in tables
            else [asdict(b) for b in outcome.binding]
        ),
        "co2_price_usd_per_t": {str(p): v for p, v in prices.items()},
        "co2_price_set_by": {str(p): record for p, record in setters.items()},
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
