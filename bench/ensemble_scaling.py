"""Ensemble throughput on a local Dask cluster: samples per minute with 1 and 2 workers.

For each worker count and run, a fresh ensemble directory is planned from scratch (the central plan
and ``--samples`` futures of the scenario's uncertainty section) and timed without the cluster's
start-up. Printed per worker count (median of ``--runs``):

* plans per minute and the scaling efficiency (rate with K workers / (K x rate with 1 worker));
* the per-task overhead: the wall time the workers were not inside a task,
  ``(wall x workers - sum of task times) / tasks``, against the mean task time (with 2 workers it
  includes waiting at the end for the last task, which 1 worker never has);
* inside a task, the share of the solver (HiGHS) against profiles, model building and writing.

Then the same ensemble is run again into the last directory: a resumed ensemble must plan nothing
(every sample is skipped) and leave every run directory as it was.

Usage::

    .venv/bin/python bench/ensemble_scaling.py --scenario default --resolution days:2 \\
        --samples 5 --runs 3
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from zerozone.data import load_scenario
from zerozone.ensemble.apply import check_uncertainty
from zerozone.ensemble.cluster import dask_client
from zerozone.ensemble.runner import RUNS_FOLDER, Progress, prepare, run_ensemble
from zerozone.ensemble.sampling import latin_hypercube
from zerozone.results.run_directory import RUN_FILE


def one_run(name: str, samples: int, resolution: str, workers: int, out: Path) -> dict[str, float]:
    scenario = load_scenario(name)
    table = latin_hypercube(check_uncertainty(scenario), samples)
    prepare(out, scenario, table, resolution)
    with dask_client(workers=workers) as client:
        started = time.perf_counter()
        outcomes = run_ensemble(scenario, table, out, client, resolution=resolution)
        wall = time.perf_counter() - started
    tasks = len(outcomes)
    busy = float(outcomes["seconds"].sum())
    solve = float(outcomes["solve_seconds"].sum())
    return {
        "wall_s": wall,
        "plans_per_min": 60.0 * tasks / wall,
        "mean_task_s": busy / tasks,
        "overhead_per_task_s": (wall * workers - busy) / tasks,
        "solver_share_in_task": solve / busy,
        "failed": float((outcomes["status"] == "failed").sum()),
    }


def resume_check(name: str, samples: int, resolution: str, out: Path) -> tuple[int, bool, float]:
    scenario = load_scenario(name)
    table = latin_hypercube(check_uncertainty(scenario), samples)
    runs = out / RUNS_FOLDER
    before = {p.parent.name: p.stat().st_mtime_ns for p in runs.glob(f"*/{RUN_FILE}")}
    seen: list[Progress] = []
    with dask_client(workers=1) as client:
        started = time.perf_counter()
        run_ensemble(
            scenario,
            table,
            out,
            client,
            resolution=resolution,
            on_progress=lambda p: seen.append(Progress(**vars(p))),
        )
        wall = time.perf_counter() - started
    after = {p.parent.name: p.stat().st_mtime_ns for p in runs.glob(f"*/{RUN_FILE}")}
    planned = seen[-1].done + seen[-1].failed
    return planned, before == after, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--resolution", default="days:2")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        last = Path(scratch)
        for workers in args.workers:
            for run in range(args.runs):
                last = Path(scratch) / f"w{workers}-r{run}"
                figures = one_run(args.scenario, args.samples, args.resolution, workers, last)
                rows.append({"workers": workers, "run": run, **figures})
                print(rows[-1], flush=True)
        planned, untouched, wall = resume_check(args.scenario, args.samples, args.resolution, last)
    frame = pd.DataFrame(rows)
    median = frame.groupby("workers").median(numeric_only=True)
    base = median.loc[min(args.workers), "plans_per_min"]
    median["efficiency"] = median["plans_per_min"] / (median.index * base)
    median["overhead_share"] = median["overhead_per_task_s"] / median["mean_task_s"]
    print(
        f"\n{args.scenario} at {args.resolution}: central + {args.samples} samples, median of "
        f"{args.runs} runs"
    )
    print(median.drop(columns=["run"]).to_string(float_format=lambda v: f"{v:.3f}"))
    print(
        f"\nresumed ensemble: {planned} plans redone, run directories untouched: {untouched}, "
        f"{wall:.1f} s"
    )
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"load average at the end: {load}")


if __name__ == "__main__":
    main()
