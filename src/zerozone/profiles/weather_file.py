"""Hourly weather per zone read from a file (CSV or Parquet), checked row by row.

One row per zone and hour. Columns (``docs/weather.md``):

=================  ===========  ==============================================================
column             unit         meaning
=================  ===========  ==============================================================
``zone``           -            zone identifier of the scenario (required)
``timestamp``      -            start of the hour, ISO 8601 (required); naive: local standard
                                time of the profiles (UTC+4 by default); with an offset (``Z``,
                                ``+00:00``): converted to it
``solar``          MW/MW        fixed-tilt PV output per unit of AC capacity, in [0, 1]
``solar_tracking`` MW/MW        single-axis tracking PV output, in [0, 1]
``wind``           MW/MW        onshore wind output per unit of capacity, in [0, 1]
``temperature``    degC         air temperature, in [-90, 60]
``hydro_inflow``   MW/MW        hydro inflow per unit of turbine capacity (as electricity),
                                in [0, 20]
``demand``         any, >= 0    electricity demand of the zone; only its hourly shape is used
=================  ===========  ==============================================================

``zone`` and ``timestamp`` and at least one series are required; a series the file does not give
comes from the synthetic generator. Each zone and year must have every hour of the year exactly
once (8,760 hours, 8,784 in leap years, whose 29 February is dropped). Row numbers in messages
count the header as row 1 for CSV and start at 1 for Parquet.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from zerozone.errors import ZerozoneError
from zerozone.i18n import Language, translator
from zerozone.profiles.timebase import DEFAULT_UTC_OFFSET_HOURS, HOURS_PER_YEAR

REQUIRED_COLUMNS = ("zone", "timestamp")
"""Columns every weather file has."""

SERIES_RANGES: dict[str, tuple[float, float]] = {
    "solar": (0.0, 1.0),
    "solar_tracking": (0.0, 1.0),
    "wind": (0.0, 1.0),
    "temperature": (-90.0, 60.0),
    "hydro_inflow": (0.0, 20.0),
    "demand": (0.0, float("inf")),
}
"""Series a weather file may give and the closed range of their values."""

MAX_LISTED_PROBLEMS = 20
"""Problems listed in one error; the rest are counted."""


class WeatherFileError(ZerozoneError, ValueError):
    """A weather file cannot be used; the message names the file, the column and the row."""


@dataclass(frozen=True)
class WeatherFile:
    """The checked content of a weather file.

    Attributes
    ----------
    path : str
        The file read.
    series : tuple of str
        The series the file gives (a subset of :data:`SERIES_RANGES`).
    years : tuple of int
        The weather years it covers, increasing [yr].
    data : pandas.DataFrame
        8,760 rows per year (index: ``year``, ``hour`` of the year from 0), columns a MultiIndex
        (``zone``, series) in the units of the table above.
    """

    path: str
    series: tuple[str, ...]
    years: tuple[int, ...]
    data: pd.DataFrame

    @property
    def zones(self) -> tuple[str, ...]:
        """The zones it covers."""
        return tuple(dict.fromkeys(self.data.columns.get_level_values("zone")))

    def year(self, year: int) -> pd.DataFrame:
        """The 8,760 hourly rows of ``year`` (index: hour of the year), columns (zone, series)."""
        if year not in self.years:
            raise KeyError(year)
        return self.data.xs(year, level="year")


def _read_table(path: Path, lang: Language) -> tuple[pd.DataFrame, int]:
    """The raw table and the row number of its first data row."""
    _ = translator(lang)
    suffix = "".join(path.suffixes[-2:]).lower() if path.suffix == ".gz" else path.suffix.lower()
    if not path.is_file():
        raise WeatherFileError(_("{file}: weather file not found").format(file=path))
    try:
        if suffix in (".csv", ".csv.gz"):
            return pd.read_csv(path, dtype={"zone": str, "timestamp": str}), 2
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path), 1
    except (ValueError, OSError, UnicodeDecodeError) as error:
        raise WeatherFileError(
            _("{file}: cannot be read as a table: {reason}").format(file=path, reason=error)
        ) from error
    raise WeatherFileError(
        _("{file}: unknown file type; use .csv, .csv.gz or .parquet").format(file=path)
    )


def _file_timestamps(
    raw: pd.Series, first_row: int, path: Path, lang: Language, utc_offset_hours: float
) -> tuple[pd.Series, pd.Series, list[str]]:
    """Timestamps on the file's own clock, the shift to local time [h] and problems.

    Naive timestamps are local standard time already (shift 0). Timestamps with an offset are
    taken in UTC and shifted by ``utc_offset_hours``; each UTC year is rotated by the shift so
    that it stays a whole year (its first local hours are its last UTC hours).
    """
    _ = translator(lang)
    text = raw.astype("string").str.strip()
    aware = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True, na=False)
    parsed = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if aware.any():
        utc = pd.to_datetime(text[aware], utc=True, errors="coerce", format="ISO8601")
        parsed[aware] = utc.dt.tz_localize(None).astype("datetime64[ns]")
    if (~aware).any():
        naive = pd.to_datetime(text[~aware], errors="coerce", format="ISO8601")
        parsed[~aware] = naive.astype("datetime64[ns]")
    shift = pd.Series(np.where(aware, round(utc_offset_hours), 0), index=raw.index)
    problems = [
        _("{file}: row {row}: column timestamp: {value} is not a date and time").format(
            file=path, row=first_row + position, value=raw.iloc[position]
        )
        for position in np.flatnonzero(parsed.isna().to_numpy())
    ]
    return parsed, shift, problems


def _value_problems(
    table: pd.DataFrame, series: Sequence[str], first_row: int, path: Path, lang: Language
) -> list[str]:
    """A problem for every missing, non-numeric or out-of-range value."""
    _ = translator(lang)
    problems: list[str] = []
    for column in series:
        values = pd.to_numeric(table[column], errors="coerce")
        low, high = SERIES_RANGES[column]
        for position in np.flatnonzero(values.isna().to_numpy()):
            problems.append(
                _("{file}: row {row}: column {column}: missing or not a number ({value})").format(
                    file=path,
                    row=first_row + position,
                    column=column,
                    value=table[column].iloc[position],
                )
            )
        for position in np.flatnonzero(((values < low) | (values > high)).to_numpy()):
            problems.append(
                _("{file}: row {row}: column {column}: {value} is outside [{low}, {high}]").format(
                    file=path,
                    row=first_row + position,
                    column=column,
                    value=values.iloc[position],
                    low=low,
                    high=high,
                )
            )
    return problems


def _calendar_problems(
    zones: pd.Series, stamps: pd.Series, first_row: int, path: Path, lang: Language
) -> list[str]:
    """Problems of the time axis: not on the hour, duplicates, missing hours."""
    _ = translator(lang)
    problems: list[str] = []
    off_hour = stamps != stamps.dt.floor("h")
    for position in np.flatnonzero(off_hour.to_numpy()):
        problems.append(
            _(
                "{file}: row {row}: column timestamp: {value} is not on the hour (hourly data "
                "needed)"
            ).format(file=path, row=first_row + position, value=stamps.iloc[position])
        )
    duplicated = pd.DataFrame({"zone": zones, "t": stamps}).duplicated(keep="first")
    for position in np.flatnonzero(duplicated.to_numpy()):
        problems.append(
            _("{file}: row {row}: column timestamp: {value} appears twice for zone {zone}").format(
                file=path,
                row=first_row + position,
                value=stamps.iloc[position],
                zone=zones.iloc[position],
            )
        )
    if problems:
        return problems
    for (zone, year), group in stamps.groupby([zones, stamps.dt.year]):
        expected = HOURS_PER_YEAR + (24 if calendar.isleap(int(year)) else 0)
        if len(group) != expected:
            full = pd.date_range(f"{int(year)}-01-01", periods=expected, freq="h")
            missing = full.difference(pd.DatetimeIndex(group))
            first = _("; first missing {stamp}").format(stamp=missing[0]) if len(missing) else ""
            problems.append(
                _(
                    "{file}: column timestamp: zone {zone}, year {year}: {count} hours, "
                    "{expected} needed{first}"
                ).format(
                    file=path,
                    zone=zone,
                    year=int(year),
                    count=len(group),
                    expected=expected,
                    first=first,
                )
            )
    return problems


def _raise(path: Path, problems: list[str], lang: Language) -> None:
    _ = translator(lang)
    shown = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(shown)
    if more:
        shown.append(_("... and {count} more problems").format(count=more))
    raise WeatherFileError("\n".join(shown))


def read_weather_file(
    path: str | Path,
    zones: Sequence[str],
    *,
    lang: Language = "en",
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
) -> WeatherFile:
    """Read and check a weather file.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` or ``.parquet`` file with the columns of the module's table.
    zones : sequence of str
        The scenario's zones; the file must cover each of them and no other.
    lang : {"en", "az"}
        Language of the error messages.
    utc_offset_hours : float
        Offset of the profiles' local standard time from UTC [h]; timestamps with an offset are
        converted to it.

    Returns
    -------
    WeatherFile
        The checked series, 8,760 hours per year (29 February of leap years dropped).

    Raises
    ------
    WeatherFileError
        Listing every problem found (file, column, row).
    """
    file = Path(path)
    stat = file.stat() if file.is_file() else None
    key = (str(file.resolve()), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    return _read_cached(key, tuple(zones), lang, utc_offset_hours)


@lru_cache(maxsize=4)
def _read_cached(
    key: tuple[str, int, int], zones: tuple[str, ...], lang: Language, utc_offset_hours: float
) -> WeatherFile:
    _ = translator(lang)
    path = Path(key[0])
    table, first_row = _read_table(path, lang)
    table.columns = [str(column).strip().lower() for column in table.columns]
    known = set(REQUIRED_COLUMNS) | set(SERIES_RANGES)
    problems = [
        _("{file}: column {column}: missing (required)").format(file=path, column=column)
        for column in REQUIRED_COLUMNS
        if column not in table.columns
    ]
    problems += [
        _("{file}: column {column}: unknown; the columns are {known}").format(
            file=path, column=column, known=", ".join([*REQUIRED_COLUMNS, *SERIES_RANGES])
        )
        for column in table.columns
        if column not in known
    ]
    series = tuple(column for column in SERIES_RANGES if column in table.columns)
    if not series:
        problems.append(
            _("{file}: no series column; give at least one of {series}").format(
                file=path, series=", ".join(SERIES_RANGES)
            )
        )
    if problems:
        _raise(path, problems, lang)
    zone_names = table["zone"].astype("string").str.strip()
    unknown = ~zone_names.isin(zones).fillna(False).to_numpy()
    for name in dict.fromkeys(table["zone"][unknown].astype(str)):
        rows = np.flatnonzero(unknown & (table["zone"].astype(str) == name).to_numpy())
        problems.append(
            _(
                "{file}: row {row}: column zone: unknown zone {zone} ({count} rows); the "
                "scenario's zones are {zones}"
            ).format(
                file=path,
                row=first_row + rows[0],
                zone=name,
                count=len(rows),
                zones=", ".join(zones),
            )
        )
    absent = [zone for zone in zones if zone not in set(zone_names.dropna())]
    problems += [
        _("{file}: column zone: zone {zone} has no rows").format(file=path, zone=zone)
        for zone in absent
    ]
    stamps, shift, time_problems = _file_timestamps(
        table["timestamp"], first_row, path, lang, utc_offset_hours
    )
    problems += time_problems + _value_problems(table, series, first_row, path, lang)
    if not problems:
        problems += _calendar_problems(zone_names, stamps, first_row, path, lang)
    if problems:
        _raise(path, problems, lang)
    return _assemble(path, table, zone_names, stamps, shift, series, zones)


def _assemble(
    path: Path,
    table: pd.DataFrame,
    zone_names: pd.Series,
    stamps: pd.Series,
    shift: pd.Series,
    series: tuple[str, ...],
    zones: tuple[str, ...],
) -> WeatherFile:
    """Checked rows to one frame: (year, hour of year) x (zone, series)."""
    frame = table[list(series)].apply(pd.to_numeric).astype(float)
    frame["zone"] = zone_names.to_numpy()
    frame["stamp"] = stamps.to_numpy()
    frame["shift"] = shift.to_numpy()
    frame = frame[~((frame["stamp"].dt.month == 2) & (frame["stamp"].dt.day == 29))]
    frame["year"] = frame["stamp"].dt.year
    start = pd.to_datetime(frame["year"].astype(str) + "-01-01")
    hours = (frame["stamp"] - start) // pd.Timedelta(hours=1)
    leap_after_february = frame["year"].map(calendar.isleap) & (frame["stamp"].dt.month > 2)
    frame["hour"] = (hours - 24 * leap_after_february.astype(int) + frame["shift"]) % HOURS_PER_YEAR
    wide = frame.pivot_table(index=["year", "hour"], columns="zone", values=list(series))
    wide = wide.swaplevel(axis=1).reindex(
        columns=pd.MultiIndex.from_product([zones, series], names=["zone", "series"])
    )
    years = tuple(int(year) for year in wide.index.get_level_values("year").unique())
    return WeatherFile(path=str(path), series=series, years=years, data=wide.sort_index())
