"""Benchmark: the representative-day default against the full hourly year.

Usage::

    .venv/bin/python bench/resolution_error.py [--scenario default] [--days 12] [--runs 1]

Solves the same scenario at ``days:N`` and ``hourly`` and prints each run's wall time, solver
time, peak memory of the process and objective, and the relative difference of the system cost
(target: at most 2 %). The hourly year is large (8,760 hours x periods); expect it to take long.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from zerozone.data import load_scenario
from zerozone.model.pipeline import run_plan


def timed(scenario_name: str, resolution: str, runs: int) -> tuple[float, float, float]:
    """Median wall time [s], median solver time [s] and the objective [USD] of ``runs`` runs."""
    scenario = load_scenario(scenario_name)
    walls, solves, objective = [], [], float("nan")
    for _ in range(runs):
        start = time.perf_counter()
        result = run_plan(scenario, resolution=resolution)
        walls.append(time.perf_counter() - start)
        solves.append(result.meta["timings_s"].get("solve", float("nan")))
        objective = float(result.outcome.objective or float("nan"))
        print(
            f"  {resolution}: {walls[-1]:.1f} s wall, {solves[-1]:.1f} s solver, "
            f"objective {objective:,.0f} USD, status {result.status.value}",
            flush=True,
        )
    return statistics.median(walls), statistics.median(solves), objective


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--days", type=int, default=12)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    days_wall, _, days_cost = timed(args.scenario, f"days:{args.days}", args.runs)
    hourly_wall, _, hourly_cost = timed(args.scenario, "hourly", args.runs)
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    difference = (days_cost - hourly_cost) / abs(hourly_cost)
    print(
        f"{args.scenario}: days:{args.days} {days_wall:.1f} s vs hourly {hourly_wall:.1f} s "
        f"(ratio {hourly_wall / days_wall:.1f}x); system cost {days_cost:,.0f} vs "
        f"{hourly_cost:,.0f} USD: {100 * difference:+.2f} % (target within 2 %); "
        f"peak memory {peak_gib:.1f} GiB"
    )


if __name__ == "__main__":
    main()
