"""Benchmark aid: the planning LP's numbers by variable and constraint group.

Usage::

    .venv/bin/python bench/lp_numerics.py [--scenario default] [--resolution days:12]

Builds the model (no solve) and prints, for each variable group, the range of its objective
coefficients and bounds, and for each constraint group the range of its coefficients and
right-hand sides, after zerozone's objective and bound scaling (:func:`solver_scaling`). The
widest ranges say where the interior point's numerics come from.
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from linopy.config import LinopySemanticsWarning

from zerozone.data import load_scenario
from zerozone.model.formulation import build_model
from zerozone.model.inputs import build_inputs
from zerozone.model.pipeline import DEFAULT_RESOLUTION
from zerozone.model.solve import solver_scaling
from zerozone.model.time import build_time_structure
from zerozone.profiles.scenario import scenario_profiles


def _span(values: np.ndarray) -> str:
    """``min .. max (n)`` of the finite non-zero magnitudes of ``values``."""
    magnitude = np.abs(np.asarray(values, dtype=float)).ravel()
    magnitude = magnitude[np.isfinite(magnitude) & (magnitude > 0)]
    if not magnitude.size:
        return "-"
    return f"{magnitude.min():.3g} .. {magnitude.max():.3g} ({magnitude.size})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--resolution", default=DEFAULT_RESOLUTION)
    parser.add_argument("--elastic", action="store_true")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    inputs = build_inputs(
        scenario, build_time_structure(scenario_profiles(scenario), args.resolution)
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        model = build_model(inputs, elastic=args.elastic).model
    scaling, numerics = solver_scaling(model)
    print(f"scaling {scaling}; spans beyond the limit: {numerics}")
    objective = model.objective.flat
    cost = objective.groupby("vars")["coeffs"].sum()
    labels = model.variables.flat
    print("variables: objective coefficients | upper bounds")
    for name in model.variables:
        var = model.variables[name]
        ids = var.labels.values.ravel()
        ids = ids[ids >= 0]
        coeffs = cost.reindex(ids).to_numpy()
        print(f"  {name:28s} {ids.size:8d}  cost {_span(coeffs)}  upper {_span(var.upper.values)}")
    del labels
    print("constraints: coefficients | right-hand sides")
    for name in model.constraints:
        con = model.constraints[name]
        print(
            f"  {name:28s} {int((con.labels.values >= 0).sum()):8d}  "
            f"coeffs {_span(con.coeffs.values)}  rhs {_span(con.rhs.values)}"
        )


if __name__ == "__main__":
    main()
