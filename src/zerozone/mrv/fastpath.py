"""The common shape of a batch, validated in one vectorised step (Arrow compute, numpy).

Most batches a gateway sends are clean: registered meter ids written exactly, ISO 8601 times
with ``Z`` or a UTC offset, plain non-negative numbers in the meter's unit, no repeated
(meter, instant). For such a batch the set-based validation of :mod:`zerozone.mrv.readings`
(regular expressions and IANA-zone checks in DuckDB, several statements) would find nothing to
reject, and costs far more than the batch itself. :func:`fast_rows` checks the same rules in
Arrow for the whole batch at once and returns the rows as they would be staged, or None as soon
as any row needs a closer look (an unknown meter, a zone name, a value out of range, a
duplicate...): that batch then takes the full path, which gives every rejected row its reason.
So the fast path never rejects, and accepts only what the full path accepts, with the same
instant and the same value in kWh (tested row for row against it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zerozone.mrv.readings import EARLIEST_TIME, OFFSETS, PLAIN_NUMBER
from zerozone.mrv.store import settle

FAST_TIME = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?"
    r"(Z|" + OFFSETS.replace("(:?", "(:") + ")$"
)
"""Times the fast path reads: seconds always given, ``Z`` or ``+hh:mm`` within -12:00..+14:00."""

FAST_UNITS = {"wh": 0.001, "kwh": 1.0, "mwh": 1000.0}
"""Units a reading may name on the fast path, in kWh per unit (m3 takes the full path)."""

FUTURE_TOLERANCE = dt.timedelta(days=1)
"""As :data:`zerozone.mrv.readings.FUTURE_TOLERANCE`: later readings take the full path."""

EARLIEST = dt.datetime.fromisoformat(EARLIEST_TIME.replace(" ", "T"))

STAGED_SCHEMA = pa.schema(
    [
        ("meter_key", pa.int32()),
        ("ts", pa.timestamp("us", tz="UTC")),
        ("value", pa.float64()),
        ("estimated", pa.bool_()),
    ]
)
"""The rows as :func:`zerozone.mrv.readings.stage_batch` stages them."""

METERS_QUERY = """
SELECT meter_id, meter_key, s.settlement_id,
       CASE unit WHEN 'Wh' THEN 0.001 WHEN 'kWh' THEN 1.0 WHEN 'MWh' THEN 1000.0 END AS factor,
       CASE register WHEN 'cumulative' THEN max_register_kwh
            ELSE max_kw * interval_minutes / 60.0 END AS largest
FROM meters JOIN sites s USING (site_id) ORDER BY meter_key
"""


@dataclass(frozen=True)
class MeterCatalog:
    """What the fast path needs to know of the registered meters.

    Attributes
    ----------
    ids : pyarrow.Array
        Meter ids (as stored: trimmed) [-].
    keys : numpy.ndarray
        Their meter keys [-].
    factors : numpy.ndarray
        kWh per unit of the meter's own unit; NaN for m3 (gas in m3 takes the full path) [kWh/unit].
    largest : numpy.ndarray
        Largest acceptable reading: the register range of a cumulative meter, the energy of an
        interval at the meter's maximum power for an interval meter [kWh].
    settlements : numpy.ndarray
        The settlement id of each meter [-].
    """

    ids: pa.Array
    keys: np.ndarray
    factors: np.ndarray
    largest: np.ndarray
    settlements: np.ndarray

    def settlements_of(self, meters: pa.Array) -> set[str] | None:
        """The settlements of the meters named (ids trimmed as at ingest), or None when one of
        them is not in the catalog."""
        names = pc.unique(pc.utf8_trim(meters.drop_null(), " "))
        found = pc.index_in(names, value_set=self.ids)
        if found.null_count:
            return None
        return {str(s) for s in self.settlements[found.to_numpy(zero_copy_only=False)]}


def load_catalog(con: duckdb.DuckDBPyConnection) -> MeterCatalog:
    """The meters of the store, read once (reload after the registry changes)."""
    settle(con)
    table = con.sql(METERS_QUERY).to_arrow_table()
    return MeterCatalog(
        ids=table.column("meter_id").combine_chunks(),
        keys=table.column("meter_key").to_numpy().astype(np.int32),
        factors=table.column("factor").to_numpy(zero_copy_only=False).astype(float),
        largest=table.column("largest").to_numpy(zero_copy_only=False).astype(float),
        settlements=np.array(table.column("settlement_id").to_pylist(), dtype=object),
    )


def _column(table: pa.Table, *names: str) -> pa.Array | None:
    for name in names:
        if name in table.column_names:
            return table.column(name).combine_chunks()
    return None


def _instants(ts: pa.Array, now: dt.datetime) -> pa.Array | None:
    """UTC instants of the time column, or None when one needs the full path."""
    if pa.types.is_timestamp(ts.type):
        if ts.type.tz is None:
            return None
        instants = ts.cast(pa.timestamp("us", tz="UTC"))
    elif pa.types.is_string(ts.type) or pa.types.is_large_string(ts.type):
        if ts.null_count or not pc.all(pc.match_substring_regex(ts, FAST_TIME)).as_py():
            return None
        try:
            instants = pc.cast(pc.replace_substring(ts, " ", "T"), pa.timestamp("us", tz="UTC"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    else:
        return None
    if instants.null_count or not len(instants):
        return None
    low, high = pc.min_max(instants).values()
    if low.as_py() < EARLIEST or high.as_py() > now + FUTURE_TOLERANCE:
        return None
    return instants


def _numbers(value: pa.Array) -> np.ndarray | None:
    """The values as plain finite non-negative numbers, or None."""
    if pa.types.is_string(value.type) or pa.types.is_large_string(value.type):
        if value.null_count or not pc.all(pc.match_substring_regex(value, PLAIN_NUMBER)).as_py():
            return None
        try:
            value = pc.cast(value, pa.float64())
        except pa.ArrowInvalid:
            return None
    elif not (pa.types.is_integer(value.type) or pa.types.is_floating(value.type)):
        return None
    if value.null_count:
        return None
    numbers = value.to_numpy(zero_copy_only=False).astype(float)
    if not np.isfinite(numbers).all() or (numbers < 0).any():
        return None
    return numbers


def _unit_factors(table: pa.Table, own: np.ndarray) -> np.ndarray | None:
    """kWh per unit of each row: the row's unit, else its meter's; None for m3 or unknown."""
    unit = _column(table, "unit")
    factors = own
    if unit is not None and unit.null_count < len(unit):
        if not (pa.types.is_string(unit.type) or pa.types.is_null(unit.type)):
            return None
        names = pc.utf8_lower(pc.utf8_trim_whitespace(unit)).to_pylist()
        try:
            factors = np.array(
                [own[i] if not n else FAST_UNITS[n] for i, n in enumerate(names)], dtype=float
            )
        except KeyError:
            return None
    return None if np.isnan(factors).any() else factors


def _flags(table: pa.Table, rows: int) -> np.ndarray | None:
    """The ``estimated`` flags (missing: false), or None when one is not plainly true or false."""
    flag = _column(table, "estimated")
    if flag is None or flag.null_count == len(flag):
        return np.zeros(rows, dtype=bool)
    if pa.types.is_boolean(flag.type):
        return flag.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
    if not pa.types.is_string(flag.type):
        return None
    text = flag.fill_null("")
    if not pc.all(pc.is_in(text, pa.array(["true", "false", ""]))).as_py():
        return None
    return pc.equal(text, "true").to_numpy(zero_copy_only=False).astype(bool)


def _unique(keys: np.ndarray, instants: np.ndarray) -> bool:
    """Whether no (meter, instant) appears twice."""
    order = np.lexsort((instants, keys))
    same = (np.diff(keys[order]) == 0) & (np.diff(instants[order]) == 0)
    return not bool(same.any())


def fast_rows(
    table: pa.Table, catalog: MeterCatalog, now: dt.datetime | None = None
) -> pa.Table | None:
    """The batch's rows as they would be staged, when every row is of the common clean shape.

    Parameters
    ----------
    table : pyarrow.Table
        Input rows (columns of :mod:`zerozone.mrv.readings`).
    catalog : MeterCatalog
        The registered meters.
    now : datetime.datetime, optional
        The present (UTC), for the bound on future times.

    Returns
    -------
    pyarrow.Table or None
        ``meter_key``, ``ts`` (UTC), ``value`` [kWh], ``estimated``, one row per input row in
        input order; None when any row must take the full validation.
    """
    for extra in ("problem", "raw", "source_line"):
        column = _column(table, extra)
        if column is not None and column.null_count < len(column):
            return None
    meter, value = _column(table, "meter", "meter_id"), _column(table, "value")
    ts = _column(table, "ts", "time", "timestamp")
    if meter is None or ts is None or value is None or not len(meter):
        return None
    if not pa.types.is_string(meter.type) or meter.null_count:
        return None
    found = pc.index_in(meter, value_set=catalog.ids)
    if found.null_count:
        return None
    where = found.to_numpy(zero_copy_only=False)
    instants = _instants(ts, now or dt.datetime.now(dt.UTC))
    numbers = _numbers(value)
    if instants is None or numbers is None:
        return None
    factors = _unit_factors(table, catalog.factors[where])
    flags = _flags(table, len(meter))
    if factors is None or flags is None:
        return None
    kwh = numbers * factors
    if (kwh > catalog.largest[where]).any():
        return None
    keys = catalog.keys[where]
    micros = instants.cast(pa.int64()).to_numpy()
    if not _unique(keys, micros):
        return None
    return pa.table(
        [pa.array(keys), instants, pa.array(kwh), pa.array(flags)], schema=STAGED_SCHEMA
    )


JSON_FIELDS = frozenset(("meter", "ts", "value", "unit", "estimated"))
"""Fields a JSON reading may have on the fast path."""


def json_table(records: object) -> pa.Table | None:
    """Typed columns of parsed JSON readings of the usual shape, or None.

    The usual shape: objects with ``meter`` and ``ts`` as text, ``value`` a JSON number, and
    optionally ``unit`` (text) and ``estimated`` (true or false). Anything else (other fields,
    other types) is None: :func:`zerozone.mrv.ingest.records_table` then reads it field by field
    so that each odd row is rejected with its reason.
    """
    if not isinstance(records, list) or not records:
        return None
    if not all(type(r) is dict and r.keys() <= JSON_FIELDS for r in records):
        return None
    values = [r.get("value") for r in records]
    if not all(type(v) is int or type(v) is float for v in values):
        return None
    flags = [r.get("estimated") for r in records]
    if not all(f is None or type(f) is bool for f in flags):
        return None
    try:
        return pa.table(
            {
                "meter": pa.array([r.get("meter") for r in records], pa.string()),
                "ts": pa.array([r.get("ts") for r in records], pa.string()),
                "value": pa.array(values, pa.float64()),
                "unit": pa.array([r.get("unit") for r in records], pa.string()),
                "estimated": pa.array(flags, pa.bool_()),
            }
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None
