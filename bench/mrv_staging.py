"""Benchmark: where the time of one staged HTTP batch goes, without HTTP, and the merge rate.

Usage::

    .venv/bin/python bench/mrv_staging.py [--meters 1000] [--batch 1000] [--batches 50]
        [--runs 3]

One process, one thread, a fresh store with ``--meters`` registers of Aghali. For each of
``--batches`` JSON batches of ``--batch`` new readings (encoded beforehand, as a client sends
them) it times the steps the service takes: parsing the body (orjson), the typed columns
(:func:`zerozone.mrv.fastpath.json_table`), the vectorised validation
(:func:`~zerozone.mrv.fastpath.fast_rows`) and the staging transaction (batch record and rows
appended, commit); then the same batches through the full validation
(:func:`zerozone.mrv.staging.stage_table` with a batch that must take it), and finally the merge
of everything staged (one hourly recompute). Prints the median per batch of each step (median
of the runs) and the merge rate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import orjson
import pyarrow as pa
from mrv_common import median, new_store, readings

from zerozone.mrv.fastpath import fast_rows, json_table, load_catalog
from zerozone.mrv.ingest import records_table
from zerozone.mrv.staging import ensure_pending, merge_pending, stage_table


def bodies(meters: int, batch: int, batches: int, first_step: int) -> list[bytes]:
    steps = (batch * batches) // meters + 1
    table = readings(meters, first_step, steps).to_pandas()
    table["ts"] = table["ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = table.to_dict("records")
    return [orjson.dumps(rows[i * batch : (i + 1) * batch]) for i in range(batches)]


def one_run(args: argparse.Namespace) -> dict[str, float]:
    con = new_store(args.meters, 2)
    ensure_pending(con)
    catalog = load_catalog(con)
    steps: dict[str, list[float]] = {"parse": [], "columns": [], "validate": [], "stage": []}
    for body in bodies(args.meters, args.batch, args.batches, 0):
        clock = time.perf_counter()
        records = orjson.loads(body)
        steps["parse"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        table = json_table(records)
        steps["columns"].append(time.perf_counter() - clock)
        assert table is not None
        clock = time.perf_counter()
        assert fast_rows(table, catalog) is not None
        steps["validate"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        stage_table(con, table, "bench", catalog=catalog)
        steps["stage"].append(time.perf_counter() - clock)
    full: list[float] = []
    later = args.batches * args.batch // args.meters + 2
    for body in bodies(args.meters, args.batch, args.batches, later):
        table = records_table(orjson.loads(body))
        odd = pa.table({name: [None] * 1 for name in table.column_names}, schema=table.schema)
        clock = time.perf_counter()
        result = stage_table(con, pa.concat_tables([table, odd]), "bench", catalog=catalog)
        full.append(time.perf_counter() - clock)
        assert result.rejected == 1
    clock = time.perf_counter()
    merged = merge_pending(con)
    merge_seconds = time.perf_counter() - clock
    con.close()
    stored = merged.stored if merged else 0
    result = {name: statistics.median(times) for name, times in steps.items()}
    result["stage_full"] = statistics.median(full)
    result["merge_rate"] = stored / merge_seconds
    result["merged"] = stored
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    results = [one_run(args) for _ in range(args.runs)]
    names = ("parse", "columns", "validate", "stage", "stage_full")
    said = ", ".join(f"{n} {1000 * median([r[n] for r in results]):.2f} ms" for n in names)
    print(f"median per batch of {args.batch:,} (median of {args.runs} runs): {said}")
    print(
        f"merge: {median([r['merge_rate'] for r in results]):,.0f} readings/s "
        f"({results[0]['merged']:,.0f} readings in one merge); "
        f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
