"""The hourly profiles of every zone of a scenario, for each of its weather years.

The only module of the profiles layer that reads the scenario schema (the layer below it); the
others take plain numbers. The scenario's ``weather:`` section chooses the source: the synthetic
generator (correlated between zones by distance by default) or a weather file whose series replace
the generator's (:mod:`zerozone.profiles.weather_file`); the hydro inflow is then scaled for a dry
or wet year. The calendar of the profiles (their index, weekdays) is always the scenario's
``weather_year``; a file's years supply the weather laid on it, day of year by day of year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zerozone.data.schema import Scenario, TechnologyKind, Zone
from zerozone.data.weather import WeatherSettings
from zerozone.i18n import Language, translator
from zerozone.profiles.correlation import distance_weather
from zerozone.profiles.randomness import FactorWeather, derive_seed
from zerozone.profiles.weather_file import WeatherFile, WeatherFileError, read_weather_file
from zerozone.profiles.zone import build_zone_profiles, temperature_columns

DEMAND_SHAPE_COLUMNS = ("demand_residential", "demand_services", "demand_industry_agriculture")
"""Profiles replaced by the normalised ``demand`` series of a weather file."""


def _weather_file(scenario: Scenario, lang: Language) -> WeatherFile:
    return read_weather_file(
        scenario.weather.source, [zone.id for zone in scenario.zones], lang=lang
    )


def weather_years(scenario: Scenario, *, lang: Language = "en") -> list[int]:
    """The weather years of ``scenario``, the first one planned on [yr].

    Parameters
    ----------
    scenario : Scenario
        The scenario; its ``weather.years``, else all years of its weather file, else its
        ``weather_year``.
    lang : {"en", "az"}
        Language of error messages.

    Raises
    ------
    WeatherFileError
        If the weather file is unusable or lacks a year asked for.
    """
    settings = scenario.weather
    if settings.is_synthetic:
        return list(settings.years or [scenario.weather_year])
    available = _weather_file(scenario, lang).years
    if settings.years is None:
        return list(available)
    missing = [year for year in settings.years if year not in available]
    if missing:
        _ = translator(lang)
        raise WeatherFileError(
            _(
                "{file}: weather years {missing} asked for in the scenario are not in the file "
                "(it has {available})"
            ).format(
                file=settings.source,
                missing=", ".join(map(str, missing)),
                available=", ".join(map(str, available)),
            )
        )
    return list(settings.years)


def _couplings(scenario: Scenario, seed: int) -> dict[str, FactorWeather] | None:
    """Distance-correlated weather of each zone, or None for the uniform correlation."""
    settings: WeatherSettings = scenario.weather
    if settings.correlation != "distance":
        return None
    sites = {zone.id: (zone.weather_site.lat, zone.weather_site.lon) for zone in scenario.zones}
    return distance_weather(seed, sites, settings.decorrelation_lengths_km)


def synthetic_profiles(
    scenario: Scenario, seed: int, zones: Sequence[str] | None = None
) -> pd.DataFrame:
    """Synthetic hourly profiles drawn with ``seed``, before any hydro-year factor.

    Columns a MultiIndex (``zone``, ``profile``) for ``zones`` (all if not given), each zone's
    weather correlated with every zone of the scenario; see :func:`scenario_profiles`.
    """
    solar_systems = {
        tech.id: (tech.mount, tech.dc_ac_ratio)
        for tech in scenario.technologies
        if tech.kind is TechnologyKind.SOLAR and tech.mount is not None
    }
    couplings = _couplings(scenario, seed)
    frames = {}
    for zone in _selected(scenario, zones):
        climate = zone.climate
        frames[zone.id] = build_zone_profiles(
            zone.id,
            lat=zone.weather_site.lat,
            lon=zone.weather_site.lon,
            annual_ghi_kwh_m2=climate.annual_ghi_kwh_m2,
            wind_capacity_factor=climate.wind_capacity_factor,
            hydro_capacity_factor=climate.hydro_capacity_factor,
            annual_mean_temperature_c=climate.mean_temperature_c,
            seasonal_temperature_amplitude_c=climate.seasonal_temperature_amplitude_c,
            diurnal_temperature_amplitude_c=climate.diurnal_temperature_amplitude_c,
            year=scenario.weather_year,
            seed=seed,
            spatial_correlation=scenario.weather_correlation,
            shared_weather=None if couplings is None else couplings[zone.id],
            solar_systems=solar_systems,
        )
    return pd.concat(frames, axis=1, names=["zone", "profile"])


def _selected(scenario: Scenario, zones: Sequence[str] | None) -> list[Zone]:
    """The scenario's zones named in ``zones`` (all if None), in the scenario's order."""
    if zones is None:
        return list(scenario.zones)
    unknown = set(zones) - {zone.id for zone in scenario.zones}
    if unknown:
        raise KeyError(f"zones not in the scenario: {sorted(unknown)}")
    return [zone for zone in scenario.zones if zone.id in set(zones)]


def _solar_columns(scenario: Scenario, frame: pd.DataFrame) -> dict[str, list[str]]:
    """Profile columns of a zone fed by fixed-tilt and by tracking PV."""
    columns: dict[str, list[str]] = {"fixed": ["pv_fixed"], "tracking": ["pv_tracking"]}
    for tech in scenario.technologies:
        solar = tech.kind is TechnologyKind.SOLAR and tech.mount is not None
        if solar and f"pv:{tech.id}" in frame.columns:
            columns[str(tech.mount)].append(f"pv:{tech.id}")
    return columns


def _apply_zone_file(
    scenario: Scenario, zone: pd.DataFrame, observed: pd.DataFrame, path: str, lang: Language
) -> pd.DataFrame:
    """One zone's synthetic profiles with the file's series in place."""
    zone = zone.copy()
    given = set(observed.columns)
    solar = _solar_columns(scenario, zone)
    gain = float(zone["pv_tracking"].mean()) / max(float(zone["pv_fixed"].mean()), 1e-9)
    fixed = observed["solar"].to_numpy() if "solar" in given else None
    tracking = observed["solar_tracking"].to_numpy() if "solar_tracking" in given else None
    if fixed is not None and tracking is None:
        tracking = np.clip(fixed * gain, 0.0, 1.0)
    if tracking is not None and fixed is None:
        fixed = np.clip(tracking / gain, 0.0, 1.0)
    for mount, values in (("fixed", fixed), ("tracking", tracking)):
        if values is not None:
            for column in solar[mount]:
                zone[column] = values
    for column in ("wind", "hydro_inflow"):
        if column in given:
            zone[column] = observed[column].to_numpy()
    if "temperature" in given:
        temperature = pd.Series(observed["temperature"].to_numpy(), index=zone.index)
        for column, values in temperature_columns(temperature).items():
            zone[column] = values.to_numpy()
    if "demand" in given:
        load = observed["demand"].to_numpy()
        if load.mean() <= 0.0:
            _ = translator(lang)
            raise WeatherFileError(
                _(
                    "{file}: column demand: zero all year; give the load or leave the column out"
                ).format(file=path)
            )
        for column in DEMAND_SHAPE_COLUMNS:
            zone[column] = load / load.mean()
    return zone


def scenario_profiles(
    scenario: Scenario,
    weather_year: int | None = None,
    *,
    zones: Sequence[str] | None = None,
    lang: Language = "en",
) -> pd.DataFrame:
    """Hourly profiles of every zone of ``scenario`` for one of its weather years.

    Parameters
    ----------
    scenario : Scenario
        The scenario; each zone's ``climate`` and ``weather_site`` drive the synthetic profiles,
        its ``weather`` section the source, the years and the hydro year.
    weather_year : int, optional
        One of :func:`weather_years`; the first (the one planned on) if not given. Synthetic
        years other than the first are independent draws of the generator.
    lang : {"en", "az"}
        Language of error messages.

    Returns
    -------
    pandas.DataFrame
        8,760 rows (local standard time, the calendar of ``scenario.weather_year``); columns a
        MultiIndex (``zone``, ``profile``) with the profiles of
        :data:`zerozone.profiles.ZONE_PROFILE_COLUMNS` (capacity factors [MW/MW], temperature
        [°C], heat demand shape [1/h, sums to 1], COP [-], demand shapes [-, mean 1]), then
        ``pv:<technology>`` for each solar technology with its mount and DC/AC ratio.

    Raises
    ------
    WeatherFileError
        If the weather file is unusable or lacks the year.
    """
    years = weather_years(scenario, lang=lang)
    year = years[0] if weather_year is None else weather_year
    if year not in years:
        _ = translator(lang)
        raise WeatherFileError(
            _("weather year {year} is not one of the scenario's weather years ({years})").format(
                year=year, years=", ".join(map(str, years))
            )
        )
    settings = scenario.weather
    seed = scenario.seed
    if settings.is_synthetic and year != years[0]:
        seed = derive_seed(scenario.seed, "weather_year", year)
    chosen = _selected(scenario, zones)
    profiles = synthetic_profiles(scenario, seed, [zone.id for zone in chosen])
    if not settings.is_synthetic:
        observed = _weather_file(scenario, lang).year(year)
        frames = {
            zone.id: _apply_zone_file(
                scenario, profiles[zone.id], observed[zone.id], settings.source, lang
            )
            for zone in chosen
        }
        profiles = pd.concat(frames, axis=1, names=["zone", "profile"])
    if settings.inflow_factor != 1.0:
        for zone in chosen:
            profiles[(zone.id, "hydro_inflow")] *= settings.inflow_factor
    return profiles
