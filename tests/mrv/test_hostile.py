"""Hostile input: absurd values, broken files, odd zones, spaced ids, formulas, busy stores."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from tests.mrv.conftest import add

from zerozone.mrv import store
from zerozone.mrv.corrections import CorrectionError, correct_reading, void_reading
from zerozone.mrv.ingest import ingest_file, ingest_json_batch
from zerozone.mrv.registry import Register, RegistryError
from zerozone.mrv.rejects import list_rejects, prune_rejects, write_rejects

T0 = dt.datetime(2026, 5, 4, 6, 0, tzinfo=dt.UTC)


def at(minutes: int) -> str:
    return (T0 + dt.timedelta(minutes=minutes)).isoformat()


def reasons(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> dict[int, str]:
    return {r.row_number: r.reason for r in ingest_json_batch(con, rows).rejects}


def test_physically_impossible_values_are_rejected_for_that_reason(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add(con, "reg")
    add(con, "small", max_register=1000.0)
    add(con, "int", register=Register.INTERVAL, interval_minutes=15.0, max_kw=40.0)
    found = reasons(
        con,
        [
            {"meter": "reg", "ts": at(0), "value": 1e30},
            {"meter": "reg", "ts": at(15), "value": "1e308", "unit": "MWh"},
            {"meter": "reg", "ts": at(30), "value": "1_000"},
            {"meter": "reg", "ts": at(45), "value": "999999999"},
            {"meter": "small", "ts": at(0), "value": 1000.5},
            {"meter": "int", "ts": at(0), "value": 10.0},  # 40 kW over 15 min: the limit
            {"meter": "int", "ts": at(15), "value": 10.5},
        ],
    )
    assert found == {
        1: "value above the register range of this meter (at most 1000000000.0 kWh)",
        2: "value above the register range of this meter (at most 1000000000.0 kWh)",
        3: "value is not a plain number (no digit separators: 1000, not 1_000)",
        5: "value above the register range of this meter (at most 1000.0 kWh)",
        7: "value above the maximum power of this meter (40.0 kW over its interval)",
    }
    with pytest.raises(RegistryError, match="max_kw must be positive"):
        add(con, "bad", max_kw=-1.0)


def test_a_csv_file_with_bad_lines_stores_the_good_ones(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    add(con, "m")
    path = tmp_path / "r.csv"
    path.write_bytes(
        b"meter,ts,value\n"
        + f"m,{at(0)},1\n".encode()
        + f"m\xe9,{at(15)},2\n".encode("latin-1")
        + f"m,{at(30)},3,extra\n".encode()
        + f"m,{at(45)}\n".encode()
        + f"m,{at(60)},5\n".encode()
        + f"zz,{at(75)},6\n".encode()
    )
    result = ingest_file(con, path)
    assert (result.received, result.new, result.rejected) == (6, 2, 4)
    assert {r.row_number: r.reason for r in result.rejects} == {
        3: "line has bytes that are not UTF-8 (save the file as UTF-8)",
        4: "line has more fields than the header",
        5: "line has fewer fields than the header",
        7: "unknown meter (register it first)",
    }
    semicolons = tmp_path / "s.csv"
    semicolons.write_text(f"meter;ts;value\nm;{at(90)};7\n")
    assert ingest_file(con, semicolons).new == 1


def test_zone_names_are_exact_and_offsets_real(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "m")
    found = reasons(
        con,
        [
            # 2026-10-25 02:30 happens twice in Berlin: refused whatever the case of the name
            {"meter": "m", "ts": "2026-10-25 02:30 europe/berlin", "value": 1.0},
            {"meter": "m", "ts": "2026-10-25 02:30 Europe/Berlin", "value": 1.0},
            {"meter": "m", "ts": "2026-05-04T06:00:00+14:59", "value": 1.0},
            {"meter": "m", "ts": "2026-05-04T06:00:00-12:30", "value": 1.0},
            {"meter": "m", "ts": "2026-05-04T06:00:00+14:00", "value": 1.0},
            {"meter": "m", "ts": "2026-05-04T06:00:00-12:00", "value": 2.0},
        ],
    )
    assert found == {
        1: "unknown time zone europe/berlin (IANA names are case-sensitive: Asia/Baku)",
        2: "local time is ambiguous in Europe/Berlin (clocks went back): give a UTC offset",
        3: "UTC offset out of range (-12:00 to +14:00)",
        4: "UTC offset out of range (-12:00 to +14:00)",
    }
    with pytest.raises(RegistryError, match="unknown time zone 'asia/baku'"):
        add(con, "tz", timezone="asia/baku")


def test_meter_ids_are_trimmed_the_same_everywhere(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "  spaced ")
    assert con.execute("SELECT meter_id FROM meters").fetchall() == [("spaced",)]
    result = ingest_json_batch(con, [{"meter": " spaced  ", "ts": at(0), "value": 1.0}])
    assert (result.new, result.rejected) == (1, 0)


def test_rejects_files_escape_formulas(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    hostile = ["=1+1", '=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "@SUM(A1)", "+1", "-1"]
    result = ingest_json_batch(
        con, [{"meter": text, "ts": at(0), "value": "\tx"} for text in hostile]
    )
    path = write_rejects(con, result.batch_id, tmp_path / "out" / "rejects.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == "row_number,meter,ts,value,reason"
    cells = [line.split(",")[1] for line in lines[1:]]
    assert all(cell.lstrip('"').startswith("'") for cell in cells), cells
    assert all(",'\t" in line for line in lines[1:])


def test_rejects_are_listed_and_pruned(con: duckdb.DuckDBPyConnection) -> None:
    old = ingest_json_batch(con, [{"meter": "nope", "ts": at(0), "value": 1}], label="old")
    ingest_json_batch(con, [{"meter": "nope", "ts": at(15), "value": 2}], label="mqtt:a/b")
    con.execute(
        "UPDATE batches SET received_at = now() - INTERVAL 100 day WHERE batch_id = ?",
        [old.batch_id],
    )
    assert len(list_rejects(con, source="mqtt")) == 1
    assert len(list_rejects(con, since=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))) == 1
    assert prune_rejects(con, 90) == 1
    assert len(list_rejects(con)) == 1


def test_a_reading_is_corrected_or_voided_with_an_audit_trail(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add(con, "m")
    add(con, "clean")
    values = [100.0 + slot for slot in range(12)]
    rows = [{"meter": "m", "ts": at(15 * s), "value": v} for s, v in enumerate(values)]
    ingest_json_batch(con, rows)
    ingest_json_batch(con, [{**row, "meter": "clean"} for row in rows if row["ts"] != at(45)])
    ingest_json_batch(con, [{"meter": "m", "ts": at(140), "value": 5000.0}])  # a wrong reading
    void_reading(con, "m", T0 + dt.timedelta(minutes=140), "register misread")
    void_reading(con, "m", T0 + dt.timedelta(minutes=45), "test")
    totals = con.execute(
        "SELECT meter_id, sum(kwh) FROM hourly JOIN meters USING (meter_key) GROUP BY ALL "
        "ORDER BY 1"
    ).fetchall()
    assert totals == [("clean", pytest.approx(11.0)), ("m", pytest.approx(11.0))]
    correct_reading(con, "m", T0 + dt.timedelta(minutes=165), 200.0, "typo", unit="kWh")
    audit = con.execute(
        "SELECT old_value, new_value, note FROM revisions ORDER BY new_batch_id"
    ).fetchall()
    assert audit == [
        (5000.0, None, "register misread"),
        (103.0, None, "test"),
        (111.0, 200.0, "typo"),
    ]
    with pytest.raises(CorrectionError, match="no reading"):
        void_reading(con, "m", T0 + dt.timedelta(minutes=45), "again")
    with pytest.raises(CorrectionError, match="value refused: value above the register"):
        correct_reading(con, "m", T0, 1e30, "absurd")


def test_a_waiting_writer_names_the_process_holding_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store.connect(folder).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from zerozone.mrv import store; "
            f"c = store.connect(__import__('pathlib').Path({str(folder)!r})); "
            "print('held', flush=True); time.sleep(float(sys.argv[1]))",
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(store.StoreBusyError, match=f"process {holder.pid} .*after waiting"):
            store.connect(folder, wait_seconds=0.3)
        started = time.monotonic()
        store.connect(folder, wait_seconds=30).close()  # the holder exits after 2 s
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()


def test_data_directory_problems_are_messages(tmp_path: Path) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(store.StoreLocationError, match="cannot use"):
        store.connect(afile)
    with pytest.raises(store.StoreLocationError):
        store.connect(Path("/proc/zerozone-store"))


def test_an_older_store_is_migrated_and_its_energy_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    con = store.connect(folder)
    from zerozone.data import load_scenario
    from zerozone.mrv import registry

    registry.register_places(con, load_scenario("aghali"))
    add(con, "m")
    ingest_json_batch(
        con,
        [{"meter": "m", "ts": at(15 * s), "value": v} for s, v in enumerate([1.0, 5.0, 3.0, 9.0])],
    )
    before = con.execute("SELECT * FROM hourly ORDER BY hour").fetchall()
    con.execute("DELETE FROM hourly; DELETE FROM marks; UPDATE schema_info SET version = 1")
    con.close()
    con = store.connect(folder)
    assert con.execute("SELECT * FROM hourly ORDER BY hour").fetchall() == before
    assert con.execute("SELECT version FROM schema_info").fetchall() == [(store.SCHEMA_VERSION,)]
    con.close()
