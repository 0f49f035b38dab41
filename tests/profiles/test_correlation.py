"""Synthetic weather correlated between zones by distance; dry and wet hydro years."""

from __future__ import annotations

import numpy as np
import pytest

from zerozone.data.loader import load_scenario
from zerozone.data.weather import WeatherSettings
from zerozone.profiles.correlation import (
    distance_correlation,
    distance_weather,
    great_circle_km,
    symmetric_sqrt,
)
from zerozone.profiles.randomness import FactorWeather, weather_anomaly
from zerozone.profiles.scenario import scenario_profiles

SITES = {"near_a": (39.40, 47.03), "near_b": (39.60, 47.14), "far": (39.21, 45.41)}


def test_great_circle() -> None:
    # One degree of latitude is about 111.2 km.
    assert great_circle_km(39.0, 46.0, 40.0, 46.0) == pytest.approx(111.19, abs=0.05)
    assert great_circle_km(39.0, 46.0, 39.0, 46.0) == 0.0


def test_correlation_follows_exp_of_distance() -> None:
    matrix = distance_correlation(SITES, 300.0)
    distance = great_circle_km(*SITES["near_a"], *SITES["far"])
    assert matrix[0, 2] == pytest.approx(np.exp(-distance / 300.0))
    assert matrix[0, 1] > matrix[0, 2] > 0.0
    root = symmetric_sqrt(matrix)
    np.testing.assert_allclose(root @ root.T, matrix, atol=1e-9)
    with pytest.raises(ValueError, match="positive"):
        distance_correlation(SITES, 0.0)


def test_anomalies_reproduce_the_matrix() -> None:
    couplings = distance_weather(7, SITES, {"wind": 150.0})
    draws = np.array(
        [
            weather_anomaly(derive, "wind.speed", 40_000, 0.5, couplings[zone])
            for derive, zone in enumerate(SITES)
        ]
    )
    expected = distance_correlation(SITES, 150.0)
    np.testing.assert_allclose(np.corrcoef(draws), expected, atol=0.03)
    np.testing.assert_allclose(draws.std(axis=1), 1.0, atol=0.03)


def test_factor_weather_rejects_bad_weights() -> None:
    with pytest.raises(ValueError, match="unit norm"):
        FactorWeather(seed=0, members=("a", "b"), weights=(("wind", (1.0, 1.0)),))
    coupling = FactorWeather(seed=0, members=("a",), weights=(("wind", (1.0,)),))
    with pytest.raises(ValueError, match="no weights"):
        coupling.row("snow.depth")


def daily_wind_correlation(settings: WeatherSettings) -> float:
    scenario = load_scenario("default").model_copy(update={"weather": settings})
    wind = scenario_profiles(scenario).xs("wind", axis=1, level="profile")
    daily = wind.resample("D").mean()
    return float(daily["karabakh"].corr(daily["east_zangezur"]))


def test_default_is_correlated_by_distance_and_uniform_zero_is_independent() -> None:
    # Fuzuli and Jabrayil are 24 km apart: exp(-24 / 300) = 0.92.
    assert daily_wind_correlation(WeatherSettings()) > 0.8
    assert abs(daily_wind_correlation(WeatherSettings(correlation="uniform"))) < 0.2


def test_dry_and_wet_hydro_years_scale_the_inflow() -> None:
    scenario = load_scenario("aghali")
    inflow = {}
    for year in ("dry", "normal", "wet"):
        settings = WeatherSettings(hydro_year=year)
        profiles = scenario_profiles(scenario.model_copy(update={"weather": settings}))
        inflow[year] = profiles[("aghali", "hydro_inflow")].mean()
    assert inflow["normal"] == pytest.approx(scenario.zones[0].climate.hydro_capacity_factor)
    assert inflow["dry"] == pytest.approx(0.58 * inflow["normal"])
    assert inflow["wet"] == pytest.approx(1.38 * inflow["normal"])


def test_synthetic_weather_years_are_independent_draws() -> None:
    scenario = load_scenario("aghali")
    scenario = scenario.model_copy(update={"weather": WeatherSettings(years=[2019, 2005])})
    first = scenario_profiles(scenario)
    assert first.equals(scenario_profiles(load_scenario("aghali")))
    other = scenario_profiles(scenario, 2005)
    assert other.index.equals(first.index)
    assert not other[("aghali", "wind")].equals(first[("aghali", "wind")])


def test_profiles_of_some_zones_match_the_profiles_of_all() -> None:
    scenario = load_scenario("default")
    everything = scenario_profiles(scenario)
    some = scenario_profiles(scenario, zones=["nakhchivan"])
    assert list(some.columns.get_level_values("zone").unique()) == ["nakhchivan"]
    assert some["nakhchivan"].equals(everything["nakhchivan"])
    with pytest.raises(KeyError, match="atlantis"):
        scenario_profiles(scenario, zones=["atlantis"])
