"""A process killed with SIGKILL mid-batch: no partial batch, no acknowledged reading lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from zerozone.data import load_scenario
from zerozone.mrv import registry, store
from zerozone.mrv.registry import MeterKind, MeterSpec

BATCH = 20_000
"""Readings per batch: about a quarter of a second of work, so kills land inside batches."""

WRITER = f"""
import datetime as dt, sys
import pyarrow as pa
from zerozone.mrv import store
from zerozone.mrv.ingest import ingest_frame
from pathlib import Path
con = store.connect(Path(sys.argv[1]), threads=1)
start = int(sys.argv[2])
t0 = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
for batch in range(start, start + 1000):
    first = batch * {BATCH}
    ts = [t0 + dt.timedelta(minutes=i) for i in range(first, first + {BATCH})]
    values = [float(i) for i in range(first, first + {BATCH})]
    ingest_frame(con, pa.table({{"meter": ["m"] * {BATCH}, "ts": ts, "value": values}}), "b")
    print("ACK", batch, flush=True)
"""


def run_until_killed(directory: Path, start: int, rng: random.Random) -> list[int]:
    """Start a writer, let it acknowledge a few batches, SIGKILL it at a random moment."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory), str(start)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[int] = []
    assert child.stdout is not None
    while len(acknowledged) < 2:
        line = child.stdout.readline()
        assert line, "writer stopped early"
        acknowledged.append(int(line.split()[1]))
    time.sleep(rng.uniform(0.0, 0.3))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    acknowledged += [int(line.split()[1]) for line in child.stdout.read().splitlines()]
    return acknowledged


def test_sigkill_mid_batch_leaves_whole_batches_only(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    con = store.connect(directory)
    registry.register_places(con, load_scenario("aghali"))
    registry.add_meter(con, MeterSpec("m", "aghali", "house", MeterKind.GRID_IMPORT))
    con.close()
    rng = random.Random(7)
    acknowledged: list[int] = []
    start = 0
    for _ in range(3):
        acknowledged += run_until_killed(directory, start, rng)
        con = store.connect(directory)  # the restart: DuckDB replays its write-ahead log
        stored = con.execute(
            "SELECT CAST(value AS BIGINT) // ? AS batch, count(*) FROM readings "
            "GROUP BY 1 ORDER BY 1",
            [BATCH],
        ).fetchall()
        batches = con.execute("SELECT count(*) FROM batches").fetchone()
        hourly = con.execute("SELECT sum(kwh) FROM hourly").fetchone()
        con.close()
        assert all(count == BATCH for _, count in stored), f"a partial batch was stored: {stored}"
        complete = {batch for batch, _ in stored}
        assert set(acknowledged) <= complete, "an acknowledged batch was lost"
        assert complete - set(acknowledged) <= {max(complete)}  # committed, killed before its ack
        assert batches == (len(complete),)
        # hourly energy is consistent with the readings: one kWh per minute
        assert hourly is not None and hourly[0] == len(complete) * BATCH - 1
        start = max(complete) + 1
