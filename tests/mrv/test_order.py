"""Register energy is a function of the stored readings alone, never of their batches or order.

The property test draws register series with backward steps, resets, rollovers, spikes, gaps and
estimates; splits their readings into batches in an arbitrary order, with duplicates, wrong
values corrected by later batches and resends; and checks that the hourly energy, its estimated
part and the events equal those of the final readings stored in one batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mrv.conftest import add

from zerozone.mrv.ingest import ingest_json_batch

T0 = dt.datetime(2026, 5, 4, 6, 0, tzinfo=dt.UTC)
ROLLOVER = 1000.0
EXAMPLES = 60
"""Examples of the property test (each a few batches into a real store)."""

METERS = 25
"""Independent register series per example: EXAMPLES x METERS series in all."""


@dataclass(frozen=True)
class Reading:
    slot: int
    value: float
    estimated: bool

    def row(self, meter: str) -> dict[str, object]:
        ts = T0 + dt.timedelta(minutes=15 * self.slot)
        return {
            "meter": meter,
            "ts": ts.isoformat(),
            "value": self.value,
            "estimated": self.estimated,
        }


MOVES = st.sampled_from(["rise", "rise", "rise", "back", "reset", "roll", "spike", "gap", "flat"])


@st.composite
def register_series(draw: st.DrawFn) -> list[Reading]:
    """A register's final readings: rises, backward steps, resets, rollovers, spikes, gaps."""
    value = round(draw(st.floats(0.0, 990.0)), 3)
    slot = 0
    readings = [Reading(slot, value, draw(st.booleans()))]
    for move in draw(st.lists(MOVES, min_size=1, max_size=16)):
        slot += draw(st.integers(5, 30)) if move == "gap" else 1
        amount = round(draw(st.floats(0.0, 40.0)), 3)
        if move == "back":
            value = max(0.0, round(value - amount, 3))
        elif move == "reset":
            value = round(amount / 4, 3)
        elif move == "roll":
            value = round(amount / 8, 3)
        elif move == "spike":
            value = round(value + 300.0 + 10 * amount, 3)
        elif move != "flat":
            value = round(value + amount, 3)
        readings.append(Reading(slot, min(value, ROLLOVER - 0.001), draw(st.booleans())))
        value = readings[-1].value
    return readings


@st.composite
def arrivals(draw: st.DrawFn) -> tuple[list[Reading], list[list[Reading]]]:
    """Final readings and the batches (in arrival order) that deliver them."""
    final = draw(register_series())
    batches: list[list[Reading]] = [[] for _ in range(draw(st.integers(1, 6)))]
    for reading in final:
        wrong = draw(st.lists(st.floats(0.0, 999.0), max_size=2))
        # an estimate never replaces a measured value: wrong versions of an estimate are estimates
        versions = [
            Reading(reading.slot, round(v, 3), reading.estimated or draw(st.booleans()))
            for v in wrong
        ]
        versions = [*versions, reading][-len(batches) :]
        places = sorted(
            draw(
                st.lists(
                    st.integers(0, len(batches) - 1),
                    min_size=len(versions),
                    max_size=len(versions),
                    unique=True,
                )
            )
        )
        for version, place in zip(versions, places, strict=True):
            batches[place].append(version)
        for extra in draw(st.lists(st.integers(places[-1], len(batches) - 1), max_size=2)):
            batches[extra].append(reading)  # resends of the final value, in or after its batch
    for batch in batches:
        order = draw(st.permutations(range(len(batch))))
        batch[:] = [batch[i] for i in order]
    return final, batches


def _state(con: duckdb.DuckDBPyConnection, meter: str) -> tuple[list[tuple], list[tuple]]:
    hours = con.execute(
        "SELECT hour, round(kwh, 6), round(estimated_kwh, 6) FROM hourly JOIN meters "
        "USING (meter_key) WHERE meter_id = ? AND (abs(kwh) > 1e-9 OR estimated_kwh > 1e-9) "
        "ORDER BY hour",
        [meter],
    ).fetchall()
    events = con.execute(
        "SELECT ts, e.kind, round(previous_value, 6), round(value, 6), round(kwh, 6) FROM events e "
        "JOIN meters USING (meter_key) WHERE meter_id = ? ORDER BY ts, e.kind",
        [meter],
    ).fetchall()
    return hours, events


def _clear(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("readings", "hourly", "events", "marks", "revisions", "rejects"):
        con.execute(f"DELETE FROM {table}")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(cases=st.lists(arrivals(), min_size=METERS, max_size=METERS))
def test_energy_and_events_do_not_depend_on_batches_or_their_order(
    con: duckdb.DuckDBPyConnection, cases: list[tuple[list[Reading], list[list[Reading]]]]
) -> None:
    """Each example checks :data:`METERS` independent registers at once (their batches merged),
    so that thousands of series run in a few hundred store transactions."""
    if not con.execute("SELECT 1 FROM meters WHERE meter_id = 'once-0'").fetchone():
        for k in range(METERS):
            add(con, f"once-{k}", rollover=ROLLOVER)
            add(con, f"split-{k}", rollover=ROLLOVER)
    _clear(con)
    ingest_json_batch(
        con, [r.row(f"once-{k}") for k, (final, _) in enumerate(cases) for r in final]
    )
    for b in range(max(len(batches) for _, batches in cases)):
        rows = [
            r.row(f"split-{k}")
            for k, (_, batches) in enumerate(cases)
            if b < len(batches)
            for r in batches[b]
        ]
        if rows:
            assert ingest_json_batch(con, rows).rejected == 0
    for k in range(METERS):
        assert _state(con, f"split-{k}") == _state(con, f"once-{k}"), f"series {k}"


def _total(con: duckdb.DuckDBPyConnection, meter: str) -> float:
    row = con.execute(
        "SELECT sum(kwh) FROM hourly JOIN meters USING (meter_key) WHERE meter_id = ?", [meter]
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else 0.0


def _rows(meter: str, values: dict[int, float]) -> list[dict[str, object]]:
    return [Reading(slot, value, False).row(meter) for slot, value in values.items()]


@pytest.mark.parametrize("rollover", [None, 100.0])
def test_late_reading_after_backward_step_and_reset_gives_the_same_energy(
    con: duckdb.DuckDBPyConnection, rollover: float | None
) -> None:
    """Issue reproduction (a): a backward step, later a reset (or a rollover); the reading after
    the reset arriving late used to take the mark of the old backward step."""
    head = (
        [100.0, 200.0, 150.0, 300.0, 400.0] if rollover is None else [70.0, 80.0, 75.0, 95.0, 99.0]
    )
    values = dict(enumerate(head))  # a backward step at slot 2, then a reset or rollover at 5
    values.update({slot: 1.0 + 0.5 * (slot - 5) for slot in range(5, 21)})
    add(con, "once", rollover=rollover)
    add(con, "late", rollover=rollover)
    ingest_json_batch(con, _rows("once", values))
    late = {16: values[16]}  # its window starts after the reset, far from the backward step
    ingest_json_batch(con, _rows("late", {k: v for k, v in values.items() if k not in late}))
    ingest_json_batch(con, _rows("late", late))
    assert _total(con, "late") == pytest.approx(_total(con, "once"))
    assert _state(con, "late") == _state(con, "once")


def test_late_high_reading_and_its_correction_rebuild_every_hour_they_change(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Issue reproduction (b): a high reading arriving late holds the energy at zero until the
    register passes it, hours beyond the old window included; its correction restores the
    energy, and the estimated flag follows the reading finally stored."""
    add(con, "once")
    add(con, "late")
    values = {slot: 100.0 + 2.0 * slot for slot in range(40)}
    ingest_json_batch(con, _rows("once", values))
    ingest_json_batch(con, _rows("late", {k: v for k, v in values.items() if k != 3}))
    spike = Reading(3, 160.0, True).row("late")
    ingest_json_batch(con, [spike])
    # the register (108 at slot 4) passes 160 only at slot 31 (13:45): no energy from 07:00
    # to 13:00, and the total is conserved
    assert _total(con, "late") == pytest.approx(78.0)
    held = con.execute(
        "SELECT count(*), sum(kwh) FROM hourly JOIN meters USING (meter_key) "
        "WHERE meter_id = 'late' AND hour >= ? AND hour < ?",
        [T0 + dt.timedelta(hours=1), T0 + dt.timedelta(hours=7)],
    ).fetchone()
    assert held == (6, 0.0)
    assert _state(con, "late") != _state(con, "once")
    row = con.execute("SELECT sum(estimated_kwh) FROM hourly").fetchone()
    assert row is not None and row[0] > 0.0
    ingest_json_batch(con, [Reading(3, 106.0, False).row("late")])
    assert _state(con, "late") == _state(con, "once")
    row = con.execute("SELECT sum(estimated_kwh) FROM hourly").fetchone()
    assert row is not None and row[0] == pytest.approx(0.0)
