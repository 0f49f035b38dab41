"""The fast path of staging accepts only what the full validation accepts, with the same rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.mrv.fastpath import fast_rows, json_table, load_catalog
from zerozone.mrv.ingest import records_table
from zerozone.mrv.readings import stage_batch
from zerozone.mrv.registry import MeterKind, Register
from zerozone.mrv.units import Unit


@pytest.fixture
def meters(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    add(con, "m1")
    add(con, "m2", unit=Unit.WH)
    add(con, "g1", MeterKind.GAS, unit=Unit.M3)
    add(con, "i1", MeterKind.HEAT_PUMP, register=Register.INTERVAL, interval_minutes=15)
    return con


def full_path(con: duckdb.DuckDBPyConnection, table: pa.Table) -> tuple[int, list[Any]]:
    """(rows rejected, staged rows) of the full validation, nothing kept."""
    con.register("probe", table)
    con.execute("BEGIN TRANSACTION")
    try:
        staged = stage_batch(con, "probe", 1)
        rows = con.execute("SELECT meter_key, ts, value, estimated FROM staged").fetchall()
    finally:
        con.execute("ROLLBACK")
        con.unregister("probe")
    return staged.rejected, sorted(rows)


def fast_path(con: duckdb.DuckDBPyConnection, table: pa.Table) -> list[Any] | None:
    rows = fast_rows(table, load_catalog(con))
    if rows is None:
        return None
    return sorted(tuple(r.values()) for r in rows.to_pylist())


CLEAN = [
    {"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10},
    {"meter": "m2", "ts": "2026-01-01T00:15:00+04:00", "value": 2500.5, "unit": "Wh"},
    {"meter": "i1", "ts": "2026-01-01T00:15:00.250-03:30", "value": 1, "estimated": True},
    {"meter": "g1", "ts": "2026-01-01T00:30:00Z", "value": 3, "unit": "kWh"},
]


def test_a_clean_batch_takes_the_fast_path_with_the_rows_of_the_full_one(
    meters: duckdb.DuckDBPyConnection,
) -> None:
    for table in (records_table(CLEAN), json_table(CLEAN)):
        assert table is not None
        fast = fast_path(meters, table)
        assert fast is not None and len(fast) == len(CLEAN)
        assert full_path(meters, table) == (0, fast)


@pytest.mark.parametrize(
    "odd",
    [
        {"meter": "zz", "ts": "2026-01-01T00:00:00Z", "value": 1},  # unknown meter
        {"meter": " m1", "ts": "2026-01-01T01:00:00Z", "value": 1},  # spaces: trimmed there
        {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": -1},
        {"meter": "m1", "ts": "2026-01-01T01:00:00+14:30", "value": 1},
        {"meter": "m1", "ts": "2026-01-01T01:00:00 Asia/Baku", "value": 1},
        {"meter": "m1", "ts": "2026-01-01T01:00:00", "value": 1},
        {"meter": "m1", "ts": "1999-12-31T23:00:00Z", "value": 1},
        {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": "1_000"},
        {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 1, "unit": "m3"},
        {"meter": "g1", "ts": "2026-01-01T01:00:00Z", "value": 1},  # m3: calorific value
        {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 2e12},  # above the register
        {"meter": "i1", "ts": "2026-01-01T01:00:00Z", "value": 1e6},  # above the power
        {"meter": "m1", "ts": "2026-01-01T00:00:00Z", "value": 10},  # a repeated row
        {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 1, "estimated": "maybe"},
    ],
)
def test_a_batch_with_one_odd_row_takes_the_full_path(
    meters: duckdb.DuckDBPyConnection, odd: dict[str, Any]
) -> None:
    rows = [*CLEAN, odd]
    assert fast_path(meters, records_table(rows)) is None
    typed = json_table(rows)
    assert typed is None or fast_path(meters, typed) is None


def test_json_readings_of_another_shape_are_read_field_by_field() -> None:
    assert (
        json_table([*CLEAN, {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": 1, "x": 1}])
        is None
    )
    assert (
        json_table([*CLEAN, {"meter": "m1", "ts": "2026-01-01T01:00:00Z", "value": True}]) is None
    )
    assert json_table([*CLEAN, {"meter": 7, "ts": "2026-01-01T01:00:00Z", "value": 1}]) is None
    assert json_table([*CLEAN, [1, 2]]) is None
    assert json_table([]) is None and json_table({"meter": "m1"}) is None


def test_a_reading_far_in_the_future_takes_the_full_path(
    meters: duckdb.DuckDBPyConnection,
) -> None:
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fast_path(meters, records_table([{"meter": "m1", "ts": later, "value": 1}])) is None


def test_typed_columns_of_a_parquet_file(meters: duckdb.DuckDBPyConnection) -> None:
    instants = pa.array([dt.datetime(2026, 1, 1, tzinfo=dt.UTC)] * 2, pa.timestamp("ms", "UTC"))
    table = pa.table({"meter": ["m1", "m2"], "ts": instants, "value": pa.array([1, 2])})
    fast = fast_path(meters, table)
    assert fast is not None and full_path(meters, table) == (0, fast)
    naive = table.set_column(1, "ts", instants.cast(pa.timestamp("ms")))
    assert fast_path(meters, naive) is None


# mostly clean rows (the fast path must be taken often), some odd ones of every kind
METERS = st.sampled_from(["m1", "m2", "i1"] * 4 + ["g1", "zz", " m1"])
TIMES = st.builds(
    lambda day, minute, zone: f"2026-03-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00{zone}",
    st.integers(1, 31),
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(
        ["Z", "+04:00", "-12:00", "+14:00"] * 4 + ["+14:30", "+0400", " Europe/Berlin", ""]
    ),
)
VALUES = st.one_of(
    st.floats(0, 1e5),
    st.integers(0, 10**5),
    st.floats(0, 1e5).map(repr),
    st.floats(-10, 1e13, allow_nan=False),
    st.integers(-5, 10**12),
    st.sampled_from(["12", "1e3", "1_000", "nan", " 7", ".5"]),
)
ROWS = st.fixed_dictionaries(
    {"meter": METERS, "ts": TIMES, "value": VALUES},
    optional={
        "unit": st.sampled_from([None, "kWh", "Wh", "MWh", "KWH", "m3", " kwh", ""]),
        "estimated": st.sampled_from([None, True, False, True, False, "true", "no"]),
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROWS, min_size=1, max_size=6))
def test_the_fast_path_never_accepts_what_the_full_path_would_not(
    meters: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]
) -> None:
    for table in (records_table(rows), json_table(rows)):
        if table is None:
            continue
        fast = fast_path(meters, table)
        if fast is not None:
            assert full_path(meters, table) == (0, fast)
