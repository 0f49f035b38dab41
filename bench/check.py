"""The hourly check (`zerozone check`): time per period and weather year, serial and in a pool.

Plans the scenario once (or reads a run directory), then re-dispatches every period over the
8,760 hours of its weather year, ``--runs`` times with one process (HiGHS on 2 threads) and with
a pool of 2 processes (1 thread each). Prints the median wall time of the whole check, the median
time per period and weather year (build, solve, summary: the ``seconds`` column), and the load
average, which says how quiet the machine was.

    .venv/bin/python bench/check.py --scenario aghali --runs 3
    .venv/bin/python bench/check.py --run runs/default --runs 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from zerozone.data import load_scenario
from zerozone.model.check import (
    PlanCapacity,
    check_tasks,
    check_weather,
    hourly_inputs,
    run_tasks,
)
from zerozone.model.pipeline import run_plan
from zerozone.results import read_run


def _check(path: Path, workers: int) -> tuple[float, list[float], bool]:
    """One check: wall time [s], seconds per task [s], whether it passed."""
    clock = time.perf_counter()
    run = read_run(path)
    plan = PlanCapacity.of_run(run)
    threads = 1 if workers > 1 else 2
    tasks = []
    for year, source, hourly in check_weather(run):
        tasks += check_tasks(hourly_inputs(run.scenario, hourly), plan, year, source, None, threads)
    rows, _shed = run_tasks(tasks, workers)
    return time.perf_counter() - clock, list(rows["seconds"]), bool(rows["passed"].all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="aghali", help="bundled name or YAML file")
    parser.add_argument("--run", type=Path, help="an existing run directory (skips planning)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.run
        if path is None:
            path = Path(scratch) / "run"
            run_plan(load_scenario(args.scenario), out=path)
        print(f"run directory: {path}; load average before: {os.getloadavg()}")
        for workers in (1, 2):
            walls, per_task = [], []
            for _ in range(args.runs):
                wall, seconds, passed = _check(path, workers)
                walls.append(wall)
                per_task += seconds
            print(
                f"workers {workers}: wall median {statistics.median(walls):.1f} s "
                f"(runs {', '.join(f'{w:.1f}' for w in walls)}); per period and weather year "
                f"median {statistics.median(per_task):.1f} s, max {max(per_task):.1f} s; "
                f"{len(seconds)} periods; passed {passed}; load average {os.getloadavg()}"
            )


if __name__ == "__main__":
    main()
