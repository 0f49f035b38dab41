"""Benchmark: wall time of the default planning run and the share spent outside the solver.

Usage::

    .venv/bin/python bench/plan_default.py [--runs 3] [--scenario default] [--resolution days:12]

Prints one line per run and the median of each stage, then the share of wall time outside
HiGHS (profiles, model building, extraction), which should stay under 10 %.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from zerozone.data import load_scenario
from zerozone.model.pipeline import DEFAULT_RESOLUTION, run_plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--resolution", default=DEFAULT_RESOLUTION)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    rows = []
    for run in range(args.runs):
        start = time.perf_counter()
        result = run_plan(scenario, resolution=args.resolution)
        wall = time.perf_counter() - start
        timings = result.meta["timings_s"]
        solve = timings.get("solve", 0.0) + timings.get("solve_elastic", 0.0)
        rows.append(
            {
                "wall_s": wall,
                "solve_s": solve,
                "outside_solver_s": wall - solve,
                "objective_usd": result.outcome.objective,
                "status": result.status.value,
            }
        )
        print(
            f"run {run + 1}: "
            + json.dumps(
                {k: (round(v, 2) if isinstance(v, float) else v) for k, v in rows[-1].items()}
            ),
            flush=True,
        )
    wall = statistics.median(r["wall_s"] for r in rows)
    solve = statistics.median(r["solve_s"] for r in rows)
    outside = statistics.median(r["outside_solver_s"] for r in rows)
    print(
        f"{args.scenario} at {args.resolution}, median of {args.runs} runs: wall {wall:.1f} s, "
        f"solver {solve:.1f} s, outside the solver {outside:.1f} s "
        f"({100 * outside / wall:.1f} % of wall; target <= 10 %; target wall <= 30 s)"
    )


if __name__ == "__main__":
    main()
