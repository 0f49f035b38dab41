"""Interval energy from readings, kept per meter and UTC hour, and its reports by local day.

Rules
-----
The energy of a meter for a set of stored readings is a function of that set alone: the same
readings give the same hourly energy and events whatever the batches they came in and their
order (a late reading, a correction or a voided reading rebuilds every hour whose energy it can
change, see :mod:`zerozone.mrv.hourly`).

* **Cumulative registers**: readings are taken in time order; each **step** goes from one
  reading to the next. A step is classified from its two readings alone: a rise (or no change)
  is **ok**; a decrease is a **rollover** when the meter has a rollover value ``R`` and the
  register wrapped from the top tenth of its range to the bottom tenth (previous >= 0.9 R,
  value <= 0.1 R); otherwise a **reset** when the value is at most half the previous one (the
  register restarted from zero); otherwise a **backward step** (a wrong reading).
* The register's **mark** after a reading is the highest reading since the last reset or
  rollover (or since the meter's first reading). The energy of a step is counted from the mark
  before it: ``max(0, value - mark)`` for ok and backward steps (a backward step gives 0),
  ``value`` for a reset, ``max(0, R - mark) + value`` for a rollover. So after one or several
  low readings the energy is the rise above the last good value (the total is conserved,
  nothing is counted twice), and a high reading holds the energy at zero until the register
  climbs past it (or resets). Energy is never negative. A reset from the top tenth of the range
  to its bottom tenth cannot be told from a rollover and is counted as one; every reset,
  rollover and backward step is recorded in ``events`` for the operator to check (and a wrong
  reading can be voided or corrected: :mod:`zerozone.mrv.corrections`).
* **Estimates**: a step is estimated when either of its readings is (the flag of the reading
  finally stored: a later measured value replaces an estimate, an estimate never replaces a
  measured value) or when it spans a gap.
* **Interval meters**: each reading is the energy of the ``interval_minutes`` ending at its time.
* **Gaps**: two consecutive readings further apart than 1.5 times the meter's interval. For a
  register, the energy across the gap is measured (the register kept counting) but its timing is
  not: it is spread evenly over the gap and flagged as estimated. For an interval meter, the
  missing intervals stay missing (never interpolated); :func:`find_gaps` reports both kinds.
* **Hours**: a step's (or interval's) energy goes to the UTC hours it overlaps, in proportion to
  the overlap. Energy of an estimated step is also counted in ``estimated_kwh``.
* **Days and months** are those of the meter's time zone (``timezone`` of the registry), so a
  daylight-saving day has 23 or 25 hours. Hours are UTC hours: in zones whose offset is not a whole
  number of hours (Asia/Kolkata) a day's first and last hour are assigned by their start.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

GAP_FACTOR = 1.5
"""Two readings further apart than this many reading intervals leave a gap."""

HOUR_US = 3_600_000_000
"""Microseconds per hour."""


def hour_of(expression: str) -> str:
    """SQL for the UTC hour containing the instant ``expression`` (integer arithmetic: ICU's
    ``date_trunc`` on TIMESTAMPTZ is an order of magnitude slower)."""
    return f"make_timestamptz((epoch_us({expression}) // {HOUR_US}) * {HOUR_US})"


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
    meter_id = None if meter is None else meter.strip()
    return _where([("s.settlement_id = ?", settlement), ("m.meter_id = ?", meter_id)])


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
