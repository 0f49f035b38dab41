"""Storing batches of readings: files (CSV, Parquet), JSON batches, data frames.

Policy (the same for every source: files, the JSON batch function behind the HTTP service, MQTT)
----------------------------------------------------------------------------------------------
* A **batch** (a file, a JSON array, the MQTT messages gathered in one flush) is one DuckDB
  transaction: its readings, revisions, rejects, hourly energy and batch record are stored
  together or not at all. A batch is acknowledged only after its commit.
* **Malformed rows are rejected, the valid rows of the batch are stored.** Every rejected row is
  returned to the caller and kept in the ``rejects`` table with its row number and reason
  (see :mod:`zerozone.mrv.readings`); ``zerozone mrv ingest`` also writes them to a CSV file.
* Readings are keyed on (meter, UTC instant). Re-sending a stored reading changes nothing. A
  different value (or estimated flag) for a stored key replaces it; the old and new values go to
  the ``revisions`` audit table, except that an estimate never replaces a measured value (it is
  counted as unchanged). Late and out-of-order readings are accepted like any other; the
  hourly energy of the meter-hours they affect is recomputed in the same transaction.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from zerozone.mrv.csv_input import read_csv_rows
from zerozone.mrv.hourly import recompute_hourly
from zerozone.mrv.readings import InputFormatError, StagedBatch, stage_batch
from zerozone.mrv.rejects import DEFAULT_RETENTION_DAYS, RAW_LIMIT, prune_rejects
from zerozone.mrv.store import settle

VALUE_TOLERANCE = 1e-9
"""Relative difference [-] below which a re-sent value counts as the same value."""


@dataclass(frozen=True)
class Reject:
    """A rejected input row: its 1-based row number in the batch, its fields and the reason."""

    row_number: int
    meter: str | None
    ts: str | None
    value: str | None
    reason: str


@dataclass(frozen=True)
class IngestResult:
    """What a batch did.

    Attributes
    ----------
    batch_id : int
        Identifier of the batch in ``batches`` [-].
    received : int
        Input rows [-].
    new : int
        Readings stored for the first time [-].
    unchanged : int
        Distinct readings already stored with the same value, or estimates of readings already
        measured (in-batch duplicates counted once) [-].
    revised : int
        Readings whose value changed (audited in ``revisions``) [-].
    rejected : int
        Rows rejected [-].
    meter_hours : int
        Hourly energy rows rebuilt [-].
    seconds : float
        Wall time [s].
    rejects : list of Reject
        The rejected rows with their reasons.
    """

    batch_id: int
    received: int
    new: int
    unchanged: int
    revised: int
    rejected: int
    meter_hours: int
    seconds: float
    rejects: list[Reject] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        """Valid rows repeating another row of the batch (same meter, instant and value), kept
        once, or estimates beside a measured row [-]: received = new + unchanged + revised +
        duplicates + rejected."""
        return self.received - self.rejected - self.new - self.unchanged - self.revised

    @property
    def stored(self) -> int:
        """Readings written (new plus revised) [-]."""
        return self.new + self.revised


def batch_rejects(con: duckdb.DuckDBPyConnection, batch_id: int, limit: int) -> list[Reject]:
    """The first ``limit`` rejected rows of batch ``batch_id``, in row order."""
    return [
        Reject(int(r[0]), r[1], r[2], r[3], str(r[4]))
        for r in con.execute(
            "SELECT row_number, meter, ts, value, reason FROM rejects WHERE batch_id = ? "
            "ORDER BY row_number LIMIT ?",
            [batch_id, limit],
        ).fetchall()
    ]


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    source: str,
    label: str,
    *,
    max_rejects: int = 1000,
    retention_days: float = DEFAULT_RETENTION_DAYS,
    read_rejects: str | None = None,
    note: str | None = None,
    validated: bool = False,
) -> IngestResult:
    """Validate and store the readings of ``source`` as one batch (one transaction).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection (no transaction open).
    source : str
        A table, view or table function to read the batch from.
    label : str
        Where the batch came from (file name, ``json``, ``mqtt:<topic>``), kept in ``batches``.
    max_rejects : int
        Most rejected rows returned in the result (all are kept in ``rejects``).
    retention_days : float
        Rejects of batches older than this are pruned [d].
    read_rejects : str, optional
        A table of rows the reader already refused (``row_number``, ``meter``, ``ts``,
        ``value``, ``reason``, ``raw``), stored as rejects of this batch.
    note : str, optional
        A note kept with the batch's revisions (an operator's correction).
    validated : bool
        ``source`` holds rows validated already (``meter_key``, ``ts`` in UTC, ``value``
        [kWh], ``estimated``; one per meter and instant), as staged by
        :func:`zerozone.mrv.readings.stage_batch`: they are stored without a second check.

    Returns
    -------
    IngestResult

    Raises
    ------
    InputFormatError
        When the batch cannot be read at all; nothing is stored.
    """
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = _count(con, "SELECT nextval('batch_ids')")
        staged = _prestaged(con, source) if validated else stage_batch(con, source, batch_id)
        refused = 0
        if read_rejects is not None:
            refused = _count(con, f"SELECT count(*) FROM {read_rejects}")
            con.execute(
                f"INSERT INTO rejects SELECT $1, row_number, meter, ts, value, reason, raw "
                f"FROM {read_rejects}",
                [batch_id],
            )
        prune_rejects(con, retention_days)
        bounds = con.execute("SELECT min(ts), max(ts) FROM staged").fetchone()
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE matched AS
            SELECT s.meter_key, s.ts, s.value, s.estimated, r.value AS old_value,
                   r.estimated AS old_estimated, r.batch_id AS old_batch,
                   r.value IS NOT NULL AND NOT (s.estimated AND NOT r.estimated) AND (
                       abs(s.value - r.value) > {VALUE_TOLERANCE} * greatest(1.0, abs(r.value))
                       OR s.estimated <> r.estimated) AS revised
            FROM staged s LEFT JOIN (
                SELECT * FROM readings WHERE ts BETWEEN $1 AND $2
            ) r ON r.meter_key = s.meter_key AND r.ts = s.ts
            """,
            [bounds[0] if bounds else None, bounds[1] if bounds else None],
        )
        con.execute(
            "INSERT INTO readings SELECT meter_key, ts, value, estimated, $1 FROM matched "
            "WHERE old_value IS NULL",
            [batch_id],
        )
        con.execute(
            "INSERT INTO revisions SELECT meter_key, ts, old_value, value, old_estimated, "
            "estimated, old_batch, $1, $2 FROM matched WHERE revised",
            [batch_id, note],
        )
        con.execute(
            """
            UPDATE readings SET value = m.value, estimated = m.estimated, batch_id = $1
            FROM (SELECT * FROM matched WHERE revised) m
            WHERE readings.meter_key = m.meter_key AND readings.ts = m.ts
            """,
            [batch_id],
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE changed AS SELECT meter_key, ts FROM matched "
            "WHERE old_value IS NULL OR revised"
        )
        counts = con.execute(
            "SELECT count(*) FILTER (old_value IS NULL), count(*) FILTER (revised) FROM matched"
        ).fetchone()
        new, revised = (int(counts[0]), int(counts[1])) if counts else (0, 0)
        meter_hours = recompute_hourly(con) if new + revised else 0
        unchanged = staged.staged - new - revised
        con.execute(
            "INSERT INTO batches VALUES (?, ?, now(), ?, ?, ?, ?, ?)",
            [
                batch_id,
                label,
                staged.received + refused,
                new,
                unchanged,
                revised,
                staged.rejected + refused,
            ],
        )
        con.execute("DROP TABLE staged; DROP TABLE matched; DROP TABLE changed")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    rejects = batch_rejects(con, batch_id, max_rejects)
    return IngestResult(
        batch_id,
        staged.received + refused,
        new,
        unchanged,
        revised,
        staged.rejected + refused,
        meter_hours,
        time.perf_counter() - started,
        rejects,
    )


def _prestaged(con: duckdb.DuckDBPyConnection, source: str) -> StagedBatch:
    """The validated rows of ``source`` as temp table ``staged`` (see :func:`ingest_source`)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS "
        f"SELECT meter_key, ts, value, estimated FROM {source}"
    )
    rows = _count(con, "SELECT count(*) FROM staged")
    return StagedBatch(rows, 0, rows)


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def ingest_file(
    con: duckdb.DuckDBPyConnection, path: Path, *, retention_days: float = DEFAULT_RETENTION_DAYS
) -> IngestResult:
    """Store the readings of a CSV or Parquet file as one batch.

    A CSV line that cannot be read (bytes that are not UTF-8, more or fewer fields than the
    header, broken quoting) is rejected with its line number; the other lines are stored.
    Rejects of a CSV file are numbered by line (the header is line 1), of a Parquet file by row.

    Raises
    ------
    InputFormatError
        When the file is missing, of another type, or lacks a required column.
    """
    if not path.is_file():
        raise InputFormatError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv", ".txt"):
        raise InputFormatError(f"{path}: use a .csv or .parquet file")
    try:
        if suffix == ".parquet":
            return ingest_source(
                con, f"read_parquet({_quoted(path)})", path.name, retention_days=retention_days
            )
        read_csv_rows(con, path, "csv_input", "csv_refused")
        try:
            return ingest_source(
                con,
                "csv_input",
                path.name,
                retention_days=retention_days,
                read_rejects="csv_refused",
            )
        finally:
            con.execute("DROP TABLE IF EXISTS csv_input; DROP TABLE IF EXISTS csv_refused")
    except InputFormatError as error:
        raise InputFormatError(f"{path}: {error}") from None
    except (duckdb.InvalidInputException, duckdb.IOException) as error:
        reason = str(error).splitlines()[0]
        raise InputFormatError(f"{path}: cannot read the file ({reason})") from None


def ingest_frame(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame | pa.Table,
    label: str,
    *,
    retention_days: float = DEFAULT_RETENTION_DAYS,
    note: str | None = None,
) -> IngestResult:
    """Store the rows of a data frame or Arrow table (columns as in
    :mod:`zerozone.mrv.readings`) as one batch (see :func:`ingest_source`)."""
    settle(con)
    con.register("batch_input", frame)
    try:
        return ingest_source(con, "batch_input", label, retention_days=retention_days, note=note)
    finally:
        con.unregister("batch_input")


JSON_FIELDS = ("meter", "ts", "value", "unit", "estimated", "problem")


def records_table(records: list[Any]) -> pa.Table:
    """Readings given as JSON objects as an Arrow table of text columns (and ``raw`` bytes).

    Every field is kept as text so that type problems are reported per row by the validation;
    an element that is not an object, or whose fields cannot be converted to text (nested too
    deep), becomes a row with a ``problem``.

    Raises
    ------
    InputFormatError
        When ``records`` is not a list.
    """
    if not isinstance(records, list):
        raise InputFormatError("a JSON batch is an array of reading objects")
    columns: dict[str, list[str | None]] = {name: [] for name in JSON_FIELDS}
    raw: list[bytes | None] = []
    for item in records:
        try:
            row = _record_fields(item)
        except (RecursionError, ValueError, TypeError, MemoryError):
            row = {"problem": "reading is nested too deep or too large to read"}
        for name in JSON_FIELDS:
            columns[name].append(row.get(name))
        blob = item.get("raw") if isinstance(item, dict) else None
        raw.append(blob if isinstance(blob, bytes) else None)
    arrays = {name: pa.array(values, type=pa.string()) for name, values in columns.items()}
    return pa.table({**arrays, "raw": pa.array(raw, type=pa.binary())})


def _record_fields(item: Any) -> dict[str, str | None]:
    """The text fields of one JSON reading."""
    obj = item if isinstance(item, dict) else {"problem": "reading is not a JSON object"}
    if "meter" not in obj and "meter_id" in obj:
        obj = {**obj, "meter": obj["meter_id"]}
    if "ts" not in obj:
        obj = {**obj, "ts": obj.get("time", obj.get("timestamp"))}
    fields: dict[str, str | None] = {}
    for name in JSON_FIELDS:
        value = obj.get(name)
        if isinstance(value, bool):
            fields[name] = "true" if value else "false"
        elif value is None:
            fields[name] = None
        else:
            fields[name] = str(value)[:RAW_LIMIT]
    return fields


def ingest_json_batch(
    con: duckdb.DuckDBPyConnection, payload: str | bytes | list[Any], label: str = "json"
) -> IngestResult:
    """Store a batch of readings given as JSON: the function the HTTP service exposes.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    payload : str, bytes or list
        A JSON array of objects ``{"meter": ..., "ts": ..., "value": ..., "unit": ...,
        "estimated": ...}`` (text or already parsed).
    label : str
        Source label kept with the batch.

    Returns
    -------
    IngestResult
        Its ``rejects`` list each refused row with its reason; the HTTP layer returns them.

    Raises
    ------
    InputFormatError
        When the payload is not JSON or not an array; nothing is stored.
    """
    if isinstance(payload, str | bytes):
        try:
            payload = json.loads(payload)
        except ValueError as error:
            raise InputFormatError(f"not JSON: {error}") from None
        except RecursionError:
            raise InputFormatError("not JSON that can be read: nested too deep") from None
    return ingest_frame(con, records_table(payload), label)  # type: ignore[arg-type]
