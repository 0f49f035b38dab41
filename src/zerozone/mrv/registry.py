"""The meter registry: zones -> settlements -> sites (building, plant, charger) -> meters.

Zones and settlements come from a scenario (:func:`register_places`); sites and meters are added
by the operator (:func:`add_meter`, :func:`import_meters`). A meter belongs to one site; the site
belongs to one settlement, whose IANA time zone is the meter's default time zone (days and months
of its energy).

The GPC sector of a meter's energy follows from its site: a building's ``sector``
(``residential`` -> I.1, ``commercial_institutional`` -> I.2); an EV charger meter -> II.1 (a
charger meter on a building is a sub-meter behind the building's grid import, a charger site has
its own grid connection). See :mod:`zerozone.mrv.gpc`.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from pathlib import Path
from zoneinfo import available_timezones

import duckdb

from zerozone.data.schema import Scenario
from zerozone.errors import ZerozoneError
from zerozone.mrv.limits import MAX_KW, limit_problems, register_range_kwh
from zerozone.mrv.units import DEFAULT_CALORIFIC_KWH_PER_M3, Unit, to_kwh_factor


class MeterKind(StrEnum):
    """What a meter measures."""

    GRID_IMPORT = "grid_import"
    GRID_EXPORT = "grid_export"
    PV_GENERATION = "pv_generation"
    HEAT_PUMP = "heat_pump"
    EV_CHARGER = "ev_charger"
    GAS = "gas"

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units its readings may come in."""
        if self is MeterKind.GAS:
            return (Unit.M3, Unit.WH, Unit.KWH, Unit.MWH)
        return (Unit.WH, Unit.KWH, Unit.MWH)


class SiteKind(StrEnum):
    """What a site is."""

    BUILDING = "building"
    PLANT = "plant"
    CHARGER = "charger"


class Sector(StrEnum):
    """GPC stationary-energy sector of a building."""

    RESIDENTIAL = "residential"
    COMMERCIAL_INSTITUTIONAL = "commercial_institutional"


class Register(StrEnum):
    """How a meter reports energy."""

    CUMULATIVE = "cumulative"
    """A register that only grows (until it resets or rolls over); energy is the difference."""
    INTERVAL = "interval"
    """Energy of the interval ending at the reading's time (``interval_minutes`` long)."""


class RegistryError(ZerozoneError, ValueError):
    """A registry operation that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class MeterSpec:
    """A meter as the operator describes it.

    Attributes
    ----------
    meter_id : str
        Identifier used in readings [-].
    settlement : str
        Settlement identifier (or English name) [-].
    site : str
        Site identifier; created on first use [-].
    kind : MeterKind
        What it measures [-].
    unit : Unit
        Unit of its readings when a reading names none [-].
    register : Register
        Cumulative register or interval energy [-].
    interval_minutes : float
        Expected time between readings (cumulative) or interval length (interval) [min].
    site_kind : SiteKind
        Building, plant or charger [-].
    sector : Sector or None
        GPC sector of a building site [-].
    timezone : str or None
        IANA time zone; the settlement's when None [-].
    rollover : float or None
        Register value at which it rolls over to zero, in ``unit`` [unit].
    calorific_kwh_per_m3 : float
        Gas meters: energy per cubic metre (net calorific value) [kWh/m3].
    max_kw : float or None
        Highest possible power; the kind's default (:mod:`zerozone.mrv.limits`) when None [kW].
    max_register : float or None
        Highest possible register reading, in ``unit``; a nine-digit register (or the rollover
        value) when None [unit].
    """

    meter_id: str
    settlement: str
    site: str
    kind: MeterKind
    unit: Unit = Unit.KWH
    register: Register = Register.CUMULATIVE
    interval_minutes: float = 15.0
    site_kind: SiteKind = SiteKind.BUILDING
    sector: Sector | None = Sector.RESIDENTIAL
    timezone: str | None = None
    rollover: float | None = None
    calorific_kwh_per_m3: float = DEFAULT_CALORIFIC_KWH_PER_M3
    max_kw: float | None = None
    max_register: float | None = None


def clean_meter_id(text: str) -> str:
    """A meter id as stored and matched everywhere: surrounding white space removed."""
    return text.strip()


def register_places(con: duckdb.DuckDBPyConnection, scenario: Scenario) -> int:
    """Copy the zones and settlements of ``scenario`` into the registry (existing ones kept).

    Returns
    -------
    int
        Number of settlements added.
    """
    for zone in scenario.zones:
        con.execute(
            "INSERT INTO zones VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [zone.id, zone.name.en, zone.name.az, scenario.name],
        )
    before = _count(con, "settlements")
    for place in scenario.settlements:
        con.execute(
            "INSERT INTO settlements VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [place.id, place.zone, place.name.en, place.name.az, scenario.timezone, scenario.name],
        )
    return _count(con, "settlements") - before


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def resolve_settlement(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str]:
    """The (settlement id, time zone) named ``name`` (its id or English or Azerbaijani name).

    Raises
    ------
    RegistryError
        When no registered settlement has that id or name.
    """
    row = con.execute(
        "SELECT settlement_id, timezone FROM settlements WHERE lower(settlement_id) = lower($1) "
        "OR lower(name_en) = lower($1) OR lower(name_az) = lower($1) ORDER BY settlement_id",
        [name],
    ).fetchone()
    if row is None:
        known = [r[0] for r in con.execute("SELECT settlement_id FROM settlements").fetchall()]
        hint = ", ".join(sorted(known)[:12]) or "none (register a scenario's places first)"
        raise RegistryError(f"unknown settlement {name!r}; registered: {hint}")
    return str(row[0]), str(row[1])


def _check_spec(spec: MeterSpec) -> list[str]:
    problems = []
    if not spec.meter_id.strip():
        problems.append("meter id is empty")
    if spec.unit not in spec.kind.units:
        allowed = ", ".join(u.value for u in spec.kind.units)
        problems.append(f"unit {spec.unit.value} is not allowed for {spec.kind.value} ({allowed})")
    if not spec.interval_minutes > 0:
        problems.append("interval_minutes must be positive")
    if spec.rollover is not None and not spec.rollover > 0:
        problems.append("rollover must be positive")
    if spec.register is Register.INTERVAL and spec.rollover is not None:
        problems.append("rollover applies to cumulative registers only")
    if spec.site_kind is SiteKind.BUILDING and spec.sector is None:
        problems.append("a building site needs a sector (residential or commercial_institutional)")
    if spec.kind is MeterKind.GAS and not spec.calorific_kwh_per_m3 > 0:
        problems.append("calorific value must be positive")
    if spec.timezone is not None and spec.timezone not in available_timezones():
        problems.append(
            f"unknown time zone {spec.timezone!r} (use an IANA name, exactly as written "
            "there: Asia/Baku)"
        )
    problems.extend(limit_problems(spec.max_kw, spec.max_register))
    return problems


def add_meter(con: duckdb.DuckDBPyConnection, spec: MeterSpec) -> int:
    """Register a meter (and its site on first use), in the caller's transaction if any
    (:func:`add_meters` wraps several in one).

    Returns
    -------
    int
        The meter's internal key.

    Raises
    ------
    RegistryError
        When the specification is invalid, the settlement unknown, the meter already registered
        or the site registered with another settlement or kind.
    """
    spec = replace(
        spec,
        meter_id=clean_meter_id(spec.meter_id),
        site=spec.site.strip(),
        settlement=spec.settlement.strip(),
    )
    problems = _check_spec(spec)
    if problems:
        raise RegistryError(f"meter {spec.meter_id!r}: " + "; ".join(problems))
    settlement, zone_tz = resolve_settlement(con, spec.settlement)
    exists = con.execute("SELECT 1 FROM meters WHERE meter_id = ?", [spec.meter_id]).fetchone()
    if exists:
        raise RegistryError(f"meter {spec.meter_id!r} is already registered")
    sector = spec.sector.value if spec.sector and spec.site_kind is SiteKind.BUILDING else None
    site = con.execute(
        "SELECT settlement_id, kind, sector FROM sites WHERE site_id = ?", [spec.site]
    ).fetchone()
    if site is None:
        con.execute(
            "INSERT INTO sites VALUES (?, ?, ?, ?)",
            [spec.site, settlement, spec.site_kind.value, sector],
        )
    elif (site[0], site[1]) != (settlement, spec.site_kind.value):
        raise RegistryError(
            f"site {spec.site!r} is registered as a {site[1]} of {site[0]}, not a "
            f"{spec.site_kind.value} of {settlement}"
        )
    factor = to_kwh_factor(spec.unit, spec.calorific_kwh_per_m3)
    register_range = (
        register_range_kwh(spec.unit, factor)
        if spec.max_register is None
        else spec.max_register * factor
    )
    if spec.rollover is not None:
        register_range = min(register_range, spec.rollover * factor)
    row = con.execute(
        "INSERT INTO meters VALUES (?, nextval('meter_keys'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING meter_key",
        [
            spec.meter_id,
            spec.site,
            spec.kind.value,
            spec.unit.value,
            spec.register.value,
            spec.interval_minutes,
            spec.timezone or zone_tz,
            None if spec.rollover is None else spec.rollover * factor,
            spec.calorific_kwh_per_m3,
            spec.max_kw if spec.max_kw is not None else MAX_KW[spec.kind.value],
            register_range,
        ],
    ).fetchone()
    assert row is not None
    return int(row[0])


def add_meters(con: duckdb.DuckDBPyConnection, specs: list[MeterSpec]) -> int:
    """Register several meters in one transaction: all of them, or none when one fails.

    Returns
    -------
    int
        Number of meters added.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in specs:
            add_meter(con, spec)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return len(specs)


def remove_meter(
    con: duckdb.DuckDBPyConnection, meter_id: str, *, with_readings: bool = False
) -> int:
    """Remove a meter; its readings, revisions, hourly energy and events only with
    ``with_readings``.

    Returns
    -------
    int
        Number of readings removed.

    Raises
    ------
    RegistryError
        When the meter is unknown, or has readings and ``with_readings`` is False.
    """
    row = con.execute(
        "SELECT meter_key FROM meters WHERE meter_id = ?", [clean_meter_id(meter_id)]
    ).fetchone()
    if row is None:
        raise RegistryError(f"unknown meter {meter_id!r}")
    key = int(row[0])
    counted = con.execute("SELECT count(*) FROM readings WHERE meter_key = ?", [key]).fetchone()
    readings = int(counted[0]) if counted else 0
    if readings and not with_readings:
        raise RegistryError(
            f"meter {meter_id!r} has {readings} readings; pass --with-readings to delete them too"
        )
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("readings", "revisions", "hourly", "events"):
            con.execute(f"DELETE FROM {table} WHERE meter_key = ?", [key])
        con.execute("DELETE FROM meters WHERE meter_key = ?", [key])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return readings


METER_COLUMNS = tuple(f.name for f in fields(MeterSpec))
"""Columns of a meter CSV file (:func:`import_meters`); only the first four are required."""


def _spec_from_row(row: dict[str, str]) -> MeterSpec:
    def text(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    def number(name: str) -> float | None:
        value = text(name)
        return None if value is None else float(value)

    values: dict[str, object] = {
        "meter_id": text("meter_id") or "",
        "settlement": text("settlement") or "",
        "site": text("site") or "",
        "kind": MeterKind(text("kind") or ""),
    }
    unit, register, site_kind = text("unit"), text("register"), text("site_kind")
    if unit:
        values["unit"] = Unit(unit)
    if register:
        values["register"] = Register(register)
    if site_kind:
        values["site_kind"] = SiteKind(site_kind)
    if "sector" in row:
        sector = text("sector")
        values["sector"] = Sector(sector) if sector else None
    for name in ("interval_minutes", "calorific_kwh_per_m3", "max_kw", "max_register"):
        if number(name) is not None:
            values[name] = number(name)
    values["rollover"] = number("rollover")
    values["timezone"] = text("timezone")
    return MeterSpec(**values)  # type: ignore[arg-type]


def read_meter_file(path: Path) -> list[MeterSpec]:
    """Meters listed in a CSV file with the columns of :data:`METER_COLUMNS`.

    Raises
    ------
    RegistryError
        Listing every bad line (line number and reason).
    """
    specs: list[MeterSpec] = []
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"meter_id", "settlement", "site", "kind"} - set(reader.fieldnames or [])
        if missing:
            raise RegistryError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            try:
                spec = _spec_from_row(row)
            except ValueError as error:
                problems.append(f"line {line}: {error}")
                continue
            bad = _check_spec(spec)
            if bad:
                problems.append(f"line {line}: " + "; ".join(bad))
            specs.append(spec)
    if problems:
        raise RegistryError(f"{path}:\n  " + "\n  ".join(problems))
    return specs


def write_meter_file(path: Path, specs: list[MeterSpec]) -> Path:
    """Write meters as a CSV file readable by :func:`read_meter_file`."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=METER_COLUMNS)
        writer.writeheader()
        for spec in specs:
            row = {k: ("" if v is None else str(v)) for k, v in asdict(spec).items()}
            writer.writerow(row)
    return path


def import_meters(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Register every meter of a CSV file, all or none.

    Returns
    -------
    int
        Number of meters added.
    """
    return add_meters(con, read_meter_file(path))


def list_meters(
    con: duckdb.DuckDBPyConnection, settlement: str | None = None
) -> list[dict[str, object]]:
    """Registered meters with their site, settlement, zone and reading count."""
    query = """
        SELECT m.meter_id, m.kind, m.unit, m.register, m.interval_minutes, m.timezone,
               s.site_id, s.kind AS site_kind, s.sector, p.settlement_id, p.zone_id,
               (SELECT count(*) FROM readings r WHERE r.meter_key = m.meter_key) AS readings
        FROM meters m JOIN sites s USING (site_id) JOIN settlements p USING (settlement_id)
    """
    params: list[object] = []
    if settlement is not None:
        settlement_id, _ = resolve_settlement(con, settlement)
        query += " WHERE p.settlement_id = ?"
        params.append(settlement_id)
    query += " ORDER BY p.settlement_id, m.meter_id"
    cursor = con.execute(query, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
