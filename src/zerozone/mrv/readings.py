"""Validation and normalisation of incoming readings, set-based in DuckDB.

An input batch is any relation with the columns

===========  ==========================================================  ========
column       meaning                                                     required
===========  ==========================================================  ========
meter        registered meter id (``meter_id`` also accepted)            yes
ts           the instant: ISO 8601 text with a UTC offset (``Z``,        yes
             ``+04:00``) or a time-zone-aware timestamp
             (``time`` and ``timestamp`` also accepted)
value        register reading or interval energy, a finite number >= 0   yes
unit         Wh, kWh, MWh or (gas) m3; the meter's unit when empty       no
estimated    whether the source estimated the value (true/false, 1/0,    no
             yes/no; empty: false; anything else is rejected)
problem      a reason found before validation (a message that was not    no
             JSON); the row is rejected with it
===========  ==========================================================  ========

Each row is either staged (converted to kWh, the instant in UTC) or rejected with one reason:
unknown meter (ids are matched without surrounding white space), missing or unreadable time,
time without a UTC offset, a UTC offset outside -12:00..+14:00, a zone name that is not an IANA
name written exactly, a local time in an IANA zone that is ambiguous or does not exist
(daylight-saving fold or gap), time in the future or before 2000, value missing, not a number,
not finite, not a plain number (digit separators) or negative, unit unknown or not allowed for
the meter's kind, an ``estimated`` flag that is not true or false, a value outside the meter's
plausibility limits (:mod:`zerozone.mrv.limits`), or a row contradicting another row of the
same batch (same meter and time, different value). Identical rows within a batch are kept once
(duplicates are not errors), and an estimate given with a measured value for the same meter and
time is dropped for it. Optional columns ``raw`` (bytes of an unparsable message, kept with its
reject) and ``source_line`` (the row's line in its file, used as its number) are carried along.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from zerozone.errors import ZerozoneError
from zerozone.mrv.units import Unit

ALIASES = {"meter": ("meter", "meter_id"), "ts": ("ts", "time", "timestamp")}
"""Accepted column names for the meter and the instant."""

OFFSETS = r"\+(0\d|1[0-3])(:?[0-5]\d)?|\+14(:?00)?|-(0\d|1[01])(:?[0-5]\d)?|-12(:?00)?"
"""UTC offsets that exist: -12:00 to +14:00."""

OFFSET_PATTERN = (
    r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*"
    rf"(Z|z|UTC|{OFFSETS}|[A-Za-z_]+(/[A-Za-z0-9_+-]+)+)\s*$"
)
"""An ISO 8601 date and time followed by a UTC offset, ``Z``/``UTC`` or an IANA zone name."""

ANY_OFFSET = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?\s*$"
"""A time followed by something written like a UTC offset (in range or not)."""

PLAIN_NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
"""A number as readings write it: no digit separators (``1_000``, ``1,000``), no words."""

ZONE_PATTERN = r"([A-Za-z_]+(/[A-Za-z0-9_+-]+)+)\s*$"
"""A trailing IANA zone name (``Europe/Berlin``): the time before it is a local time."""

LOCAL_TIME_MACRO = """
CREATE OR REPLACE TEMP MACRO local_time_problem(local_ts, zone) AS CASE
    WHEN local_ts IS NULL OR zone IS NULL THEN NULL
    -- the two candidate instants: the local time less the offset a day before and a day after
    WHEN timezone(zone, timezone('UTC', local_ts - (timezone(zone, timezone('UTC',
             local_ts - INTERVAL 1 day)) - (local_ts - INTERVAL 1 day)))) = local_ts
         AND timezone(zone, timezone('UTC', local_ts - (timezone(zone, timezone('UTC',
             local_ts + INTERVAL 1 day)) - (local_ts + INTERVAL 1 day)))) = local_ts
         AND timezone(zone, local_ts - INTERVAL 1 day) - (local_ts - INTERVAL 1 day)
             <> timezone(zone, local_ts + INTERVAL 1 day) - (local_ts + INTERVAL 1 day)
        THEN 'local time is ambiguous in ' || zone || ' (clocks went back): give a UTC offset'
    WHEN timezone(zone, timezone('UTC', local_ts - (timezone(zone, timezone('UTC',
             local_ts - INTERVAL 1 day)) - (local_ts - INTERVAL 1 day)))) <> local_ts
         AND timezone(zone, timezone('UTC', local_ts - (timezone(zone, timezone('UTC',
             local_ts + INTERVAL 1 day)) - (local_ts + INTERVAL 1 day)))) <> local_ts
        THEN 'local time does not exist in ' || zone || ' (clocks went forward)'
END
"""
"""SQL macro: why a local time in an IANA zone names no single instant (NULL when it does).

A local time inside a daylight-saving fold is two instants, one inside a gap none; the reading is
rejected rather than stored at a guessed instant (DuckDB would pick one silently).
"""

FUTURE_TOLERANCE = "1 day"
"""Readings further in the future than this are rejected (clock errors)."""

EARLIEST_TIME = "2000-01-01 00:00:00+00"
"""Readings before this instant are rejected: a meter whose clock was reset (to 1970 or 2000)
would otherwise open a gap of decades, its energy spread over a million hours."""

UNIT_NAMES = {
    "wh": Unit.WH,
    "kwh": Unit.KWH,
    "mwh": Unit.MWH,
    "m3": Unit.M3,
    "m³": Unit.M3,
    "m^3": Unit.M3,
}


class InputFormatError(ZerozoneError, ValueError):
    """The batch as a whole cannot be read (missing columns); nothing was stored."""


@dataclass(frozen=True)
class StagedBatch:
    """Counts of a validated batch.

    Attributes
    ----------
    received : int
        Rows in the input [-].
    rejected : int
        Rows rejected, each recorded with its reason in ``rejects`` [-].
    staged : int
        Distinct (meter, instant) rows ready to store, in the temporary table ``staged`` [-].
    """

    received: int
    rejected: int
    staged: int


def _columns(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    return {str(row[0]).lower(): str(row[1]).upper() for row in described}


def _pick(columns: dict[str, str], role: str) -> str | None:
    return next((name for name in ALIASES.get(role, (role,)) if name in columns), None)


def _time_expressions(column: str, kind: str) -> tuple[str, str]:
    """SQL for (parsed instant, rejection reason or NULL) of the time column."""
    quoted = f'"{column}"'
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return quoted, f"CASE WHEN {quoted} IS NULL THEN 'missing time' END"
    if kind.startswith("TIMESTAMP") or kind == "DATE":
        return "NULL::TIMESTAMPTZ", "'time has no UTC offset (naive timestamp)'"
    text = f"CAST({quoted} AS VARCHAR)"
    parsed = f"TRY_CAST({text} AS TIMESTAMPTZ)"
    zone = f"regexp_extract({text}, '{ZONE_PATTERN}', 1)"
    local = f"TRY_CAST(regexp_replace({text}, '{ZONE_PATTERN}', '') AS TIMESTAMP)"
    reason = (
        f"CASE WHEN {quoted} IS NULL OR trim({text}) = '' THEN 'missing time' "
        f"WHEN regexp_matches({text}, '{ANY_OFFSET}') "
        f"AND NOT regexp_matches({text}, '{OFFSET_PATTERN}') "
        "THEN 'UTC offset out of range (-12:00 to +14:00)' "
        f"WHEN NOT regexp_matches({text}, '{OFFSET_PATTERN}') AND {parsed} IS NOT NULL "
        "THEN 'time has no UTC offset (write Z or +04:00)' "
        f"WHEN {zone} <> '' AND {zone} NOT IN (SELECT name FROM pg_timezone_names()) "
        f"THEN 'unknown time zone ' || {zone} || ' (IANA names are case-sensitive: Asia/Baku)' "
        f"WHEN {parsed} IS NULL THEN 'unreadable time' "
        f"WHEN {zone} <> '' THEN local_time_problem({local}, {zone}) END"
    )
    return parsed, reason


def stage_batch(con: duckdb.DuckDBPyConnection, source: str, batch_id: int) -> StagedBatch:
    """Validate the rows of ``source`` and stage the good ones.

    Creates (replacing) the temporary table ``staged`` (``meter_key``, ``ts``, ``value`` [kWh],
    ``estimated``) with one row per distinct (meter, instant), and appends one row per rejected
    input row to ``rejects``. Runs inside the caller's transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    source : str
        A table, view or table function (``read_parquet('f.parquet')``) to read from.
    batch_id : int
        The batch the rejects are recorded under.

    Returns
    -------
    StagedBatch

    Raises
    ------
    InputFormatError
        When a required column is missing.
    """
    columns = _columns(con, source)
    meter_col, ts_col = _pick(columns, "meter"), _pick(columns, "ts")
    missing = [
        name
        for name, found in (
            ("meter", meter_col),
            ("ts", ts_col),
            ("value", _pick(columns, "value")),
        )
        if found is None
    ]
    if missing:
        raise InputFormatError(
            f"missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )
    assert meter_col is not None and ts_col is not None
    parsed_ts, ts_reason = _time_expressions(ts_col, columns[ts_col])
    value_kind = columns[_pick(columns, "value") or "value"]
    numeric = value_kind in ("DOUBLE", "FLOAT", "REAL", "BIGINT", "INTEGER", "SMALLINT", "HUGEINT")
    numeric = numeric or value_kind.startswith("DECIMAL")
    con.execute(LOCAL_TIME_MACRO)
    unit_expr = 'lower(trim(CAST("unit" AS VARCHAR)))' if "unit" in columns else "NULL"
    problem_expr = 'CAST("problem" AS VARCHAR)' if "problem" in columns else "NULL"
    raw_expr = 'CAST("raw" AS BLOB)' if "raw" in columns else "NULL::BLOB"
    row_expr = "CAST(source_line AS BIGINT)" if "source_line" in columns else "row_number() OVER ()"
    plain = "true" if numeric else f"""regexp_matches(CAST("value" AS VARCHAR), '{PLAIN_NUMBER}')"""
    flag = 'TRY_CAST(trim(CAST("estimated" AS VARCHAR)) AS BOOLEAN)'
    estimated_expr = f"coalesce({flag}, false)" if "estimated" in columns else "false"
    # an unreadable flag is not taken for "measured": that would let an estimate replace a value
    estimated_bad = (
        f"""("estimated" IS NOT NULL AND trim(CAST("estimated" AS VARCHAR)) <> ''
             AND {flag} IS NULL)"""
        if "estimated" in columns
        else "false"
    )
    unit_cases = " ".join(f"WHEN '{name}' THEN '{unit.value}'" for name, unit in UNIT_NAMES.items())
    value_missing = (
        '"value" IS NULL'
        if numeric
        else """("value" IS NULL OR trim(CAST("value" AS VARCHAR)) = '')"""
    )
    converted = """i.raw_value * CASE coalesce(i.unit, m.unit)
                   WHEN 'Wh' THEN 0.001 WHEN 'kWh' THEN 1.0 WHEN 'MWh' THEN 1000.0
                   WHEN 'm3' THEN m.calorific_kwh_per_m3 END"""
    # One pass: the raw fields are kept untouched (as text only for the rejected rows, below).
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE checked AS
        WITH incoming AS (
            SELECT {row_expr} AS row_number,
                   CAST("{meter_col}" AS VARCHAR) AS meter,
                   "{ts_col}" AS ts_raw,
                   "value" AS value_raw,
                   {value_missing} AS value_missing,
                   {parsed_ts} AS ts,
                   {ts_reason} AS ts_reason,
                   TRY_CAST("value" AS DOUBLE) AS raw_value,
                   CASE WHEN {unit_expr} IS NULL OR {unit_expr} = '' THEN NULL
                        ELSE coalesce(CASE {unit_expr} {unit_cases} END, '?') END AS unit,
                   {estimated_expr} AS estimated,
                   {estimated_bad} AS estimated_bad,
                   {plain} AS plain,
                   {problem_expr} AS problem,
                   {raw_expr} AS raw
            FROM {source}
        )
        SELECT i.row_number, i.meter, i.ts_raw, i.value_raw, i.ts, i.estimated, m.meter_key, i.raw,
               {converted} AS value,
               CASE
                   WHEN i.problem IS NOT NULL THEN i.problem
                   WHEN i.meter IS NULL OR trim(i.meter) = '' THEN 'missing meter'
                   WHEN m.meter_key IS NULL THEN 'unknown meter (register it first)'
                   WHEN i.ts_reason IS NOT NULL THEN i.ts_reason
                   WHEN i.ts > now() + INTERVAL '{FUTURE_TOLERANCE}' THEN 'time is in the future'
                   WHEN i.ts < TIMESTAMPTZ '{EARLIEST_TIME}'
                       THEN 'time before 2000 (meter clock reset?)'
                   WHEN i.value_missing THEN 'missing value'
                   WHEN i.raw_value IS NULL THEN 'value is not a number'
                   WHEN NOT isfinite(i.raw_value) THEN 'value is not finite'
                   WHEN NOT i.plain
                       THEN 'value is not a plain number (no digit separators: 1000, not 1_000)'
                   WHEN i.raw_value < 0 THEN 'negative value'
                   WHEN i.unit = '?' THEN 'unknown unit (use Wh, kWh, MWh or m3)'
                   WHEN coalesce(i.unit, m.unit) = 'm3' AND m.kind <> 'gas'
                       THEN 'unit m3 is for gas meters only'
                   WHEN i.estimated_bad THEN 'estimated is not true or false'
                   WHEN m.register = 'cumulative' AND {converted} > m.max_register_kwh
                       THEN 'value above the register range of this meter (at most '
                            || CAST(m.max_register_kwh AS VARCHAR) || ' kWh)'
                   WHEN m.register = 'interval'
                        AND {converted} > m.max_kw * m.interval_minutes / 60.0
                       THEN 'value above the maximum power of this meter ('
                            || CAST(m.max_kw AS VARCHAR) || ' kW over its interval)'
               END AS reason
        FROM incoming i LEFT JOIN meters m ON m.meter_id = trim(i.meter)
        """
    )
    # Rows of one batch that give one (meter, instant) two different values contradict each other;
    # an estimate next to a measured value is superseded by it, as in the store (it is not a
    # contradiction), so only the measured rows are compared when there are any.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE keyed AS
        SELECT meter_key, ts, bool_and(estimated) AS estimated,
               CASE WHEN bool_and(estimated) THEN min(value)
                    ELSE min(value) FILTER (NOT estimated) END AS value,
               CASE WHEN bool_and(estimated) THEN max(value) - min(value)
                    ELSE max(value) FILTER (NOT estimated) - min(value) FILTER (NOT estimated)
               END > 1e-9 * greatest(1.0, abs(max(value))) AS conflict
        FROM checked WHERE reason IS NULL GROUP BY meter_key, ts
        """
    )
    con.execute(
        """
        INSERT INTO rejects
        SELECT $1, c.row_number, c.meter, CAST(c.ts_raw AS VARCHAR), CAST(c.value_raw AS VARCHAR),
               coalesce(c.reason, 'contradicts another row of this batch (same meter and time)'),
               c.raw
        FROM checked c
        LEFT JOIN keyed k ON c.reason IS NULL AND k.conflict
             AND k.meter_key = c.meter_key AND k.ts = c.ts
        WHERE c.reason IS NOT NULL OR k.meter_key IS NOT NULL
        """,
        [batch_id],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS "
        "SELECT meter_key, ts, value, estimated FROM keyed WHERE NOT conflict"
    )
    received = _scalar(con, "SELECT count(*) FROM checked")
    rejected = _scalar(con, f"SELECT count(*) FROM rejects WHERE batch_id = {int(batch_id)}")
    staged = _scalar(con, "SELECT count(*) FROM staged")
    con.execute("DROP TABLE checked; DROP TABLE keyed")
    return StagedBatch(received, rejected, staged)


def _scalar(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(query).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
