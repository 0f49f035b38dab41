"""The city inventory in the GPC BASIC structure, per settlement, zone and year.

The Global Protocol for Community-Scale Greenhouse Gas Emission Inventories (GPC, WRI/C40/ICLEI,
2014) BASIC level covers stationary energy, in-boundary transport and waste. Meters measure the
energy parts; the rows this module fills are:

=========  ==========================================================  =====  ===================
GPC ref    sub-sector                                                  scope  from
=========  ==========================================================  =====  ===================
I.1        residential buildings                                       1      gas meters
I.1        residential buildings                                       2      grid import meters
I.2        commercial and institutional buildings and facilities       1      gas meters
I.2        commercial and institutional buildings and facilities       2      grid import meters
II.1       on-road transportation                                      1      not metered (NE)
II.1       on-road transportation                                      2      EV charger meters
=========  ==========================================================  =====  ===================

Counting rules
--------------
* A building's sector (``residential`` or ``commercial_institutional``) decides I.1 or I.2.
* **EV charging is counted once, in II.1.** A charger meter on a building is a sub-meter behind
  the building's grid import: in each hour the grid part of its energy (at most the building's
  import) moves from I.1/I.2 to II.1. A charger site's own grid import is II.1. A site (charger
  or building) without a grid import meter: its charger meters are II.1 (all taken from the grid).
* **Rooftop PV**: self-consumed PV (generation minus export, per site and hour) displaces grid
  import, so scope 2 is the grid import alone; PV generation, self-consumption and export are
  reported as information items and exports are not subtracted (GPC 2014, ch. 4).
* Heat-pump meters are sub-meters of the building's import: information only.
* Plants are energy generation (GPC I.4), outside these rows: their PV output is information only.
* Scope 2 = hourly grid energy x the hourly grid factor of the settlement's zone
  (:mod:`zerozone.mrv.factors`); scope 1 = gas energy x the IPCC 2006 natural gas factor.
* The year is the settlement's local calendar year. Estimated energy (gaps spread, estimated
  readings) is carried in ``estimated_mwh``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from zerozone.mrv.factors import GAS_T_PER_MWH_IPCC, FactorError, GridFactor
from zerozone.mrv.rejects import spreadsheet_text
from zerozone.mrv.store import settle

SUBSECTORS = {
    "I.1": "Residential buildings",
    "I.2": "Commercial and institutional buildings and facilities",
    "II.1": "On-road transportation",
}
"""GPC references and their sub-sector names."""

NOTATION_NOT_ESTIMATED = "NE"
"""GPC notation key: emissions occur but are not estimated (fuel sales are not metered)."""

GAS_T_PER_MWH = GAS_T_PER_MWH_IPCC

ROW_COLUMNS = [
    "zone_id",
    "settlement_id",
    "year",
    "gpc_ref",
    "subsector",
    "scope",
    "mwh",
    "estimated_mwh",
    "t_co2",
    "notation",
]

_SITE_HOURS_SQL = """
CREATE OR REPLACE TEMP TABLE hourly_parts AS
WITH site_meta AS (
    SELECT s.site_id, dense_rank() OVER (ORDER BY s.site_id) AS site_key, s.kind AS site_kind,
           s.sector, p.zone_id, p.settlement_id, any_value(b.year_start) AS year_start,
           any_value(b.year_end) AS year_end,
           coalesce(bool_or(m.kind = 'grid_import'), false) AS has_import
    FROM sites s JOIN settlements p USING (settlement_id) JOIN year_bounds b USING (settlement_id)
    LEFT JOIN meters m USING (site_id)
    WHERE true {place_where}
    GROUP BY s.site_id, s.kind, s.sector, p.zone_id, p.settlement_id
), meter_meta AS (
    SELECT m.meter_key, m.kind, sm.site_key, sm.year_start, sm.year_end
    FROM meters m JOIN site_meta sm USING (site_id)
), site_hour AS (
    -- per site and hour, grouped on a small integer key (string keys cost twice as much)
    SELECT mm.site_key, h.hour,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'grid_import'), 0) AS import,
        coalesce(sum(h.estimated_kwh) FILTER (mm.kind = 'grid_import'), 0) AS import_est,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'grid_export'), 0) AS export,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'pv_generation'), 0) AS pv,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'ev_charger'), 0) AS ev,
        coalesce(sum(h.estimated_kwh) FILTER (mm.kind = 'ev_charger'), 0) AS ev_est,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'heat_pump'), 0) AS heat_pump,
        coalesce(sum(h.kwh) FILTER (mm.kind = 'gas'), 0) AS gas,
        coalesce(sum(h.estimated_kwh) FILTER (mm.kind = 'gas'), 0) AS gas_est
    FROM hourly h JOIN meter_meta mm USING (meter_key)
    WHERE h.hour >= mm.year_start AND h.hour < mm.year_end {time_where}
    GROUP BY mm.site_key, h.hour
), per_site AS (
    SELECT sh.*, sm.zone_id, sm.settlement_id, sm.site_kind, sm.sector, sm.has_import,
           -- a charger sub-meter behind a building's import: its grid part leaves I.1/I.2;
           -- a building without an import meter: its charger meters are its metered grid use
           CASE WHEN sm.site_kind = 'building' THEN least(sh.ev, sh.import) ELSE 0 END
               AS ev_behind,
           CASE WHEN sm.site_kind <> 'building' THEN 0
                WHEN sm.has_import THEN least(sh.ev, sh.import) ELSE sh.ev END AS ev_grid
    FROM site_hour sh JOIN site_meta sm USING (site_key)
)
-- the rules are applied per site and hour, then summed per settlement, sector and hour
SELECT zone_id, settlement_id, site_kind, sector, hour,
    sum(import - ev_behind) AS building_grid,
    sum(CASE WHEN import > 0 THEN import_est * (import - ev_behind) / import ELSE 0 END)
        AS building_grid_est,
    sum(gas) AS gas, sum(gas_est) AS gas_est,
    sum(ev_grid) AS ev_grid,
    sum(CASE WHEN NOT has_import THEN ev_est
             WHEN import > 0 THEN import_est * ev_grid / import ELSE 0 END) AS ev_grid_est,
    sum(CASE WHEN has_import THEN import ELSE ev END) AS own_connection,
    sum(CASE WHEN has_import THEN import_est ELSE ev_est END) AS own_connection_est,
    sum(pv) AS pv, sum(greatest(pv - export, 0)) AS pv_self, sum(export) AS export,
    sum(ev) AS ev, sum(heat_pump) AS heat_pump
FROM per_site GROUP BY ALL
"""

_PARTS_SQL = """
WITH parts AS (
    SELECT zone_id, settlement_id, hour,
           CASE sector WHEN 'residential' THEN 'I.1' ELSE 'I.2' END AS gpc_ref, 2 AS scope,
           building_grid AS kwh, building_grid_est AS est
    FROM hourly_parts WHERE site_kind = 'building'
    UNION ALL
    SELECT zone_id, settlement_id, hour,
           CASE sector WHEN 'residential' THEN 'I.1' ELSE 'I.2' END, 1, gas, gas_est
    FROM hourly_parts WHERE site_kind = 'building'
    UNION ALL
    SELECT zone_id, settlement_id, hour, 'II.1', 2, ev_grid, ev_grid_est
    FROM hourly_parts WHERE site_kind = 'building'
    UNION ALL
    SELECT zone_id, settlement_id, hour, 'II.1', 2, own_connection, own_connection_est
    FROM hourly_parts WHERE site_kind = 'charger'
)
"""


@dataclass(frozen=True)
class Inventory:
    """A GPC BASIC inventory.

    Attributes
    ----------
    year : int
        Local calendar year [yr].
    grid_factor : str
        Description of the grid factor used [-].
    rows : pandas.DataFrame
        One row per settlement, GPC reference and scope (:data:`ROW_COLUMNS`): energy [MWh],
        its estimated part [MWh], emissions [t CO2], notation key.
    information : pandas.DataFrame
        Per settlement: ``pv_generation_mwh``, ``pv_self_consumed_mwh``, ``pv_exported_mwh``,
        ``ev_charging_mwh``, ``heat_pump_mwh`` [MWh] (not in the totals).
    """

    year: int
    grid_factor: str
    rows: pd.DataFrame
    information: pd.DataFrame

    def settlement_totals(self) -> pd.DataFrame:
        """Total energy [MWh] and emissions [t CO2] per settlement."""
        return self.rows.groupby(["zone_id", "settlement_id"], as_index=False)[
            ["mwh", "estimated_mwh", "t_co2"]
        ].sum()

    def zone_totals(self) -> pd.DataFrame:
        """Total energy [MWh] and emissions [t CO2] per zone (sum of its settlements)."""
        return (
            self.settlement_totals()
            .groupby("zone_id", as_index=False)[["mwh", "estimated_mwh", "t_co2"]]
            .sum()
        )

    def table(self) -> pd.DataFrame:
        """The rows followed by settlement and zone totals (``gpc_ref`` ``TOTAL``)."""
        settlements = self.settlement_totals().assign(
            year=self.year, gpc_ref="TOTAL", subsector="BASIC total", scope=0, notation=""
        )
        zones = self.zone_totals().assign(
            settlement_id="*",
            year=self.year,
            gpc_ref="TOTAL",
            subsector="BASIC total",
            scope=0,
            notation="",
        )
        return pd.concat(
            [self.rows, settlements[ROW_COLUMNS], zones[ROW_COLUMNS]], ignore_index=True
        )

    def to_json(self) -> dict[str, Any]:
        """The inventory as nested zones -> settlements -> rows."""
        zones = []
        totals = self.settlement_totals().set_index("settlement_id")
        info = self.information.set_index("settlement_id")
        for zone_row in self.zone_totals().itertuples():
            places = []
            for settlement in sorted(
                self.rows.loc[self.rows["zone_id"] == zone_row.zone_id, "settlement_id"].unique()
            ):
                rows = self.rows[self.rows["settlement_id"] == settlement]
                places.append(
                    {
                        "settlement_id": settlement,
                        "total_mwh": float(totals.loc[settlement, "mwh"]),
                        "total_t_co2": float(totals.loc[settlement, "t_co2"]),
                        "rows": rows.drop(columns=["zone_id", "settlement_id", "year"]).to_dict(
                            "records"
                        ),
                        "information": info.loc[settlement].to_dict()
                        if settlement in info.index
                        else {},
                    }
                )
            zones.append(
                {
                    "zone_id": zone_row.zone_id,
                    "total_mwh": float(zone_row.mwh),
                    "total_t_co2": float(zone_row.t_co2),
                    "settlements": places,
                }
            )
        return {
            "standard": "GPC 2014, BASIC (stationary energy I.1, I.2; on-road transport II.1)",
            "year": self.year,
            "grid_factor": self.grid_factor,
            "gas_factor_t_per_mwh": GAS_T_PER_MWH,
            "zones": zones,
        }

    def write(self, path: Path) -> Path:
        """Write the inventory as CSV (``.csv``) or JSON (``.json``)."""
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(self.to_json(), indent=2, default=float), encoding="utf-8")
        elif path.suffix.lower() == ".csv":
            table = self.table()
            for column in table.select_dtypes(exclude="number").columns:
                table[column] = table[column].map(spreadsheet_text)
            table.to_csv(path, index=False)
        else:
            raise ValueError(f"{path}: use a .csv or .json file")
        return path


def register_year_bounds(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """Temp table ``year_bounds``: each settlement's local calendar ``year`` as UTC instants.

    Filtering hours on these bounds replaces a per-row time-zone conversion (ICU), an order of
    magnitude slower on millions of hourly rows.
    """
    rows = []
    for settlement, timezone in con.execute(
        "SELECT settlement_id, timezone FROM settlements"
    ).fetchall():
        zone = ZoneInfo(str(timezone))
        start = dt.datetime(year, 1, 1, tzinfo=zone).astimezone(dt.UTC)
        end = dt.datetime(year + 1, 1, 1, tzinfo=zone).astimezone(dt.UTC)
        rows.append((str(settlement), start, end))
    frame = pd.DataFrame(rows, columns=["settlement_id", "year_start", "year_end"])
    settle(con)
    con.register("year_bounds_input", frame)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE year_bounds AS SELECT settlement_id, "
        "CAST(year_start AS TIMESTAMPTZ) AS year_start, CAST(year_end AS TIMESTAMPTZ) AS year_end "
        "FROM year_bounds_input"
    )
    con.unregister("year_bounds_input")


def _register_factors(
    con: duckdb.DuckDBPyConnection, factor: GridFactor, year: int, zones: list[str]
) -> None:
    start = pd.Timestamp(year=year, month=1, day=1, tz="UTC") - pd.Timedelta(hours=15)
    end = pd.Timestamp(year=year + 1, month=1, day=1, tz="UTC") + pd.Timedelta(hours=15)
    frame = (
        factor.hourly(zones, start, end)
        if zones
        else pd.DataFrame({"zone_id": [], "hour": pd.to_datetime([], utc=True), "t_per_mwh": []})
    )
    settle(con)
    con.register("grid_factor_input", frame)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE grid_factors AS SELECT zone_id, "
        "CAST(hour AS TIMESTAMPTZ) AS hour, t_per_mwh FROM grid_factor_input"
    )
    con.unregister("grid_factor_input")


def build_inventory(
    con: duckdb.DuckDBPyConnection,
    year: int,
    factor: GridFactor,
    *,
    settlement: str | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> Inventory:
    """The GPC BASIC inventory of ``year`` for every metered settlement (or one).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Store connection.
    year : int
        Local calendar year of each settlement [yr].
    factor : GridFactor
        Hourly grid emission factors.
    settlement : str, optional
        One settlement id; all metered settlements if None.
    start, end : pandas.Timestamp, optional
        Restrict to UTC hours in [start, end) within the year (used by the status).

    Raises
    ------
    FactorError
        When the grid factor lacks hours in which grid energy was metered.
    """
    params: dict[str, object] = {"year": year}
    place_where, time_where = "", ""
    if settlement is not None:
        place_where = " AND p.settlement_id = $settlement"
        params["settlement"] = settlement
    if start is not None:
        time_where += " AND h.hour >= $start"
        params["start"] = start
    if end is not None:
        time_where += " AND h.hour < $end"
        params["end"] = end
    zones = [
        str(r[0])
        for r in con.execute(
            "SELECT DISTINCT p.zone_id FROM meters m JOIN sites s USING (site_id) "
            "JOIN settlements p USING (settlement_id)"
        ).fetchall()
    ]
    _register_factors(con, factor, year, zones)
    register_year_bounds(con, year)
    site_hours = _SITE_HOURS_SQL.format(place_where=place_where, time_where=time_where)
    con.execute(site_hours, _used(site_hours, params))
    parts = _PARTS_SQL
    query = (
        parts
        + """
        SELECT count(DISTINCT (p.zone_id, p.hour)) FROM parts p
        LEFT JOIN grid_factors f ON f.zone_id = p.zone_id AND f.hour = p.hour
        WHERE p.scope = 2 AND p.kwh > 0 AND f.t_per_mwh IS NULL
        """
    )
    uncovered = con.execute(query, _used(query, params)).fetchone()
    if uncovered and uncovered[0]:
        raise FactorError(
            f"{factor.label} gives no factor for {uncovered[0]} zone-hours with metered grid energy"
        )
    query = (
        parts
        + f"""
        SELECT p.zone_id, p.settlement_id, $year AS year, p.gpc_ref, p.scope,
               sum(p.kwh) / 1000.0 AS mwh, sum(p.est) / 1000.0 AS estimated_mwh,
               sum(p.kwh / 1000.0 * CASE WHEN p.scope = 1 THEN {GAS_T_PER_MWH}
                                         ELSE coalesce(f.t_per_mwh, 0) END) AS t_co2
        FROM parts p LEFT JOIN grid_factors f ON f.zone_id = p.zone_id AND f.hour = p.hour
        GROUP BY ALL ORDER BY ALL
        """
    )
    rows = con.execute(query, _used(query, params)).df()
    rows = _complete(rows, year)
    query = """
        SELECT settlement_id,
               sum(pv) / 1000.0 AS pv_generation_mwh,
               sum(CASE WHEN site_kind = 'building' THEN pv_self ELSE 0 END) / 1000.0
                   AS pv_self_consumed_mwh,
               sum(export) / 1000.0 AS pv_exported_mwh,
               sum(ev) / 1000.0 AS ev_charging_mwh,
               sum(heat_pump) / 1000.0 AS heat_pump_mwh
        FROM hourly_parts GROUP BY settlement_id ORDER BY settlement_id
        """
    information = con.execute(query).df()
    con.execute("DROP TABLE IF EXISTS grid_factors; DROP TABLE IF EXISTS hourly_parts")
    return Inventory(year, factor.label, rows, information)


def hourly_emissions(
    con: duckdb.DuckDBPyConnection, settlement: str, year: int, factor: GridFactor
) -> pd.DataFrame:
    """Emissions of one settlement hour by hour over a local year: the read path of dashboards.

    The hourly sum of the inventory's rows needs no per-site split: moving EV charging from I.1/I.2
    to II.1 keeps the scope 2 total, which is the grid import of buildings and charger sites (a
    charger site without an import meter: its charger meters).

    Returns
    -------
    pandas.DataFrame
        Columns ``hour`` (UTC), ``grid_mwh``, ``gas_mwh`` [MWh], ``t_per_mwh`` (grid factor)
        [t/MWh] and ``t_co2`` [t], one row per hour with energy.

    Raises
    ------
    FactorError
        When the grid factor lacks hours with metered grid energy.
    """
    zone = con.execute(
        "SELECT zone_id FROM settlements WHERE settlement_id = ?", [settlement]
    ).fetchall()
    if not zone:
        raise FactorError(f"unknown settlement {settlement!r}")
    _register_factors(con, factor, year, [str(zone[0][0])])
    register_year_bounds(con, year)
    bounds = con.execute(
        "SELECT year_start, year_end FROM year_bounds WHERE settlement_id = ?", [settlement]
    ).fetchall()[0]
    frame = con.execute(
        f"""
        WITH counted AS (
            SELECT m.meter_key, m.kind, s.kind AS site_kind,
                   bool_or(m.kind = 'grid_import') OVER (PARTITION BY s.site_id) AS has_import
            FROM meters m JOIN sites s USING (site_id)
            WHERE s.settlement_id = $settlement AND s.kind IN ('building', 'charger')
        ), grid AS (
            SELECT meter_key, kind = 'gas' AS gas FROM counted
            WHERE (kind = 'grid_import')
               OR (kind = 'gas' AND site_kind = 'building')
               OR (kind = 'ev_charger' AND NOT has_import)
        ), energy AS (
            SELECT h.hour, sum(h.kwh) FILTER (NOT g.gas) / 1000.0 AS grid_mwh,
                   sum(h.kwh) FILTER (g.gas) / 1000.0 AS gas_mwh
            FROM hourly h JOIN grid g USING (meter_key)
            WHERE h.hour >= $start AND h.hour < $end
            GROUP BY h.hour
        )
        SELECT e.hour, coalesce(e.grid_mwh, 0) AS grid_mwh, coalesce(e.gas_mwh, 0) AS gas_mwh,
               f.t_per_mwh,
               coalesce(e.grid_mwh, 0) * f.t_per_mwh
                   + coalesce(e.gas_mwh, 0) * {GAS_T_PER_MWH} AS t_co2
        FROM energy e LEFT JOIN grid_factors f ON f.hour = e.hour
        ORDER BY e.hour
        """,
        {"settlement": settlement, "start": bounds[0], "end": bounds[1]},
    ).df()
    con.execute("DROP TABLE IF EXISTS grid_factors")
    missing = frame["t_per_mwh"].isna() & (frame["grid_mwh"] > 0)
    if missing.any():
        count = int(missing.sum())
        raise FactorError(f"{factor.label} gives no factor for {count} hours with grid energy")
    return frame


def _used(query: str, params: dict[str, object]) -> dict[str, object]:
    """The named parameters that ``query`` uses (DuckDB refuses unused ones)."""
    return {name: value for name, value in params.items() if f"${name}" in query}


def _complete(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every settlement gets all six rows; II.1 scope 1 carries the notation key NE."""
    places = rows[["zone_id", "settlement_id"]].drop_duplicates()
    grid = [(ref, scope) for ref in SUBSECTORS for scope in (1, 2)]
    full = places.merge(pd.DataFrame(grid, columns=["gpc_ref", "scope"]), how="cross")
    merged = full.merge(rows, on=["zone_id", "settlement_id", "gpc_ref", "scope"], how="left")
    for column in ("mwh", "estimated_mwh", "t_co2"):
        merged[column] = merged[column].fillna(0.0).astype(float)
    merged["year"] = year
    merged["subsector"] = merged["gpc_ref"].map(SUBSECTORS)
    merged["notation"] = ""
    merged.loc[(merged["gpc_ref"] == "II.1") & (merged["scope"] == 1), "notation"] = (
        NOTATION_NOT_ESTIMATED
    )
    merged["scope"] = merged["scope"].astype(int)
    return (
        merged[ROW_COLUMNS]
        .sort_values(["zone_id", "settlement_id", "gpc_ref", "scope"])
        .reset_index(drop=True)
    )


__all__ = ["FactorError", "Inventory", "build_inventory", "hourly_emissions"]
