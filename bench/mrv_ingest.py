"""Benchmark: bulk ingest of Parquet files of meter readings, with deduplication.

Usage::

    .venv/bin/python bench/mrv_ingest.py [--meters 1000] [--days 10] [--runs 3] [--threads 2]

Each run starts a fresh store with ``--meters`` import registers and ingests, as single batches
through ``zerozone.mrv.ingest.ingest_file`` (validation, dedup against stored readings, audit,
hourly energy recomputed, one transaction):

* ``first``: ``--days`` of 15-minute readings of every meter into the empty store;
* ``append``: the next ``--days`` (the store already holds the first);
* ``resend``: the same file again (every reading a duplicate: nothing changes);
* ``mixed``: half already stored, half new.

Prints each run and the median readings per second of each case (target: 1M/s on 2 cores).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyarrow as pa
from mrv_common import median, new_store, readings, write_parquet

from zerozone.mrv.ingest import ingest_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    steps = args.days * 96
    folder = Path(tempfile.mkdtemp(prefix="zerozone-bench-files-"))
    first = write_parquet(readings(args.meters, 0, steps), folder / "first.parquet")
    second_table = readings(args.meters, steps, steps)
    second = write_parquet(second_table, folder / "append.parquet")
    half = steps // 2
    mixed = write_parquet(
        pa.concat_tables(
            [readings(args.meters, 2 * steps - half, half), readings(args.meters, 2 * steps, half)]
        ),
        folder / "mixed.parquet",
    )
    rates: dict[str, list[float]] = {"first": [], "append": [], "resend": [], "mixed": []}
    for run in range(args.runs):
        con = new_store(args.meters, args.threads)
        line = []
        for case, path in (
            ("first", first),
            ("append", second),
            ("resend", second),
            ("mixed", mixed),
        ):
            start = time.perf_counter()
            result = ingest_file(con, path)
            seconds = time.perf_counter() - start
            rates[case].append(result.received / seconds)
            line.append(
                f"{case} {result.received:,} rows ({result.new:,} new) {seconds:.2f} s "
                f"{result.received / seconds / 1e6:.2f} M/s"
            )
        con.close()
        print(f"run {run + 1}: " + "; ".join(line), flush=True)
    print(
        f"{args.meters} meters x {args.days} days at 15 min ({args.meters * steps:,} readings per "
        f"file), {args.threads} threads, median of {args.runs} runs, readings/s: "
        + ", ".join(f"{case} {median(values) / 1e6:.2f} M" for case, values in rates.items())
    )


if __name__ == "__main__":
    main()
