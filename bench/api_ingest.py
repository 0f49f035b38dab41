"""Benchmark: readings over HTTP into a real ``zerozone serve``, from concurrent clients.

Usage::

    .venv/bin/python bench/api_ingest.py [--clients 4] [--batch 1000] [--batches 300]
        [--meters 1000] [--runs 3] [--merge-interval 0.5]

Each run starts a fresh data directory with ``--meters`` registers of Aghali, starts
``zerozone serve`` on a free loopback port (its own process), and sends ``--batches`` JSON
batches of ``--batch`` new readings from ``--clients`` concurrent clients (threads, keep-alive
connections, payloads encoded beforehand). One more client reads a dashboard page and a result
of the store (``/runs`` and ``/api/mrv/energy``) every 0.1 s meanwhile. Prints the sustained
readings per second (acknowledged readings over the wall time of the sends), the p50 and p99
latency of a batch and of the reads, the readings still waiting for their merge when the last
batch was acknowledged and how long that last merge took (whether merging keeps up), the load
average of the machine before and after, and checks that the readings stored after the last
merge equal the readings acknowledged. Everything stays on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from mrv_common import median, new_store, readings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.api.server import Server  # noqa: E402

from zerozone.api.tokens import Role, TokenStore  # noqa: E402


def payloads(meters: int, batch: int, batches: int) -> list[bytes]:
    steps = (batch * batches) // meters + 1
    table = readings(meters, 1, steps).to_pandas()
    table["ts"] = table["ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = table.to_dict("records")
    return [json.dumps(rows[i * batch : (i + 1) * batch]).encode() for i in range(batches)]


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def one_run(args: argparse.Namespace, bodies: list[bytes]) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="zerozone-api-bench-"))
    con = new_store(args.meters, 2, folder)
    con.close()
    token = TokenStore(folder).create(Role.OPERATOR, ["aghali"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    server = Server(folder, merge_interval=args.merge_interval).start()
    latencies: list[float] = []
    reads: list[float] = []
    acknowledged = [0]
    lock = threading.Lock()
    done = threading.Event()

    def client(share: list[bytes]) -> None:
        with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
            for body in share:
                clock = time.perf_counter()
                reply = http.post("/api/mrv/readings", content=body)
                elapsed = time.perf_counter() - clock
                reply.raise_for_status()
                with lock:
                    latencies.append(elapsed)
                    acknowledged[0] += reply.json()["accepted"]

    def reader() -> None:
        with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
            for _ in range(100_000):
                if done.is_set():
                    return
                for path in ("/runs", "/api/mrv/energy?settlement=aghali&by=month"):
                    clock = time.perf_counter()
                    http.get(path).raise_for_status()
                    reads.append(time.perf_counter() - clock)
                time.sleep(0.1)

    try:
        shares = [bodies[i :: args.clients] for i in range(args.clients)]
        threads = [threading.Thread(target=client, args=(s,)) for s in shares]
        watcher = threading.Thread(target=reader)
        watcher.start()
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
        with httpx.Client(base_url=server.url, headers=headers, timeout=120) as http:
            pending = http.get("/api/health").json()["pending_readings"]
            clock = time.perf_counter()
            http.post("/api/mrv/merge").raise_for_status()
            merge_seconds = time.perf_counter() - clock
            meters = http.get("/api/mrv/meters?settlement=aghali").json()
        stored = sum(m["readings"] for m in meters)
    finally:
        server.stop()
    return {
        "rate": acknowledged[0] / seconds,
        "seconds": seconds,
        "p50": quantile(latencies, 0.5),
        "p99": quantile(latencies, 0.99),
        "read_p50": quantile(reads, 0.5),
        "read_p99": quantile(reads, 0.99),
        "acknowledged": acknowledged[0],
        "stored": stored,
        "pending": pending,
        "merge_seconds": merge_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--merge-interval", type=float, default=0.5, help="of the service [s]")
    args = parser.parse_args()
    bodies = payloads(args.meters, args.batch, args.batches)
    load_before = os.getloadavg()[0]
    results = []
    for run in range(args.runs):
        result = one_run(args, bodies)
        results.append(result)
        print(
            f"run {run + 1}: {result['acknowledged']:,} readings in {result['seconds']:.1f} s = "
            f"{result['rate']:,.0f}/s; batch p50 {1000 * result['p50']:.0f} ms, "
            f"p99 {1000 * result['p99']:.0f} ms; reads p50 {1000 * result['read_p50']:.0f} ms, "
            f"p99 {1000 * result['read_p99']:.0f} ms; stored {result['stored']:,} "
            f"(acknowledged {result['acknowledged']:,}); {result['pending']:,} pending at the "
            f"end, merged in {result['merge_seconds']:.2f} s",
            flush=True,
        )
        assert result["stored"] == result["acknowledged"], "a reading was lost"
    print(
        f"median of {args.runs}: {median([r['rate'] for r in results]):,.0f} readings/s, "
        f"p50 {1000 * median([r['p50'] for r in results]):.0f} ms, "
        f"p99 {1000 * median([r['p99'] for r in results]):.0f} ms, reads p99 "
        f"{1000 * median([r['read_p99'] for r in results]):.0f} ms; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


if __name__ == "__main__":
    main()
