"""Solve a network written by ``zerozone export-pypsa`` with PyPSA, and print the outcome as JSON.

Runs in the pinned PyPSA environment (``.venv-pypsa``, see ``tools/pypsa_env.sh``), never in
zerozone's runtime environment::

    .venv-pypsa/bin/python tools/pypsa_crosscheck.py OUT.nc [--solver-options JSON]

Adds, as ``extra_functionality``, what the exporter records in ``n.meta["zerozone"]`` because
PyPSA has no component attribute for it: ``equal_p_nom`` (one capacity for a battery's charging
and discharging links, both directions of a line, a new reservoir's turbine, inflow and store),
``build_rate`` (new capacity per period) and ``renewable_share``.

Prints one JSON object: ``objective`` (PyPSA's objective plus its constant), ``status``,
``termination``, timings in seconds (``load_s``, ``build_solve_s``, ``total_s``),
``peak_rss_mb`` and the problem size.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
from typing import Any

DEFAULT_SOLVER_OPTIONS = {"solver": "ipm", "run_crossover": "on", "threads": 1}
"""As zerozone's (interior point with crossover), single-threaded for comparable timings."""


def _p_nom(m: Any, component: str, name: str) -> Any:
    attr = "e_nom" if component == "Store" else "p_nom"
    return m[f"{component}-{attr}"].sel(name=[name]).sum("name")


def extra_functionality(n: Any, snapshots: Any) -> None:
    """Add zerozone's constraints that PyPSA's components do not express."""
    import numpy as np
    import xarray as xr

    spec = n.meta.get("zerozone", {})
    m = n.model
    for k, (c1, n1, c2, n2, factor) in enumerate(spec.get("equal_p_nom", [])):
        lhs = _p_nom(m, c2, n2) - factor * _p_nom(m, c1, n1)
        m.add_constraints(lhs == 0, name=f"zz_equal_p_nom_{k}")
    for k, limit in enumerate(spec.get("build_rate", [])):
        lhs = sum(_p_nom(m, c, name) for c, name in limit["terms"])
        m.add_constraints(lhs <= limit["limit"], name=f"zz_build_rate_{k}")
    for k, share in enumerate(spec.get("renewable_share", [])):

        def total(terms: list[list[str]], period: int = share["period"]) -> Any:
            """Annual total of the dispatch variables in ``terms`` in ``period``."""
            parts = []
            for c, name, attr in terms:
                variable = m[f"{c}-{attr}"].sel(name=[name]).sum("name")
                index = variable.indexes["snapshot"]  # the model's own labels
                weight = n.snapshot_weightings.generators.reindex(index).to_numpy()
                weight = np.where(index.get_level_values(0) == period, weight, 0.0)
                parts.append((variable * xr.DataArray(weight, dims="snapshot")).sum())
            return sum(parts)

        lhs = total(share["renewable"]) - share["share"] * total(share["generation"])
        m.add_constraints(lhs >= 0, name=f"zz_renewable_share_{k}")
    for name in m.constraints:
        if name.startswith("zz_") and np.isnan(m.constraints[name].lhs.coeffs.values).any():
            raise RuntimeError(f"{name}: coefficients lost in alignment (NaN)")


def main(argv: list[str] | None = None) -> int:
    """Load, solve, print JSON; exit code 0 when optimal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", help="netCDF file written by zerozone export-pypsa")
    parser.add_argument(
        "--solver-options", default=None, help="HiGHS options as JSON (default: ipm+crossover)"
    )
    args = parser.parse_args(argv)
    options = (
        DEFAULT_SOLVER_OPTIONS if args.solver_options is None else json.loads(args.solver_options)
    )
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()

    import pypsa

    pypsa.options.general.allow_network_requests = False
    pypsa.options.api.legacy_string_dtype = True
    n = pypsa.Network(args.network)
    loaded = time.perf_counter()
    # The solver library prints its banner to stdout, which carries only the JSON: send it away.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        status, termination = n.optimize(
            solver_name="highs",
            multi_investment_periods=True,
            extra_functionality=extra_functionality,
            include_objective_constant=False,
            log_to_console=False,
            **options,
        )
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
    solved = time.perf_counter()
    # zerozone gives existing capacity no capital cost; so does the export, making this zero.
    constant = float(getattr(n, "objective_constant", 0.0) or 0.0)
    objective = None if n.objective is None else float(n.objective) + constant
    result = {
        "pypsa_version": pypsa.__version__,
        "status": str(status),
        "termination": str(termination),
        "objective": objective,
        "objective_constant": constant,
        "load_s": loaded - started,
        "build_solve_s": solved - loaded,
        "total_s": solved - started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "variables": int(n.model.nvars),
        "constraints": int(n.model.ncons),
        "snapshots": len(n.snapshots),
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0 if str(status) == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
