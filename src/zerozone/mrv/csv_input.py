"""Reading a CSV file of readings line by line: the lines that cannot be read are refused one
by one (with their line number and reason), never the whole file.

The header line (UTF-8, a byte-order mark allowed) names the columns and decides the field
separator (comma, semicolon, tab or bar: the one that splits it into the most fields). DuckDB's
CSV reader then reads every other line as text with that dialect, keeping aside the lines it
cannot read: bytes that are not UTF-8, more or fewer fields than the header, broken quoting, a
line too long.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from zerozone.mrv.readings import InputFormatError
from zerozone.mrv.rejects import RAW_LIMIT

SEPARATORS = (",", ";", "\t", "|")
"""Field separators recognised from the header line."""

READER_REASONS = {
    "INVALID ENCODING": "line has bytes that are not UTF-8 (save the file as UTF-8)",
    "TOO MANY COLUMNS": "line has more fields than the header",
    "MISSING COLUMNS": "line has fewer fields than the header",
    "UNQUOTED VALUE": "line has a broken quote",
    "INVALID STATE": "line has a broken quote",
    "LINE SIZE OVER MAXIMUM": "line is too long",
}
"""Reason of each kind of line DuckDB's reader refuses."""


def _header(path: Path) -> tuple[str, list[str]]:
    """The separator and column names of the file's header line."""
    with path.open("rb") as handle:
        first = handle.readline(1 << 16)
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise InputFormatError("the header line is not UTF-8 (save the file as UTF-8)") from None
    if not text.strip():
        raise InputFormatError("the first line must name the columns (meter, ts, value)")
    best = max(SEPARATORS, key=lambda sep: len(next(csv.reader([text], delimiter=sep))))
    names = [name.strip() for name in next(csv.reader([text], delimiter=best))]
    if len(set(names)) != len(names) or not all(names):
        raise InputFormatError(f"the header names a column twice or has an empty name: {text}")
    return best, names


def read_csv_rows(con: duckdb.DuckDBPyConnection, path: Path, out: str, refused: str) -> None:
    """Read a CSV file into temp table ``out`` (its columns as text, plus ``source_line``) and
    the lines it cannot read into temp table ``refused`` (``row_number`` = line, ``meter``,
    ``ts``, ``value`` NULL, ``reason``, ``raw``: the line's bytes, bounded).

    Raises
    ------
    InputFormatError
        When the header line cannot be read.
    """
    separator, names = _header(path)
    quoted = "'" + str(path).replace("'", "''") + "'"
    columns = "{" + ", ".join("'" + n.replace("'", "''") + "': 'VARCHAR'" for n in names) + "}"
    sep = separator.replace("\t", "\\t")
    con.execute("DROP TABLE IF EXISTS csv_errors; DROP TABLE IF EXISTS csv_scans")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out}_rows AS
        SELECT *, row_number() OVER () AS source_row
        FROM read_csv({quoted}, header = true, auto_detect = false, delim = E'{sep}',
                      quote = '"', escape = '"', columns = {columns}, store_rejects = true,
                      rejects_table = 'csv_errors', rejects_scan = 'csv_scans')
        """
    )
    cases = " ".join(f"WHEN '{kind}' THEN '{reason}'" for kind, reason in READER_REASONS.items())
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {refused} AS
        SELECT CAST(line AS BIGINT) AS row_number, NULL::VARCHAR AS meter, NULL::VARCHAR AS ts,
               NULL::VARCHAR AS value,
               coalesce(CASE CAST(any_value(error_type) AS VARCHAR) {cases} END,
                        'line cannot be read: ' || any_value(error_message)) AS reason,
               CAST(left(any_value(csv_line), {RAW_LIMIT}) AS BLOB) AS raw
        FROM csv_errors GROUP BY line
        """
    )
    # the k-th line read is the k-th line after the header that was not refused
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        WITH lines AS (
            SELECT line, row_number() OVER (ORDER BY line) AS source_row FROM (
                SELECT unnest(generate_series(2, 1 + (SELECT count(*) FROM {out}_rows)
                                                 + (SELECT count(*) FROM {refused}))) AS line
            ) ANTI JOIN {refused} r ON r.row_number = line
        )
        SELECT r.* EXCLUDE (source_row), l.line AS source_line
        FROM {out}_rows r JOIN lines l USING (source_row) ORDER BY l.line
        """
    )
    con.execute(f"DROP TABLE {out}_rows; DROP TABLE IF EXISTS csv_errors")
    con.execute("DROP TABLE IF EXISTS csv_scans")
