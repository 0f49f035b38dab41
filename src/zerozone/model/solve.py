"""Solving the planning problem with HiGHS, and explaining infeasible plans.

Outcomes are values of :class:`PlanStatus`, never exceptions. Each solve tries the algorithms of
:data:`ALGORITHMS` in turn (HiPO's interior point, then IPX, then the dual simplex) until one
ends with an answer (optimal or proven infeasible): an internal error or numerical trouble of one
is not the end of the plan. Which one answered is recorded. The objective and the bounds are
scaled for the solver by powers of two (:func:`solver_scaling`, exact in floating point), and a
scenario whose numbers span more than the solver can handle is flagged (:class:`NumericsWarning`).

When the strict problem is infeasible, or when its optimum leaves demand unserved (shedding at the
value of lost load is how a balance that cannot be met shows up), it is solved again with priced
slack on every target that can give (the emission cap, the renewable share, then potentials and
build-rate limits at a far higher price). The slacks used say which targets cannot be met and by how
much (:class:`Relaxation`); the limits the elastic solution sits at say what forced it
(:class:`BindingLimit`). Unserved demand that no target forced is an economic choice: the plan is
then ``optimal_with_unserved``, never plainly ``optimal``; when the elastic solve cannot be made,
the plan keeps that status and says why the explanation is unavailable.
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

import linopy
import numpy as np
from linopy.config import LinopySemanticsWarning

from zerozone.model.formulation import PlanningModel, build_model
from zerozone.model.inputs import ModelInputs

SLACK_TOLERANCE = 1e-3
CAP_SLACK_TOLERANCE_T = 1.0
"""A relaxation of an emission cap or budget up to this is solver noise, not a target missed
[t/yr or t]: the hourly check's tolerance on a cap of zero (:mod:`zerozone.model.check`)."""
"""Slack values below this are solver noise, not relaxations [unit of the slack]."""
SOLVER_OPTIONS: dict[str, Any] = {"solver": "ipm", "run_crossover": "on"}
ALGORITHMS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("hipo", SOLVER_OPTIONS),
    ("ipx", {"solver": "ipx", "run_crossover": "on"}),
    ("simplex", {"solver": "simplex"}),
)
"""Algorithms tried in turn until one answers: HiPO (``ipm`` with ``highspy-extras``), IPX, the
dual simplex (slowest, most robust)."""
ANSWERS = {"optimal", "infeasible", "infeasible_or_unbounded", "unbounded"}
"""Terminations that answer the problem; any other (error, numerical trouble, unknown) makes the
next algorithm try."""
LARGEST_SCALED = 1e6
"""HiGHS warns of "excessively large" costs and bounds above about this value [-]; the objective
is scaled by a power of two to stay below it."""
LARGEST_SCALED_RHS = 5e4
"""The right-hand sides and bounds are scaled by a power of two to stay below this [-]. HiGHS'
HiPO interior point stalled on the default (right-hand sides up to 6.3e5, the emission caps in
t/yr; every primal value as large: reservoir contents up to 1.8e5 MWh) at a 1-2 % gap and HiGHS
finished with about 200,000 simplex iterations; with them scaled by 2**-4 (largest 4e4) it
converged in 83 iterations (``bench/README.md``, "Solver study for the 30 s target")."""
SPAN_LIMIT = 1e10
"""Largest ratio between the largest and smallest non-zero number of one kind (costs, right-hand
sides, matrix coefficients) that the solver handles reliably in double precision [-]."""
"""HiGHS options: the interior-point method (on these problems several times faster than the
dual simplex), with crossover so that prices (duals) are those of a vertex solution. With
``highspy-extras`` installed (a pinned dependency: BLAS, METIS and AMD), ``"ipm"`` runs HiGHS'
HiPO interior point, about twice as fast as IPX on the default scenario, and IPX only for the
crossover or when HiPO stalls; ``"solver": "hipo"`` is not set explicitly because without the
extras HiGHS would then fall back to the dual simplex (several times slower)."""
ATTEMPT_MARKER = "zerozone solve:"
"""Start of the line written to the solver log before each solve: ``zerozone solve: <purpose>
<algorithm>`` (purpose ``plan`` or ``explanation``), so that the log, and the command line
watching it grow, tell the solves apart."""
SHED_TOLERANCE = 1e-6
"""Unserved demand above this share of demand makes the planner check whether a target forced
it (by solving the elastic problem, where targets may give at a price below the value of lost
load) [-]."""


class PlanStatus(StrEnum):
    """Outcome of a planning run."""

    OPTIMAL = "optimal"
    OPTIMAL_WITH_UNSERVED = "optimal_with_unserved"  # least cost, but some demand is not served
    INFEASIBLE = "infeasible"  # explained by relaxations
    FAILED = "failed"  # solver error or limit


@dataclass(frozen=True)
class Relaxation:
    """A target that had to give in the elastic solution.

    Attributes
    ----------
    kind : str
        ``emission_cap``, ``emission_budget``, ``potential``, ``build_rate`` or
        ``renewable_share``.
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


@dataclass(frozen=True)
class NumericsWarning:
    """Numbers of one kind spanning more than the solver handles reliably.

    Attributes
    ----------
    kind : str
        ``costs``, ``right-hand sides`` or ``coefficients``.
    smallest, largest : float
        Smallest and largest non-zero magnitude [unit of the kind].
    """

    kind: str
    smallest: float
    largest: float


@dataclass(frozen=True)
class Attempt:
    """How one model was solved: the answering algorithm, or every one that failed.

    ``iterations`` are HiGHS' counts of the last solve (``ipm``, ``crossover``, ``simplex``):
    an interior point that answers with simplex iterations stalled, and HiGHS finished the solve
    with the simplex method (its ``tried`` entry says so).
    """

    solver_status: str
    termination: str
    algorithm: str
    tried: tuple[str, ...]
    iterations: dict[str, int] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        """Whether the solve ended at an optimum."""
        return self.solver_status == "ok" and self.termination == "optimal"

    @property
    def answered(self) -> bool:
        """Whether an algorithm answered (optimal or proven infeasible)."""
        return self.termination in ANSWERS

    def describe(self) -> str:
        """What happened, e.g. ``hipo: error, ipx: optimal``."""
        return ", ".join(self.tried)


@dataclass
class SolveOutcome:
    """A solved (or failed) planning model and how it went.

    ``algorithm`` answered the plan (``explanation_algorithm`` the elastic re-solve, if made);
    ``explanation_unavailable`` says why an elastic re-solve that was needed gave no answer;
    ``has_solution`` is False when no model of the outcome holds a solution to extract;
    ``iterations`` are HiGHS' iteration counts of the plan's solve and ``tried`` what each
    algorithm of the plan's solve ended with (:class:`Attempt`).
    """

    status: PlanStatus
    planning: PlanningModel
    objective: float | None
    solver_status: str
    termination: str
    relaxations: list[Relaxation] = field(default_factory=list)
    binding: list[BindingLimit] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    algorithm: str = ""
    explanation_algorithm: str = ""
    explanation_unavailable: str = ""
    has_solution: bool = True
    numerics: list[NumericsWarning] = field(default_factory=list)
    iterations: dict[str, int] = field(default_factory=dict)
    tried: tuple[str, ...] = ()


@contextlib.contextmanager
def _stdout_to(log_path: Path | None) -> Iterator[None]:
    """Send what the solver library prints to stdout (its whole log) to the log file instead."""
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


def _magnitudes(arrays: list[np.ndarray]) -> tuple[float, float] | None:
    """Smallest and largest finite non-zero magnitude over ``arrays``, None if there is none."""
    low, high = np.inf, 0.0
    for values in arrays:
        magnitude = np.abs(np.asarray(values, dtype=float))
        magnitude = magnitude[np.isfinite(magnitude) & (magnitude > 0)]
        if magnitude.size:
            low, high = min(low, float(magnitude.min())), max(high, float(magnitude.max()))
    return (low, high) if high > 0 else None


def _power_of_two_below(largest: float, limit: float = LARGEST_SCALED) -> int:
    """The exponent ``k <= 0`` such that ``largest * 2**k`` is at most ``limit``."""
    if largest <= limit:
        return 0
    return -int(np.ceil(np.log2(largest / limit)))


def solver_scaling(model: linopy.Model) -> tuple[dict[str, int], list[NumericsWarning]]:
    """HiGHS' objective and bound scaling for ``model``, and the spans it cannot fix.

    Parameters
    ----------
    model : linopy.Model
        The built model.

    Returns
    -------
    tuple[dict[str, int], list[NumericsWarning]]
        ``user_objective_scale`` and ``user_bound_scale`` (powers of two: the solver divides
        and multiplies back exactly, so the optimum is unchanged) and the kinds of numbers whose
        span exceeds :data:`SPAN_LIMIT`.
    """
    costs = _magnitudes([model.objective.coeffs.values])
    rhs = _magnitudes([model.constraints[name].rhs.values for name in model.constraints])
    matrix = _magnitudes([model.constraints[name].coeffs.values for name in model.constraints])
    options = {
        "user_objective_scale": _power_of_two_below(costs[1]) if costs else 0,
        "user_bound_scale": _power_of_two_below(rhs[1], LARGEST_SCALED_RHS) if rhs else 0,
    }
    spans = {"costs": costs, "right-hand sides": rhs, "coefficients": matrix}
    warnings_found = [
        NumericsWarning(kind, low, high)
        for kind, found in spans.items()
        if found is not None
        for low, high in [found]
        if high / low > SPAN_LIMIT
    ]
    return options, warnings_found


ITERATION_COUNTS = {
    "ipm": "ipm_iteration_count",
    "crossover": "crossover_iteration_count",
    "simplex": "simplex_iteration_count",
}
"""HiGHS' iteration counters of a solve, by the phase they count."""


def _iterations(planning: PlanningModel) -> dict[str, int]:
    """HiGHS' iteration counts of the last solve of ``planning`` (empty if unavailable)."""
    highs = getattr(planning.model, "solver_model", None)
    if highs is None:
        return {}
    info = highs.getInfo()
    return {phase: max(int(getattr(info, name, 0)), 0) for phase, name in ITERATION_COUNTS.items()}


def _outcome_note(name: str, termination: str, iterations: dict[str, int]) -> str:
    """``<algorithm>: <termination>``, with the simplex clean-up of an interior point that
    stalled (HiGHS finishes it with the simplex method)."""
    cleanup = iterations.get("simplex", 0) if name != "simplex" else 0
    if cleanup:
        return f"{name}: {termination} (after a simplex clean-up of {cleanup} iterations)"
    return f"{name}: {termination}"


def _solve_once(
    planning: PlanningModel, log_path: Path | None, options: dict[str, Any]
) -> tuple[str, str]:
    linopy_log = logging.getLogger("linopy")
    level = linopy_log.level
    linopy_log.setLevel(logging.ERROR)  # outcomes are reported by zerozone, not linopy
    try:
        with warnings.catch_warnings(), _stdout_to(log_path):
            warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
            status, termination = planning.model.solve(
                solver_name="highs",
                io_api="direct",
                **options,
            )
    except Exception as error:  # a solver crash is one more failed algorithm, not the end
        return "error", f"error: {type(error).__name__}"
    finally:
        linopy_log.setLevel(level)
    return str(status), str(termination)


def _mark_attempt(log_path: Path | None, purpose: str, algorithm: str) -> None:
    """Write the :data:`ATTEMPT_MARKER` line of the next solve to the log."""
    if log_path is not None:
        with log_path.open("a", encoding="utf-8") as log:
            log.write(f"{ATTEMPT_MARKER} {purpose} {algorithm}\n")


def _solve(
    planning: PlanningModel,
    log_path: Path | None,
    threads: int,
    scaling: dict[str, int] | None = None,
    purpose: str = "plan",
    algorithms: tuple[tuple[str, dict[str, Any]], ...] | None = None,
) -> Attempt:
    """Solve with each algorithm of ``algorithms`` (:data:`ALGORITHMS` when None, read at each
    call) until one answers."""
    tried: list[str] = []
    status, termination, name = "warning", "unknown", ""
    iterations: dict[str, int] = {}
    for name, algorithm in ALGORITHMS if algorithms is None else algorithms:
        _mark_attempt(log_path, purpose, name)
        options: dict[str, Any] = {
            **algorithm,
            **(scaling or {}),
            "threads": threads,
            # HiPO's interior point logs to the console only (not to a log file): the whole log
            # goes to the console, which _stdout_to points at the log file (os.devnull without)
            "log_to_console": True,
            "output_flag": log_path is not None,
        }
        status, termination = _solve_once(planning, log_path, options)
        iterations = _iterations(planning) if status != "error" else {}
        tried.append(_outcome_note(name, termination, iterations))
        if termination in ANSWERS:
            break
    return Attempt(status, termination, name, tuple(tried), iterations)


def solve_plan(
    inputs: ModelInputs, *, log_path: Path | None = None, threads: int = 2
) -> SolveOutcome:
    """Build and solve the plan; on infeasibility or unserved demand, solve the elastic problem.

    Parameters
    ----------
    inputs : ModelInputs
        The scenario's arrays.
    log_path : pathlib.Path, optional
        File for the HiGHS log (appended to by every attempt and the elastic solve).
    threads : int
        Solver threads.

    Returns
    -------
    SolveOutcome
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    planning = build_model(inputs)
    scaling, numerics = solver_scaling(planning.model)
    timings["build"] = time.perf_counter() - clock
    clock = time.perf_counter()
    strict = _solve(planning, log_path, threads, scaling)
    timings["solve"] = time.perf_counter() - clock
    outcome = SolveOutcome(
        PlanStatus.OPTIMAL,
        planning,
        None,
        strict.solver_status,
        strict.termination,
        timings=timings,
        algorithm=strict.algorithm,
        numerics=numerics,
        iterations=strict.iterations,
        tried=strict.tried,
    )
    if strict.optimal:
        outcome.objective = _objective(planning)
        if not _sheds_load(planning):
            return outcome
    elif strict.termination not in {"infeasible", "infeasible_or_unbounded"}:
        outcome.status, outcome.has_solution = PlanStatus.FAILED, False
        outcome.termination = strict.describe() if not strict.answered else strict.termination
        return outcome
    clock = time.perf_counter()
    elastic = build_model(inputs, elastic=True)
    timings["build_elastic"] = time.perf_counter() - clock
    clock = time.perf_counter()
    e_scaling, _ = solver_scaling(elastic.model)
    loose = _solve(elastic, log_path, threads, e_scaling, "explanation")
    timings["solve_elastic"] = time.perf_counter() - clock
    outcome.explanation_algorithm = loose.algorithm if loose.optimal else ""
    return _explained(outcome, strict, elastic, loose)


def _explained(
    outcome: SolveOutcome, strict: Attempt, elastic: PlanningModel, loose: Attempt
) -> SolveOutcome:
    """The outcome once the elastic re-solve (``loose``) is known."""
    if not loose.optimal:
        outcome.explanation_unavailable = f"no algorithm answered ({loose.describe()})"
        if strict.optimal:  # the strict plan stands, but it leaves demand unserved
            outcome.status = PlanStatus.OPTIMAL_WITH_UNSERVED
            return outcome
        outcome.status, outcome.planning, outcome.has_solution = (
            PlanStatus.INFEASIBLE,
            elastic,
            False,
        )
        return outcome
    found = relaxations(elastic)
    if strict.optimal and not found:  # demand left unserved for economic reasons, not a target
        outcome.status = PlanStatus.OPTIMAL_WITH_UNSERVED
        return outcome
    outcome.status = PlanStatus.INFEASIBLE
    outcome.planning = elastic
    outcome.objective = _objective(elastic)
    outcome.relaxations = found
    outcome.binding = binding_limits(elastic)
    return outcome


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
            if excess > CAP_SLACK_TOLERANCE_T:
                limit = (
                    float(inputs.emission_cap.sel(period=period))
                    if (inputs.emission_cap is not None)
                    else 0.0
                )
                found.append(Relaxation("emission_cap", period, None, None, limit, excess))
    if "slack_emission_budget" in model.variables:
        excess = float(model.variables["slack_emission_budget"].solution)
        if excess > CAP_SLACK_TOLERANCE_T:
            found.append(
                Relaxation(
                    "emission_budget", None, None, None, inputs.emission_budget or 0.0, excess
                )
            )
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
    "ALGORITHMS",
    "Attempt",
    "BindingLimit",
    "NumericsWarning",
    "PlanStatus",
    "Relaxation",
    "SolveOutcome",
    "binding_limits",
    "relaxations",
    "solve_plan",
    "solver_scaling",
]
