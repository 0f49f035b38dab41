"""``zerozone mrv meters``: register, list, remove and import meters; ``zerozone mrv correct``,
``void`` and ``rejects``: one reading corrected or voided, rejected rows listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from zerozone.cli.data import LangOption, language_of, parsed_option
from zerozone.cli.mrv_support import (
    choice,
    open_store,
    scenario_named,
    wide,
)
from zerozone.cli.tables import print_tables
from zerozone.i18n import format_number, translator
from zerozone.mrv import registry
from zerozone.mrv.corrections import correct_reading, void_reading
from zerozone.mrv.labels import KIND_LABELS, REGISTER_LABELS
from zerozone.mrv.registry import MeterKind, MeterSpec, Register, Sector, SiteKind
from zerozone.mrv.rejects import list_rejects
from zerozone.mrv.units import DEFAULT_CALORIFIC_KWH_PER_M3, parse_unit

meters_app = typer.Typer(help="Register, list, remove and import meters.", no_args_is_help=True)

PlacesScenarioOption = Annotated[
    str, typer.Option("--scenario", help="Scenario whose zones and settlements are registered.")
]


@contextmanager
def store_with_places(scenario: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store with the zones and settlements of a scenario registered.

    Parameters
    ----------
    scenario : str
        Bundled scenario name or YAML file.

    Yields
    ------
    duckdb.DuckDBPyConnection
        The store's connection, its places registered.
    """
    loaded = scenario_named(scenario)
    with open_store() as con:
        registry.register_places(con, loaded)
        yield con


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
    max_kw: Annotated[
        float | None,
        typer.Option("--max-kw", help="Highest possible power [kW] (default: by kind)."),
    ] = None,
    max_register: Annotated[
        float | None,
        typer.Option(
            "--max-register", help="Highest possible register reading, in --unit (default 1e9)."
        ),
    ] = None,
    scenario: PlacesScenarioOption = "default",
    lang: LangOption = None,
) -> None:
    """Register a meter (and its site).

    Example: zerozone mrv meters add M1 --settlement aghali --site house-1 --kind grid_import
    """
    _ = translator(language_of(lang))
    parsed_unit = parsed_option(parse_unit, unit, "--unit")
    spec = MeterSpec(
        meter_id,
        settlement,
        site,
        choice(kind, MeterKind, "--kind"),
        parsed_unit,
        choice(register, Register, "--register"),
        interval,
        choice(site_kind, SiteKind, "--site-kind"),
        choice(sector, Sector, "--sector"),
        timezone,
        rollover,
        calorific,
        max_kw,
        max_register,
    )
    with store_with_places(scenario) as con:
        registry.add_meters(con, [spec])
    Console().print(_("{meter} registered").format(meter=spec.meter_id.strip()), highlight=False)


@meters_app.command("import")
def meters_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns meter_id, settlement, site, kind, "
            "and optionally unit, register, interval_minutes, ..."
        ),
    ],
    scenario: PlacesScenarioOption = "default",
    lang: LangOption = None,
) -> None:
    """Register every meter of a CSV file (all or none).

    Example: zerozone mrv meters import readings.meters.csv
    """
    _ = translator(language_of(lang))
    with store_with_places(scenario) as con:
        added = registry.import_meters(con, file)
    Console().print(_("{count} meters registered").format(count=added), highlight=False)


@meters_app.command("list")
def meters_list(
    settlement: Annotated[
        str | None, typer.Option("--settlement", help="Only this settlement.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """List registered meters with their site and number of readings.

    Example: zerozone mrv meters list --settlement aghali
    """
    language = language_of(lang)
    _ = translator(language)
    with open_store() as con:
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
    print_tables(Console(), [table], language)


@meters_app.command("remove")
def meters_remove(
    meter_id: Annotated[str, typer.Argument(help="Meter identifier.")],
    with_readings: Annotated[
        bool, typer.Option("--with-readings", help="Also delete its readings.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Remove a meter (refused while it has readings, unless --with-readings).

    Example: zerozone mrv meters remove M1
    """
    _ = translator(language_of(lang))
    with open_store() as con:
        removed = registry.remove_meter(con, meter_id, with_readings=with_readings)
    Console().print(
        _("{meter} removed ({count} readings deleted)").format(meter=meter_id, count=removed),
        highlight=False,
    )


TimeOption = Annotated[
    str, typer.Option("--ts", help="The reading's instant, ISO 8601 with a UTC offset.")
]
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept in the audit trail).")]


def _instant(text: str) -> dt.datetime:
    """An ISO 8601 instant with its UTC offset (a usage error otherwise)."""
    try:
        parsed = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            "use ISO 8601, e.g. 2026-06-01T12:15:00+04:00", param_hint="--ts"
        ) from None
    if parsed.tzinfo is None:
        raise typer.BadParameter("give a UTC offset (Z or +04:00)", param_hint="--ts")
    return parsed


def correct(
    meter_id: Annotated[str, typer.Argument(help="Meter identifier.")],
    ts: TimeOption,
    value: Annotated[float, typer.Option("--value", help="The right value.")],
    note: NoteOption,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit of --value (default: the meter's).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Replace the value of one stored reading; audited with your note.

    Example: zerozone mrv correct M1 --ts 2026-01-05T10:00+04:00 --value 12.5 --note "misread"
    """
    _ = translator(language_of(lang))
    instant = _instant(ts)
    with open_store() as con:
        result = correct_reading(con, meter_id, instant, value, note, unit=unit)
    Console().print(
        _("reading of {meter} at {ts} corrected (batch {batch})").format(
            meter=meter_id, ts=instant.isoformat(), batch=result.batch_id
        ),
        highlight=False,
    )


def void(
    meter_id: Annotated[str, typer.Argument(help="Meter identifier.")],
    ts: TimeOption,
    note: NoteOption,
    lang: LangOption = None,
) -> None:
    """Void one stored reading (kept in the audit trail with your note).

    Example: zerozone mrv void M1 --ts 2026-01-05T10:00+04:00 --note "test meter"
    """
    _ = translator(language_of(lang))
    instant = _instant(ts)
    with open_store() as con:
        batch = void_reading(con, meter_id, instant, note)
    Console().print(
        _("reading of {meter} at {ts} voided (batch {batch})").format(
            meter=meter_id, ts=instant.isoformat(), batch=batch
        ),
        highlight=False,
    )


def rejects(
    since: Annotated[
        str | None, typer.Option("--since", help="Only batches since this day (YYYY-MM-DD).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only sources containing this (mqtt, a file).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most rows shown.")] = 100,
    lang: LangOption = None,
) -> None:
    """List rejected rows and messages with their reasons, newest first.

    Example: zerozone mrv rejects --since 2026-01-01
    """
    _ = translator(language_of(lang))
    start = None
    if since is not None:
        try:
            start = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), dt.UTC)
        except ValueError:
            raise typer.BadParameter("use YYYY-MM-DD", param_hint="--since") from None
    with open_store() as con:
        frame = list_rejects(con, since=start, source=source, limit=limit)
    table = Table(title=_("Rejects ({count})").format(count=len(frame)), title_justify="left")
    for heading in (
        _("Received (UTC)"),
        _("Source"),
        _("Row"),
        _("Meter"),
        _("Time"),
        _("Value"),
        _("Reason"),
        _("Raw bytes"),
    ):
        table.add_column(heading, overflow="fold")
    for row in frame.itertuples():
        blob = row.raw if isinstance(row.raw, bytes | bytearray) else b""
        raw = bytes(blob)[:60].decode("utf-8", "replace")
        table.add_row(
            pd.Timestamp(row.received_at).strftime("%Y-%m-%d %H:%M"),
            str(row.source),
            str(row.row_number),
            *(("" if pd.isna(v) else str(v)) for v in (row.meter, row.ts, row.value)),
            str(row.reason),
            repr(raw) if raw else "",
        )
    wide().print(table, markup=False)
