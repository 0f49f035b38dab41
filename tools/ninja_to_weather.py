"""Convert renewables.ninja point downloads into a zerozone weather file.

Each argument names a zone, a series and a downloaded ninja CSV::

    python tools/ninja_to_weather.py -o weather.csv \
        karabakh:solar=ninja_pv_39.600_47.140.csv \
        karabakh:wind=ninja_wind_39.600_47.140.csv \
        karabakh:temperature=ninja_weather_39.600_47.140.csv \
        nakhchivan:solar=ninja_pv_39.210_45.410.csv ...

Series: ``solar``, ``solar_tracking`` and ``wind`` take the ``electricity`` column divided by the
simulated ``capacity`` (read from the file's JSON metadata line, in kW) to give capacity factors;
``temperature`` takes the ``temperature`` column of a weather download (or of a PV download made
with the raw-data option). Ninja timestamps are UTC; they are written with a ``Z`` so that zerozone
converts them to local standard time. Nothing is downloaded: fetch the files from
https://www.renewables.ninja first (see ``docs/weather.md``). The result is checked with zerozone's
own reader before the command ends.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from zerozone.profiles.weather_file import read_weather_file

SERIES_COLUMNS = {
    "solar": "electricity",
    "solar_tracking": "electricity",
    "wind": "electricity",
    "temperature": "temperature",
}
"""The ninja column each weather-file series comes from."""


def ninja_metadata(path: Path) -> dict[str, object]:
    """The JSON metadata of a ninja CSV (its comment line holding ``{...}``), or ``{}``."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            text = line.lstrip("#").strip()
            if text.startswith("{"):
                loaded = json.loads(text)
                return loaded if isinstance(loaded, dict) else {}
    return {}


def read_ninja_series(path: Path, series: str) -> pd.Series:
    """One series of a ninja CSV, indexed by its UTC ``time`` [capacity factor or degC]."""
    table = pd.read_csv(path, comment="#")
    column = SERIES_COLUMNS[series]
    if column not in table.columns or "time" not in table.columns:
        found = ", ".join(map(str, table.columns))
        raise SystemExit(f"{path}: needs the columns time and {column}; found {found}")
    values = table[column].astype(float)
    if column == "electricity":
        params = ninja_metadata(path).get("params", {})
        capacity = float(params.get("capacity", 1.0)) if isinstance(params, dict) else 1.0
        values = (values / capacity).clip(0.0, 1.0)
    stamps = pd.to_datetime(table["time"]).dt.strftime("%Y-%m-%dT%H:%MZ")
    return pd.Series(values.to_numpy(), index=pd.Index(stamps, name="timestamp"), name=series)


def convert(specs: list[str]) -> pd.DataFrame:
    """The weather table of ``ZONE:SERIES=FILE`` specifications, one row per zone and hour."""
    by_zone: dict[str, list[pd.Series]] = {}
    for spec in specs:
        try:
            zone_series, file = spec.split("=", 1)
            zone, series = zone_series.split(":", 1)
        except ValueError:
            raise SystemExit(f"{spec}: expected ZONE:SERIES=FILE") from None
        if series not in SERIES_COLUMNS:
            raise SystemExit(f"{spec}: series must be one of {', '.join(SERIES_COLUMNS)}")
        by_zone.setdefault(zone, []).append(read_ninja_series(Path(file), series))
    frames = []
    for zone, columns in by_zone.items():
        frame = pd.concat(columns, axis=1).reset_index()
        frame.insert(0, "zone", zone)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", metavar="ZONE:SERIES=FILE")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".csv or .parquet")
    args = parser.parse_args(argv)
    table = convert(args.specs)
    if args.output.suffix == ".parquet":
        table.to_parquet(args.output, index=False)
    else:
        table.to_csv(args.output, index=False)
    checked = read_weather_file(args.output, sorted(set(table["zone"])))
    print(
        f"{args.output}: zones {', '.join(checked.zones)}; series {', '.join(checked.series)}; "
        f"years {', '.join(map(str, checked.years))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
