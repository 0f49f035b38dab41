"""Near-optimal alternatives (modelling to generate alternatives) and plans with a fixed build.

Both start from the planning model of :func:`zerozone.model.formulation.build_model` and add to
the returned linopy model, leaving the formulation untouched:

* :func:`near_optimal` bounds the system cost by ``(1 + slack)`` times the optimum and minimises
  or maximises a weighted sum of new capacity per technology group (Neumann and Brown's MGA as in
  PyPSA): the plans a planner could choose at nearly the same cost;
* :func:`fixed_build` fixes the new power capacity (and battery energy capacity) to a given plan's
  and lets the model only dispatch, so that one plan can be costed in another future (demand it
  cannot serve is shed at the value of lost load, as in any plan; a cap it cannot meet makes it
  infeasible).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any, Literal

import linopy
import numpy as np
import pandas as pd
import xarray as xr
from linopy.config import LinopySemanticsWarning

from zerozone.data.kinds import Role, TechnologyKind, spec
from zerozone.model.formulation import PlanningModel, build_model
from zerozone.model.inputs import ModelInputs
from zerozone.model.solve import SOLVER_OPTIONS, _stdout_to


def group_of(kind: TechnologyKind) -> str:
    """The group whose capacity MGA minimises and maximises: the source of a generating kind
    (``sun``, ``wind``, ``water``, ``fuel``: the kinds table's ``group``), else the kind itself
    (``battery``, ``pumped_hydro``, ``heat_pump``...)."""
    row = spec(kind)
    return row.group if row.role is Role.GENERATION else kind.value


COST_CONSTRAINT = "near_optimal_cost"


def technology_groups(inputs: ModelInputs) -> dict[str, list[str]]:
    """Technologies of each group present in ``inputs``, groups in first-seen order."""
    groups: dict[str, list[str]] = {}
    for tech in inputs.techs:
        groups.setdefault(group_of(inputs.kind[tech]), []).append(tech)
    return groups


@dataclass(frozen=True)
class Alternative:
    """One solved direction of the near-optimal space.

    Attributes
    ----------
    direction : str
        ``min:<group>``, ``max:<group>``, ``random:<n>`` or ``optimum``.
    status : str
        ``optimal`` or the solver's termination condition.
    cost_usd : float | None
        System cost of the alternative (the planner's objective) [USD].
    build : pandas.DataFrame
        ``zone``, ``tech``, ``period``, ``new_mw`` [MW] and ``capacity_mw`` [MW].
    """

    direction: str
    status: str
    cost_usd: float | None
    build: pd.DataFrame


def _solve(model: linopy.Model, threads: int) -> tuple[str, str]:
    """Solve with the planner's HiGHS options; once more with the dual simplex if that fails
    (a near-optimal direction can leave the interior point method stalling on a flat face)."""
    status, termination = _solve_with(model, {**SOLVER_OPTIONS, "threads": threads})
    if status != "ok" and termination not in {"infeasible", "infeasible_or_unbounded"}:
        status, termination = _solve_with(model, {"solver": "simplex", "threads": threads})
    return status, termination


def _solve_with(model: linopy.Model, settings: dict[str, Any]) -> tuple[str, str]:
    options: dict[str, Any] = {**settings, "log_to_console": False, "output_flag": False}
    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), _stdout_to(None):  # the solver's banner, not ours
            warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
            status, termination = model.solve(solver_name="highs", io_api="direct", **options)
    finally:
        log.setLevel(level)
    return str(status), str(termination)


def _build_table(planning: PlanningModel) -> pd.DataFrame:
    model = planning.model
    new = model.variables["build"].solution.fillna(0.0)
    capacity = model.variables["capacity"].solution.fillna(0.0)
    frame = new.to_dataframe("new_mw").join(capacity.to_dataframe("capacity_mw")).reset_index()
    keep = frame[["new_mw", "capacity_mw"]].abs().sum(axis=1) > 1e-6
    return frame.loc[keep, ["zone", "tech", "period", "new_mw", "capacity_mw"]].reset_index(
        drop=True
    )


def near_optimal(
    inputs: ModelInputs,
    optimum_usd: float,
    slack: float,
    weights: dict[str, float],
    sense: Literal["min", "max"],
    *,
    direction: str = "",
    threads: int = 1,
) -> Alternative:
    """Minimise or maximise weighted new capacity with the cost at most ``optimum + slack x
    |optimum|``.

    Parameters
    ----------
    inputs : ModelInputs
        The scenario's arrays (as for the optimum).
    optimum_usd : float
        The least system cost (the plan's objective) [USD].
    slack : float
        Allowed relative increase of the system cost [-] (0.05: 5 %).
    weights : dict[str, float]
        Weight of each technology's total new capacity (all zones and periods) in the objective
        [1/MW]; technologies not named weigh 0.
    sense : {"min", "max"}
        Minimise or maximise.
    direction : str
        Label of the direction.
    threads : int
        HiGHS threads.

    Returns
    -------
    Alternative
    """
    planning = build_model(inputs)
    model = planning.model
    cost = model.objective.expression
    tolerance = 1e-7 * max(abs(optimum_usd), 1.0)  # the solver's own accuracy
    # slack on the cost's size: a plan whose export revenue exceeds its costs has a negative optimum
    bound = optimum_usd + slack * abs(optimum_usd) + tolerance
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        model.add_constraints(cost <= bound, name=COST_CONSTRAINT)
    techs = [t for t in inputs.techs if weights.get(t, 0.0)]
    coefficients = xr.DataArray([weights[t] for t in techs], coords=[pd.Index(techs, name="tech")])
    build = model.variables["build"].sel(tech=techs)
    target = (build * coefficients).sum()
    model.add_objective(target, overwrite=True, sense=sense)
    status, termination = _solve(model, threads)
    if not (status == "ok" and termination == "optimal"):
        return Alternative(direction, termination, None, pd.DataFrame())
    value = float(cost.solution.sum()) if hasattr(cost, "solution") else float("nan")
    return Alternative(direction, "optimal", value, _build_table(planning))


def fixed_build(
    inputs: ModelInputs, build: pd.DataFrame, *, threads: int = 1
) -> tuple[str, float | None, PlanningModel]:
    """Solve the model with new capacity fixed to ``build``: dispatch only.

    Parameters
    ----------
    inputs : ModelInputs
        The arrays of the future in which the plan is costed.
    build : pandas.DataFrame
        ``zone``, ``tech``, ``period``, ``new_mw`` [MW] and, for batteries, ``energy_mwh`` (energy
        capacity in service) [MWh]; absent rows build nothing. Link expansions are not fixed.
    threads : int
        HiGHS threads.

    Returns
    -------
    tuple[str, float | None, PlanningModel]
        Termination, the cost of the plan in this future (the objective, unserved demand at the
        value of lost load) [USD] or None when not optimal, and the solved model.
    """
    planning = build_model(inputs)
    model = planning.model
    with warnings.catch_warnings():  # masked slots are left out by the mask: legacy semantics
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        variable = model.variables["build"]
        fixed = _aligned(build, "new_mw", variable)
        model.add_constraints(variable == fixed, name="fixed_build", mask=variable.mask)
        if "energy_capacity" in model.variables and "energy_mwh" in build:
            energy = model.variables["energy_capacity"]
            model.add_constraints(
                energy == _aligned(build, "energy_mwh", energy),
                name="fixed_energy_capacity",
                mask=energy.mask,
            )
    status, termination = _solve(model, threads)
    if not (status == "ok" and termination == "optimal"):
        return termination, None, planning
    value = model.objective.value
    return termination, None if value is None else float(value), planning


def _aligned(table: pd.DataFrame, column: str, variable: linopy.Variable) -> xr.DataArray:
    """Values of ``table[column]`` on the coordinates of ``variable``, 0 where absent."""
    dims = list(variable.dims)
    series = table.groupby(dims)[column].sum() if len(table) else pd.Series(dtype=float)
    index = pd.MultiIndex.from_product([variable.indexes[d] for d in dims], names=dims)
    values = series.reindex(index, fill_value=0.0).to_numpy(dtype=float)
    shape = tuple(len(variable.indexes[d]) for d in dims)
    return xr.DataArray(
        np.asarray(values).reshape(shape),
        coords={d: variable.indexes[d] for d in dims},
        dims=dims,
    )
