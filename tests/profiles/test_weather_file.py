"""Weather files: round trips, weather years, and a clear message for every kind of bad file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zerozone.data.loader import load_scenario
from zerozone.data.schema import Scenario
from zerozone.data.weather import WeatherSettings
from zerozone.errors import USAGE_ERROR, ZerozoneError
from zerozone.profiles.scenario import scenario_profiles, synthetic_profiles, weather_years
from zerozone.profiles.weather_file import WeatherFileError, read_weather_file

EXAMPLE = Path(__file__).parent / "data" / "weather_aghali.csv.gz"


def with_weather(scenario: Scenario, **settings: object) -> Scenario:
    return scenario.model_copy(update={"weather": WeatherSettings(**settings)})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def aghali() -> Scenario:
    return load_scenario("aghali")


def one_year(zone: str = "aghali", year: int = 2019, **series: np.ndarray) -> pd.DataFrame:
    hours = pd.date_range(f"{year}-01-01", periods=8760, freq="h")
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "zone": zone,
            "timestamp": hours.strftime("%Y-%m-%d %H:%M"),
            "solar": rng.uniform(0, 1, 8760).round(3),
            "wind": rng.uniform(0, 1, 8760).round(3),
        }
    )
    for name, values in series.items():
        frame[name] = values
    return frame


def write(frame: pd.DataFrame, tmp_path: Path, name: str = "weather.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".parquet"):
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name", ["weather.csv", "weather.parquet"])
def test_round_trip_replaces_the_series_the_file_gives(
    aghali: Scenario, tmp_path: Path, name: str
) -> None:
    temperature = np.full(8760, -10.0)
    frame = one_year(temperature=temperature)
    path = write(frame, tmp_path, name)
    profiles = scenario_profiles(with_weather(aghali, source=str(path)))["aghali"]
    synthetic = synthetic_profiles(aghali, aghali.seed)["aghali"]
    np.testing.assert_allclose(profiles["pv_fixed"], frame["solar"])
    np.testing.assert_allclose(profiles["wind"], frame["wind"])
    assert (profiles["temperature"] == -10.0).all()
    # Derived from the file's temperature: constant heat demand share and COP.
    assert profiles["heat_demand"].std() == pytest.approx(0.0, abs=1e-12)
    assert profiles["heat_pump_cop"].iloc[0] < synthetic["heat_pump_cop"].max()
    # Not in the file: synthetic.
    pd.testing.assert_series_equal(profiles["hydro_inflow"], synthetic["hydro_inflow"])
    # Tracking PV follows the file's fixed-tilt shape with the generator's tracking gain.
    assert profiles["pv_tracking"].max() <= 1.0
    assert profiles["pv_tracking"].corr(profiles["pv_fixed"]) > 0.99


def test_example_file_years_and_utc_timestamps(aghali: Scenario) -> None:
    scenario = with_weather(aghali, source=str(EXAMPLE))
    assert weather_years(scenario) == [2018, 2019]
    planned = scenario_profiles(scenario)
    second = scenario_profiles(scenario, 2019)["aghali"]
    assert not planned["aghali"]["wind"].equals(second["wind"])
    # UTC timestamps: local midnight (UTC+4) is the file's 20:00 UTC of the last day of the year,
    # rotated into the same year; 2019-01-01 00:00 UTC is local hour 4.
    raw = pd.read_csv(EXAMPLE)
    first_2019 = raw[raw["timestamp"] == "2019-01-01T00:00Z"].iloc[0]
    assert second["temperature"].iloc[4] == pytest.approx(first_2019["temperature"])
    assert scenario_profiles(with_weather(aghali, source=str(EXAMPLE), years=[2019])).equals(
        scenario_profiles(scenario, 2019)
    )


def test_leap_year_drops_29_february(aghali: Scenario, tmp_path: Path) -> None:
    hours = pd.date_range("2020-01-01", periods=8784, freq="h")
    wind = np.where(hours.strftime("%m-%d") == "02-29", 1.0, 0.25)
    frame = pd.DataFrame({"zone": "aghali", "timestamp": hours.astype(str), "wind": wind})
    profiles = scenario_profiles(with_weather(aghali, source=str(write(frame, tmp_path))))
    assert (profiles[("aghali", "wind")] == 0.25).all()


def test_relative_path_resolved_against_the_scenario_file(tmp_path: Path) -> None:
    bundled = Path(__file__).parents[2] / "src" / "zerozone" / "data" / "scenarios"
    text = (bundled / "aghali.yaml").read_text(encoding="utf-8")
    text += "\nweather:\n  source: weather/aghali.csv.gz\n  years: [2019]\n"
    (tmp_path / "weather").mkdir()
    (tmp_path / "weather" / "aghali.csv.gz").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path / "scenario.yaml")
    assert Path(scenario.weather.source).is_absolute()
    assert weather_years(scenario) == [2019]


def test_missing_year(aghali: Scenario) -> None:
    with pytest.raises(WeatherFileError, match=r"weather years 2030 .* not in the file"):
        weather_years(with_weather(aghali, source=str(EXAMPLE), years=[2030]))


def error_of(frame: pd.DataFrame, tmp_path: Path, zones: tuple[str, ...] = ("aghali",)) -> str:
    path = write(frame, tmp_path)
    with pytest.raises(WeatherFileError) as raised:
        read_weather_file(path, zones)
    assert isinstance(raised.value, ZerozoneError)
    assert raised.value.exit_code == USAGE_ERROR
    message = str(raised.value)
    assert str(path) in message
    return message


def test_missing_column(tmp_path: Path) -> None:
    message = error_of(one_year().drop(columns="zone"), tmp_path)
    assert "column zone: missing" in message


def test_unknown_column(tmp_path: Path) -> None:
    message = error_of(one_year().rename(columns={"wind": "wind_cf"}), tmp_path)
    assert "column wind_cf: unknown" in message


def test_nan_names_column_and_row(tmp_path: Path) -> None:
    frame = one_year()
    frame.loc[10, "wind"] = np.nan
    # Row 12: the header is row 1, data row index 10 is the 11th data row.
    assert "row 12: column wind: missing or not a number" in error_of(frame, tmp_path)


@pytest.mark.parametrize(("value", "column"), [(1.2, "solar"), (-0.1, "wind")])
def test_capacity_factor_out_of_range(tmp_path: Path, value: float, column: str) -> None:
    frame = one_year()
    frame.loc[99, column] = value
    assert f"row 101: column {column}: {value} is outside [0.0, 1.0]" in error_of(frame, tmp_path)


def test_wrong_number_of_hours(tmp_path: Path) -> None:
    message = error_of(one_year().drop(index=[500]), tmp_path)
    assert "zone aghali, year 2019: 8759 hours, 8760 needed" in message
    assert "first missing 2019-01-21 20:00:00" in message


def test_not_hourly(tmp_path: Path) -> None:
    frame = one_year()
    frame.loc[3, "timestamp"] = "2019-01-01 03:30"
    assert "row 5: column timestamp: 2019-01-01 03:30:00 is not on the hour" in error_of(
        frame, tmp_path
    )


def test_duplicate_timestamp(tmp_path: Path) -> None:
    frame = one_year()
    frame.loc[7, "timestamp"] = frame.loc[6, "timestamp"]
    assert "row 9: column timestamp: 2019-01-01 06:00:00 appears twice" in error_of(frame, tmp_path)


def test_unreadable_timestamp(tmp_path: Path) -> None:
    frame = one_year()
    frame.loc[0, "timestamp"] = "yesterday"
    assert "row 2: column timestamp: yesterday is not a date and time" in error_of(frame, tmp_path)


def test_unknown_and_absent_zone(tmp_path: Path) -> None:
    frame = pd.concat([one_year(), one_year(zone="atlantis")], ignore_index=True)
    message = error_of(frame, tmp_path, zones=("aghali", "karabakh"))
    assert "row 8762: column zone: unknown zone atlantis" in message
    assert "zone karabakh has no rows" in message


def test_many_problems_are_counted(tmp_path: Path) -> None:
    frame = one_year()
    frame.loc[:99, "solar"] = 2.0
    message = error_of(frame, tmp_path)
    assert "... and 80 more problems" in message


def test_file_not_found_and_wrong_type(aghali: Scenario, tmp_path: Path) -> None:
    with pytest.raises(WeatherFileError, match="weather file not found"):
        scenario_profiles(with_weather(aghali, source=str(tmp_path / "none.csv")))
    (tmp_path / "weather.xlsx").write_text("x", encoding="utf-8")
    with pytest.raises(WeatherFileError, match="unknown file type"):
        read_weather_file(tmp_path / "weather.xlsx", ["aghali"])


def test_zero_demand_column(aghali: Scenario, tmp_path: Path) -> None:
    path = write(one_year(demand=np.zeros(8760)), tmp_path)
    with pytest.raises(WeatherFileError, match="column demand: zero all year"):
        scenario_profiles(with_weather(aghali, source=str(path)))


def test_demand_column_sets_the_shape(aghali: Scenario, tmp_path: Path) -> None:
    load = np.tile(np.r_[np.full(12, 5.0), np.full(12, 15.0)], 365)
    profiles = scenario_profiles(
        with_weather(aghali, source=str(write(one_year(demand=load), tmp_path)))
    )["aghali"]
    assert profiles["demand_residential"].mean() == pytest.approx(1.0)
    assert profiles["demand_services"].iloc[0] == pytest.approx(0.5)
