"""Benchmark: read one settlement-year of hourly emissions from 35M readings.

Usage::

    .venv/bin/python bench/mrv_read.py [--meters 1000] [--days 365] [--runs 5] [--threads 2]
                                       [--store DIR] [--run runs/default]

Builds (or reuses, when ``--store`` already holds it) a store with ``--meters`` meters of the
settlement Aghali (houses of four meters: grid import, export, PV, gas) and a year of 15-minute
register readings (1,000 x 365 x 96 = 35.04M), ingested month by month through the normal path
(``ingest_file``: dedup, hourly energy maintained). Then times, ``--runs`` times each:

* ``hourly_emissions``: the settlement's 8,760 hourly emissions with the plan's hourly grid
  factor (``--run``; the annual default factor when the run directory is missing) -- target < 1 s;
* ``build_inventory``: the settlement's full GPC BASIC inventory for the year.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from mrv_common import median, new_store, readings, write_parquet

from zerozone.mrv import store
from zerozone.mrv.factors import AnnualFactor, GridFactor, PlanFactor
from zerozone.mrv.gpc import build_inventory, hourly_emissions
from zerozone.mrv.ingest import ingest_file

YEAR = 2025


def build(directory: Path, meters: int, days: int, threads: int) -> None:
    con = new_store(meters, threads, directory, mixed=True)
    files = Path(tempfile.mkdtemp(prefix="zerozone-bench-months-"))
    total, seconds = 0, 0.0
    for first in range(0, days, 31):
        chunk = min(31, days - first)
        # one reading more than the days hold: the last interval of the chunk closes at midnight
        path = write_parquet(
            readings(meters, first * 96, chunk * 96 + 1), files / f"{first}.parquet"
        )
        start = time.perf_counter()
        result = ingest_file(con, path)
        seconds += time.perf_counter() - start
        total += result.new
        path.unlink()
        print(
            f"  days {first}-{first + chunk}: {result.new:,} new readings in "
            f"{time.perf_counter() - start:.1f} s",
            flush=True,
        )
    print(f"built: {total:,} readings in {seconds:.0f} s ({total / seconds / 1e6:.2f} M/s)")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--run", type=Path, default=Path("runs/default"))
    args = parser.parse_args()
    directory = args.store or Path(tempfile.mkdtemp(prefix="zerozone-bench-read-"))
    if not (directory / store.DATABASE_FILE).exists():
        build(directory, args.meters, args.days, args.threads)
    con = store.connect(directory, threads=args.threads)
    counted = con.execute("SELECT count(*) FROM readings").fetchall()[0][0]
    hours = con.execute("SELECT count(*) FROM hourly").fetchall()[0][0]
    factor: GridFactor = (
        PlanFactor.read(args.run) if (args.run / "run.json").is_file() else AnnualFactor()
    )
    print(f"store {directory}: {counted:,} readings, {hours:,} meter-hours; factor {factor.label}")
    timings: dict[str, list[float]] = {"hourly_emissions": [], "build_inventory": []}
    for run in range(args.runs):
        start = time.perf_counter()
        frame = hourly_emissions(con, "aghali", YEAR, factor)
        timings["hourly_emissions"].append(time.perf_counter() - start)
        start = time.perf_counter()
        inventory = build_inventory(con, YEAR, factor, settlement="aghali")
        timings["build_inventory"].append(time.perf_counter() - start)
        print(
            f"run {run + 1}: hourly_emissions {timings['hourly_emissions'][-1]:.3f} s "
            f"({len(frame):,} hours, {frame['t_co2'].sum():,.1f} t); build_inventory "
            f"{timings['build_inventory'][-1]:.3f} s ({inventory.rows['t_co2'].sum():,.1f} t)",
            flush=True,
        )
    print(
        f"{counted:,} readings, median of {args.runs} runs: "
        + ", ".join(f"{name} {median(values):.3f} s" for name, values in timings.items())
        + " (target: hourly emissions of a settlement-year under 1 s)"
    )


if __name__ == "__main__":
    main()
