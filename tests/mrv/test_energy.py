"""Interval energy: resets, rollovers, gaps, estimates, local days across DST and time zones."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.mrv.energy import find_gaps, local_energy
from zerozone.mrv.ingest import ingest_json_batch
from zerozone.mrv.registry import Register

T0 = dt.datetime(2026, 5, 4, 6, 0, tzinfo=dt.UTC)


def series(
    meter: str, values: list[float], minutes: int = 15, start: dt.datetime = T0
) -> list[dict]:
    return [
        {"meter": meter, "ts": (start + dt.timedelta(minutes=minutes * i)).isoformat(), "value": v}
        for i, v in enumerate(values)
    ]


def hourly_total(con: duckdb.DuckDBPyConnection) -> tuple[float, float, float]:
    row = con.execute("SELECT sum(kwh), min(kwh), sum(estimated_kwh) FROM hourly").fetchone()
    assert row is not None
    return float(row[0] or 0.0), float(row[1] or 0.0), float(row[2] or 0.0)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.floats(0.0, 9.0, allow_nan=False), st.sampled_from(["", "", "", "reset", "gap"])
        ),
        min_size=1,
        max_size=40,
    ),
    start=st.floats(0.0, 999.0, allow_nan=False),
)
def test_registers_with_resets_and_rollovers_never_go_negative_and_conserve_energy(
    con: duckdb.DuckDBPyConnection, steps: list[tuple[float, str]], start: float
) -> None:
    """A register rolling over at 1,000 that resets to zero now and then: the energy of every
    interval is >= 0 and the total equals the true consumption.

    Resets are drawn where the rules can tell them from a rollover and a wrong reading (register
    between twice the largest step and the top tenth of its range, see :mod:`energy`)."""
    if not con.execute("SELECT 1 FROM meters WHERE meter_id = 'r'").fetchone():
        add(con, "r", rollover=1000.0)
    con.execute("DELETE FROM readings; DELETE FROM hourly; DELETE FROM events")
    register = round(start, 3)
    rows = series("r", [register])
    minute = 0
    consumed = 0.0
    for increment, fault in steps:
        increment = round(increment, 3)
        minute += 15 * (8 if fault == "gap" else 1)
        consumed += increment
        if fault == "reset" and 18.0 <= register < 900.0:
            register = increment
        else:
            register = round((register + increment) % 1000.0, 3)
        rows += series("r", [register], start=T0 + dt.timedelta(minutes=minute))
    ingest_json_batch(con, rows)
    total, smallest, _ = hourly_total(con)
    assert smallest >= 0.0
    assert total == pytest.approx(consumed, abs=1e-6 * len(steps) + 1e-9)


def test_reset_rollover_and_backward_step_are_events(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "r", rollover=100.0)
    ingest_json_batch(con, series("r", [97.0, 99.0, 1.0, 3.0, 1.0, 2.0, 1.9, 2.5]))
    events = con.execute("SELECT kind, kwh FROM events ORDER BY ts").fetchall()
    assert events == [("rollover", 2.0), ("reset", 1.0), ("backward", 0.0)]
    total, smallest, _ = hourly_total(con)
    # 2 + 2 + 2 (rollover) + 1 (reset) + 1 + 0 (backward) + 0.5 (from 2.0, not from 1.9)
    assert total == pytest.approx(8.5) and smallest >= 0


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.floats(0.0, 3.0, allow_nan=False), st.floats(0.0, 0.4, allow_nan=False)),
        min_size=2,
        max_size=60,
    ),
    split=st.integers(1, 60),
)
def test_wrong_readings_below_the_register_count_nothing_and_conserve_energy(
    con: duckdb.DuckDBPyConnection, steps: list[tuple[float, float]], split: int
) -> None:
    """A register that increases steadily but now and then reads low (several readings in a row,
    each up to 40 % below its true value): the energy counted is the true increase, whether the
    readings come in one batch or two (the second starting inside a run of wrong readings)."""
    if not con.execute("SELECT 1 FROM meters WHERE meter_id = 'w'").fetchone():
        add(con, "w")
    true = 50.0
    values = [true]
    for increment, drop in steps:
        true = round(true + increment, 3)
        values.append(round(true * (1.0 - drop), 3) if drop > 0.2 else true)
    values.append(round(true + 1.0, 3))
    rows = series("w", values)
    totals = []
    for batches in ([rows], [rows[:split], rows[split:]]):
        con.execute("DELETE FROM readings; DELETE FROM hourly; DELETE FROM events")
        for batch in batches:
            ingest_json_batch(con, batch)
        total, smallest, _ = hourly_total(con)
        assert smallest >= 0.0
        totals.append(total)
    assert totals[0] == pytest.approx(values[-1] - values[0], abs=1e-6)
    assert totals[1] == pytest.approx(totals[0], abs=1e-6)


def test_a_long_run_of_low_readings_split_across_batches_counts_from_the_high_mark(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Five hours of readings below the register's last good value, the second half in a later
    batch: the later batch's window starts inside the run and takes the reference (100 kWh)
    from the recorded backward step, so only the 30 kWh above it count."""
    add(con, "w")
    values = [99.0, 100.0] + [80.0 + 0.5 * i for i in range(20)] + [130.0]
    rows = series("w", values)
    ingest_json_batch(con, rows[:12])
    ingest_json_batch(con, rows[12:])
    total, smallest, _ = hourly_total(con)
    assert smallest >= 0.0 and total == pytest.approx(31.0)


def test_a_register_gap_is_spread_and_flagged_an_interval_gap_stays_missing(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add(con, "r")
    add(con, "i", register=Register.INTERVAL, interval_minutes=60)
    ingest_json_batch(
        con,
        series("r", [0.0, 1.0]) + series("r", [7.0], start=T0 + dt.timedelta(hours=6, minutes=15)),
    )
    ingest_json_batch(
        con,
        series("i", [1.0, 1.0], minutes=60) + series("i", [1.0], start=T0 + dt.timedelta(hours=5)),
    )
    hours = con.execute(
        "SELECT m.meter_id, h.hour, h.kwh, h.estimated_kwh FROM hourly h "
        "JOIN meters m USING (meter_key) ORDER BY 1, 2"
    ).fetchall()
    register = [(h, round(k, 9), round(e, 9)) for m, h, k, e in hours if m == "r"]
    # 1 kWh measured 06:00-06:15, then 6 kWh spread over 06:15-12:15: 1 kWh per hour
    assert [k for _, k, _ in register] == [1.75, 1.0, 1.0, 1.0, 1.0, 1.0, 0.25]
    assert [e for _, _, e in register] == [0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 0.25]
    interval = [(h, k) for m, h, k, _ in hours if m == "i"]
    assert len(interval) == 3 and sum(k for _, k in interval) == 3.0
    gaps = find_gaps(con).set_index("meter_id")
    assert gaps.loc["r", "treatment"] == "spread, estimated"
    assert gaps.loc["r", "missing_hours"] == pytest.approx(6.0)
    assert gaps.loc["i", "treatment"] == "missing"
    assert gaps.loc["i", "missing_hours"] == pytest.approx(3.0)


def test_days_follow_the_meter_time_zone_across_daylight_saving(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """1 kWh every hour in Berlin: the spring-forward day has 23 kWh, the fall-back day 25."""
    add(con, "berlin", timezone="Europe/Berlin")
    for day in (
        dt.datetime(2026, 3, 28, 23, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 24, 22, tzinfo=dt.UTC),
    ):
        start = day - dt.timedelta(hours=24)
        ingest_json_batch(con, series("berlin", [float(i) for i in range(24 * 3 + 1)], 60, start))
    days = local_energy(con, by="day").set_index("period")["kwh"]
    assert days[dt.datetime(2026, 3, 29)] == pytest.approx(23.0)
    assert days[dt.datetime(2026, 3, 28)] == pytest.approx(24.0)
    assert days[dt.datetime(2026, 10, 25)] == pytest.approx(25.0)


def test_baku_days_start_at_20_utc(con: duckdb.DuckDBPyConnection) -> None:
    """Asia/Baku is UTC+4: energy between 20:00 and 24:00 UTC belongs to the next local day."""
    add(con, "baku")
    start = dt.datetime(2026, 6, 30, 19, tzinfo=dt.UTC)
    ingest_json_batch(con, series("baku", [0.0, 1.0, 3.0, 6.0], 60, start))  # 1, 2, 3 kWh
    days = local_energy(con, by="day").set_index("period")["kwh"]
    assert days[dt.datetime(2026, 6, 30)] == pytest.approx(1.0)
    assert days[dt.datetime(2026, 7, 1)] == pytest.approx(5.0)
    months = local_energy(con, by="month").set_index("period")["kwh"]
    assert months[dt.datetime(2026, 6, 1)] == pytest.approx(1.0)
    assert months[dt.datetime(2026, 7, 1)] == pytest.approx(5.0)


def test_intervals_crossing_hours_are_split_by_overlap(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "r", interval_minutes=40)
    start = dt.datetime(2026, 6, 1, 0, 40, tzinfo=dt.UTC)
    ingest_json_batch(con, series("r", [0.0, 4.0, 8.0], 40, start))  # 00:40, 01:20, 02:00
    hours = [round(r[0], 9) for r in con.execute("SELECT kwh FROM hourly ORDER BY hour").fetchall()]
    assert hours == [2.0, 6.0]
