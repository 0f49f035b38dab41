"""The meter store: one embedded DuckDB file, its schema, its location and its connection.

Layout of the data directory (``--data-dir`` or ``ZEROZONE_DATA_DIR``, default ``zerozone-data``
in the working directory)::

    <data dir>/mrv.duckdb      registry, readings, revisions, batches, rejects, hourly energy

Tables
------
zones, settlements
    Places copied from a scenario (ids, names, the settlement's IANA time zone).
sites
    Buildings, plants and chargers of a settlement; a building has a GPC ``sector``.
meters
    One row per meter: kind, unit, register type, reading interval, time zone, rollover.
readings
    One row per (meter, instant): ``value`` in the stored unit (kWh for energy and gas), the UTC
    instant ``ts``, the source's ``estimated`` flag and the batch that last wrote it.
revisions
    The audit trail: every value replaced by a later batch or corrected or voided by an operator
    (old and new value, both batches, the operator's note; a voided reading has no new value).
batches, rejects
    One row per ingested batch with its counts; one row per rejected input row with its reason
    and, for messages, its raw bytes (bounded); rejects are pruned after a retention period.
hourly
    Energy per meter and UTC hour [kWh], with the part of it that is estimated; kept up to date at
    ingest (only the meter-hours whose energy a batch can change are recomputed).
marks
    A register's highest reading since its last reset or rollover, where it exceeds the reading
    (inside a run of backward steps); see :mod:`zerozone.mrv.hourly`.
events
    Register resets, rollovers and backward steps found while computing interval energy.

Timestamps are ``TIMESTAMPTZ`` (stored as UTC instants); the connection's session time zone is
UTC so that casts and truncations are in UTC unless a query names another zone.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import duckdb

from zerozone.errors import ZerozoneError
from zerozone.mrv.limits import REGISTER_DIGITS, default_max_kw_sql

DATA_DIR_VARIABLE = "ZEROZONE_DATA_DIR"
"""Environment variable naming the data directory."""

DEFAULT_DATA_DIR = Path("zerozone-data")
"""Data directory used when neither ``--data-dir`` nor ``ZEROZONE_DATA_DIR`` is given."""

DATABASE_FILE = "mrv.duckdb"
SERVICE_FILE = "mrv.service.json"
"""Written by ``zerozone serve`` while it holds the store: its process id and address."""
SCHEMA_VERSION = 2
"""Version of the tables below; older stores are migrated when opened (:func:`connect`)."""

MIGRATIONS = {
    2: f"""
    ALTER TABLE meters ADD COLUMN IF NOT EXISTS max_kw DOUBLE;
    ALTER TABLE meters ADD COLUMN IF NOT EXISTS max_register_kwh DOUBLE;
    ALTER TABLE revisions ALTER COLUMN new_value DROP NOT NULL;
    ALTER TABLE revisions ALTER COLUMN new_estimated DROP NOT NULL;
    ALTER TABLE revisions ADD COLUMN IF NOT EXISTS note VARCHAR;
    ALTER TABLE rejects ADD COLUMN IF NOT EXISTS raw BLOB;
    UPDATE meters SET max_kw = {default_max_kw_sql("kind")},
        max_register_kwh = least(coalesce(rollover_kwh, 'infinity'::DOUBLE),
            10.0 ^ {REGISTER_DIGITS} * CASE unit
            WHEN 'Wh' THEN 0.001 WHEN 'MWh' THEN 1000.0 WHEN 'm3' THEN calorific_kwh_per_m3
            ELSE 1.0 END);
    """
}
"""SQL bringing a store of the previous version to each version (the hourly energy, events and
marks are then rebuilt from the readings)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS zones (
    zone_id VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_az VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS settlements (
    settlement_id VARCHAR PRIMARY KEY,
    zone_id VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_az VARCHAR NOT NULL,
    timezone VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS sites (
    site_id VARCHAR PRIMARY KEY,
    settlement_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    sector VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS meter_keys START 1;
CREATE TABLE IF NOT EXISTS meters (
    meter_id VARCHAR PRIMARY KEY,
    meter_key INTEGER NOT NULL UNIQUE,
    site_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    register VARCHAR NOT NULL,
    interval_minutes DOUBLE NOT NULL,
    timezone VARCHAR NOT NULL,
    rollover_kwh DOUBLE,
    calorific_kwh_per_m3 DOUBLE NOT NULL,
    max_kw DOUBLE NOT NULL,
    max_register_kwh DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS readings (
    meter_key INTEGER NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    value DOUBLE NOT NULL,
    estimated BOOLEAN NOT NULL,
    batch_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
    meter_key INTEGER NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    old_value DOUBLE NOT NULL,
    new_value DOUBLE,
    old_estimated BOOLEAN NOT NULL,
    new_estimated BOOLEAN,
    old_batch_id BIGINT NOT NULL,
    new_batch_id BIGINT NOT NULL,
    note VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS batch_ids START 1;
CREATE TABLE IF NOT EXISTS batches (
    batch_id BIGINT PRIMARY KEY,
    source VARCHAR NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    rows_received BIGINT NOT NULL,
    rows_new BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_revised BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    batch_id BIGINT NOT NULL,
    row_number BIGINT NOT NULL,
    meter VARCHAR,
    ts VARCHAR,
    value VARCHAR,
    reason VARCHAR NOT NULL,
    raw BLOB
);
CREATE TABLE IF NOT EXISTS hourly (
    meter_key INTEGER NOT NULL,
    hour TIMESTAMPTZ NOT NULL,
    kwh DOUBLE NOT NULL,
    estimated_kwh DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS marks (
    meter_key INTEGER NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    mark DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS listener_sessions (
    client_id VARCHAR NOT NULL,
    broker VARCHAR NOT NULL,
    first_connected TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, broker)
);
CREATE TABLE IF NOT EXISTS events (
    meter_key INTEGER NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    kind VARCHAR NOT NULL,
    previous_value DOUBLE,
    value DOUBLE,
    kwh DOUBLE NOT NULL
);
"""


class StoreBusyError(ZerozoneError, RuntimeError):
    """The store file is held by another process (DuckDB allows one writer process).

    Attributes
    ----------
    folder : pathlib.Path or None
        The data directory of the store.
    pid : int or None
        The holding process, as DuckDB names it.
    """

    folder: Path | None = None
    pid: int | None = None


class StoreLocationError(ZerozoneError, OSError):
    """The data directory cannot hold a store (a file, a read-only or special place)."""


WAIT_POLL_SECONDS = 0.2
"""Pause between two attempts to open a store held by another process [s]."""


def data_dir(explicit: Path | None = None) -> Path:
    """The data directory: ``explicit``, else ``$ZEROZONE_DATA_DIR``, else ``zerozone-data``."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(DATA_DIR_VARIABLE)
    return Path(from_env) if from_env else DEFAULT_DATA_DIR


def _holder(error: duckdb.IOException) -> tuple[str, int | None]:
    """The process holding the store as DuckDB names it (``PID 123``) or a general phrase, and
    its process id when known."""
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
    if found is None:
        return "another process", None
    return f"process {found.group(2)} ({found.group(1)})", int(found.group(2))


def claim_for_service(folder: Path, url: str) -> None:
    """Note in the data directory that this process, the service at ``url``, holds the store
    (so that other commands can say so and where to send readings instead)."""
    record = {"pid": os.getpid(), "url": url}
    (folder / SERVICE_FILE).write_text(json.dumps(record), encoding="utf-8")


def release_for_service(folder: Path) -> None:
    """Remove the note of :func:`claim_for_service` (when it is this process's)."""
    if service_holding(folder, os.getpid()) is not None:
        (folder / SERVICE_FILE).unlink(missing_ok=True)


def service_holding(folder: Path, pid: int | None) -> str | None:
    """The address of the service holding the store of ``folder``, when process ``pid`` is one.

    A note left by a service that was killed names another process and is ignored.
    """
    try:
        record = json.loads((folder / SERVICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or pid is None or record.get("pid") != pid:
        return None
    return str(record.get("url") or "")


def _open(path: Path, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying for ``wait_seconds`` while another process holds it."""
    deadline = time.monotonic() + max(0.0, wait_seconds)
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise StoreLocationError(f"cannot open the store {path}: {error}") from None
            if time.monotonic() >= deadline:
                waited = f" after waiting {wait_seconds:g} s" if wait_seconds > 0 else ""
                holder, pid = _holder(error)
                busy = StoreBusyError(
                    f"{path} is in use by {holder}{waited} (for example `zerozone serve`, "
                    "which then takes readings over HTTP, or `zerozone mrv listen`); stop it, "
                    "wait longer (--wait SECONDS) or use another --data-dir"
                )
                busy.folder, busy.pid = path.parent, pid
                raise busy from None
            time.sleep(WAIT_POLL_SECONDS)


def connect(
    directory: Path | None = None, *, threads: int | None = None, wait_seconds: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store of ``directory`` with its schema.

    Parameters
    ----------
    directory : pathlib.Path, optional
        Data directory; see :func:`data_dir`.
    threads : int, optional
        DuckDB worker threads; DuckDB's default (all cores) when not given.
    wait_seconds : float
        How long to keep retrying while another process holds the store [s].

    Returns
    -------
    duckdb.DuckDBPyConnection
        A connection whose session time zone is UTC.

    Raises
    ------
    StoreBusyError
        When another process still holds the store after ``wait_seconds``.
    StoreLocationError
        When the data directory cannot be created or hold the store.
    """
    folder = data_dir(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreLocationError(
            f"cannot use {folder} as the data directory ({error.strerror or error}); "
            "give a writable directory with --data-dir"
        ) from None
    if not folder.is_dir():
        raise StoreLocationError(f"{folder} is not a directory; give one with --data-dir")
    con = _open(folder / DATABASE_FILE, wait_seconds)
    con.execute("SET TimeZone = 'UTC'")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(SCHEMA)
    if con.execute("SELECT count(*) FROM schema_info").fetchall() == [(0,)]:
        con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION])
    _migrate(con)
    return con


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older store to :data:`SCHEMA_VERSION`, in one transaction."""
    row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    version = int(row[0]) if row and row[0] is not None else SCHEMA_VERSION
    if version >= SCHEMA_VERSION:
        return
    from zerozone.mrv.hourly import rebuild_all

    con.execute("BEGIN TRANSACTION")
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            con.execute(MIGRATIONS[step])
        rebuild_all(con)
        con.execute("UPDATE schema_info SET version = ?", [SCHEMA_VERSION])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def settle(con: duckdb.DuckDBPyConnection) -> None:
    """Finish any pending result so that DuckDB accepts ``register`` on the connection.

    DuckDB 2 refuses to register a data frame while a previous ``execute`` still has rows to
    fetch (a ``fetchone`` leaves it open).
    """
    con.execute("SELECT 1").fetchall()
