"""Solving the planning problem with HiGHS, and explaining infeasible plans.

Outcomes are values of :class:`PlanStatus`, never exceptions. When the strict problem is
infeasible, or when its optimum leaves demand unserved (shedding at the value of lost load is how
a balance that cannot be met shows up), it is solved again with priced slack on every target that
can give (the emission cap, the renewable share, then potentials and build-rate limits at a far
higher price). The slacks used say which targets cannot be met and by how much
(:class:`Relaxation`); the limits the elastic solution sits at say what forced it
(:class:`BindingLimit`). Unserved demand that no target forced is an economic choice and the plan
stays optimal (the tables report it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from linopy.config import LinopySemanticsWarning

from zerozone.model.formulation import PlanningModel, build_model
from zerozone.model.inputs import ModelInputs

SLACK_TOLERANCE = 1e-3
"""Slack values below this are solver noise, not relaxations [unit of the slack]."""
SOLVER_OPTIONS: dict[str, Any] = {"solver": "ipm", "run_crossover": "on"}
"""HiGHS options: the interior-point method (on these problems several times faster than the
dual simplex), with crossover so that prices (duals) are those of a vertex solution. With
``highspy-extras`` installed (a pinned dependency: BLAS, METIS and AMD), ``"ipm"`` runs HiGHS'
HiPO interior point, about twice as fast as IPX on the default scenario, and IPX only for the
crossover or when HiPO stalls; ``"solver": "hipo"`` is not set explicitly because without the
extras HiGHS would then fall back to the dual simplex (several times slower)."""
SHED_TOLERANCE = 1e-6
"""Unserved demand above this share of demand makes the planner check whether a target forced
it (by solving the elastic problem, where targets may give at a price below the value of lost
load) [-]."""


class PlanStatus(StrEnum):
    """Outcome of a planning run."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"  # explained by relaxations
    FAILED = "failed"  # solver error or limit


@dataclass(frozen=True)
class Relaxation:
    """A target that had to give in the elastic solution.

    Attributes
    ----------
    kind : str
        ``emission_cap``, ``potential``, ``build_rate`` or ``renewable_share``.
    period : int | None
        Period concerned [yr], if any.
    zone, technology : str | None
        Zone and technology concerned, if any.
    limit : float
        The target's value (t/yr, MW, MW per period, share) [unit of the target].
    excess : float
        By how much it was exceeded in the elastic solution [same unit].
    """

    kind: str
    period: int | None
    zone: str | None
    technology: str | None
    limit: float
    excess: float


@dataclass(frozen=True)
class BindingLimit:
    """A physical limit the solution sits at (a potential or a build-rate limit).

    Attributes
    ----------
    kind : str
        ``potential`` or ``build_rate``.
    period : int
        Period [yr].
    zone : str | None
        Zone, for a potential.
    technology : str
        Technology.
    limit : float
        The limit [MW] (build rates: MW over the period).
    """

    kind: str
    period: int
    zone: str | None
    technology: str
    limit: float


@dataclass
class SolveOutcome:
    """A solved (or failed) planning model and how it went."""

    status: PlanStatus
    planning: PlanningModel
    objective: float | None
    solver_status: str
    termination: str
    relaxations: list[Relaxation] = field(default_factory=list)
    binding: list[BindingLimit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def _stdout_to(log_path: Path | None) -> Iterator[None]:
    """Send what the solver library prints to stdout (its banner) to the log file instead."""
    sys.stdout.flush()
    target = os.open(
        log_path if log_path is not None else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND
    )
    saved = os.dup(1)
    os.dup2(target, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(target)


def _solve(planning: PlanningModel, log_path: Path | None, threads: int) -> tuple[str, str]:
    options: dict[str, Any] = {
        **SOLVER_OPTIONS,
        "threads": threads,
        "log_to_console": False,
        "output_flag": log_path is not None,
    }
    linopy_log = logging.getLogger("linopy")
    level = linopy_log.level
    linopy_log.setLevel(logging.ERROR)  # outcomes are reported by zerozone, not linopy
    with warnings.catch_warnings(), _stdout_to(log_path):
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        status, termination = planning.model.solve(
            solver_name="highs",
            io_api="direct",
            log_fn=str(log_path) if log_path is not None else None,
            **options,
        )
    linopy_log.setLevel(level)
    return str(status), str(termination)


def solve_plan(
    inputs: ModelInputs, *, log_path: Path | None = None, threads: int = 2
) -> SolveOutcome:
    """Build and solve the plan; on infeasibility, solve the elastic problem and explain.

    Parameters
    ----------
    inputs : ModelInputs
        The scenario's arrays.
    log_path : pathlib.Path, optional
        File for the HiGHS log (appended to by the elastic solve).
    threads : int
        Solver threads.

    Returns
    -------
    SolveOutcome
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    planning = build_model(inputs)
    timings["build"] = time.perf_counter() - clock
    clock = time.perf_counter()
    status, termination = _solve(planning, log_path, threads)
    timings["solve"] = time.perf_counter() - clock
    optimal = status == "ok" and termination == "optimal"
    if optimal and not _sheds_load(planning):
        return SolveOutcome(
            PlanStatus.OPTIMAL,
            planning,
            _objective(planning),
            status,
            termination,
            timings=timings,
        )
    if not optimal and termination not in {"infeasible", "infeasible_or_unbounded"}:
        return SolveOutcome(PlanStatus.FAILED, planning, None, status, termination, timings=timings)
    clock = time.perf_counter()
    elastic = build_model(inputs, elastic=True)
    timings["build_elastic"] = time.perf_counter() - clock
    clock = time.perf_counter()
    e_status, e_termination = _solve(elastic, log_path, threads)
    timings["solve_elastic"] = time.perf_counter() - clock
    if not (e_status == "ok" and e_termination == "optimal"):
        if optimal:  # the strict plan stands; the elastic check could not be made
            return SolveOutcome(
                PlanStatus.OPTIMAL,
                planning,
                _objective(planning),
                status,
                termination,
                timings=timings,
            )
        return SolveOutcome(
            PlanStatus.FAILED, elastic, None, e_status, e_termination, timings=timings
        )
    found = relaxations(elastic)
    if optimal and not found:  # demand left unserved for economic reasons, not for a target
        return SolveOutcome(
            PlanStatus.OPTIMAL, planning, _objective(planning), status, termination, timings=timings
        )
    return SolveOutcome(
        PlanStatus.INFEASIBLE,
        elastic,
        _objective(elastic),
        status,
        termination,
        relaxations=found,
        binding=binding_limits(elastic),
        timings=timings,
    )


def _sheds_load(planning: PlanningModel) -> bool:
    """Whether the solution leaves more than a trace of demand unserved."""
    model = planning.model
    inputs = planning.inputs
    unserved = sum(
        float(model.variables[name].solution.fillna(0.0).sum()) for name in ("shed", "heat_shed")
    )
    demand = float(inputs.electricity_demand.sum() + inputs.heat_demand.sum())
    return unserved > SHED_TOLERANCE * max(demand, 1.0)


def binding_limits(planning: PlanningModel, tolerance: float = 1e-3) -> list[BindingLimit]:
    """Potentials and build-rate limits that the solution of ``planning`` reaches."""
    inputs = planning.inputs
    model = planning.model
    found: list[BindingLimit] = []
    capacity = model.variables["capacity"].solution
    for zone in inputs.zones:
        for tech in inputs.techs:
            limit = float(inputs.potential.sel(zone=zone, tech=tech))
            if not np.isfinite(limit) or not bool(inputs.can_build.sel(zone=zone, tech=tech)):
                continue
            for period in inputs.periods:
                value = float(np.nan_to_num(capacity.sel(zone=zone, tech=tech, period=period)))
                if value >= limit - tolerance * max(1.0, limit):
                    found.append(BindingLimit("potential", period, zone, tech, limit))
    build = model.variables["build"].solution.fillna(0.0).sum("zone")
    for tech in inputs.techs:
        rate = float(inputs.build_rate.sel(tech=tech))
        if not np.isfinite(rate):
            continue
        for period in inputs.periods:
            limit = rate * float(inputs.period_years.sel(period=period))
            if float(build.sel(tech=tech, period=period)) >= limit - tolerance * max(1.0, limit):
                found.append(BindingLimit("build_rate", period, None, tech, limit))
    return found


def _objective(planning: PlanningModel) -> float:
    value = planning.model.objective.value
    return float("nan") if value is None else float(value)


def relaxations(planning: PlanningModel) -> list[Relaxation]:
    """The slacks used in a solved elastic model, as user-level relaxations."""
    model = planning.model
    inputs = planning.inputs
    found: list[Relaxation] = []
    if "slack_emission_cap" in model.variables:
        values = model.variables["slack_emission_cap"].solution
        for period in inputs.periods:
            excess = float(values.sel(period=period))
            if excess > SLACK_TOLERANCE:
                limit = (
                    float(inputs.emission_cap.sel(period=period))
                    if (inputs.emission_cap is not None)
                    else 0.0
                )
                found.append(Relaxation("emission_cap", period, None, None, limit, excess))
    if "slack_potential" in model.variables:
        values = model.variables["slack_potential"].solution
        for zone in inputs.zones:
            for tech in inputs.techs:
                excess = float(np.nan_to_num(values.sel(zone=zone, tech=tech)))
                if excess > SLACK_TOLERANCE:
                    limit = float(inputs.potential.sel(zone=zone, tech=tech))
                    found.append(Relaxation("potential", None, zone, tech, limit, excess))
    if "slack_build_rate" in model.variables:
        values = model.variables["slack_build_rate"].solution
        for tech in values.coords["tech"].values:
            for period in inputs.periods:
                excess = float(values.sel(tech=tech, period=period))
                if excess > SLACK_TOLERANCE:
                    limit = float(
                        inputs.build_rate.sel(tech=tech) * inputs.period_years.sel(period=period)
                    )
                    found.append(Relaxation("build_rate", period, None, str(tech), limit, excess))
    if "slack_renewable_share" in model.variables:
        values = model.variables["slack_renewable_share"].solution
        for period in inputs.periods:
            excess = float(values.sel(period=period))
            if excess > SLACK_TOLERANCE and inputs.min_renewable_share is not None:
                limit = float(inputs.min_renewable_share.sel(period=period))
                found.append(Relaxation("renewable_share", period, None, None, limit, excess))
    return found


__all__ = [
    "BindingLimit",
    "PlanStatus",
    "Relaxation",
    "SolveOutcome",
    "binding_limits",
    "relaxations",
    "solve_plan",
]
