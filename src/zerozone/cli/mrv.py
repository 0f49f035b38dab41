"""``zerozone mrv``: meters, ingest, energy, GPC inventory, actual versus plan, simulation.

Every command works on the store of ``--data-dir`` (or ``ZEROZONE_DATA_DIR``, default
``zerozone-data``). Bad input (unknown meter, unreadable file, missing column, a busy store)
gives a one-line message and exit code 2; ``zerozone mrv ingest`` also exits 2 when rows were
rejected (the valid rows are stored, the rejects written to a CSV file with their reasons).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.context import state
from zerozone.cli.data import LangOption, language_of, parsed_option
from zerozone.cli.mrv_meters import correct, meters_app, rejects, void
from zerozone.cli.mrv_support import (
    fail,
    figure,
    open_store,
    options,
    scenario_named,
    settlement_id,
)
from zerozone.cli.tables import print_tables
from zerozone.i18n import Language, format_number, translator
from zerozone.mrv import registry
from zerozone.mrv.energy import find_gaps, list_events, local_energy
from zerozone.mrv.factors import grid_factor
from zerozone.mrv.ingest import IngestResult, ingest_file
from zerozone.mrv.labels import BY_LABELS, EVENT_LABELS, GPC_LABELS, KIND_LABELS
from zerozone.mrv.rejects import DEFAULT_RETENTION_DAYS, RejectsFileError, write_rejects

app = typer.Typer(
    help="Track the zone: meters, readings, emissions (GPC), actual vs plan.", no_args_is_help=True
)

SettlementOption = Annotated[
    str | None, typer.Option("--settlement", help="Settlement id or name.")
]
MeterOption = Annotated[str | None, typer.Option("--meter", help="One meter.")]

app.add_typer(meters_app, name="meters")
app.command("correct")(correct)
app.command("void")(void)
app.command("rejects")(rejects)

RetentionOption = Annotated[
    float,
    typer.Option("--keep-rejects-days", help="Prune rejects older than this many days."),
]


@app.callback()
def _mrv_options(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Directory of the meter store (default: $ZEROZONE_DATA_DIR or ./zerozone-data).",
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait while another process holds the store."),
    ] = 0.0,
) -> None:
    """Track the zone: meters, readings, emissions (GPC), actual vs plan."""
    options.data_dir = data_dir
    options.wait_seconds = max(0.0, wait)


def _report(result: IngestResult, lang: Language) -> str:
    _ = translator(lang)

    def num(value: float) -> str:
        return format_number(value, lang)

    return _(
        "batch {batch}: {received} rows; {new} new, {unchanged} unchanged, {revised} revised, "
        "{duplicates} repeated in the batch, {rejected} rejected; {hours} meter-hours "
        "recomputed in {seconds} s"
    ).format(
        batch=result.batch_id,
        received=num(result.received),
        new=num(result.new),
        unchanged=num(result.unchanged),
        revised=num(result.revised),
        duplicates=num(result.duplicates),
        rejected=num(result.rejected),
        hours=num(result.meter_hours),
        seconds=format_number(result.seconds, lang, 2),
    )


UNKNOWN_METER = "unknown meter"
"""How a reading of an unregistered meter is rejected (:mod:`zerozone.mrv.readings`)."""


def _register_hint(file: Path, result: IngestResult, lang: Language) -> str:
    """How to register the meters of ``file`` that the store does not know."""
    _ = translator(lang)
    unknown = sum(1 for reject in result.rejects if reject.reason.startswith(UNKNOWN_METER))
    meters = file.with_name(f"{file.stem}.meters.csv")
    command = (
        f"zerozone mrv meters import {meters}"
        if meters.is_file()
        else "zerozone mrv meters import FILE.meters.csv"
    )
    every = unknown == len(result.rejects) and result.new == 0
    lead = (
        _("no meter of this file is registered")
        if every
        else _("some rows are of meters that are not registered")
    )
    return _(
        "{lead}: register them with {command} (a CSV of meter_id, settlement, site, kind) or "
        "write simulated readings with zerozone mrv simulate --register, then ingest again"
    ).format(lead=lead, command=command)


@app.command("ingest")
def ingest(
    file: Annotated[
        Path, typer.Argument(help="Readings as CSV or Parquet (meter, ts, value, unit, estimated).")
    ],
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="Where to write rejected rows (default FILE.rejects.csv)."),
    ] = None,
    keep_rejects_days: RetentionOption = DEFAULT_RETENTION_DAYS,
    lang: LangOption = None,
) -> None:
    """Store a file of readings as one batch; rejected rows are listed with their reasons.

    Example: zerozone mrv ingest readings.csv
    """
    language = language_of(lang)
    _ = translator(language)
    console = Console()
    target = rejects or file.with_name(file.name + ".rejects.csv")
    unwritable = None
    with open_store() as con:
        result = ingest_file(con, file, retention_days=keep_rejects_days)
        if result.rejected:
            try:
                write_rejects(con, result.batch_id, target)
            except RejectsFileError as error:
                unwritable = str(error)
    console.print(_report(result, language), highlight=False)
    if unwritable is not None:
        raise fail(
            _(
                "the batch is stored; the rejects file could not be written to {path} "
                "({reason}); list them with `zerozone mrv rejects`"
            ).format(path=target, reason=unwritable)
        )
    if result.rejected:
        by_line = file.suffix.lower() != ".parquet"
        for reject in result.rejects[:10]:
            where = _("line {number}") if by_line else _("row {number}")
            console.print(
                "  "
                + _("{where}: {reason}").format(
                    where=where.format(number=reject.row_number), reason=reject.reason
                ),
                highlight=False,
            )
        if any(reject.reason.startswith(UNKNOWN_METER) for reject in result.rejects):
            console.print(_register_hint(file, result, language), style="yellow", highlight=False)
        raise fail(
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
        str | None,
        typer.Option(
            "--client-id",
            help="MQTT client id (default: one derived from the store; resumes its session).",
        ),
    ] = None,
    keep_rejects_days: RetentionOption = DEFAULT_RETENTION_DAYS,
    lang: LangOption = None,
) -> None:
    """Store readings published to an MQTT broker until stopped (Ctrl-C).

    Example: zerozone mrv listen --broker localhost:1883 --topic "meters/#"
    """
    from zerozone.mrv.mqtt import BrokerError, parse_broker
    from zerozone.mrv.mqtt import listen as run_listener

    language = language_of(lang)
    _ = translator(language)
    host, port = parsed_option(parse_broker, broker, "--broker")
    console = Console()
    errors = Console(stderr=True, soft_wrap=True)
    with open_store() as con:
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
                retention_days=keep_rejects_days,
                on_batch=lambda r: console.print(_report(r, language), highlight=False),
                on_warning=lambda message: errors.print(
                    _("warning: {message}").format(message=message), highlight=False
                ),
                on_ready=lambda: console.print(
                    _("listening on {broker} to {topics}").format(
                        broker=broker, topics=", ".join(topic)
                    ),
                    highlight=False,
                ),
            )
        except BrokerError as error:
            raise fail(str(error)) from None
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
        _ = translator(state.lang)
        raise typer.BadParameter(_("use YYYY-MM-DD"), param_hint=option) from None


@app.command("energy")
def energy(
    settlement: SettlementOption = None,
    by: Annotated[str, typer.Option("--by", help="day, month or hour (in local time).")] = "day",
    lang: LangOption = None,
) -> None:
    """Energy per local day (or month, hour) and meter kind, with its estimated part.

    Example: zerozone mrv energy --settlement aghali --by month
    """
    language = language_of(lang)
    _ = translator(language)
    if by not in ("day", "month", "hour"):
        raise typer.BadParameter(_("use day, month or hour"), param_hint="--by")
    with open_store() as con:
        place = settlement_id(con, settlement)
        frame = local_energy(con, by=by, settlement=place)
    table = Table(
        title=_("Energy by local {unit} (kWh)").format(unit=_(BY_LABELS[by])), title_justify="left"
    )
    for heading in (_("Settlement"), _("Period"), _("Kind")):
        table.add_column(heading)
    for heading in ("kWh", _("estimated"), _("hours")):
        table.add_column(heading, justify="right")
    fmt = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "month": "%Y-%m"}[by]
    for row in frame.itertuples():
        table.add_row(
            str(row.settlement_id),
            pd.Timestamp(row.period).strftime(fmt),
            _(KIND_LABELS[str(row.kind)]),
            figure(float(row.kwh), language, 1),
            figure(float(row.estimated_kwh), language, 1),
            str(row.hours),
        )
    print_tables(Console(), [table], language)


@app.command("gaps")
def gaps(
    settlement: SettlementOption = None,
    meter: MeterOption = None,
    lang: LangOption = None,
) -> None:
    """Gaps between readings: registers' energy spread and flagged, interval meters' missing.

    Example: zerozone mrv gaps --settlement aghali
    """
    language = language_of(lang)
    _ = translator(language)
    with open_store() as con:
        place = settlement_id(con, settlement)
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
    print_tables(Console(), [table], language)


@app.command("events")
def events(
    settlement: SettlementOption = None,
    meter: MeterOption = None,
    lang: LangOption = None,
) -> None:
    """Register resets, rollovers and backward steps, with the energy counted for each.

    Example: zerozone mrv events --settlement aghali
    """
    language = language_of(lang)
    _ = translator(language)
    with open_store() as con:
        place = settlement_id(con, settlement)
        frame = list_events(con, settlement=place, meter=meter)
    table = Table(
        title=_("Register events ({count})").format(count=len(frame)), title_justify="left"
    )
    for heading in (_("Meter"), _("Time (UTC)"), _("Event")):
        table.add_column(heading)
    for heading in (_("Previous kWh"), _("Reading kWh"), _("Counted kWh")):
        table.add_column(heading, justify="right")
    for row in frame.itertuples():
        table.add_row(
            str(row.meter_id),
            pd.Timestamp(row.ts).strftime("%Y-%m-%d %H:%M"),
            _(EVENT_LABELS[str(row.kind)]),
            figure(float(row.previous_value), language, 3),
            figure(float(row.value), language, 3),
            figure(float(row.kwh), language, 3),
        )
    print_tables(Console(), [table], language)


@app.command("inventory")
def inventory(
    year: Annotated[int, typer.Option("--year", help="Local calendar year.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the inventory as .csv or .json.")
    ] = None,
    settlement: SettlementOption = None,
    factor: Annotated[
        str | None,
        typer.Option(
            "--grid-factor",
            help="t/MWh, a run directory "
            "(hourly from its dispatch) or an hourly series "
            "file; default 0.462 t/MWh.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """GPC BASIC inventory (I.1, I.2, II.1; scopes 1 and 2) per settlement and zone.

    Example: zerozone mrv inventory --year 2026 --out inventory.csv
    """
    from zerozone.mrv.gpc import build_inventory

    language = language_of(lang)
    _ = translator(language)
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise typer.BadParameter(_("use a .csv or .json file"), param_hint="--out")
    with open_store() as con:
        place = settlement_id(con, settlement)
        result = build_inventory(con, year, grid_factor(factor), settlement=place)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
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
            figure(float(row.mwh), language, 1),
            row.notation or figure(float(row.t_co2), language, 2),
        )
    console = Console()
    print_tables(console, [table], language)
    if out is not None:
        console.print(_("written to {path}").format(path=out), highlight=False, soft_wrap=True)


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
    lang: LangOption = None,
) -> None:
    """Each zone and settlement: on track or off track against the planned pathway.

    Example: zerozone mrv status --run runs/aghali
    """
    from zerozone.mrv.status import compare
    from zerozone.results.run_directory import read_run

    language = language_of(lang)
    _ = translator(language)
    try:
        plan = read_run(run)
    except FileNotFoundError as error:
        raise fail(f"{error}; run `zerozone plan` first or pass --run") from None
    with open_store() as con:
        rows = compare(con, plan, year=year, tolerance=tolerance)
    if not rows and year is not None:
        raise fail(
            _("no metered energy in {year}; leave out --year for the latest").format(year=year)
        )
    if not rows:
        raise fail(_("no metered energy in the store; ingest readings first"))
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
        return figure(value, language, digits)

    for row in rows:
        verdict = (
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
            f"[green]{verdict}[/]" if row.on_track else f"[red]{verdict}[/]",
        )
    print_tables(Console(), [table], language)


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
    lang: LangOption = None,
) -> None:
    """Write realistic readings (resets, rollovers, gaps, duplicates, late batches).

    Example: zerozone mrv simulate --settlement aghali --out readings.csv --register
    """
    from zerozone.mrv.simulate import simulate as run_simulation
    from zerozone.mrv.simulate import write_readings

    language = language_of(lang)
    _ = translator(language)
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise typer.BadParameter(_("use a .csv or .parquet file"), param_hint="--out")
    if households is not None and households < 1:
        raise typer.BadParameter(_("at least 1"), param_hint="--households")
    first = _date(start, "--start") or dt.date.today() - dt.timedelta(days=days)
    loaded = scenario_named(scenario)
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
        raise fail(str(error)) from None
    late_path = out.with_name(f"{out.stem}.late{out.suffix}")
    meters_path = out.with_name(f"{out.stem}.meters.csv")
    timezone = loaded.timezone
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_readings(result.readings, str(out), timezone)
        write_readings(result.late, str(late_path), timezone)
        registry.write_meter_file(meters_path, result.meters)
    except OSError as error:
        raise fail(
            _("cannot write {path}: {reason}").format(path=out, reason=error.strerror or error)
        ) from None
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
        with open_store() as con:
            registry.register_places(con, loaded)
            known = {str(r[0]) for r in con.execute("SELECT meter_id FROM meters").fetchall()}
            added = registry.add_meters(con, [m for m in result.meters if m.meter_id not in known])
        console.print(_("{count} meters registered").format(count=added), highlight=False)
