"""Benchmark: representative days against finer resolutions and the full hourly year.

Usage::

    .venv/bin/python bench/resolution_error.py [--scenario default]
        [--resolutions days:6 days:12 days:24 hourly] [--reference hourly]
        [--time-limit 3600] [--runs-dir bench/runs]

Each resolution is planned by ``zerozone plan`` in its own process (stopped after
``--time-limit`` seconds) into ``RUNS_DIR/<scenario>-<resolution>``; a run directory that is
already there for the same scenario hash is reused, so an interrupted study resumes where it
stopped. For every finished run the script prints the wall and solver time, the objective
(net present cost: capital, operation, fuel and imports minus export revenue; transport fuel,
which no decision changes, left out), the gross system cost (the same without export revenue),
the export revenue, and the target year's capacity of the largest technologies; then the
difference of each run from the reference (the hourly year when it finished, else the finest
resolution that did).

The objective of the default scenario is a small difference of two large sums (gross cost about
2.1 bn USD, export revenue about 2.1 bn USD, both discounted), so its relative change says
little; the script reports the change of the objective relative to the gross system cost,
which is what the 2 % target is read against, and the relative change of the gross cost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from zerozone.data import load_scenario, scenario_hash

ROOT = Path(__file__).resolve().parent.parent
GROSS_CATEGORIES = ("capital", "operation", "imports")
"""Cost categories of the gross system cost (``costs.parquet``'s ``category``)."""


def run_resolution(
    scenario: str, resolution: str, out: Path, time_limit: float, adequacy: bool = False
) -> bool:
    """Plan ``scenario`` at ``resolution`` into ``out`` unless a matching run is there (with the
    adequacy loop of ``zerozone plan`` only when ``adequacy``: the planner alone is compared).

    Returns whether a finished run directory is available.
    """
    meta_path = out / "run.json"
    expected = scenario_hash(load_scenario(scenario))
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("scenario_hash") == expected and meta.get("resolution") == resolution:
            print(f"  {resolution}: reusing {out}", flush=True)
            return True
    command = [
        str(ROOT / ".venv" / "bin" / "zerozone"),
        "plan",
        "--scenario",
        scenario,
        "--resolution",
        resolution,
        "--out",
        str(out),
        "--adequacy" if adequacy else "--no-adequacy",
    ]
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, timeout=time_limit, capture_output=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        print(f"  {resolution}: stopped unfinished after {time_limit:.0f} s", flush=True)
        return False
    print(f"  {resolution}: {time.perf_counter() - start:.1f} s", flush=True)
    return True


def summarise(out: Path, top: int = 6) -> dict[str, object]:
    """Costs [USD], times [s] and target-year capacities [MW] of a finished run."""
    meta = json.loads((out / "run.json").read_text())
    costs = pd.read_parquet(out / "costs.parquet")
    by_category = costs.groupby("category")["discounted_usd"].sum()
    capacity = pd.read_parquet(out / "capacity.parquet")
    last = capacity[capacity["period"] == capacity["period"].max()]
    by_tech = last.groupby("tech")["capacity_mw"].sum().sort_values(ascending=False)
    timings = meta["timings_s"]
    return {
        "resolution": meta["resolution"],
        "wall_s": timings["total_before_write"],
        "solve_s": timings["solve"],
        "objective": float(meta["objective_usd"]),
        "gross": float(by_category.reindex(GROSS_CATEGORIES).fillna(0.0).sum()),
        "exports": float(-by_category.get("exports", 0.0)),
        "capacity": by_tech.head(top).round(0).to_dict(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument(
        "--resolutions", nargs="+", default=["days:6", "days:12", "days:24", "hourly"]
    )
    parser.add_argument("--reference", default="hourly")
    parser.add_argument("--time-limit", type=float, default=3600.0)
    parser.add_argument("--runs-dir", type=Path, default=ROOT / "bench" / "runs")
    parser.add_argument(
        "--adequacy", action="store_true", help="plan with the adequacy loop (default: without)"
    )
    args = parser.parse_args()
    finished = []
    for resolution in args.resolutions:
        label = Path(args.scenario).stem if args.scenario.endswith(".yaml") else args.scenario
        out = args.runs_dir / f"{label}-{resolution.replace(':', '')}"
        if run_resolution(args.scenario, resolution, out, args.time_limit, args.adequacy):
            finished.append(summarise(out))
    if not finished:
        sys.exit("no resolution finished")
    by_name = {row["resolution"]: row for row in finished}
    reference = by_name.get(args.reference, finished[-1])
    print(f"reference: {reference['resolution']}")
    print(
        "resolution | wall s | solver s | objective M USD | gross cost M USD | exports M USD | "
        "objective change / gross | gross change | target-year capacity MW"
    )
    for row in finished:
        objective_change = (row["objective"] - reference["objective"]) / reference["gross"]
        gross_change = (row["gross"] - reference["gross"]) / reference["gross"]
        capacity = ", ".join(f"{tech} {mw:,.0f}" for tech, mw in row["capacity"].items())
        print(
            f"{row['resolution']} | {row['wall_s']:.1f} | {row['solve_s']:.1f} | "
            f"{row['objective'] / 1e6:,.1f} | {row['gross'] / 1e6:,.1f} | "
            f"{row['exports'] / 1e6:,.1f} | {100 * objective_change:+.2f} % | "
            f"{100 * gross_change:+.2f} % | {capacity}",
            flush=True,
        )


if __name__ == "__main__":
    main()
