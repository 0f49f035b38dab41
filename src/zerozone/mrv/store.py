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
    The audit trail: every value replaced by a later batch (old and new value, both batches).
batches, rejects
    One row per ingested batch with its counts; one row per rejected input row with its reason.
hourly
    Energy per meter and UTC hour [kWh], with the part of it that is estimated; kept up to date at
    ingest (only the meter-hours a batch touches are recomputed).
events
    Register resets, rollovers, backward steps and gaps found while computing interval energy.

Timestamps are ``TIMESTAMPTZ`` (stored as UTC instants); the connection's session time zone is
UTC so that casts and truncations are in UTC unless a query names another zone.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from zerozone.errors import ZerozoneError

DATA_DIR_VARIABLE = "ZEROZONE_DATA_DIR"
"""Environment variable naming the data directory."""

DEFAULT_DATA_DIR = Path("zerozone-data")
"""Data directory used when neither ``--data-dir`` nor ``ZEROZONE_DATA_DIR`` is given."""

DATABASE_FILE = "mrv.duckdb"
SCHEMA_VERSION = 1

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
    calorific_kwh_per_m3 DOUBLE NOT NULL
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
    new_value DOUBLE NOT NULL,
    old_estimated BOOLEAN NOT NULL,
    new_estimated BOOLEAN NOT NULL,
    old_batch_id BIGINT NOT NULL,
    new_batch_id BIGINT NOT NULL
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
    reason VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS hourly (
    meter_key INTEGER NOT NULL,
    hour TIMESTAMPTZ NOT NULL,
    kwh DOUBLE NOT NULL,
    estimated_kwh DOUBLE NOT NULL
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
    """The store file is held by another process (DuckDB allows one writer process)."""


def data_dir(explicit: Path | None = None) -> Path:
    """The data directory: ``explicit``, else ``$ZEROZONE_DATA_DIR``, else ``zerozone-data``."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(DATA_DIR_VARIABLE)
    return Path(from_env) if from_env else DEFAULT_DATA_DIR


def connect(
    directory: Path | None = None, *, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store of ``directory`` with its schema.

    Parameters
    ----------
    directory : pathlib.Path, optional
        Data directory; see :func:`data_dir`.
    threads : int, optional
        DuckDB worker threads; DuckDB's default (all cores) when not given.

    Returns
    -------
    duckdb.DuckDBPyConnection
        A connection whose session time zone is UTC.

    Raises
    ------
    StoreBusyError
        When another process holds the store.
    """
    folder = data_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(folder / DATABASE_FILE))
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise StoreBusyError(
                f"{folder / DATABASE_FILE} is in use by another process (for example "
                "`zerozone serve`, which then takes readings over HTTP, or `zerozone mrv "
                "listen`); stop it or use another --data-dir"
            ) from None
        raise
    con.execute("SET TimeZone = 'UTC'")
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(SCHEMA)
    if con.execute("SELECT count(*) FROM schema_info").fetchall() == [(0,)]:
        con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION])
    return con


def settle(con: duckdb.DuckDBPyConnection) -> None:
    """Finish any pending result so that DuckDB accepts ``register`` on the connection.

    DuckDB 2 refuses to register a data frame while a previous ``execute`` still has rows to
    fetch (a ``fetchone`` leaves it open).
    """
    con.execute("SELECT 1").fetchall()
