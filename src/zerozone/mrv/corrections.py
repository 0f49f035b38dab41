"""Correcting or voiding one stored reading, audited like a revision.

An operator who finds a wrong reading (a backward step in ``zerozone mrv events``, an absurd
value) can replace its value or void it. Either is a batch of its own (source ``correction`` or
``void``), with a row in ``revisions`` holding the old value, the new one (none for a void) and
the operator's note; the hourly energy, events and marks it can change are rebuilt in the same
transaction (:mod:`zerozone.mrv.hourly`). A corrected value is checked like any reading (unit,
limits) and is a measured value.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from zerozone.errors import ZerozoneError
from zerozone.mrv.hourly import recompute_hourly
from zerozone.mrv.ingest import IngestResult, ingest_frame
from zerozone.mrv.registry import clean_meter_id


class CorrectionError(ZerozoneError, ValueError):
    """A correction or void that cannot be done (no such reading, an invalid value)."""


def _stored(con: duckdb.DuckDBPyConnection, meter_id: str, ts: dt.datetime) -> tuple[int, ...]:
    """(meter key, old value, old estimated, old batch) of the stored reading.

    Raises
    ------
    CorrectionError
        When the meter is unknown, the time has no UTC offset or no reading is stored there.
    """
    if ts.tzinfo is None:
        raise CorrectionError(f"time {ts.isoformat()} has no UTC offset (write Z or +04:00)")
    row = con.execute(
        "SELECT m.meter_key, r.value, r.estimated, r.batch_id FROM meters m "
        "LEFT JOIN readings r ON r.meter_key = m.meter_key AND r.ts = ? WHERE m.meter_id = ?",
        [ts, clean_meter_id(meter_id)],
    ).fetchone()
    if row is None:
        raise CorrectionError(f"unknown meter {meter_id!r}")
    if row[1] is None:
        raise CorrectionError(
            f"meter {meter_id!r} has no reading at {ts.isoformat()} (ingest a new reading instead)"
        )
    return tuple(row)


def correct_reading(
    con: duckdb.DuckDBPyConnection,
    meter_id: str,
    ts: dt.datetime,
    value: float,
    note: str,
    *,
    unit: str | None = None,
) -> IngestResult:
    """Replace the value of a stored reading (measured), recording ``note`` with the revision.

    Raises
    ------
    CorrectionError
        When there is no such reading or the value is refused (the reason is given).
    """
    _stored(con, meter_id, ts)
    frame = pa.table(
        {
            "meter": [clean_meter_id(meter_id)],
            "ts": pa.array([ts], type=pa.timestamp("us", tz="UTC")),
            "value": [str(value)],
            "unit": [unit],
            "estimated": ["false"],
        }
    )
    result = ingest_frame(con, frame, "correction", note=note)
    if result.rejected:
        raise CorrectionError(f"value refused: {result.rejects[0].reason}")
    return result


def void_reading(con: duckdb.DuckDBPyConnection, meter_id: str, ts: dt.datetime, note: str) -> int:
    """Remove a stored reading, recording its value and ``note`` in ``revisions``.

    Returns
    -------
    int
        The batch id of the void.

    Raises
    ------
    CorrectionError
        When there is no such reading.
    """
    key, old_value, old_estimated, old_batch = _stored(con, meter_id, ts)
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("SELECT nextval('batch_ids')").fetchone()
        assert row is not None
        batch_id = int(row[0])
        con.execute(
            "INSERT INTO revisions VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?)",
            [key, ts, old_value, old_estimated, old_batch, batch_id, note],
        )
        con.execute("DELETE FROM readings WHERE meter_key = ? AND ts = ?", [key, ts])
        con.execute("INSERT INTO batches VALUES (?, 'void', now(), 1, 0, 0, 1, 0)", [batch_id])
        con.execute(
            "CREATE OR REPLACE TEMP TABLE changed AS SELECT ?::INTEGER AS meter_key, "
            "?::TIMESTAMPTZ AS ts",
            [key, ts],
        )
        recompute_hourly(con)
        con.execute("DROP TABLE changed")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return batch_id
