"""Ingest: keys, duplicates, revisions, rejects, late readings, one transaction per batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.mrv.ingest import ingest_file, ingest_frame, ingest_json_batch
from zerozone.mrv.readings import InputFormatError
from zerozone.mrv.registry import MeterKind, Register
from zerozone.mrv.units import Unit

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def reading(meter: str, minutes: int, value: float, **extra: object) -> dict[str, object]:
    return {
        "meter": meter,
        "ts": (T0 + dt.timedelta(minutes=minutes)).isoformat(),
        "value": value,
        **extra,
    }


def state(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Readings, hourly energy (rounded) and events, without batch ids."""
    readings = con.execute(
        "SELECT meter_key, ts, value, estimated FROM readings ORDER BY ALL"
    ).fetchall()
    hourly = con.execute(
        "SELECT meter_key, hour, round(kwh, 9), round(estimated_kwh, 9) FROM hourly "
        "WHERE abs(kwh) > 1e-12 ORDER BY ALL"
    ).fetchall()
    events = con.execute(
        "SELECT meter_key, ts, kind, round(kwh, 9) FROM events ORDER BY ALL"
    ).fetchall()
    return readings, hourly, events


REGISTER = st.lists(st.floats(0.0, 5.0, allow_nan=False), min_size=2, max_size=25)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    increments=REGISTER,
    skip=st.sets(st.integers(0, 24), max_size=6),
    order=st.randoms(use_true_random=False),
    splits=st.lists(st.integers(1, 30), min_size=1, max_size=4),
    duplicates=st.lists(st.integers(0, 24), max_size=8),
)
def test_any_permutation_or_duplication_gives_the_same_state(
    con: duckdb.DuckDBPyConnection,
    increments: list[float],
    skip: set[int],
    order: object,
    splits: list[int],
    duplicates: list[int],
) -> None:
    if "reg" not in {r[0] for r in con.execute("SELECT meter_id FROM meters").fetchall()}:
        add(con, "reg", rollover=100.0)
        add(con, "int", register=Register.INTERVAL, interval_minutes=15)
    con.execute(
        "DELETE FROM readings; DELETE FROM hourly; DELETE FROM events; DELETE FROM revisions"
    )
    total = 90.0
    rows = []
    for i, step in enumerate(increments):
        total = (total + step) % 100.0
        if i not in skip:
            rows.append(reading("reg", 20 * i, round(total, 6)))
            rows.append(reading("int", 15 * i, step))
    ingest_json_batch(con, rows)
    reference = state(con)
    con.execute("DELETE FROM readings; DELETE FROM hourly; DELETE FROM events")
    shuffled = rows + [rows[i % len(rows)] for i in duplicates if rows]
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    start = 0
    for size in [*splits, len(shuffled)]:
        if start < len(shuffled):
            ingest_json_batch(con, shuffled[start : start + size])
            start += size
    assert state(con) == reference
    assert con.execute("SELECT count(*) FROM revisions").fetchone() == (0,)


def test_resending_changes_nothing_and_a_new_value_is_audited(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add(con, "m")
    rows = [reading("m", 15 * i, 10.0 + i) for i in range(8)]
    first = ingest_json_batch(con, rows + rows[:3])
    assert (first.new, first.unchanged, first.revised, first.duplicates) == (8, 0, 0, 3)
    assert first.received == 11
    before = state(con)
    again = ingest_json_batch(con, rows)
    assert (again.new, again.unchanged, again.revised, again.meter_hours) == (0, 8, 0, 0)
    assert state(con) == before
    fixed = ingest_json_batch(con, [reading("m", 30, 12.5)])
    assert fixed.revised == 1
    audit = con.execute(
        "SELECT old_value, new_value, old_batch_id, new_batch_id FROM revisions"
    ).fetchall()
    assert audit == [(12.0, 12.5, first.batch_id, fixed.batch_id)]
    total = con.execute("SELECT sum(kwh) FROM hourly").fetchone()
    assert total is not None and total[0] == pytest.approx(7.0)


def test_an_estimate_never_replaces_a_measured_value(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "m")
    ingest_json_batch(con, [reading("m", 0, 1.0), reading("m", 15, 2.0, estimated=True)])
    corrected = ingest_json_batch(con, [reading("m", 15, 2.5)])
    assert corrected.revised == 1
    late_estimate = ingest_json_batch(con, [reading("m", 15, 2.2, estimated=True)])
    assert (late_estimate.revised, late_estimate.unchanged) == (0, 1)
    assert con.execute("SELECT value, estimated FROM readings WHERE ts > ?", [T0]).fetchall() == [
        (2.5, False)
    ]
    # in one batch too: the measured value is stored, the estimate beside it dropped (either order)
    both = ingest_json_batch(
        con, [reading("m", 30, 3.1, estimated=True), reading("m", 30, 3.0), reading("m", 45, 3.5)]
    )
    assert (both.new, both.rejected, both.duplicates) == (2, 0, 1)
    assert con.execute("SELECT value, estimated FROM readings ORDER BY ts").fetchall()[2:] == [
        (3.0, False),
        (3.5, False),
    ]


def test_malformed_rows_are_rejected_with_a_reason_and_the_valid_rows_stored(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add(con, "m")
    add(con, "g", MeterKind.GAS, unit=Unit.M3, interval_minutes=60)
    rows = [
        reading("m", 0, 1.0),
        reading("nobody", 0, 1.0),
        {"meter": "m", "ts": "2026-03-01T00:15:00", "value": 2.0},
        {"meter": "m", "ts": "yesterday", "value": 2.0},
        {"meter": "m", "ts": "2126-03-01T00:15:00Z", "value": 2.0},
        reading("m", 30, "lots"),
        reading("m", 45, -1.0),
        reading("m", 60, "nan"),
        reading("m", 75, 3.0, unit="gallons"),
        reading("m", 90, 3.0, unit="m3"),
        reading("m", 105, 4.0),
        reading("m", 105, 4.5),
        {"meter": "m", "ts": T0.isoformat()},
        "not an object",
        reading("g", 0, 1.0),
        reading("g", 60, 1500.0, unit="Wh"),
        reading("m", 120, 5000.0, unit="Wh"),
        reading("m", 135, 6.0, estimated="maybe"),
        {"meter": "m", "ts": "1970-01-01T00:00:00Z", "value": 6.0},
        {"meter": "m", "ts": "2026-03-01T03:00:00+99:99", "value": 6.0},
    ]
    result = ingest_json_batch(con, rows)
    reasons = {r.row_number: r.reason for r in result.rejects}
    assert reasons == {
        2: "unknown meter (register it first)",
        3: "time has no UTC offset (write Z or +04:00)",
        4: "unreadable time",
        5: "time is in the future",
        6: "value is not a number",
        7: "negative value",
        8: "value is not finite",
        9: "unknown unit (use Wh, kWh, MWh or m3)",
        10: "unit m3 is for gas meters only",
        11: "contradicts another row of this batch (same meter and time)",
        12: "contradicts another row of this batch (same meter and time)",
        13: "missing value",
        14: "reading is not a JSON object",
        18: "estimated is not true or false",
        19: "time before 2000 (meter clock reset?)",
        20: "UTC offset out of range (-12:00 to +14:00)",
    }
    assert result.new == 4 and result.rejected == 16
    stored = [row[0] for row in con.execute("SELECT value FROM readings ORDER BY value").fetchall()]
    assert stored == pytest.approx([1.0, 1.5, 5.0, 9.444])
    kept = con.execute(
        "SELECT count(*) FROM rejects WHERE batch_id = ?", [result.batch_id]
    ).fetchone()
    assert kept == (16,)


def test_local_times_in_a_daylight_saving_fold_or_gap_are_rejected(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A local time with an IANA zone is stored only when it names one instant: 02:30 on the
    night clocks go back is two instants, 02:30 on the night they go forward none."""
    add(con, "m")
    rows = [
        {"meter": "m", "ts": "2026-10-25 02:30 Europe/Berlin", "value": 1.0},  # fold
        {"meter": "m", "ts": "2026-03-29 02:30 Europe/Berlin", "value": 2.0},  # gap
        {"meter": "m", "ts": "2026-10-25 01:30 Europe/Berlin", "value": 3.0},  # CEST, once
        {"meter": "m", "ts": "2026-10-25 03:30 Europe/Berlin", "value": 4.0},  # CET, once
        {"meter": "m", "ts": "2026-03-01 12:00 America/Argentina/Buenos_Aires", "value": 5.0},
        {"meter": "m", "ts": "2026-03-02 12:00 Nowhere/Land", "value": 6.0},
    ]
    result = ingest_json_batch(con, rows)
    reasons = {r.row_number: r.reason for r in result.rejects}
    assert reasons == {
        1: "local time is ambiguous in Europe/Berlin (clocks went back): give a UTC offset",
        2: "local time does not exist in Europe/Berlin (clocks went forward)",
        6: "unknown time zone Nowhere/Land (IANA names are case-sensitive: Asia/Baku)",
    }
    stored = con.execute("SELECT ts, value FROM readings ORDER BY value").fetchall()
    assert stored == [
        (dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC), 3.0),
        (dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.UTC), 4.0),
        (dt.datetime(2026, 3, 1, 15, 0, tzinfo=dt.UTC), 5.0),
    ]


def test_a_batch_that_fails_midway_stores_nothing(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "m")
    with pytest.raises(InputFormatError):
        ingest_json_batch(con, "{not json")
    with pytest.raises(InputFormatError):
        ingest_frame(con, pd.DataFrame({"meter": ["m"], "value": [1.0]}), "frame")
    assert con.execute("SELECT count(*) FROM readings").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM batches").fetchone() == (0,)


def test_late_readings_recompute_only_what_they_touch(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "m")
    values = [float(i) * 0.7 for i in range(200)]
    everything = [reading("m", 15 * i, v) for i, v in enumerate(values)]
    ingest_json_batch(con, everything)
    reference = state(con)
    con.execute("DELETE FROM readings; DELETE FROM hourly")
    held_back = {50, 51, 52, 120}
    ingest_json_batch(con, [r for i, r in enumerate(everything) if i not in held_back])
    late = ingest_json_batch(con, [everything[i] for i in sorted(held_back, reverse=True)])
    # one window per meter: from the hour of the reading before the first late one to the hour
    # of the last (slots 49 to 121: 19 hours), not the meter's 50 hours
    assert late.new == 4 and late.meter_hours == 19
    assert state(con) == reference


def test_files_csv_and_parquet(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    add(con, "m")
    frame = pd.DataFrame(
        {
            "meter": ["m"] * 4,
            "ts": pd.date_range("2026-03-01", periods=4, freq="15min", tz="Asia/Baku"),
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    frame.to_parquet(tmp_path / "r.parquet")
    assert ingest_file(con, tmp_path / "r.parquet").new == 4
    csv = tmp_path / "r.csv"
    csv.write_text("meter,ts,value,unit\nm,2026-03-01T01:00:00+04:00,5000,Wh\nm,oops,1,kWh\n")
    result = ingest_file(con, csv)
    assert (result.new, result.rejected) == (1, 1)
    naive = frame.assign(ts=frame["ts"].dt.tz_localize(None))
    naive.to_parquet(tmp_path / "naive.parquet")
    refused = ingest_file(con, tmp_path / "naive.parquet")
    assert refused.rejected == 4
    assert refused.rejects[0].reason == "time has no UTC offset (naive timestamp)"
    with pytest.raises(InputFormatError, match="no such file"):
        ingest_file(con, tmp_path / "missing.csv")
    with pytest.raises(InputFormatError, match="missing column"):
        (tmp_path / "bad.csv").write_text("meter,when,value\nm,x,1\n")
        ingest_file(con, tmp_path / "bad.csv")
