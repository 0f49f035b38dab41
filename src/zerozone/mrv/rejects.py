"""Rejected input rows: listing them, writing them for spreadsheets, pruning old ones.

Every rejected row is kept in the ``rejects`` table with its batch, row (or line) number, fields
as received, reason and, for a message that could not be parsed, its raw bytes (at most
:data:`RAW_LIMIT`). Rejects older than a retention period (:data:`DEFAULT_RETENTION_DAYS`, an
option of ``zerozone mrv ingest`` and ``listen``) are pruned at each batch.

Files meant for spreadsheets are written by DuckDB's CSV writer with every text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return prefixed with a single quote (OWASP's
rule against CSV injection), so that a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

RAW_LIMIT = 4096
"""Bytes of a rejected message's payload kept [B]."""

DEFAULT_RETENTION_DAYS = 90
"""Days rejects are kept [d]."""

FORMULA_START = r"^[=+\-@\t\r]"
"""Cells starting with one of these are read as formulas by spreadsheets."""

FORMULA_CHARACTERS = frozenset("=+-@\t\r")
"""The same characters, for text cells written from Python."""


class RejectsFileError(OSError):
    """The rejects file could not be written (the batch itself is stored)."""


def spreadsheet_safe(expression: str) -> str:
    """SQL for the text ``expression`` made safe for spreadsheets (OWASP CSV injection)."""
    return (
        f"CASE WHEN regexp_matches({expression}, '{FORMULA_START}') "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def spreadsheet_text(value: object) -> object:
    """A text cell made safe for spreadsheets (OWASP CSV injection); other values unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_CHARACTERS:
        return "'" + value
    return value


def write_rejects(con: duckdb.DuckDBPyConnection, batch_id: int, path: Path) -> Path:
    """Write the rejected rows of a batch as CSV (row, meter, ts, value, reason).

    Raises
    ------
    RejectsFileError
        When the file cannot be written.
    """
    cells = ", ".join(
        f"{spreadsheet_safe(name)} AS {name}" for name in ("meter", "ts", "value", "reason")
    )
    relation = con.sql(
        f"SELECT row_number, {cells} FROM rejects WHERE batch_id = {int(batch_id)} "
        "ORDER BY row_number"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        relation.write_csv(str(path), header=True)
    except (OSError, duckdb.Error) as error:
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        raise RejectsFileError(reason) from None
    return path


def list_rejects(
    con: duckdb.DuckDBPyConnection,
    *,
    since: dt.datetime | None = None,
    source: str | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """Rejected rows, newest batch first.

    Parameters
    ----------
    since : datetime, optional
        Only batches received at or after this instant.
    source : str, optional
        Only batches whose source label contains this text (``mqtt``, a file name).
    limit : int
        Most rows returned [-].

    Returns
    -------
    pandas.DataFrame
        Columns ``received_at`` (UTC), ``source``, ``batch_id``, ``row_number``, ``meter``,
        ``ts``, ``value``, ``reason`` and ``raw`` (the kept bytes of an unparsable message).
    """
    conditions: list[str] = []
    params: list[object] = []
    if since is not None:
        conditions.append("b.received_at >= ?")
        params.append(since)
    if source is not None:
        conditions.append("strpos(b.source, ?) > 0")
        params.append(source)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    return con.execute(
        f"""
        SELECT b.received_at, b.source, r.batch_id, r.row_number, r.meter, r.ts, r.value,
               r.reason, r.raw
        FROM rejects r JOIN batches b USING (batch_id) {where}
        ORDER BY r.batch_id DESC, r.row_number LIMIT {int(limit)}
        """,
        params,
    ).df()


def prune_rejects(con: duckdb.DuckDBPyConnection, retention_days: float) -> int:
    """Delete the rejects of batches received more than ``retention_days`` ago [d].

    Returns
    -------
    int
        Rows deleted.
    """
    row = con.execute(
        """
        DELETE FROM rejects WHERE batch_id IN (
            SELECT batch_id FROM batches
            WHERE received_at < now() - to_microseconds(CAST(? * 86400e6 AS BIGINT)))
        RETURNING 1
        """,
        [float(retention_days)],
    ).fetchall()
    return len(row)
