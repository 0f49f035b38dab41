"""The meter simulator and actual versus plan, end to end through the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from zerozone.data.schema import Scenario
from zerozone.mrv import registry
from zerozone.mrv.ingest import ingest_frame, ingest_json_batch
from zerozone.mrv.registry import MeterKind, MeterSpec
from zerozone.mrv.simulate import Faults, simulate
from zerozone.mrv.status import compare
from zerozone.results.run_directory import read_run

START = dt.date(2026, 1, 10)


def test_simulation_is_reproducible_and_has_the_faults(aghali: Scenario) -> None:
    first = simulate(aghali, "Aghali", start=START, days=3, households=20, seed=3)
    again = simulate(aghali, "aghali", start=START, days=3, households=20, seed=3)
    assert first.readings.equals(again.readings) and first.late.equals(again.late)
    frame = first.readings
    assert frame["ts"].dt.tz is not None
    assert frame.duplicated(["meter", "ts"]).any()
    assert frame["estimated"].any()
    assert not first.late.empty and first.late["ts"].min() < frame["ts"].max()
    assert set(frame["unit"]) == {"kWh", "Wh", "m3"}
    kinds = {m.kind for m in first.meters}
    assert kinds == {
        MeterKind.GRID_IMPORT,
        MeterKind.GRID_EXPORT,
        MeterKind.PV_GENERATION,
        MeterKind.EV_CHARGER,
        MeterKind.GAS,
    }
    with pytest.raises(ValueError, match="not in scenario"):
        simulate(aghali, "Atlantis", start=START, days=1)


def test_simulate_ingest_status_end_to_end(
    con: duckdb.DuckDBPyConnection, aghali: Scenario, aghali_run: Path
) -> None:
    faults = Faults(reset_share=0.2, rollover_share=0.2, gap_share=0.2)
    sim = simulate(aghali, "aghali", start=START, days=4, households=25, seed=1, faults=faults)
    registry.add_meters(con, sim.meters)
    main = ingest_frame(con, sim.readings, "sim")
    late = ingest_frame(con, sim.late, "late")
    assert main.rejected == 0 and late.rejected == 0 and late.revised > 0
    assert con.execute("SELECT min(kwh) FROM hourly").fetchall()[0][0] >= 0
    assert {k for (k,) in con.execute("SELECT DISTINCT kind FROM events").fetchall()} & {
        "reset",
        "rollover",
    }
    run = read_run(aghali_run)
    rows = compare(con, run)
    assert [r.level for r in rows] == ["zone", "settlement"]
    place = rows[1]
    assert place.on_track is not None and place.plan_mwh > 0 and place.plan_t > 0
    # the simulator follows the scenario's demand; the plan heats a third with heat pumps in 2025
    # where the simulated village burns gas: same order of magnitude, more energy and emissions
    assert 0.8 < place.actual_mwh / place.plan_mwh < 1.5
    assert place.start is not None and place.end is not None
    assert (place.end - place.start).total_seconds() == pytest.approx(4 * 24 * 3600, abs=3600)
    # a big gas consumer pushes the village off track, by the gas it burnt
    registry.add_meter(con, MeterSpec("boiler", "aghali", "bakery", MeterKind.GAS))
    t = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)
    ingest_json_batch(
        con,
        [
            {"meter": "boiler", "ts": t.isoformat(), "value": 0},
            {"meter": "boiler", "ts": (t + dt.timedelta(hours=1)).isoformat(), "value": 500_000},
        ],
    )
    worse = compare(con, run)[1]
    assert worse.on_track is False
    assert worse.gap_mwh == pytest.approx(place.gap_mwh + 500.0, rel=1e-6)
    assert worse.gap_t - place.gap_t == pytest.approx(500.0 * 0.20196, rel=1e-3)


def test_a_settlement_whose_zone_the_plan_does_not_model_is_reported_not_compared(
    con: duckdb.DuckDBPyConnection, aghali: Scenario, two_zones: dict[str, Any], tmp_path: Path
) -> None:
    """A plan of other zones leaves the settlement uncompared, with its measured emissions."""
    from zerozone.model.pipeline import run_plan
    from zerozone.mrv.factors import AnnualFactor
    from zerozone.mrv.gpc import build_inventory

    other = tmp_path / "other-zones"
    run_plan(Scenario.model_validate(two_zones), resolution="days:2", out=other)
    sim = simulate(aghali, "aghali", start=START, days=2, households=5, seed=2)
    registry.add_meters(con, sim.meters)
    ingest_frame(con, sim.readings, "sim")
    rows = compare(con, read_run(other))
    assert [(r.level, r.place_id, r.on_track) for r in rows] == [("settlement", "aghali", None)]
    (row,) = rows
    assert row.plan_mwh == 0.0 and row.actual_mwh > 0
    assert "zone not in the plan's scenario" in row.note
    expected = build_inventory(
        con, 2026, AnnualFactor(), settlement="aghali", start=row.start, end=row.end
    )
    assert row.actual_t == pytest.approx(float(expected.rows["t_co2"].sum()), rel=1e-12)
    assert row.actual_t > 0
