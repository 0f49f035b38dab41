"""Interval energy from readings, kept per meter and UTC hour, and its reports by local day.

Rules
-----
* **Cumulative registers**: the energy of the interval between two readings is the register's
  increase. A decrease is a **rollover** when the meter has a rollover value ``R`` and the register
  wrapped from the top tenth of its range to the bottom tenth (previous >= 0.9 R, value <= 0.1 R:
  energy ``R - previous + value``); otherwise a **reset** when the value is at most half the
  previous one (the register restarted from zero: energy ``value``); otherwise a **backward step**
  (a wrong reading: energy 0). Energy is counted from the register's **high-water mark**: the
  highest reading since the last reset or rollover, so after one or several low readings the
  energy is the rise above the last good value (the total is conserved, nothing is counted
  twice). A window recomputed from inside a run of low readings takes the mark from the recorded
  backward step. Energy is never negative. A reset from the top tenth of the range to its bottom
  tenth cannot be told from a rollover and is counted as one; every reset, rollover and backward
  step is recorded in ``events`` for the operator to check.
* **Interval meters**: each reading is the energy of the ``interval_minutes`` ending at its time.
* **Gaps**: two consecutive readings further apart than 1.5 times the meter's interval. For a
  register, the energy across the gap is measured (the register kept counting) but its timing is
  not: it is spread evenly over the gap and flagged as estimated. For an interval meter, the
  missing intervals stay missing (never interpolated); :func:`find_gaps` reports both kinds.
* **Hours**: an interval's energy goes to the UTC hours it overlaps, in proportion to the
  overlap. Energy that comes from an estimated reading or spans a gap is also counted in
  ``estimated_kwh``.
* **Days and months** are those of the meter's time zone (``timezone`` of the registry), so a
  daylight-saving day has 23 or 25 hours. Hours are UTC hours: in zones whose offset is not a whole
  number of hours (Asia/Kolkata) a day's first and last hour are assigned by their start.

Maintenance at ingest (:func:`recompute_hourly`): a batch's changed readings of each meter are
grouped in clusters (a new cluster after 6 hours without a change); for each cluster only the
hours between the reading before its first changed reading and the second reading after its last
one are rebuilt, from the intervals overlapping them (overlapping ranges of a meter are merged).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

LOOKAROUND = "3 days"
"""First search window for neighbouring readings; the search widens when it finds too few."""

CLUSTER_GAP_HOURS = 6
"""Changed readings of one meter more than this far apart are recomputed as separate ranges."""

GAP_FACTOR = 1.5
"""Two readings further apart than this many reading intervals leave a gap."""


def _neighbours(
    con: duckdb.DuckDBPyConnection, source: str, column: str, op: str, k: int, out: str
) -> None:
    """Per span of ``source``, the k-th reading from ``column`` in the direction of ``op``.

    ``source`` has one row per span (``span``, ``meter_key``, ``column``). Creates temp table
    ``out`` (``span``, ``ts``): the k-th reading of the span's meter (or the furthest of fewer)
    strictly/loosely before (``<``, ``<=``) or after (``>``, ``>=``) the span's ``column``
    instant; spans with none are absent.
    """
    descending = op in ("<", "<=")
    sign = "-" if descending else "+"
    pick = "min" if descending else "max"
    order = "DESC" if descending else "ASC"

    def query(bounded: bool, only_short: bool) -> str:
        window = (
            f"AND r.ts {'>=' if descending else '<='} b.{column} {sign} INTERVAL '{LOOKAROUND}'"
        )
        restrict = f"JOIN {out}_short s ON s.span = b.span" if only_short else ""
        return f"""
            SELECT span, {pick}(ts) AS ts, count(*) AS found FROM (
                SELECT b.span, r.ts,
                       row_number() OVER (PARTITION BY b.span ORDER BY r.ts {order}) AS k
                FROM {source} b {restrict}
                JOIN readings r ON r.meter_key = b.meter_key AND r.ts {op} b.{column}
                     {window if bounded else ""}
                WHERE b.{column} IS NOT NULL
            ) WHERE k <= {k} GROUP BY span
        """

    # One statement: the bounded search, then an unbounded one for the meters it left short
    # (an empty join side, so the unbounded scan costs nothing when every meter was found).
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        WITH first AS MATERIALIZED ({query(True, False)}),
        {out}_short AS MATERIALIZED (
            SELECT b.span FROM {source} b LEFT JOIN first f USING (span)
            WHERE b.{column} IS NOT NULL AND coalesce(f.found, 0) < {k}
        )
        SELECT span, ts FROM first
        WHERE span NOT IN (SELECT span FROM {out}_short)
        UNION ALL SELECT span, ts FROM ({query(False, True)})
        """
    )


def _minutes(expression: str) -> str:
    """SQL for an interval of ``expression`` minutes."""
    return f"to_microseconds(CAST({expression} * 60e6 AS BIGINT))"


def _ceil_hour(expression: str) -> str:
    return f"({_hour_before(expression)} + INTERVAL 1 hour)"


def recompute_hourly(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the hourly energy and events of the meter-hours touched by temp table ``changed``.

    ``changed`` (``meter_key``, ``ts``) lists the readings a batch inserted or revised; the
    caller's transaction covers the whole update.

    Returns
    -------
    int
        Number of meter-hours rebuilt.
    """
    # Changed readings of a meter are grouped into clusters (a new one after 6 hours without a
    # change); each cluster's hours are rebuilt, overlapping ones merged (one range per meter
    # when its changes are contiguous, as in an append).
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE touched AS
        WITH per_meter AS (
            SELECT c.meter_key, min(c.ts) AS t_min, max(c.ts) AS t_max, count(*) AS n,
                   any_value(m.register) AS register,
                   any_value(m.interval_minutes) AS interval_minutes
            FROM changed c JOIN meters m USING (meter_key) GROUP BY c.meter_key
        ), sparse AS (
            SELECT meter_key FROM per_meter
            WHERE epoch(t_max - t_min) > {CLUSTER_GAP_HOURS} * 3600 + n * interval_minutes * 90
        ), marked AS (
            SELECT c.meter_key, c.ts,
                   CASE WHEN c.ts - lag(c.ts) OVER (PARTITION BY c.meter_key ORDER BY c.ts)
                        > INTERVAL {CLUSTER_GAP_HOURS} hour THEN 1 ELSE 0 END AS starts
            FROM changed c SEMI JOIN sparse USING (meter_key)
        ), clustered AS (
            SELECT meter_key, ts, sum(starts) OVER (PARTITION BY meter_key ORDER BY ts
                                                    ROWS UNBOUNDED PRECEDING) AS cluster
            FROM marked
        ), clusters AS (
            SELECT meter_key, cluster, min(ts) AS t_min, max(ts) AS t_max FROM clustered
            GROUP BY meter_key, cluster
            UNION ALL
            SELECT meter_key, 0, t_min, t_max FROM per_meter ANTI JOIN sparse USING (meter_key)
        )
        SELECT row_number() OVER () AS span, c.meter_key, c.t_min, c.t_max, p.register,
               p.interval_minutes
        FROM clusters c JOIN per_meter p USING (meter_key)
        """
    )
    _neighbours(con, "touched", "t_min", "<", 1, "prev_one")
    _neighbours(con, "touched", "t_max", ">", 2, "next_two")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE spans AS
        SELECT t.span, t.meter_key, t.register, t.interval_minutes,
            CASE WHEN t.register = 'interval'
                 THEN {hour_of("t.t_min - " + _minutes("t.interval_minutes"))}
                 ELSE {hour_of("coalesce(p.ts, t.t_min)")} END AS h_start,
            CASE WHEN t.register = 'interval' THEN {_ceil_hour("t.t_max")}
                 ELSE {_ceil_hour("coalesce(n.ts, t.t_max)")} END AS h_end
        FROM touched t LEFT JOIN prev_one p USING (span) LEFT JOIN next_two n USING (span)
        """
    )
    _neighbours(con, "spans", "h_start", "<=", 3, "fetch_from")
    _neighbours(con, "spans", "h_end", ">=", 1, "fetch_to")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE windows AS
        WITH bounded AS (
            SELECT s.*, coalesce(f.ts, '-infinity'::TIMESTAMPTZ) AS fetch_from,
                   coalesce(t.ts, 'infinity'::TIMESTAMPTZ) AS fetch_to
            FROM spans s LEFT JOIN fetch_from f USING (span) LEFT JOIN fetch_to t USING (span)
        ), ordered AS (
            SELECT *, max(h_end) OVER (PARTITION BY meter_key ORDER BY h_start, span
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
            FROM bounded
        ), grouped AS (
            SELECT *, sum(CASE WHEN earlier_end IS NULL OR h_start >= earlier_end THEN 1 ELSE 0 END)
                      OVER (PARTITION BY meter_key ORDER BY h_start, span
                            ROWS UNBOUNDED PRECEDING) AS part
            FROM ordered
        )
        SELECT row_number() OVER () AS span, g.meter_key, any_value(g.register) AS register,
               any_value(g.interval_minutes) AS interval_minutes, min(g.h_start) AS h_start,
               max(g.h_end) AS h_end, min(g.fetch_from) AS fetch_from, max(g.fetch_to) AS fetch_to,
               any_value(m.rollover_kwh) AS rollover_kwh
        FROM grouped g JOIN meters m USING (meter_key)
        GROUP BY g.meter_key, g.part
        """
    )
    bounds = con.execute(
        "SELECT min(h_start) - INTERVAL 7 day, max(h_end) + INTERVAL 7 day FROM windows"
    ).fetchone()
    if bounds is None or bounds[0] is None:
        return 0
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE win AS
        SELECT w.span, r.meter_key, r.ts, r.value, r.estimated, w.h_start, w.h_end, w.register,
               w.interval_minutes
        FROM (
            SELECT *, least(fetch_from, h_start) AS lower_bound,
                   CASE WHEN register = 'cumulative' THEN fetch_to
                        ELSE least(fetch_to, h_end + {_minutes("interval_minutes")})
                   END AS upper_bound
            FROM windows
        ) w
        JOIN readings r ON r.meter_key = w.meter_key
             AND r.ts >= w.lower_bound AND r.ts <= w.upper_bound
        """
    )
    con.execute(_STEPS_SQL)
    con.execute(_ALLOCATE_SQL)
    con.execute(
        """
        DELETE FROM hourly USING windows w
        WHERE hourly.meter_key = w.meter_key AND hourly.hour >= w.h_start AND hourly.hour < w.h_end
        """
    )
    con.execute("INSERT INTO hourly SELECT * FROM rebuilt")
    con.execute(
        """
        DELETE FROM events USING (SELECT meter_key, min(t1) AS lo, max(t1) AS hi FROM steps
                                  GROUP BY span, meter_key) s
        WHERE events.meter_key = s.meter_key AND events.ts BETWEEN s.lo AND s.hi
        """
    )
    con.execute(
        "INSERT INTO events SELECT DISTINCT meter_key, t1, event, previous, value, kwh FROM steps "
        "WHERE event IN ('reset', 'rollover', 'backward')"
    )
    row = con.execute("SELECT count(*) FROM rebuilt").fetchone()
    con.execute(
        "; ".join(
            f"DROP TABLE IF EXISTS {table}"
            for table in (
                "touched",
                "prev_one",
                "next_two",
                "spans",
                "fetch_from",
                "fetch_to",
                "windows",
                "win",
                "steps",
                "rebuilt",
            )
        )
    )
    return int(row[0]) if row else 0


HOUR_US = 3_600_000_000
"""Microseconds per hour."""


def hour_of(expression: str) -> str:
    """SQL for the UTC hour containing the instant ``expression`` (integer arithmetic: ICU's
    ``date_trunc`` on TIMESTAMPTZ is an order of magnitude slower)."""
    return f"make_timestamptz((epoch_us({expression}) // {HOUR_US}) * {HOUR_US})"


def _hour_before(expression: str) -> str:
    """SQL for the UTC hour containing the instant just before ``expression``."""
    return f"make_timestamptz(((epoch_us({expression}) - 1) // {HOUR_US}) * {HOUR_US})"


def _classify(value: str, previous: str) -> str:
    """SQL classifying the step from ``previous`` to ``value`` (see the module's rules)."""
    return f"""CASE
        WHEN {previous} IS NULL THEN NULL
        WHEN {value} >= {previous} THEN 'ok'
        WHEN rollover_kwh IS NOT NULL AND {previous} >= 0.9 * rollover_kwh
             AND {value} <= 0.1 * rollover_kwh THEN 'rollover'
        WHEN {value} <= 0.5 * {previous} THEN 'reset'
        ELSE 'backward' END"""


_STEPS_SQL = f"""
CREATE OR REPLACE TEMP TABLE steps AS
WITH narrow AS (
    SELECT span, meter_key, ts, value, estimated, lag(value) OVER w AS previous,
           lag(ts) OVER w AS previous_ts, lag(estimated) OVER w AS previous_estimated
    FROM win WHERE register = 'cumulative'
    WINDOW w AS (PARTITION BY span ORDER BY ts)
), lagged AS (
    SELECT n.*, w.h_start, w.h_end, w.interval_minutes, w.rollover_kwh
    FROM narrow n JOIN windows w USING (span)
), carried AS (
    -- the register's high-water mark when the window starts inside a backward episode: the
    -- reference of the meter's latest event at or before the window's first reading
    SELECT w.span, arg_max(CASE WHEN e.kind = 'backward' THEN e.previous_value END, e.ts)
               AS carried
    FROM windows w JOIN events e ON e.meter_key = w.meter_key
         AND e.ts <= least(w.fetch_from, w.h_start)
    GROUP BY w.span
), classified AS MATERIALIZED (
    SELECT l.*, c.carried, {_classify("value", "previous")} AS event
    FROM lagged l LEFT JOIN carried c USING (span)
), irregular AS (
    -- the few spans with a decrease or a carried mark; elsewhere the reference is the previous
    -- reading, and the window functions below are not paid for
    SELECT DISTINCT span FROM classified
    WHERE event IN ('reset', 'rollover', 'backward') OR carried IS NOT NULL
), segmented AS (
    -- a reset or rollover starts a new segment of the register
    SELECT *, sum(CASE WHEN event IN ('reset', 'rollover') THEN 1 ELSE 0 END)
                  OVER (PARTITION BY span ORDER BY ts ROWS UNBOUNDED PRECEDING) AS segment
    FROM classified SEMI JOIN irregular USING (span)
), marked AS (
    SELECT *, greatest(max(value) OVER (PARTITION BY span, segment ORDER BY ts
                                        ROWS UNBOUNDED PRECEDING),
                       CASE WHEN segment = 0 THEN carried END) AS high
    FROM segmented
), referenced AS (
    -- the reference of a step: the highest reading since the last reset or rollover
    SELECT * EXCLUDE (segment, high), lag(high) OVER (PARTITION BY span ORDER BY ts) AS reference
    FROM marked
    UNION ALL BY NAME
    SELECT *, previous AS reference FROM classified ANTI JOIN irregular USING (span)
), registers AS (
    SELECT span, meter_key, previous_ts AS t0, ts AS t1, event,
        CASE WHEN event = 'backward' THEN reference ELSE previous END AS previous, value,
        h_start, h_end,
        CASE event
            WHEN 'rollover' THEN greatest(0.0, rollover_kwh - reference) + value
            WHEN 'reset' THEN value
            ELSE greatest(0.0, value - reference) END AS kwh,
        estimated OR previous_estimated
            OR epoch_us(ts) - epoch_us(previous_ts) > {GAP_FACTOR} * interval_minutes * 60e6
            AS estimated
    FROM referenced
)
SELECT * FROM registers WHERE event IS NOT NULL AND t1 > h_start AND t0 < h_end
UNION ALL
SELECT span, meter_key, make_timestamptz(epoch_us(ts) - CAST(interval_minutes * 60e6 AS BIGINT))
       AS t0, ts AS t1,
       'interval' AS event, NULL AS previous, value, h_start, h_end, value AS kwh, estimated
FROM win WHERE register = 'interval'
"""

_ALLOCATE_SQL = f"""
CREATE OR REPLACE TEMP TABLE rebuilt AS
WITH bounded AS (
    SELECT *, {hour_of("t0")} AS first_hour, {_hour_before("t1")} AS last_hour FROM steps
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


def local_energy(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str = "day",
    settlement: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> pd.DataFrame:
    """Energy per meter kind and local day (or month, or hour) of each settlement.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    by : {"hour", "day", "month"}
        Calendar unit, in each meter's time zone.
    settlement : str, optional
        Settlement id; every settlement when None.
    start, end : datetime, optional
        Time-zone-aware bounds on the UTC hours [start, end).

    Returns
    -------
    pandas.DataFrame
        Columns ``settlement_id``, ``period`` (local, naive), ``kind``, ``kwh``,
        ``estimated_kwh`` [kWh] and ``hours`` (hours with data in the period).
    """
    if by not in ("hour", "day", "month"):
        raise ValueError("by must be hour, day or month")
    where, params = _filters(settlement, start, end)
    return con.execute(
        f"""
        SELECT p.settlement_id, date_trunc('{by}', timezone(m.timezone, h.hour)) AS period,
               m.kind, sum(h.kwh) AS kwh, sum(h.estimated_kwh) AS estimated_kwh,
               count(DISTINCT h.hour) AS hours
        FROM hourly h JOIN meters m USING (meter_key) JOIN sites s USING (site_id)
        JOIN settlements p USING (settlement_id)
        {where}
        GROUP BY ALL ORDER BY ALL
        """,
        params,
    ).df()


def _where(conditions: list[tuple[str, object | None]]) -> tuple[str, list[object]]:
    """SQL ``WHERE`` clause and parameters from (condition with one ``?``, value) pairs; the
    pairs whose value is None are left out."""
    kept = [(condition, value) for condition, value in conditions if value is not None]
    clause = ("WHERE " + " AND ".join(condition for condition, _ in kept)) if kept else ""
    return clause, [value for _, value in kept]


def _filters(
    settlement: str | None, start: datetime | None, end: datetime | None
) -> tuple[str, list[object]]:
    return _where(
        [("p.settlement_id = ?", settlement), ("h.hour >= ?", start), ("h.hour < ?", end)]
    )


def _meter_filters(settlement: str | None, meter: str | None) -> tuple[str, list[object]]:
    """SQL ``WHERE`` clause and parameters on the site's settlement (``s``) and meter (``m``)."""
    return _where([("s.settlement_id = ?", settlement), ("m.meter_id = ?", meter)])


def find_gaps(
    con: duckdb.DuckDBPyConnection, *, settlement: str | None = None, meter: str | None = None
) -> pd.DataFrame:
    """Gaps between consecutive readings longer than 1.5 reading intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``meter_id``, ``register``, ``gap_start``, ``gap_end`` (UTC), ``missing_hours``
        [h] and ``treatment`` (``spread, estimated`` for registers, ``missing`` for interval
        meters).
    """
    where, params = _meter_filters(settlement, meter)
    return con.execute(
        f"""
        SELECT meter_id, register, gap_start, gap_end,
               epoch(gap_end - gap_start) / 3600.0 AS missing_hours,
               CASE WHEN register = 'interval' THEN 'missing' ELSE 'spread, estimated' END
                   AS treatment
        FROM (
            SELECT m.meter_id, m.register, m.interval_minutes, lag(r.ts) OVER w AS gap_start,
                   CASE WHEN m.register = 'interval'
                        THEN r.ts - to_microseconds(CAST(m.interval_minutes * 60e6 AS BIGINT))
                        ELSE r.ts END AS gap_end,
                   epoch(r.ts - lag(r.ts) OVER w) AS seconds
            FROM readings r JOIN meters m USING (meter_key) JOIN sites s USING (site_id)
            {where}
            WINDOW w AS (PARTITION BY r.meter_key ORDER BY r.ts)
        )
        WHERE seconds > {GAP_FACTOR} * interval_minutes * 60
        ORDER BY meter_id, gap_start
        """,
        params,
    ).df()


def list_events(
    con: duckdb.DuckDBPyConnection, *, settlement: str | None = None, meter: str | None = None
) -> pd.DataFrame:
    """Register resets, rollovers and backward steps found so far, for the operator to check.

    Returns
    -------
    pandas.DataFrame
        Columns ``meter_id``, ``ts`` (UTC), ``kind``, ``previous_value`` and ``value`` [kWh] (the
        register before and at the event) and ``kwh`` (energy counted for the interval) [kWh].
    """
    where, params = _meter_filters(settlement, meter)
    return con.execute(
        f"""
        SELECT m.meter_id, e.ts, e.kind, e.previous_value, e.value, e.kwh
        FROM events e JOIN meters m USING (meter_key) JOIN sites s USING (site_id)
        {where} ORDER BY m.meter_id, e.ts
        """,
        params,
    ).df()
