"""The adequacy loop: plan, check every hour, keep the days the plan missed, plan again.

A plan made on representative days serves the days it was made on; the hourly check
(:mod:`zerozone.model.check`) re-dispatches it over every hour of the year with its capacities
fixed. Where the check finds demand unserved beyond :data:`~zerozone.model.check.UNSERVED_TOLERANCE`
or the emission cap broken, the worst calendar day of each failing period is added to the
representative set as a day of its own (weight one day, :func:`zerozone.profiles.extremes.
shortfall_indicators`) and the scenario is planned again. The loop ends when the check passes,
when it has planned :data:`MAX_PLANS` times, or when every failing period's worst days are
already in the set (more days cannot help: what fails is then not a missing day but, e.g., the
chronology across days, and the record says so).

Only the plan's own weather year is checked inside the loop: days of other weather years have
no place in the planning year's calendar (``zerozone check --weather`` checks those afterwards).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from zerozone.data import Scenario
from zerozone.model.check import (
    EMISSION_TOLERANCE,
    UNSERVED_TOLERANCE,
    CheckOutcome,
    check_run,
)
from zerozone.model.inputs import ModelInputs
from zerozone.model.pipeline import CHECK_STAGE, DEFAULT_RESOLUTION, PlanRun, run_plan
from zerozone.model.solve import PlanStatus
from zerozone.model.time import parse_resolution
from zerozone.profiles.extremes import ExtremeScope
from zerozone.results import RunDirectory
from zerozone.results.run_directory import add_tables

MAX_PLANS = 4
"""Most plans the loop makes (the first and three re-plans) before it gives up [-]."""
DAYS_PER_PERIOD = 1
"""Days added per failing period and iteration [-]: its worst day not yet in the set."""


class AdequacyVerdict(StrEnum):
    """How the adequacy loop ended."""

    PASSED = "passed"
    """The hourly check passes in every period."""
    ITERATION_LIMIT = "iteration_limit"
    """Still failing after :data:`MAX_PLANS` plans."""
    NO_NEW_DAYS = "no_new_days"
    """Still failing, and every failing period's short days are already in the set."""
    NOT_CHECKED = "not_checked"
    """The plan has no solution (infeasible without an explanation, or failed): nothing to
    check."""
    SKIPPED = "skipped"
    """Not checked: the loop was turned off (``max_plans`` 0)."""
    CHRONOLOGICAL = "chronological"
    """The plan was made on chronological hours (``hourly`` or ``weeks:N``), to which no day can
    be added: checked once."""


@dataclass
class AdequateRun:
    """The outcome of :func:`plan_adequately`.

    Attributes
    ----------
    plan : PlanRun
        The last plan made (the one written).
    check : CheckOutcome or None
        Its hourly check (None when not checked).
    verdict : AdequacyVerdict
        How the loop ended.
    iterations : list of dict
        One record per plan: ``iteration``, ``days_added`` (dates added before it),
        ``objective_usd``, ``status``, ``check_passed``, ``failed`` (the failing periods with
        unserved energy [MWh/yr], worst hour and emissions against the cap [t/yr]),
        ``plan_seconds``, ``check_seconds``.
    """

    plan: PlanRun
    check: CheckOutcome | None
    verdict: AdequacyVerdict
    iterations: list[dict[str, Any]] = field(default_factory=list)
    max_plans: int = MAX_PLANS

    @property
    def passed(self) -> bool:
        """Whether the written plan passes the hourly check."""
        return self.verdict is AdequacyVerdict.PASSED

    def record(self) -> dict[str, Any]:
        """The ``adequacy`` entry of ``run.json``."""
        return {
            "verdict": self.verdict.value,
            "passed": self.passed,
            "max_plans": self.max_plans,
            "tolerance_share": UNSERVED_TOLERANCE,
            "emission_tolerance": EMISSION_TOLERANCE,
            "iterations": self.iterations,
        }


def calendar_date(weather_year: int, day: int) -> str:
    """``YYYY-MM-DD`` of day ``day`` (0-based) of the 365-day model year ``weather_year``."""
    return (date(weather_year, 1, 1) + timedelta(days=day)).isoformat()


def calendar_day(text: str) -> int:
    """The day of the model year (0-based) of a ``YYYY-MM-DD`` date: the inverse of
    :func:`calendar_date` [d]."""
    day = date.fromisoformat(text)
    return (day - date(day.year, 1, 1)).days


def failing_periods(check: CheckOutcome) -> list[dict[str, Any]]:
    """The failing rows of a check, as the loop records them."""
    failed = check.rows[check.rows["passed"] == 0]
    return [
        {
            "period": int(row.period),
            "weather_year": int(row.weather_year),
            "unserved_mwh": float(row.unserved_mwh) + float(row.heat_unserved_mwh),
            "unserved_hours": int(row.unserved_hours),
            "worst_zone": str(row.worst_zone),
            "worst_time": str(row.worst_time),
            "worst_mw": float(row.worst_mw),
            "emissions_t_per_year": float(row.emissions_t_per_year),
            "cap_t_per_year": float(row.cap_t_per_year),
        }
        for row in failed.itertuples()
    ]


def short_days(check: CheckOutcome, kept: set[int], per_period: int = DAYS_PER_PERIOD) -> list[int]:
    """The calendar days to add: for each failing period, its worst days not yet kept nor named
    by an earlier failing period (so that periods short on the same cold spell name its
    neighbouring days rather than one day between them).

    A period short of supply names the days with most demand unserved; a period within its
    supply but over its emission cap (the check burns fuel rather than shed) names the days
    with most emissions.

    Parameters
    ----------
    check : CheckOutcome
        The hourly check of the plan (its own weather year).
    kept : set of int
        Calendar days (0-based) already kept.
    per_period : int
        Days to name per failing period.

    Returns
    -------
    list of int
        New calendar days (0-based), sorted; empty when none is left to add.
    """
    chosen: set[int] = set()
    failed = check.rows[check.rows["passed"] == 0]
    for row in failed.itertuples():
        days = check.days[
            (check.days["period"] == row.period) & (check.days["weather_year"] == row.weather_year)
        ]
        short = float(row.unserved_share) > UNSERVED_TOLERANCE
        column = "unserved_mwh" if short else "emissions_t"
        ranked = days[days[column] > 0].sort_values([column, "day"], ascending=[False, True])
        fresh = [int(day) for day in ranked["day"] if int(day) not in kept | chosen]
        chosen.update(fresh[:per_period])
    return sorted(chosen)


def plan_adequately(
    scenario: Scenario,
    *,
    resolution: str = DEFAULT_RESOLUTION,
    extremes: ExtremeScope = ExtremeScope.NONE,
    out: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_iteration: Callable[[dict[str, Any]], None] | None = None,
    threads: int = 2,
    workers: int = 2,
    max_plans: int = MAX_PLANS,
) -> AdequateRun:
    """Plan ``scenario`` until its plan passes the hourly check in its own weather year.

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    resolution, extremes, out, threads
        As for :func:`zerozone.model.pipeline.run_plan`; the last plan is written to ``out``
        with the check's tables and the ``check`` and ``adequacy`` entries of ``run.json``.
    on_stage : callable, optional
        Called with each stage's name as it starts (the planner's, then ``hourly check``).
    on_iteration : callable, optional
        Called with each iteration's record once its check is done.
    workers : int
        Processes the check solves periods in.
    max_plans : int
        Most plans to make [-] (1: plan and check once, no re-plan; 0: plan once, no check).

    Returns
    -------
    AdequateRun
    """
    notify = on_stage or (lambda _stage: None)
    form, _number = parse_resolution(resolution)
    kept: list[int] = []
    hourly_inputs: dict[int, ModelInputs] = {}
    iterations: list[dict[str, Any]] = []
    while True:
        clock = time.perf_counter()
        plan = run_plan(
            scenario,
            resolution=resolution,
            extremes=extremes,
            added_days=kept,
            out=out,
            on_stage=on_stage,
            threads=threads,
            fresh_log=not iterations,
        )
        plan_seconds = time.perf_counter() - clock
        if max_plans < 1:
            return _finish(plan, None, AdequacyVerdict.SKIPPED, iterations, out, max_plans)
        if not plan.outcome.has_solution or plan.status is PlanStatus.FAILED:
            return _finish(plan, None, AdequacyVerdict.NOT_CHECKED, iterations, out, max_plans)
        notify(CHECK_STAGE)
        run = RunDirectory(out or Path("."), plan.meta, scenario, plan.tables)
        check = check_run(run, workers=workers, inputs=hourly_inputs)
        weather_year = int(check.rows["weather_year"].iloc[0])
        record: dict[str, Any] = {
            "iteration": len(iterations) + 1,
            "days_added": [calendar_date(weather_year, day) for day in kept],
            "objective_usd": plan.outcome.objective,
            "status": plan.status.value,
            "check_passed": check.passed,
            "failed": failing_periods(check),
            "plan_seconds": plan_seconds,
            "check_seconds": check.seconds,
        }
        iterations.append(record)
        if on_iteration is not None:
            on_iteration(record)
        if check.passed:
            return _finish(plan, check, AdequacyVerdict.PASSED, iterations, out, max_plans)
        if form != "days":
            return _finish(plan, check, AdequacyVerdict.CHRONOLOGICAL, iterations, out, max_plans)
        if len(iterations) >= max_plans:
            return _finish(plan, check, AdequacyVerdict.ITERATION_LIMIT, iterations, out, max_plans)
        new = short_days(check, set(kept))
        if not new:
            return _finish(plan, check, AdequacyVerdict.NO_NEW_DAYS, iterations, out, max_plans)
        kept = sorted([*kept, *new])


def _finish(
    plan: PlanRun,
    check: CheckOutcome | None,
    verdict: AdequacyVerdict,
    iterations: list[dict[str, Any]],
    out: Path | None,
    max_plans: int,
) -> AdequateRun:
    """The loop's result, its record in the plan's meta and, with ``out``, in the run
    directory (the check's tables and the ``check`` and ``adequacy`` entries of ``run.json``)."""
    result = AdequateRun(plan, check, verdict, iterations, max_plans)
    plan.meta["adequacy"] = result.record()
    if check is not None:
        plan.meta["check"] = check.summary()
    if out is not None:
        tables: dict[str, pd.DataFrame] = {}
        meta: dict[str, Any] = {"adequacy": result.record()}
        if check is not None:
            tables = {"check": check.rows, "check_shed": check.shed}
            meta["check"] = check.summary()
        add_tables(out, tables, meta)
    return result
