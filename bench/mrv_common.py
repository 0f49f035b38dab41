"""Shared pieces of the MRV benchmarks: a store with N meters, synthetic register readings.

Not a benchmark itself (the ``mrv_*.py`` scripts are). Registers grow by a random 0-0.5 kWh every
15 minutes, one meter per site of the bundled settlement Aghali (default scenario).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from zerozone.data import load_scenario
from zerozone.mrv import registry, store
from zerozone.mrv.registry import MeterKind, MeterSpec

STEP = pd.Timedelta(minutes=15)
START = pd.Timestamp("2025-01-01", tz="Asia/Baku").tz_convert("UTC")


def meter_ids(meters: int) -> list[str]:
    return [f"bench-{i:05d}" for i in range(meters)]


KINDS = (MeterKind.GRID_IMPORT, MeterKind.GRID_EXPORT, MeterKind.PV_GENERATION, MeterKind.GAS)
"""Meter kinds of a house, in turn, with ``mixed=True``."""


def new_store(
    meters: int, threads: int, directory: Path | None = None, *, mixed: bool = False
) -> duckdb.DuckDBPyConnection:
    """A fresh store (temporary directory unless given) with ``meters`` registers: all grid
    import, or with ``mixed`` houses of four meters (import, export, PV, gas in kWh)."""
    folder = directory or Path(tempfile.mkdtemp(prefix="zerozone-bench-"))
    con = store.connect(folder, threads=threads)
    registry.register_places(con, load_scenario("default"))
    specs = [
        MeterSpec(
            m,
            "aghali",
            f"bench-site-{i // 4:05d}",
            KINDS[i % 4] if mixed else MeterKind.GRID_IMPORT,
        )
        for i, m in enumerate(meter_ids(meters))
    ]
    registry.add_meters(con, specs)
    return con


def readings(meters: int, first_step: int, steps: int, seed: int = 0) -> pa.Table:
    """Register readings of every meter for ``steps`` quarter hours from ``first_step``.

    Rows are in time order (all meters at one instant, then the next), as a head-end system
    exports them. Values are consistent across calls: step k of a meter always has the same
    reading.
    """
    rng = np.random.default_rng(seed)
    per_step = rng.uniform(0.0, 0.5, size=meters)  # the same mean rate every call
    index = np.arange(first_step, first_step + steps)
    values = np.outer(index, per_step) + np.arange(meters) * 100.0
    times = pd.DatetimeIndex([START]).repeat(len(index)) + pd.to_timedelta(index * 15, unit="min")
    return pa.table(
        {
            "meter": pa.array(np.tile(np.array(meter_ids(meters), dtype=object), steps)),
            "ts": pa.array(np.repeat(times.tz_convert(None).to_numpy(), meters)).cast(
                pa.timestamp("us", tz="UTC")
            ),
            "value": pa.array(values.ravel()),
        }
    )


def write_parquet(table: pa.Table, path: Path) -> Path:
    pq.write_table(table, path)
    return path


def median(values: list[float]) -> float:
    return statistics.median(values)
