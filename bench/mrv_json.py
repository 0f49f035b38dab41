"""Benchmark: the JSON batch function (``ingest_json_batch``) that the HTTP service exposes.

Usage::

    .venv/bin/python bench/mrv_json.py [--meters 1000] [--batch 1000] [--batches 200] [--runs 3]

Each run starts a store holding one day of readings of ``--meters`` registers, then sends
``--batches`` JSON payloads (text, as received over HTTP) of ``--batch`` readings each, every
payload the next quarter hours of the meters in turn (so each batch is new data that extends the
registers: dedup, audit check and hourly energy recomputed per batch). Prints the median readings
per second and the median latency of one batch.
"""

from __future__ import annotations

import argparse
import json
import time

from mrv_common import median, new_store, readings

from zerozone.mrv.ingest import ingest_frame, ingest_json_batch


def payloads(meters: int, batch: int, batches: int) -> list[str]:
    steps = (batch * batches) // meters + 1
    table = readings(meters, 97, steps).to_pandas()
    table["ts"] = table["ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = table.to_dict("records")
    return [json.dumps(rows[i * batch : (i + 1) * batch]) for i in range(batches)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    texts = payloads(args.meters, args.batch, args.batches)
    rates, latencies = [], []
    for run in range(args.runs):
        con = new_store(args.meters, args.threads)
        ingest_frame(con, readings(args.meters, 0, 97), "first day")
        each = []
        start = time.perf_counter()
        for text in texts:
            clock = time.perf_counter()
            result = ingest_json_batch(con, text)
            each.append(time.perf_counter() - clock)
            assert result.rejected == 0
        seconds = time.perf_counter() - start
        con.close()
        rates.append(args.batch * args.batches / seconds)
        latencies.append(median(each))
        print(
            f"run {run + 1}: {args.batches} batches of {args.batch} in {seconds:.2f} s, "
            f"{rates[-1]:,.0f} readings/s, median batch {1000 * latencies[-1]:.1f} ms",
            flush=True,
        )
    print(
        f"JSON batches of {args.batch} readings ({args.meters} meters), median of {args.runs} "
        f"runs: {median(rates):,.0f} readings/s, {median(latencies) * 1000:.1f} ms per batch"
    )


if __name__ == "__main__":
    main()
