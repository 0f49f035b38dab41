"""The hourly profiles of every zone of a scenario.

The only module of the profiles layer that reads the scenario schema (the layer below it); the
others take plain numbers.
"""

from __future__ import annotations

import pandas as pd

from zerozone.data.schema import Scenario, TechnologyKind
from zerozone.profiles.zone import build_zone_profiles


def scenario_profiles(scenario: Scenario) -> pd.DataFrame:
    """Hourly profiles of every zone of ``scenario`` for its weather year and seed.

    Parameters
    ----------
    scenario : Scenario
        The scenario; each zone's ``climate`` and ``weather_site`` drive its profiles.

    Returns
    -------
    pandas.DataFrame
        8,760 rows (local standard time); columns a MultiIndex (``zone``, ``profile``) with the
        profiles of :data:`zerozone.profiles.ZONE_PROFILE_COLUMNS` (capacity factors [MW/MW],
        temperature [°C], heat demand shape [1/h, sums to 1], COP [-], demand shapes [-, mean 1]),
        then ``pv:<technology>`` for each solar technology with its mount and DC/AC ratio.
    """
    solar_systems = {
        tech.id: (tech.mount, tech.dc_ac_ratio)
        for tech in scenario.technologies
        if tech.kind is TechnologyKind.SOLAR and tech.mount is not None
    }
    frames = {}
    for zone in scenario.zones:
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
            seed=scenario.seed,
            spatial_correlation=scenario.weather_correlation,
            solar_systems=solar_systems,
        )
    return pd.concat(frames, axis=1, names=["zone", "profile"])
