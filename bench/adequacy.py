"""Benchmark: the adequacy loop of ``zerozone plan`` (plan, hourly check, plan again).

Usage::

    .venv/bin/python bench/adequacy.py [--scenario default] [--extremes none|system|zones]
        [--resolution days:12] [--runs 1] [--workers 2]

For each run, the script plans the scenario with the loop (:func:`zerozone.model.adequacy.
plan_adequately`, as ``zerozone plan`` does) and prints every plan of the loop: the days added
before it, its objective, plan and check seconds, and what its hourly check found (failing
periods with unserved energy and worst hour); then the verdict, the number of plans and the
whole loop's wall time, and the median over runs. The load average before and after each run is
printed: on a shared machine the times are upper bounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from zerozone.data import load_scenario
from zerozone.model.adequacy import plan_adequately
from zerozone.profiles.extremes import ExtremeScope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--extremes", default="none", choices=[s.value for s in ExtremeScope])
    parser.add_argument("--resolution", default="days:12")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    walls = []
    for run in range(1, args.runs + 1):
        load_before = os.getloadavg()[0]
        clock = time.perf_counter()
        result = plan_adequately(
            scenario,
            resolution=args.resolution,
            extremes=ExtremeScope(args.extremes),
            workers=args.workers,
        )
        wall = time.perf_counter() - clock
        walls.append(wall)
        print(f"run {run} (load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})")
        for record in result.iterations:
            failed = "; ".join(
                f"{f['period']}: {f['unserved_mwh']:.1f} MWh in {f['unserved_hours']} h, worst "
                f"{f['worst_zone']} {f['worst_time']} {f['worst_mw']:.1f} MW, "
                f"{f['emissions_t_per_year'] / 1e3:.2f} kt against {f['cap_t_per_year'] / 1e3:.2f}"
                for f in record["failed"]
            )
            print(
                f"  plan {record['iteration']}: days added {record['days_added'] or '-'}; "
                f"objective {record['objective_usd'] / 1e6:,.2f} M USD; plan "
                f"{record['plan_seconds']:.1f} s, check {record['check_seconds']:.1f} s; "
                f"{'passes' if record['check_passed'] else 'fails: ' + failed}"
            )
        print(
            f"  verdict {result.verdict.value} after {len(result.iterations)} plan(s); "
            f"wall {wall:.1f} s"
        )
    print(
        f"{args.scenario} ({args.resolution}, extremes {args.extremes}): median wall of "
        f"{len(walls)} run(s) {statistics.median(walls):.1f} s"
    )


if __name__ == "__main__":
    main()
