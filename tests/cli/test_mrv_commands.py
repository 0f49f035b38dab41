"""``zerozone mrv`` run as a user would: simulate, ingest, status, inventory, meters, listen."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from tests.mrv.conftest import aghali, aghali_run, broker  # noqa: F401 - shared fixtures
from tests.mrv.test_mqtt import publish
from typer.testing import CliRunner

from zerozone.cli.app import app


@dataclass
class Outcome:
    """Exit code and output of one command."""

    returncode: int
    stdout: str
    stderr: str


def mrv(data: Path, *args: str) -> Outcome:
    """``zerozone mrv --data-dir DATA ARGS``, in this process (Typer's runner: fast)."""
    result = CliRunner().invoke(app, ["mrv", "--data-dir", str(data), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def command(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``zerozone mrv --data-dir DATA ARGS`` in a subprocess, as from a shell."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from zerozone.cli import main; main()",
            "mrv",
            "--data-dir",
            str(data),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_simulate_ingest_status_inventory(tmp_path: Path, aghali_run: Path) -> None:  # noqa: F811
    run_dir = aghali_run
    data, readings = tmp_path / "store", tmp_path / "aghali.parquet"
    done = mrv(
        data,
        "simulate",
        "--settlement",
        "Aghali",
        "--scenario",
        "aghali",
        "--days",
        "2",
        "--start",
        "2026-01-10",
        "--households",
        "8",
        "--out",
        str(readings),
        "--register",
    )
    assert done.returncode == 0, done.stderr
    assert "meters registered" in done.stdout
    assert (tmp_path / "aghali.late.parquet").is_file() and (
        tmp_path / "aghali.meters.csv"
    ).is_file()
    ingest = mrv(data, "ingest", str(readings))
    assert ingest.returncode == 0, ingest.stderr
    assert "0 rejected" in ingest.stdout and " repeated in the" in ingest.stdout
    late = mrv(data, "ingest", str(tmp_path / "aghali.late.parquet"))
    assert late.returncode == 0 and " revised" in late.stdout
    status = mrv(data, "status", "--run", str(run_dir))
    assert status.returncode == 0, status.stderr
    assert "aghali" in status.stdout and (
        "on track" in status.stdout or "off track" in status.stdout
    )
    elsewhen = mrv(data, "status", "--run", str(run_dir), "--year", "1999")
    assert elsewhen.returncode == 2 and "no metered energy in 1999" in elsewhen.stderr
    status_az = mrv(data, "status", "--run", str(run_dir), "--lang", "az")
    assert "Faktiki və plan" in status_az.stdout
    for suffix in ("json", "csv"):
        out = tmp_path / f"inventory.{suffix}"
        inventory = mrv(
            data, "inventory", "--year", "2026", "--grid-factor", str(run_dir), "--out", str(out)
        )
        assert inventory.returncode == 0, inventory.stderr
        assert "Residential buildings" in inventory.stdout
    data_json = json.loads((tmp_path / "inventory.json").read_text())
    assert data_json["zones"][0]["zone_id"] == "aghali"
    table = pd.read_csv(tmp_path / "inventory.csv")
    assert table[table["gpc_ref"] == "TOTAL"]["t_co2"].iloc[0] > 0
    energy = mrv(data, "energy", "--settlement", "Aghali", "--by", "day")
    assert energy.returncode == 0 and "2026-01-10" in energy.stdout
    gaps = mrv(data, "gaps")
    assert gaps.returncode == 0 and "Gaps" in gaps.stdout
    events = mrv(data, "events", "--settlement", "aghali")
    assert events.returncode == 0 and "Register events" in events.stdout


def test_meters_add_list_remove_import(tmp_path: Path) -> None:
    data = tmp_path / "store"
    added = mrv(
        data,
        "meters",
        "add",
        "m1",
        "--settlement",
        "Aghali",
        "--site",
        "house-1",
        "--kind",
        "gas",
        "--unit",
        "m3",
        "--register",
        "cumulative",
        "--interval-minutes",
        "60",
    )
    assert added.returncode == 0, added.stderr
    again = mrv(
        data, "meters", "add", "m1", "--settlement", "aghali", "--site", "house-1", "--kind", "gas"
    )
    assert again.returncode == 2 and "already registered" in again.stderr
    wrong = mrv(
        data,
        "meters",
        "add",
        "m2",
        "--settlement",
        "aghali",
        "--site",
        "h",
        "--kind",
        "grid_import",
        "--unit",
        "m3",
    )
    assert (
        wrong.returncode == 2 and "not allowed" in wrong.stderr and "Traceback" not in wrong.stderr
    )
    listed = mrv(data, "meters", "list", "--lang", "az")
    assert listed.returncode == 0 and "m1" in listed.stdout and "Sayğaclar" in listed.stdout
    readings = tmp_path / "r.csv"
    readings.write_text("meter,ts,value\nm1,2026-01-01T00:00:00Z,1\nm1,2026-01-01T01:00:00Z,2\n")
    assert mrv(data, "ingest", str(readings)).returncode == 0
    refused = mrv(data, "meters", "remove", "m1")
    assert refused.returncode == 2 and "--with-readings" in refused.stderr
    removed = mrv(data, "meters", "remove", "m1", "--with-readings")
    assert removed.returncode == 0 and "2 readings deleted" in removed.stdout
    listing = tmp_path / "meters.csv"
    listing.write_text(
        "meter_id,settlement,site,kind,unit\na,aghali,s1,grid_import,kWh\nb,aghali,s1,gas,m3\n"
    )
    imported = mrv(data, "meters", "import", str(listing))
    assert imported.returncode == 0 and "2 meters registered" in imported.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("meter_id,settlement,site,kind\nc,aghali,s2,teleporter\n")
    failed = mrv(data, "meters", "import", str(bad))
    assert failed.returncode == 2 and "line 2" in failed.stderr


def test_rejects_correct_void_and_store_problems(tmp_path: Path) -> None:
    data = tmp_path / "store"
    mrv(
        data, "meters", "add", "m", "--settlement", "aghali", "--site", "s", "--kind", "grid_import"
    )
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "meter,ts,value\nm,2026-01-01T00:00:00Z,1\nm,2026-01-01T00:15:00Z,900\n"
        "=cmd|' /C calc'!A0,2026-01-01T00:15:00Z,2\nm,2026-01-01T00:30:00Z,3\n"
    )
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    unwritable = mrv(data, "ingest", str(rows), "--rejects", str(blocked / "r.csv"))
    assert unwritable.returncode == 2
    assert "the batch is stored; the rejects file could not be written" in unwritable.stderr
    assert "3 new" in unwritable.stdout
    listed = mrv(data, "rejects", "--source", "rows.csv")
    assert listed.returncode == 0 and "unknown meter" in listed.stdout and "=cmd" in listed.stdout
    voided = mrv(data, "void", "m", "--ts", "2026-01-01T00:15:00Z", "--note", "misread")
    assert voided.returncode == 0, voided.stderr
    fixed = mrv(
        data, "correct", "m", "--ts", "2026-01-01T00:30:00+00:00", "--value", "2", "--note", "x"
    )
    assert fixed.returncode == 0, fixed.stderr
    energy = mrv(data, "energy", "--by", "hour")
    assert energy.returncode == 0 and "1.0" in energy.stdout
    naive = mrv(data, "void", "m", "--ts", "2026-01-01T00:00:00", "--note", "x")
    assert naive.returncode == 2 and "UTC offset" in naive.stderr
    not_a_dir = mrv(blocked, "meters", "list")
    assert not_a_dir.returncode == 2 and "Traceback" not in not_a_dir.stderr
    assert "a-file" in not_a_dir.stderr


def test_bad_input_exits_2_with_a_message(tmp_path: Path) -> None:
    data = tmp_path / "store"
    missing = command(data, "ingest", str(tmp_path / "nothing.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    mrv(
        data, "meters", "add", "m", "--settlement", "aghali", "--site", "s", "--kind", "grid_import"
    )
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "meter,ts,value\nm,2026-01-01T00:00:00Z,1\nm,2026-01-01 00:15,2\nq,2026-01-01T00:15:00Z,2\n"
    )
    partly = command(data, "ingest", str(rows))
    assert partly.returncode == 2 and "Traceback" not in partly.stderr
    assert "line 3: time has no UTC offset" in partly.stdout
    written = pd.read_csv(tmp_path / "rows.csv.rejects.csv")
    assert list(written["reason"]) == [
        "time has no UTC offset (write Z or +04:00)",
        "unknown meter (register it first)",
    ]
    columns = tmp_path / "columns.csv"
    columns.write_text("who,when\n1,2\n")
    assert mrv(data, "ingest", str(columns)).returncode == 2
    nowhere = mrv(data, "status", "--run", str(tmp_path / "no-run"))
    assert nowhere.returncode == 2 and "run directory" in nowhere.stderr
    factor = mrv(data, "inventory", "--year", "2026", "--grid-factor", "lots")
    assert factor.returncode == 2 and "not a number" in factor.stderr
    place = mrv(
        data,
        "simulate",
        "--settlement",
        "Atlantis",
        "--days",
        "1",
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert place.returncode == 2 and "Atlantis" in place.stderr
    assert "Traceback" not in place.stderr + factor.stderr + nowhere.stderr


def test_listen_stores_what_the_broker_delivers(tmp_path: Path, broker: tuple[str, int]) -> None:  # noqa: F811
    host, port = broker
    data = tmp_path / "store"
    mrv(
        data, "meters", "add", "m", "--settlement", "aghali", "--site", "s", "--kind", "grid_import"
    )
    listener = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from zerozone.cli import main; main()",
            "mrv",
            "--data-dir",
            str(data),
            "listen",
            "--broker",
            f"{host}:{port}",
            "--topic",
            "cli/#",
            "--max-messages",
            "5",
            "--seconds",
            "60",
            "--flush-seconds",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stdout is not None
        first = listener.stdout.readline()
        assert "listening on" in first, listener.stderr.read() if listener.stderr else first
        messages = [
            ("cli/m", json.dumps({"ts": f"2026-01-01T0{i}:00:00Z", "value": i}).encode())
            for i in range(5)
        ]
        publish(host, port, messages)
        out, err = listener.communicate(timeout=60)
        assert listener.returncode == 0, err
    finally:  # never leave the listener behind when an assertion fails
        if listener.poll() is None:
            listener.kill()
            listener.wait()
    assert "5 messages, 5 readings" in out


DEFAULT_RUN = Path(__file__).resolve().parents[2] / "runs" / "default"


@pytest.mark.skipif(
    not (DEFAULT_RUN / "run.json").is_file(), reason="no default plan in runs/default (make run)"
)
def test_end_to_end_on_the_default_zones(tmp_path: Path) -> None:
    """The issue's "done when": simulate, ingest and status on the default zones and plan."""
    data, readings = tmp_path / "store", tmp_path / "aghali.csv"
    done = mrv(
        data,
        "simulate",
        "--settlement",
        "Aghali",
        "--days",
        "2",
        "--start",
        "2026-03-01",
        "--households",
        "10",
        "--out",
        str(readings),
        "--register",
    )
    assert done.returncode == 0, done.stderr
    assert mrv(data, "ingest", str(readings)).returncode == 0
    assert mrv(data, "ingest", str(tmp_path / "aghali.late.csv")).returncode == 0
    status = mrv(data, "status", "--run", str(DEFAULT_RUN))
    assert status.returncode == 0, status.stderr
    assert "east_zangezur" in status.stdout and "aghali" in status.stdout
    assert "on track" in status.stdout or "off track" in status.stdout


def test_reports_never_crash_on_absurd_stored_values(tmp_path: Path) -> None:
    """A store written before the plausibility limits may hold 1e30 kWh: every report prints."""
    data = tmp_path / "store"
    mrv(
        data, "meters", "add", "m", "--settlement", "aghali", "--site", "s", "--kind", "grid_import"
    )
    rows = tmp_path / "r.csv"
    rows.write_text("meter,ts,value\nm,2026-01-01T00:00:00Z,1\nm,2026-01-01T00:15:00Z,2\n")
    assert mrv(data, "ingest", str(rows)).returncode == 0
    from zerozone.mrv import store

    con = store.connect(data)
    con.execute("UPDATE readings SET value = 1e30 WHERE value = 2")
    con.execute(
        "UPDATE hourly SET kwh = 1e30; INSERT INTO events SELECT meter_key, "
        "TIMESTAMPTZ '2026-01-01 00:30:00+00', 'backward', 1e30, 1e29, 0 FROM meters"
    )
    con.close()
    for args in (
        ("energy",),
        ("energy", "--lang", "az"),
        ("events",),
        ("inventory", "--year", "2026"),
    ):
        done = mrv(data, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "e+" in done.stdout
