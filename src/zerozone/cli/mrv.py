"""``zerozone mrv``: meters, ingest, energy, GPC inventory, actual versus plan, simulation.

Every command works on the store of ``--data-dir`` (or ``ZEROZONE_DATA_DIR``, default
``zerozone-data``). Bad input (unknown meter, unreadable file, missing column, a busy store)
gives a one-line message and exit code 2; ``zerozone mrv ingest`` also exits 2 when rows were
rejected (the valid rows are stored, the rejects written to a CSV file with their reasons).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.data import LangOption, language_of
from zerozone.data import load_scenario
from zerozone.data.problems import ScenarioError
from zerozone.data.schema import Scenario
from zerozone.i18n import N_, Language, format_number, translator
from zerozone.mrv import registry, store
from zerozone.mrv.energy import find_gaps, local_energy
from zerozone.mrv.factors import FactorError, grid_factor
from zerozone.mrv.ingest import IngestResult, ingest_file
from zerozone.mrv.readings import InputFormatError
from zerozone.mrv.registry import MeterKind, MeterSpec, Register, RegistryError, Sector, SiteKind
from zerozone.mrv.units import DEFAULT_CALORIFIC_KWH_PER_M3, parse_unit

USAGE_ERROR = 2

app = typer.Typer(
    help="Track the zone: meters, readings, emissions (GPC), actual vs plan.", no_args_is_help=True
)
meters_app = typer.Typer(help="Register, list, remove and import meters.", no_args_is_help=True)
app.add_typer(meters_app, name="meters")

GPC_LABELS = {
    "I.1": N_("Residential buildings"),
    "I.2": N_("Commercial and institutional buildings and facilities"),
    "II.1": N_("On-road transportation"),
    "TOTAL": N_("BASIC total"),
}
KIND_LABELS = {
    "grid_import": N_("grid import"),
    "grid_export": N_("grid export"),
    "pv_generation": N_("PV generation"),
    "heat_pump": N_("heat pump"),
    "ev_charger": N_("EV charger"),
    "gas": N_("gas"),
}

REGISTER_LABELS = {"cumulative": N_("cumulative"), "interval": N_("interval")}
BY_LABELS = {"hour": N_("hour"), "day": N_("day"), "month": N_("month")}


@dataclass
class MrvOptions:
    """Options of the ``mrv`` group."""

    data_dir: Path | None = None


options = MrvOptions()


@app.callback()
def _mrv_options(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Directory of the meter store (default: $ZEROZONE_DATA_DIR or ./zerozone-data).",
        ),
    ] = None,
) -> None:
    """Track the zone: meters, readings, emissions (GPC), actual vs plan."""
    options.data_dir = data_dir


def _wide() -> Console:
    """A console for wide tables: the terminal's width, or 160 columns when not a terminal."""
    return Console(width=None if sys.stdout.isatty() else 160)


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(USAGE_ERROR)


@contextlib.contextmanager
def _store() -> Iterator[duckdb.DuckDBPyConnection]:
    """The store's connection; expected failures become a message and exit code 2."""
    try:
        con = store.connect(options.data_dir)
    except store.StoreBusyError as error:
        raise _fail(str(error)) from None
    try:
        yield con
    except (RegistryError, InputFormatError, FactorError, ValueError, OSError) as error:
        raise _fail(str(error)) from None
    except duckdb.Error as error:
        raise _fail(f"the store refused the operation: {error}") from None
    finally:
        con.close()


def _scenario(name: str) -> Scenario:
    try:
        return load_scenario(name)
    except ScenarioError:
        raise
    except (OSError, ValueError) as error:
        raise _fail(str(error)) from None


def _choice(value: str, enum: type[StrEnum], option: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise typer.BadParameter(f"use one of {allowed}", param_hint=option) from None


@meters_app.command("add")
def meters_add(
    meter_id: Annotated[str, typer.Argument(help="Meter identifier used in readings.")],
    settlement: Annotated[str, typer.Option("--settlement", help="Settlement id or name.")],
    site: Annotated[str, typer.Option("--site", help="Site id (created on first use).")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind", help="grid_import, grid_export, pv_generation, heat_pump, ev_charger or gas."
        ),
    ],
    unit: Annotated[str, typer.Option("--unit", help="Wh, kWh, MWh or (gas) m3.")] = "kWh",
    register: Annotated[str, typer.Option("--register", help="cumulative or interval.")] = (
        "cumulative"
    ),
    interval: Annotated[
        float, typer.Option("--interval-minutes", help="Reading interval [min].")
    ] = 15.0,
    site_kind: Annotated[str, typer.Option("--site-kind", help="building, plant or charger.")] = (
        "building"
    ),
    sector: Annotated[
        str,
        typer.Option("--sector", help="Building sector: residential or commercial_institutional."),
    ] = "residential",
    timezone: Annotated[
        str | None, typer.Option("--timezone", help="IANA time zone (default: the settlement's).")
    ] = None,
    rollover: Annotated[
        float | None,
        typer.Option(
            "--rollover", help="Register value at which it rolls over to zero, in --unit."
        ),
    ] = None,
    calorific: Annotated[float, typer.Option("--calorific-value", help="Gas: kWh per m3.")] = (
        DEFAULT_CALORIFIC_KWH_PER_M3
    ),
    scenario: Annotated[
        str, typer.Option("--scenario", help="Scenario whose zones and settlements are registered.")
    ] = "default",
    lang: LangOption = "en",
) -> None:
    """Register a meter (and its site)."""
    _ = translator(language_of(lang))
    try:
        parsed_unit = parse_unit(unit)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--unit") from None
    spec = MeterSpec(
        meter_id,
        settlement,
        site,
        _choice(kind, MeterKind, "--kind"),
        parsed_unit,
        _choice(register, Register, "--register"),
        interval,
        _choice(site_kind, SiteKind, "--site-kind"),
        _choice(sector, Sector, "--sector"),
        timezone,
        rollover,
        calorific,
    )
    loaded = _scenario(scenario)
    with _store() as con:
        registry.register_places(con, loaded)
        registry.add_meters(con, [spec])
    Console().print(_("{meter} registered").format(meter=meter_id), highlight=False)


@meters_app.command("import")
def meters_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns meter_id, settlement, site, kind, "
            "and optionally unit, register, interval_minutes, ..."
        ),
    ],
    scenario: Annotated[
        str, typer.Option("--scenario", help="Scenario whose zones and settlements are registered.")
    ] = "default",
    lang: LangOption = "en",
) -> None:
    """Register every meter of a CSV file (all or none)."""
    _ = translator(language_of(lang))
    loaded = _scenario(scenario)
    with _store() as con:
        registry.register_places(con, loaded)
        added = registry.import_meters(con, file)
    Console().print(_("{count} meters registered").format(count=added), highlight=False)


@meters_app.command("list")
def meters_list(
    settlement: Annotated[
        str | None, typer.Option("--settlement", help="Only this settlement.")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """List registered meters with their site and number of readings."""
    language = language_of(lang)
    _ = translator(language)
    with _store() as con:
        rows = registry.list_meters(con, settlement)
    table = Table(title=_("Meters"), title_justify="left")
    for heading in (
        _("Meter"),
        _("Kind"),
        _("Unit"),
        _("Register"),
        _("Site"),
        _("Settlement"),
        _("Readings"),
    ):
        table.add_column(heading)
    for row in rows:
        table.add_row(
            str(row["meter_id"]),
            _(KIND_LABELS[str(row["kind"])]),
            str(row["unit"]),
            _(REGISTER_LABELS[str(row["register"])]),
            str(row["site_id"]),
            str(row["settlement_id"]),
            format_number(float(str(row["readings"])), language),
        )
    _wide().print(table)


@meters_app.command("remove")
def meters_remove(
    meter_id: Annotated[str, typer.Argument(help="Meter identifier.")],
    with_readings: Annotated[
        bool, typer.Option("--with-readings", help="Also delete its readings.")
    ] = False,
    lang: LangOption = "en",
) -> None:
    """Remove a meter (refused while it has readings, unless --with-readings)."""
    _ = translator(language_of(lang))
    with _store() as con:
        removed = registry.remove_meter(con, meter_id, with_readings=with_readings)
    Console().print(
        _("{meter} removed ({count} readings deleted)").format(meter=meter_id, count=removed),
        highlight=False,
    )


def _report(result: IngestResult, lang: Language) -> str:
    _ = translator(lang)

    def num(value: float) -> str:
        return format_number(value, lang)

    return _(
        "batch {batch}: {received} rows; {new} new, {unchanged} unchanged, {revised} revised, "
        "{rejected} rejected; {hours} meter-hours recomputed in {seconds} s"
    ).format(
        batch=result.batch_id,
        received=num(result.received),
        new=num(result.new),
        unchanged=num(result.unchanged),
        revised=num(result.revised),
        rejected=num(result.rejected),
        hours=num(result.meter_hours),
        seconds=format_number(result.seconds, lang, 2),
    )


@app.command("ingest")
def ingest(
    file: Annotated[
        Path, typer.Argument(help="Readings as CSV or Parquet (meter, ts, value, unit, estimated).")
    ],
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="Where to write rejected rows (default FILE.rejects.csv)."),
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Store a file of readings as one batch; rejected rows are listed with their reasons."""
    language = language_of(lang)
    _ = translator(language)
    console = Console()
    with _store() as con:
        result = ingest_file(con, file)
        console.print(_report(result, language), highlight=False)
        if result.rejected:
            target = rejects or file.with_name(file.name + ".rejects.csv")
            con.execute(
                "COPY (SELECT row_number, meter, ts, value, reason FROM rejects WHERE batch_id = ? "
                f"ORDER BY row_number) TO '{str(target).replace(chr(39), chr(39) * 2)}' "
                "(HEADER, DELIMITER ',')",
                [result.batch_id],
            )
    if result.rejected:
        for reject in result.rejects[:10]:
            console.print(
                "  "
                + _("row {number}: {reason}").format(
                    number=reject.row_number, reason=reject.reason
                ),
                highlight=False,
            )
        raise _fail(
            _("{count} rows rejected (the valid rows are stored); all reasons in {path}").format(
                count=result.rejected, path=target
            )
        )


@app.command("listen")
def listen(
    broker: Annotated[str, typer.Option("--broker", help="MQTT broker as HOST:PORT.")],
    topic: Annotated[list[str], typer.Option("--topic", help="Topic filter; repeat for more.")],
    batch_size: Annotated[int, typer.Option("--batch-size", help="Messages per batch.")] = 1000,
    flush_seconds: Annotated[
        float, typer.Option("--flush-seconds", help="Longest wait before storing [s].")
    ] = 1.0,
    max_messages: Annotated[
        int | None, typer.Option("--max-messages", help="Stop after this many messages.")
    ] = None,
    seconds: Annotated[float | None, typer.Option("--seconds", help="Stop after [s].")] = None,
    client_id: Annotated[
        str | None, typer.Option("--client-id", help="MQTT client id (resumes the broker session).")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Store readings published to an MQTT broker until stopped (Ctrl-C)."""
    from zerozone.mrv.mqtt import BrokerError, parse_broker
    from zerozone.mrv.mqtt import listen as run_listener

    language = language_of(lang)
    _ = translator(language)
    try:
        host, port = parse_broker(broker)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--broker") from None
    console = Console()
    with _store() as con:
        try:
            stats = run_listener(
                con,
                host,
                port,
                topic,
                batch_size=batch_size,
                flush_seconds=flush_seconds,
                max_messages=max_messages,
                seconds=seconds,
                client_id=client_id,
                on_batch=lambda r: console.print(_report(r, language), highlight=False),
                on_ready=lambda: console.print(
                    _("listening on {broker} to {topics}").format(
                        broker=broker, topics=", ".join(topic)
                    ),
                    highlight=False,
                ),
            )
        except BrokerError as error:
            raise _fail(str(error)) from None
    console.print(
        _(
            "{messages} messages, {readings} readings in {batches} batches ({rejected} rejected)"
        ).format(
            messages=stats.messages,
            readings=stats.readings,
            batches=stats.batches,
            rejected=stats.rejected,
        ),
        highlight=False,
    )


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint=option) from None


@app.command("energy")
def energy(
    settlement: Annotated[
        str | None, typer.Option("--settlement", help="Settlement id or name.")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="day, month or hour (in local time).")] = "day",
    lang: LangOption = "en",
) -> None:
    """Energy per local day (or month, hour) and meter kind, with its estimated part."""
    language = language_of(lang)
    _ = translator(language)
    if by not in ("day", "month", "hour"):
        raise typer.BadParameter("use day, month or hour", param_hint="--by")
    with _store() as con:
        place = registry.resolve_settlement(con, settlement)[0] if settlement else None
        frame = local_energy(con, by=by, settlement=place)
    table = Table(
        title=_("Energy by local {unit} (kWh)").format(unit=_(BY_LABELS[by])), title_justify="left"
    )
    for heading in (_("Settlement"), _("Period"), _("Kind"), "kWh", _("estimated"), _("hours")):
        table.add_column(heading, justify="right" if heading in ("kWh",) else "left")
    fmt = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "month": "%Y-%m"}[by]
    for row in frame.itertuples():
        table.add_row(
            str(row.settlement_id),
            pd.Timestamp(row.period).strftime(fmt),
            _(KIND_LABELS[str(row.kind)]),
            format_number(float(row.kwh), language, 1),
            format_number(float(row.estimated_kwh), language, 1),
            str(row.hours),
        )
    _wide().print(table)


@app.command("gaps")
def gaps(
    settlement: Annotated[
        str | None, typer.Option("--settlement", help="Settlement id or name.")
    ] = None,
    meter: Annotated[str | None, typer.Option("--meter", help="One meter.")] = None,
    lang: LangOption = "en",
) -> None:
    """Gaps between readings: registers' energy spread and flagged, interval meters' missing."""
    language = language_of(lang)
    _ = translator(language)
    with _store() as con:
        place = registry.resolve_settlement(con, settlement)[0] if settlement else None
        frame = find_gaps(con, settlement=place, meter=meter)
    table = Table(title=_("Gaps ({count})").format(count=len(frame)), title_justify="left")
    for heading in (_("Meter"), _("From (UTC)"), _("To (UTC)"), _("Hours"), _("Treatment")):
        table.add_column(heading)
    labels = {"missing": _("missing"), "spread, estimated": _("spread, estimated")}
    for row in frame.itertuples():
        table.add_row(
            str(row.meter_id),
            pd.Timestamp(row.gap_start).strftime("%Y-%m-%d %H:%M"),
            pd.Timestamp(row.gap_end).strftime("%Y-%m-%d %H:%M"),
            format_number(float(row.missing_hours), language, 2),
            labels[str(row.treatment)],
        )
    _wide().print(table)


@app.command("inventory")
def inventory(
    year: Annotated[int, typer.Option("--year", help="Local calendar year.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the inventory as .csv or .json.")
    ] = None,
    settlement: Annotated[
        str | None, typer.Option("--settlement", help="Settlement id or name.")
    ] = None,
    factor: Annotated[
        str | None,
        typer.Option(
            "--grid-factor",
            help="t/MWh, a run directory "
            "(hourly from its dispatch) or an hourly series "
            "file; default 0.462 t/MWh.",
        ),
    ] = None,
    lang: LangOption = "en",
) -> None:
    """GPC BASIC inventory (I.1, I.2, II.1; scopes 1 and 2) per settlement and zone."""
    from zerozone.mrv.gpc import build_inventory

    language = language_of(lang)
    _ = translator(language)
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise typer.BadParameter("use a .csv or .json file", param_hint="--out")
    with _store() as con:
        place = registry.resolve_settlement(con, settlement)[0] if settlement else None
        result = build_inventory(con, year, grid_factor(factor), settlement=place)
        if out is not None:
            result.write(out)
    table = Table(
        title=_("GPC BASIC inventory {year}").format(year=year),
        title_justify="left",
        caption=_("grid factor: {factor}").format(factor=result.grid_factor),
    )
    for heading in (_("Zone"), _("Settlement"), "GPC", _("Sub-sector"), _("Scope"), "MWh", "t CO2"):
        table.add_column(heading, justify="right" if heading in ("MWh", "t CO2") else "left")
    for row in result.table().itertuples():
        table.add_row(
            str(row.zone_id),
            str(row.settlement_id),
            str(row.gpc_ref),
            _(GPC_LABELS[str(row.gpc_ref)]),
            str(row.scope) if row.scope else "",
            format_number(float(row.mwh), language, 1),
            row.notation or format_number(float(row.t_co2), language, 2),
        )
    console = _wide()
    console.print(table)
    if out is not None:
        console.print(_("written to {path}").format(path=out), highlight=False)


@app.command("status")
def status(
    run: Annotated[Path, typer.Option("--run", help="Run directory of the plan.")] = Path(
        "runs/default"
    ),
    year: Annotated[
        int | None, typer.Option("--year", help="Local year (default: latest with data).")
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Emissions above plan still on track, as a share.")
    ] = 0.05,
    lang: LangOption = "en",
) -> None:
    """Each zone and settlement: on track or off track against the planned pathway."""
    from zerozone.mrv.status import compare
    from zerozone.results.run_directory import read_run

    language = language_of(lang)
    _ = translator(language)
    try:
        plan = read_run(run)
    except FileNotFoundError as error:
        raise _fail(f"{error}; run `zerozone plan` first or pass --run") from None
    with _store() as con:
        rows = compare(con, plan, year=year, tolerance=tolerance)
    if not rows:
        raise _fail(_("no metered energy in the store; ingest readings first"))
    table = Table(title=_("Actual versus plan ({run})").format(run=run), title_justify="left")
    for heading in (
        _("Place"),
        _("From (UTC)"),
        _("To (UTC)"),
        _("Actual MWh"),
        _("Plan MWh"),
        _("Gap MWh"),
        _("Actual t CO2"),
        _("Plan t CO2"),
        _("Gap t CO2"),
        _("Status"),
    ):
        table.add_column(heading)

    def num(value: float, digits: int = 1) -> str:
        return format_number(value, language, digits)

    for row in rows:
        state = (
            _("on track")
            if row.on_track
            else _("off track")
            if row.on_track is not None
            else _("not compared")
        )
        name = row.place_id if row.level == "zone" else f"  {row.place_id}"
        table.add_row(
            name,
            row.start.strftime("%Y-%m-%d %H:%M") if row.start is not None else "",
            row.end.strftime("%Y-%m-%d %H:%M") if row.end is not None else "",
            num(row.actual_mwh),
            num(row.plan_mwh),
            num(row.gap_mwh),
            num(row.actual_t, 2),
            num(row.plan_t, 2),
            num(row.gap_t, 2),
            f"[green]{state}[/]" if row.on_track else f"[red]{state}[/]",
        )
    _wide().print(table)


@app.command("simulate")
def simulate(
    settlement: Annotated[str, typer.Option("--settlement", help="Settlement id or name.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Readings file (.parquet or .csv); late "
            "readings go to OUT with .late before the suffix.",
        ),
    ],
    days: Annotated[int, typer.Option("--days", help="Days to simulate.")] = 30,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First local day YYYY-MM-DD (default: DAYS days before today)."
        ),
    ] = None,
    scenario: Annotated[
        str, typer.Option("--scenario", help="Scenario of the settlement.")
    ] = "default",
    households: Annotated[
        int | None,
        typer.Option(
            "--households", help="Houses to simulate (default: population / 5, at most 200)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    register: Annotated[
        bool, typer.Option("--register", help="Also register the meters in the store.")
    ] = False,
    lang: LangOption = "en",
) -> None:
    """Write realistic readings (resets, rollovers, gaps, duplicates, late batches)."""
    from zerozone.mrv.simulate import simulate as run_simulation
    from zerozone.mrv.simulate import write_readings

    language = language_of(lang)
    _ = translator(language)
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise typer.BadParameter("use a .csv or .parquet file", param_hint="--out")
    if households is not None and households < 1:
        raise typer.BadParameter("at least 1", param_hint="--households")
    first = _date(start, "--start") or dt.date.today() - dt.timedelta(days=days)
    loaded = _scenario(scenario)
    try:
        result = run_simulation(
            loaded,
            settlement,
            start=first,
            days=days,
            seed=seed,
            households=households,
        )
    except ValueError as error:
        raise _fail(str(error)) from None
    late_path = out.with_name(f"{out.stem}.late{out.suffix}")
    meters_path = out.with_name(f"{out.stem}.meters.csv")
    timezone = loaded.timezone
    write_readings(result.readings, str(out), timezone)
    write_readings(result.late, str(late_path), timezone)
    registry.write_meter_file(meters_path, result.meters)
    console = Console()
    console.print(
        _(
            "{readings} readings of {meters} meters written to {out}; {late} late readings to "
            "{late_out}; meters listed in {meters_out}"
        ).format(
            readings=format_number(len(result.readings), language),
            meters=len(result.meters),
            out=out,
            late=format_number(len(result.late), language),
            late_out=late_path,
            meters_out=meters_path,
        ),
        highlight=False,
    )
    if register:
        with _store() as con:
            registry.register_places(con, loaded)
            known = {str(r[0]) for r in con.execute("SELECT meter_id FROM meters").fetchall()}
            added = registry.add_meters(con, [m for m in result.meters if m.meter_id not in known])
        console.print(_("{count} meters registered").format(count=added), highlight=False)
