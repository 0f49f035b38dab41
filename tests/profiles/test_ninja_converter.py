"""The renewables.ninja converter in tools/ makes a weather file that zerozone reads."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from zerozone.profiles.weather_file import WeatherFileError, read_weather_file

TOOL = Path(__file__).parents[2] / "tools" / "ninja_to_weather.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ninja_to_weather", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ninja_file(path: Path, column: str, values: np.ndarray, capacity: float = 1.0) -> Path:
    """A file laid out as renewables.ninja's documented point download."""
    meta = {"units": {"time": "UTC", column: "kW"}, "params": {"capacity": str(capacity)}}
    hours = pd.date_range("2019-01-01", periods=len(values), freq="h")
    lines = [
        "# Renewables.ninja (Point API) - test file",
        f"# Units: time in UTC, {column}",
        "# " + json.dumps(meta),
        f"time,local_time,{column}",
        *(
            f"{t:%Y-%m-%d %H:%M},{t + pd.Timedelta(hours=4):%Y-%m-%d %H:%M},{v}"
            for t, v in zip(hours, values, strict=True)
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_converts_capacity_and_utc(tmp_path: Path) -> None:
    tool = load_tool()
    pv = ninja_file(tmp_path / "pv.csv", "electricity", np.full(8760, 2.0), capacity=4.0)
    weather = ninja_file(tmp_path / "weather.csv", "temperature", np.linspace(-5, 30, 8760))
    out = tmp_path / "zerozone.csv"
    assert tool.main(["-o", str(out), f"aghali:solar={pv}", f"aghali:temperature={weather}"]) == 0
    checked = read_weather_file(out, ["aghali"])
    assert checked.series == ("solar", "temperature")
    year = checked.year(2019)
    assert (year[("aghali", "solar")] == 0.5).all()
    # UTC 00:00 is local 04:00.
    assert year[("aghali", "temperature")].iloc[4] == pytest.approx(-5.0)


def test_short_download_is_refused_by_the_reader(tmp_path: Path) -> None:
    tool = load_tool()
    pv = ninja_file(tmp_path / "pv.csv", "electricity", np.full(100, 0.3))
    with pytest.raises(WeatherFileError, match="100 hours, 8760 needed"):
        tool.main(["-o", str(tmp_path / "out.csv"), f"aghali:solar={pv}"])


def test_bad_spec(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="ZONE:SERIES=FILE"):
        load_tool().convert(["aghali-solar"])
    with pytest.raises(SystemExit, match="series must be one of"):
        load_tool().convert([f"aghali:snow={tmp_path}"])
