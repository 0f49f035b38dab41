"""Fast small batches: validate and stage durably on arrival, merge into the readings later.

A batch of a few hundred or thousand readings sent over HTTP should not pay the full store step
(matching against stored readings, revisions, hourly energy) on its own. So the service:

1. **stages** each batch in one transaction: its rows are validated exactly as in
   :func:`zerozone.mrv.ingest.ingest_source` (same reasons, the rejects recorded in ``rejects``
   and returned), and the valid rows, converted (meter key, UTC instant, kWh), are appended to the
   durable table ``pending_readings``. The batch is acknowledged after this commit (DuckDB writes
   and syncs its write-ahead log at commit): all of its valid rows are stored or none is. A batch
   of the common clean shape is validated in one vectorised step (:mod:`zerozone.mrv.fastpath`)
   and staged with two statements; any other takes the full validation.
2. **merges** on a short timer: every pending row (a snapshot of the table) goes through
   :func:`zerozone.mrv.ingest.ingest_source` as one batch (one hourly recompute for them all), then
   the merged rows are deleted from ``pending_readings``.

A reading is never lost: if the process stops between the merge's commit and the deletion, the
next merge stores the same rows again, which changes nothing (a re-sent reading is unchanged).
Several pending rows for one (meter, instant) are reduced as the store would have treated them
one batch after another: a measured value beats an estimate, otherwise the latest batch wins.
A row whose meter was removed before the merge is rejected then (kept in
``rejects``).
Until its merge a staged reading is not yet in ``readings`` nor in the hourly energy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from zerozone.mrv.fastpath import MeterCatalog, fast_rows, load_catalog
from zerozone.mrv.ingest import IngestResult, Reject, batch_rejects, ingest_source
from zerozone.mrv.readings import stage_batch
from zerozone.mrv.store import settle

PENDING_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending_readings (
    meter_key INTEGER NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    value DOUBLE NOT NULL,
    estimated BOOLEAN NOT NULL,
    batch_id BIGINT NOT NULL
)
"""

LATEST = """
SELECT * FROM (
    SELECT *, row_number() OVER (
        PARTITION BY meter_key, ts ORDER BY estimated, batch_id DESC) AS rank
    FROM pending_merge_rows
) WHERE rank = 1
"""
"""One pending row per (meter, instant): a measured value before an estimate, else the latest."""

MERGE_SOURCE = f"""
SELECT coalesce(m.meter_id, 'meter key ' || p.meter_key) AS meter, p.ts, p.value,
       'kWh' AS unit, p.estimated
FROM ({LATEST}) p LEFT JOIN meters m USING (meter_key)
"""
"""The pending rows as input rows, validated again: when a meter was removed since staging."""

ORPHANS = "SELECT count(*) FROM pending_merge_rows ANTI JOIN meters USING (meter_key)"
"""Pending rows whose meter was removed since they were staged."""


@dataclass(frozen=True)
class StagedResult:
    """What staging a batch did.

    Attributes
    ----------
    batch_id : int
        The batch's identifier (its rejects are kept under it in ``rejects``) [-].
    received : int
        Input rows [-].
    accepted : int
        Distinct valid (meter, instant) rows staged, stored at the next merge [-].
    rejected : int
        Rows rejected [-].
    rejects : list of Reject
        The rejected rows with their reasons.
    """

    batch_id: int
    received: int
    accepted: int
    rejected: int
    rejects: list[Reject] = field(default_factory=list)


def ensure_pending(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``pending_readings`` table when missing."""
    con.execute(PENDING_SCHEMA)


def _scalar(con: duckdb.DuckDBPyConnection, query: str, params: list[object] | None = None) -> int:
    row = con.execute(query, params).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def stage_table(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    label: str,
    *,
    max_rejects: int = 1000,
    catalog: MeterCatalog | None = None,
) -> StagedResult:
    """Validate the rows of ``table`` and stage the valid ones, in one transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection (no transaction open), with ``pending_readings`` created.
    table : pyarrow.Table
        Rows with the columns of :mod:`zerozone.mrv.readings`.
    label : str
        Source of the batch, kept with it in ``batches``.
    max_rejects : int
        Most rejected rows returned (all are kept in ``rejects``).
    catalog : MeterCatalog, optional
        The registered meters (read from the store when not given); a meter missing from it
        only sends the batch through the full validation.

    Returns
    -------
    StagedResult

    Raises
    ------
    InputFormatError
        When a required column is missing; nothing is staged.
    """
    settle(con)
    clean = fast_rows(table, catalog if catalog is not None else load_catalog(con))
    if clean is not None:
        return _stage_clean(con, clean, label)
    con.register("batch_input", table)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = _scalar(con, "SELECT nextval('batch_ids')")
        staged = stage_batch(con, "batch_input", batch_id)
        con.execute(
            "INSERT INTO pending_readings SELECT meter_key, ts, value, estimated, $1 FROM staged",
            [batch_id],
        )
        con.execute(
            "INSERT INTO batches VALUES (?, ?, now(), ?, 0, 0, 0, ?)",
            [batch_id, f"{label} (staged)", staged.received, staged.rejected],
        )
        con.execute("DROP TABLE staged")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("batch_input")
    rejects = batch_rejects(con, batch_id, max_rejects) if staged.rejected else []
    return StagedResult(batch_id, staged.received, staged.staged, staged.rejected, rejects)


def _stage_clean(con: duckdb.DuckDBPyConnection, rows: pa.Table, label: str) -> StagedResult:
    """Stage rows already validated by :func:`zerozone.mrv.fastpath.fast_rows` (one
    transaction: the batch record and its rows)."""
    con.register("clean_rows", rows)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = _scalar(
            con,
            "INSERT INTO batches VALUES (nextval('batch_ids'), ?, now(), ?, 0, 0, 0, 0) "
            "RETURNING batch_id",
            [f"{label} (staged)", rows.num_rows],
        )
        con.execute(
            "INSERT INTO pending_readings SELECT meter_key, ts, value, estimated, $1 "
            "FROM clean_rows",
            [batch_id],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("clean_rows")
    return StagedResult(batch_id, rows.num_rows, rows.num_rows, 0)


def pending_count(con: duckdb.DuckDBPyConnection) -> int:
    """Rows waiting in ``pending_readings`` [-]."""
    return _scalar(con, "SELECT count(*) FROM pending_readings")


def merge_pending(con: duckdb.DuckDBPyConnection, label: str = "merge") -> IngestResult | None:
    """Store every pending row as one batch and remove it from ``pending_readings``.

    Returns
    -------
    IngestResult or None
        The merge batch, or None when nothing was pending.
    """
    # one snapshot: a batch staged meanwhile is wholly in it or wholly left for the next merge
    con.execute("CREATE OR REPLACE TEMP TABLE pending_merge_rows AS SELECT * FROM pending_readings")
    if not _scalar(con, "SELECT count(*) FROM pending_merge_rows"):
        return None
    # rows were validated when staged; only a meter removed meanwhile needs the full path
    validated = not _scalar(con, ORPHANS)
    source = LATEST if validated else MERGE_SOURCE
    con.execute(f"CREATE OR REPLACE TEMP VIEW pending_merge AS {source}")
    result = ingest_source(con, "pending_merge", label, validated=validated)
    con.execute(
        "DELETE FROM pending_readings WHERE batch_id IN "
        "(SELECT DISTINCT batch_id FROM pending_merge_rows)"
    )
    con.execute("DROP VIEW pending_merge; DROP TABLE pending_merge_rows")
    return result
