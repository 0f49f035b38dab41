"""Benchmark: zerozone against PyPSA 1.4.0 on the identical exported problem.

Usage::

    tools/pypsa_env.sh                       # once: the pinned PyPSA environment
    .venv/bin/python bench/pypsa_compare.py [--scenario default] [--weeks 1 2 4] [--runs 3]

For each horizon of N weeks (hourly, all investment periods of the scenario), solves the problem
with zerozone, exports it (``zerozone export-pypsa``) and solves the export with PyPSA, each in
its own process, both with HiGHS' interior point and crossover. Prints the median over the runs
of build-and-solve wall time and peak memory (resident set of the process) of each, their
ratios, and the objectives (which must agree). Targets at 4 weeks: zerozone at least 10x faster
and at most half the memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPSA_PYTHON = ROOT / ".venv-pypsa" / "bin" / "python"

ZEROZONE_RUN = """
import json, resource, sys, time
from pathlib import Path
from zerozone.data import load_scenario
from zerozone.model.pipeline import run_plan
result = run_plan(load_scenario(sys.argv[1]), resolution=sys.argv[2], out=Path(sys.argv[3]))
timings = result.meta["timings_s"]
print(json.dumps({"objective": result.outcome.objective, "status": result.status.value,
                  "build_solve_s": timings["build"] + timings["solve"],
                  "total_s": timings["total_before_write"],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
"""


def _json_line(command: list[str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(scenario: str, weeks: int, workdir: Path) -> tuple[dict, dict]:
    """One zerozone solve and one PyPSA solve of the same problem."""
    run_dir = workdir / f"{scenario}-w{weeks}"
    ours = _json_line(
        [sys.executable, "-c", ZEROZONE_RUN, scenario, f"weeks:{weeks}", str(run_dir)]
    )
    network = workdir / f"{scenario}-w{weeks}.nc"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from zerozone.cli import main; main()",
            "export-pypsa",
            str(run_dir),
            str(network),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    theirs = _json_line([str(PYPSA_PYTHON), "tools/pypsa_crosscheck.py", str(network)])
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--weeks", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not PYPSA_PYTHON.exists():
        sys.exit("run tools/pypsa_env.sh first (it creates .venv-pypsa)")
    print(
        "weeks | zerozone s | PyPSA s | speed-up | zerozone MB | PyPSA MB | memory ratio | "
        "objective rel. diff"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for weeks in args.weeks:
            pairs = []
            for run in range(args.runs):
                ours, theirs = measure(args.scenario, weeks, Path(tmp))
                pairs.append((ours, theirs))
                print(
                    f"  run {run + 1}: zerozone {ours['build_solve_s']:.1f} s "
                    f"{ours['peak_rss_mb']:.0f} MB, PyPSA {theirs['build_solve_s']:.1f} s "
                    f"{theirs['peak_rss_mb']:.0f} MB",
                    flush=True,
                )
            ours_s = statistics.median(o["build_solve_s"] for o, _ in pairs)
            theirs_s = statistics.median(t["build_solve_s"] for _, t in pairs)
            ours_mb = statistics.median(o["peak_rss_mb"] for o, _ in pairs)
            theirs_mb = statistics.median(t["peak_rss_mb"] for _, t in pairs)
            ours_obj, theirs_obj = pairs[-1][0]["objective"], pairs[-1][1]["objective"]
            gap = abs(ours_obj - theirs_obj) / max(abs(theirs_obj), 1.0)
            print(
                f"{weeks} | {ours_s:.1f} | {theirs_s:.1f} | {theirs_s / ours_s:.1f}x | "
                f"{ours_mb:.0f} | {theirs_mb:.0f} | {ours_mb / theirs_mb:.2f} | {gap:.1e}",
                flush=True,
            )


if __name__ == "__main__":
    main()
