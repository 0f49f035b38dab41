"""Late data: readings that arrived after the hours they cover had already been merged.

The store records when each batch was merged (``batches.received_at``) and which batch brought
each reading (``readings.batch_id``). A reading is *late* when an earlier batch of the same meter
had already brought a reading after it: by then the hours it covers had been merged (counted as a
gap, or spread as an estimate between register readings) and the energy of its day and month
could have been reported; its arrival changed them afterwards.
"""

from __future__ import annotations

import duckdb
import pandas as pd

LATE_QUERY = """
WITH kept AS (
    SELECT r.meter_key, r.ts, r.value, r.batch_id, b.received_at, m.meter_id
    FROM readings r JOIN batches b USING (batch_id) JOIN meters m USING (meter_key)
    JOIN sites s USING (site_id)
    WHERE s.settlement_id = ?
),
per_batch AS (
    SELECT meter_key, batch_id, min(received_at) AS received_at, max(ts) AS last_ts
    FROM kept GROUP BY ALL
),
frontier AS (
    SELECT meter_key, batch_id,
           max(last_ts) OVER (
               PARTITION BY meter_key ORDER BY received_at, batch_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
           ) AS merged_until
    FROM per_batch
)
SELECT k.meter_id, k.ts, k.value, k.batch_id, k.received_at, f.merged_until,
       epoch(k.received_at - k.ts) / 3600.0 AS delay_hours
FROM kept k JOIN frontier f USING (meter_key, batch_id)
WHERE k.ts < f.merged_until
ORDER BY k.received_at DESC, k.meter_id, k.ts DESC
"""


def late_readings(con: duckdb.DuckDBPyConnection, settlement: str) -> pd.DataFrame:
    """The late readings of ``settlement``'s meters, the latest arrivals first.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    settlement : str
        Settlement id.

    Returns
    -------
    pandas.DataFrame
        Columns ``meter_id``, ``ts`` (UTC, the reading's instant), ``value`` (in the meter's
        unit), ``batch_id``, ``received_at`` (UTC, when its batch was merged), ``merged_until``
        (UTC, the latest reading of that meter already merged then) and ``delay_hours`` (from
        its instant to its arrival) [h].
    """
    return con.execute(LATE_QUERY, [settlement]).df()
