"""Keeping the hourly energy, events and register marks up to date as readings change.

The rules are those of :mod:`zerozone.mrv.energy`; this module rebuilds, in the transaction of a
batch (or of a correction), exactly the meter-hours whose energy can change, so that the stored
hourly energy is always the one a single computation over every stored reading would give,
whatever the batches and the order in which they came.

State kept between batches
--------------------------
A register's energy from one reading to the next depends on the previous reading and on the
register's **mark** (its highest reading since the last reset or rollover). Marks equal to the
reading itself (the common case) are not stored; the others (readings inside a run of backward
steps) are kept in table ``marks``. Each mark is a function of the stored readings alone, and
is rebuilt with the energy.

Window of a change
------------------
For each meter with changed readings (inserted, revised or voided) between ``t_min`` and
``t_max``:

* **registers**: the rebuild starts at the hour of the reading before ``t_min`` (the first step
  that can change) and runs to the first reading after ``t_max`` at which the recomputed mark
  equals the stored one (from there on, every step is computed from the same readings and the
  same mark, so nothing after it can change), or to the meter's last reading. A late high
  reading can thus rebuild every hour until the register climbs past it or resets: its energy
  really changes.
* **interval meters**: the hours overlapped by the changed intervals.
"""

from __future__ import annotations

import duckdb

from zerozone.mrv.energy import GAP_FACTOR, HOUR_US, hour_of

LOOKAROUND = "3 days"
"""First search window for neighbouring readings and for the convergence of a register's mark;
the search widens to the whole series when it finds too few."""

TEMP_TABLES = (
    "touched",
    "prev_one",
    "next_one",
    "starts",
    "fetch_from",
    "converged",
    "ends",
    "fetch_to",
    "windows",
    "win",
    "marked",
    "steps",
    "rebuilt",
)


def _neighbours(
    con: duckdb.DuckDBPyConnection, source: str, column: str, op: str, out: str
) -> None:
    """Per span of ``source``, the nearest reading of its meter before or after an instant.

    ``source`` has one row per span (``span``, ``meter_key``, ``column``). Creates temp table
    ``out`` (``span``, ``ts``): the nearest reading of the span's meter strictly or loosely before
    (``<``, ``<=``) or after (``>``, ``>=``) the span's ``column`` instant; spans with none are
    absent. A bounded search first, then an unbounded one for the spans it left without.
    """
    descending = op in ("<", "<=")
    pick = "max" if descending else "min"
    sign = "-" if descending else "+"

    def query(bounded: bool, restrict: str) -> str:
        window = (
            f"AND r.ts {'>=' if descending else '<='} b.{column} {sign} INTERVAL '{LOOKAROUND}'"
        )
        return f"""
            SELECT b.span, {pick}(r.ts) AS ts FROM {source} b {restrict}
            JOIN readings r ON r.meter_key = b.meter_key AND r.ts {op} b.{column}
                 {window if bounded else ""}
            WHERE b.{column} IS NOT NULL GROUP BY b.span
        """

    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        WITH first AS MATERIALIZED ({query(True, "")}),
        short AS MATERIALIZED (
            SELECT b.span FROM {source} b ANTI JOIN first f USING (span)
            WHERE b.{column} IS NOT NULL
        )
        SELECT span, ts FROM first
        UNION ALL SELECT span, ts FROM ({query(False, "SEMI JOIN short s USING (span)")})
        """
    )


def _minutes(expression: str) -> str:
    """SQL for an interval of ``expression`` minutes."""
    return f"to_microseconds(CAST({expression} * 60e6 AS BIGINT))"


def hour_before(expression: str) -> str:
    """SQL for the UTC hour containing the instant just before ``expression``."""
    return f"make_timestamptz(((epoch_us({expression}) - 1) // {HOUR_US}) * {HOUR_US})"


def _ceil_hour(expression: str) -> str:
    return f"({hour_before(expression)} + INTERVAL 1 hour)"


def _classify(value: str, previous: str) -> str:
    """SQL classifying the step from ``previous`` to ``value`` (see :mod:`energy`'s rules)."""
    return f"""CASE
        WHEN {previous} IS NULL THEN NULL
        WHEN {value} >= {previous} THEN 'ok'
        WHEN rollover_kwh IS NOT NULL AND {previous} >= 0.9 * rollover_kwh
             AND {value} <= 0.1 * rollover_kwh THEN 'rollover'
        WHEN {value} <= 0.5 * {previous} THEN 'reset'
        ELSE 'backward' END"""


def _marked(window: str, spans: str, out: str) -> str:
    """SQL creating temp table ``out``: the readings of ``window`` (``span``, ``ts``, ``value``,
    ``estimated``; one span per meter, starting at a reading whose mark is ``carried`` in
    ``spans``) with their step from the previous reading, its class, the reference (the mark
    before the step) and the mark after it."""
    return f"""
    CREATE OR REPLACE TEMP TABLE {out} AS
    WITH lagged AS (
        SELECT span, ts, value, estimated, lag(value) OVER o AS previous,
               lag(ts) OVER o AS previous_ts, lag(estimated) OVER o AS previous_estimated
        FROM {window} WINDOW o AS (PARTITION BY span ORDER BY ts)
    ), classified AS MATERIALIZED (
        SELECT l.*, s.carried, s.rollover_kwh, {_classify("value", "previous")} AS event
        FROM lagged l JOIN {spans} s USING (span)
    ), irregular AS (
        -- spans with a decrease or a carried mark above its reading; elsewhere every mark is
        -- the reading itself and the window functions below are not paid for
        SELECT DISTINCT span FROM classified
        WHERE event IN ('reset', 'rollover', 'backward') OR (previous IS NULL AND carried > value)
    ), segmented AS (
        SELECT *, sum(CASE WHEN event IN ('reset', 'rollover') THEN 1 ELSE 0 END)
                      OVER (PARTITION BY span ORDER BY ts ROWS UNBOUNDED PRECEDING) AS segment
        FROM classified SEMI JOIN irregular USING (span)
    ), highs AS (
        SELECT *, greatest(max(value) OVER (PARTITION BY span, segment ORDER BY ts
                                            ROWS UNBOUNDED PRECEDING),
                           CASE WHEN segment = 0 THEN carried END) AS mark
        FROM segmented
    )
    SELECT * EXCLUDE (segment), lag(mark) OVER (PARTITION BY span ORDER BY ts) AS reference
    FROM highs
    UNION ALL BY NAME
    SELECT *, value AS mark, previous AS reference FROM classified ANTI JOIN irregular USING (span)
    """


def _old_mark(alias: str) -> str:
    """SQL for the stored mark of reading ``alias`` (joined to ``marks`` as ``k``)."""
    return f"coalesce(k.mark, {alias}.value)"


def _register_windows(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``windows`` for the registers of ``touched``: hours to rebuild
    [``h_start``, ``h_end``) and readings to read [``fetch_from``, ``fetch_to``]."""
    _neighbours(con, "touched", "t_min", "<", "prev_one")
    _neighbours(con, "touched", "t_max", ">", "next_one")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE starts AS
        SELECT t.*, {hour_of("coalesce(p.ts, t.t_min)")} AS h_start, n.ts AS next_ts
        FROM touched t LEFT JOIN prev_one p USING (span) LEFT JOIN next_one n USING (span)
        WHERE t.register = 'cumulative'
        """
    )
    _neighbours(con, "starts", "h_start", "<", "fetch_from")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE starts AS
        SELECT s.*, f.ts AS fetch_from, {_old_mark("r")} AS carried
        FROM starts s LEFT JOIN fetch_from f USING (span)
        LEFT JOIN readings r ON r.meter_key = s.meter_key AND r.ts = f.ts
        LEFT JOIN marks k ON k.meter_key = s.meter_key AND k.ts = f.ts
        """
    )
    _converge(con)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE ends AS
        SELECT s.*, {_ceil_hour("greatest(s.t_max, coalesce(c.ts, s.t_max))")} AS h_end
        FROM starts s LEFT JOIN converged c USING (span)
        """
    )
    _neighbours(con, "ends", "h_end", ">=", "fetch_to")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE windows AS
        SELECT e.span, e.meter_key, e.register, e.interval_minutes, e.rollover_kwh, e.carried,
               e.h_start, e.h_end, coalesce(e.fetch_from, '-infinity'::TIMESTAMPTZ) AS fetch_from,
               coalesce(f.ts, 'infinity'::TIMESTAMPTZ) AS fetch_to
        FROM ends e LEFT JOIN fetch_to f USING (span)
        """
    )


def _converge(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``converged`` (``span``, ``ts``): the last reading whose energy or mark can
    change: the first reading after ``t_max`` whose recomputed mark equals its stored one, or
    the meter's last reading. Spans with no reading after their changes are absent."""
    con.execute("CREATE OR REPLACE TEMP TABLE converged (span BIGINT, ts TIMESTAMPTZ)")
    if not con.execute("SELECT 1 FROM starts WHERE next_ts IS NOT NULL LIMIT 1").fetchall():
        return  # no span has a reading after its changes (new readings, the common case)
    for bounded in (True, False):
        upper = f"s.t_max + INTERVAL '{LOOKAROUND}'" if bounded else "'infinity'::TIMESTAMPTZ"
        pending = (
            "starts s WHERE s.next_ts IS NOT NULL AND s.span NOT IN (SELECT span FROM converged)"
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE win AS
            SELECT s.span, r.ts, r.value, r.estimated
            FROM (SELECT * FROM {pending}) s
            JOIN readings r ON r.meter_key = s.meter_key
                 AND r.ts >= coalesce(s.fetch_from, '-infinity'::TIMESTAMPTZ) AND r.ts <= {upper}
            """
        )
        con.execute(_marked("win", "starts", "marked"))
        con.execute(
            f"""
            INSERT INTO converged
            SELECT s.span, coalesce(
                min(m.ts) FILTER (m.ts > s.t_max AND m.mark = {_old_mark("r")}),
                CASE WHEN NOT {str(bounded).lower()} OR NOT EXISTS (
                    SELECT 1 FROM readings x WHERE x.meter_key = s.meter_key AND x.ts > {upper})
                THEN max(m.ts) END)
            FROM (SELECT * FROM {pending}) s JOIN marked m USING (span)
            JOIN readings r ON r.meter_key = s.meter_key AND r.ts = m.ts
            LEFT JOIN marks k ON k.meter_key = s.meter_key AND k.ts = m.ts
            GROUP BY s.span, s.meter_key, s.t_max
            """
        )
        con.execute("DELETE FROM converged WHERE ts IS NULL")


def recompute_hourly(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the hourly energy, events and marks that the changes in temp table ``changed``
    can alter.

    ``changed`` (``meter_key``, ``ts``) lists the readings a batch inserted, revised or removed;
    the caller's transaction covers the whole update.

    Returns
    -------
    int
        Number of meter-hours rebuilt.
    """
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE touched AS
        SELECT row_number() OVER () AS span, c.meter_key, min(c.ts) AS t_min, max(c.ts) AS t_max,
               any_value(m.register) AS register, any_value(m.interval_minutes) AS interval_minutes,
               any_value(m.rollover_kwh) AS rollover_kwh
        FROM changed c JOIN meters m USING (meter_key) GROUP BY c.meter_key
        """
    )
    _register_windows(con)
    con.execute(
        f"""
        INSERT INTO windows
        SELECT span, meter_key, register, interval_minutes, rollover_kwh, NULL,
               {hour_of("t_min - " + _minutes("interval_minutes"))}, {_ceil_hour("t_max")},
               {hour_of("t_min - " + _minutes("interval_minutes"))},
               {_ceil_hour("t_max")} + {_minutes("interval_minutes")}
        FROM touched WHERE register = 'interval'
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE win AS
        SELECT w.span, r.ts, r.value, r.estimated
        FROM windows w JOIN readings r ON r.meter_key = w.meter_key
             AND r.ts >= w.fetch_from AND r.ts <= w.fetch_to
             AND (w.register = 'cumulative' OR r.ts < w.fetch_to)
        """
    )
    registers = (
        "(SELECT * FROM win SEMI JOIN (SELECT span FROM windows "
        "WHERE register = 'cumulative') USING (span))"
    )
    con.execute(_marked(registers, "windows", "marked"))
    con.execute(_STEPS_SQL)
    con.execute(_ALLOCATE_SQL)
    con.execute(
        """
        DELETE FROM hourly USING windows w
        WHERE hourly.meter_key = w.meter_key AND hourly.hour >= w.h_start AND hourly.hour < w.h_end
        """
    )
    con.execute("INSERT INTO hourly SELECT * FROM rebuilt")
    for table in ("events", "marks"):
        con.execute(
            f"""
            DELETE FROM {table} USING windows w
            WHERE w.register = 'cumulative' AND {table}.meter_key = w.meter_key
              AND {table}.ts > w.fetch_from AND {table}.ts <= w.fetch_to
            """
        )
    con.execute(
        """
        INSERT INTO events
        SELECT w.meter_key, s.t1, s.event, s.previous, s.value, s.kwh
        FROM steps s JOIN windows w USING (span)
        WHERE s.event IN ('reset', 'rollover', 'backward')
        """
    )
    con.execute(
        """
        INSERT INTO marks
        SELECT w.meter_key, m.ts, m.mark FROM marked m JOIN windows w USING (span)
        WHERE m.mark > m.value AND m.ts > w.fetch_from
        """
    )
    row = con.execute("SELECT count(*) FROM rebuilt").fetchone()
    con.execute("; ".join(f"DROP TABLE IF EXISTS {table}" for table in TEMP_TABLES))
    return int(row[0]) if row else 0


_STEPS_SQL = f"""
CREATE OR REPLACE TEMP TABLE steps AS
SELECT m.span, m.previous_ts AS t0, m.ts AS t1, m.event,
    CASE WHEN m.event = 'backward' THEN m.reference ELSE m.previous END AS previous, m.value,
    CASE m.event
        WHEN 'rollover' THEN greatest(0.0, m.rollover_kwh - m.reference) + m.value
        WHEN 'reset' THEN m.value
        ELSE greatest(0.0, m.value - m.reference) END AS kwh,
    m.estimated OR m.previous_estimated
        OR epoch_us(m.ts) - epoch_us(m.previous_ts) > {GAP_FACTOR} * w.interval_minutes * 60e6
        AS estimated
FROM marked m JOIN windows w USING (span)
WHERE m.event IS NOT NULL
UNION ALL
SELECT i.span, make_timestamptz(epoch_us(i.ts) - CAST(w.interval_minutes * 60e6 AS BIGINT))
       AS t0, i.ts AS t1, 'interval' AS event, NULL AS previous, i.value, i.value AS kwh,
       i.estimated
FROM win i JOIN windows w USING (span) WHERE w.register = 'interval'
"""

_ALLOCATE_SQL = f"""
CREATE OR REPLACE TEMP TABLE rebuilt AS
WITH bounded AS (
    SELECT s.*, w.meter_key, w.h_start, w.h_end, {hour_of("t0")} AS first_hour,
           {hour_before("t1")} AS last_hour
    FROM steps s JOIN windows w USING (span) WHERE s.t1 > w.h_start AND s.t0 < w.h_end
), single AS (
    SELECT meter_key, first_hour AS hour, kwh, h_start, h_end, estimated
    FROM bounded WHERE first_hour = last_hour
), spread AS (
    SELECT meter_key, hour, h_start, h_end, estimated,
           kwh * (least(epoch_us(t1), epoch_us(hour) + {HOUR_US})
                  - greatest(epoch_us(t0), epoch_us(hour))) / (epoch_us(t1) - epoch_us(t0)) AS kwh
    FROM (
        SELECT *, unnest(generate_series(first_hour, last_hour, INTERVAL 1 hour)) AS hour
        FROM bounded WHERE first_hour <> last_hour
    )
), parts AS (
    SELECT meter_key, hour, kwh, estimated, h_start, h_end FROM single
    UNION ALL
    SELECT meter_key, hour, kwh, estimated, h_start, h_end FROM spread
)
SELECT meter_key, hour, sum(kwh) AS kwh,
       sum(CASE WHEN estimated THEN kwh ELSE 0.0 END) AS estimated_kwh
FROM parts WHERE hour >= h_start AND hour < h_end
GROUP BY meter_key, hour
"""


def rebuild_all(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the hourly energy, events and marks of every meter from its readings (in the
    caller's transaction).

    Returns
    -------
    int
        Number of meter-hours rebuilt.
    """
    con.execute("DELETE FROM hourly; DELETE FROM events; DELETE FROM marks")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE changed AS
        SELECT meter_key, min(ts) AS ts FROM readings GROUP BY meter_key
        UNION ALL SELECT meter_key, max(ts) FROM readings GROUP BY meter_key
        """
    )
    rebuilt = recompute_hourly(con)
    con.execute("DROP TABLE changed")
    return rebuilt
