"""All hourly profiles of one zone from plain numbers, with reproducible per-zone seeds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

from zerozone.profiles import demand, hydro, solar, weather, wind
from zerozone.profiles.randomness import SharedWeather, WeatherCoupling, derive_seed
from zerozone.profiles.timebase import DEFAULT_UTC_OFFSET_HOURS, DEFAULT_YEAR

ZONE_PROFILE_COLUMNS: tuple[str, ...] = (
    "pv_fixed",
    "pv_tracking",
    "wind",
    "hydro_inflow",
    "temperature",
    "heat_demand",
    "heat_pump_cop",
    "demand_residential",
    "demand_services",
    "demand_industry_agriculture",
    "ev_charging",
)
"""Columns returned by :func:`build_zone_profiles`, in order."""


def temperature_columns(
    temperature: pd.Series,
    *,
    heating_base_temperature_c: float = 15.5,
    hot_water_share: float = 0.0,
    heat_pump_supply_temperature_c: float = 45.0,
) -> dict[str, pd.Series]:
    """The profiles that follow from the air temperature.

    Parameters
    ----------
    temperature : pandas.Series
        Hourly air temperature [degC].
    heating_base_temperature_c : float
        Outdoor temperature above which no space heating is needed [degC].
    hot_water_share : float
        Flat (hot-water) share of the annual heat demand [-].
    heat_pump_supply_temperature_c : float
        Heat-pump supply (sink) temperature [degC].

    Returns
    -------
    columns : dict of str to pandas.Series
        ``temperature`` [degC], ``heat_demand`` [MWh/MWh] (sums to 1), ``heat_pump_cop``
        [MW/MW].
    """
    return {
        "temperature": temperature.rename("temperature"),
        "heat_demand": demand.heating_demand_shape(
            temperature,
            base_temperature_c=heating_base_temperature_c,
            hot_water_share=hot_water_share,
        ),
        "heat_pump_cop": demand.heat_pump_cop(
            temperature, supply_temperature_c=heat_pump_supply_temperature_c
        ),
    }


def build_zone_profiles(
    name: str,
    *,
    lat: float,
    lon: float,
    annual_ghi_kwh_m2: float,
    wind_capacity_factor: float,
    hydro_capacity_factor: float,
    annual_mean_temperature_c: float = 13.0,
    seasonal_temperature_amplitude_c: float = 12.5,
    diurnal_temperature_amplitude_c: float = 5.0,
    altitude_m: float | None = None,
    heating_base_temperature_c: float = 15.5,
    hot_water_share: float = 0.0,
    heat_pump_supply_temperature_c: float = 45.0,
    year: int = DEFAULT_YEAR,
    seed: int = 0,
    spatial_correlation: float = 0.0,
    shared_weather: WeatherCoupling | None = None,
    utc_offset_hours: float = DEFAULT_UTC_OFFSET_HOURS,
    solar_systems: Mapping[str, tuple[Literal["fixed", "tracking"], float]] | None = None,
) -> pd.DataFrame:
    """Return every hourly profile of one zone.

    The zone's random streams are seeded with :func:`derive_seed` from ``(seed, name)``
    and the name of each quantity: zones with different names get different weather,
    and the same inputs always give the same profiles. With ``spatial_correlation`` > 0,
    every zone built with the same ``seed`` also shares a common weather component, so
    that the anomalies (clearness, wind speed, temperature, inflow) of two zones
    correlate with that coefficient. PV fixed and tracking share one irradiance series
    and one temperature series.

    Parameters
    ----------
    name : str
        Zone identifier, used to derive the zone's seeds.
    lat, lon : float
        Representative latitude and longitude of the zone [deg], north and east positive.
    annual_ghi_kwh_m2 : float
        Annual global horizontal irradiation [kWh/m2].
    wind_capacity_factor : float
        Annual mean wind capacity factor to match [MW/MW].
    hydro_capacity_factor : float
        Annual mean hydro inflow per unit of turbine capacity [MW/MW].
    annual_mean_temperature_c : float
        Annual mean air temperature [degC].
    seasonal_temperature_amplitude_c : float
        Half the difference between the warmest and coldest daily means [K].
    diurnal_temperature_amplitude_c : float
        Half the mean daily temperature range [K].
    altitude_m : float, optional
        Altitude of the PV sites [m]; None uses pvlib's bundled elevation map.
    heating_base_temperature_c : float
        Outdoor temperature above which no space heating is needed [degC].
    hot_water_share : float
        Flat (hot-water) share of the annual heat demand [-].
    heat_pump_supply_temperature_c : float
        Heat-pump supply (sink) temperature [degC].
    year : int
        Non-leap weather year [-].
    seed : int
        Base seed of the run [-].
    spatial_correlation : float
        Correlation of the weather anomalies between zones of the same run [-], in
        [0, 1]; 0 (default) makes every zone's weather independent.
    shared_weather : SharedWeather or FactorWeather, optional
        How the zone's weather is tied to the other zones' (e.g. correlated by distance, see
        :mod:`zerozone.profiles.correlation`); replaces ``spatial_correlation`` when given.
    utc_offset_hours : float
        Offset of local standard time from UTC [h].
    solar_systems : mapping of str to (mount, dc_ac_ratio), optional
        Extra PV systems, each as a column ``pv:<name>`` [MW/MW] computed from the zone's
        irradiance with its own mount and DC/AC ratio [-] (``pv_fixed`` and ``pv_tracking``
        use DC/AC 1.2).

    Returns
    -------
    profiles : pandas.DataFrame
        8,760 hourly rows (naive local standard time) and the columns of
        ``ZONE_PROFILE_COLUMNS``: capacity factors and inflow [MW/MW], temperature
        [degC], heat demand share [MWh/MWh] (sums to 1), COP [MW/MW], demand and EV
        shapes [MW/MW] (mean 1); then one ``pv:<name>`` column per solar system.
    """
    zone_seed = derive_seed(seed, name)
    shared = shared_weather or SharedWeather(
        seed=derive_seed(seed, "shared"), correlation=spatial_correlation
    )
    temperature = weather.temperature_profile(
        lat,
        lon,
        annual_mean_c=annual_mean_temperature_c,
        seasonal_amplitude_c=seasonal_temperature_amplitude_c,
        diurnal_amplitude_c=diurnal_temperature_amplitude_c,
        year=year,
        seed=zone_seed,
        shared_weather=shared,
        utc_offset_hours=utc_offset_hours,
    )
    sky = solar.sky_geometry(
        lat, lon, altitude_m=altitude_m, year=year, utc_offset_hours=utc_offset_hours
    )
    ghi = solar.ghi_profile(
        lat,
        lon,
        annual_ghi_kwh_m2=annual_ghi_kwh_m2,
        year=year,
        seed=zone_seed,
        shared_weather=shared,
        geometry=sky,
    )
    columns: dict[str, pd.Series] = {}
    for mount in ("fixed", "tracking"):
        columns[f"pv_{mount}"] = solar.pv_capacity_factor(
            lat,
            lon,
            annual_ghi_kwh_m2=annual_ghi_kwh_m2,
            mount=mount,
            ghi=ghi,
            temperature=temperature,
            geometry=sky,
        )
    columns["wind"] = wind.wind_capacity_factor(
        target_capacity_factor=wind_capacity_factor,
        year=year,
        seed=zone_seed,
        shared_weather=shared,
    )
    columns["hydro_inflow"] = hydro.hydro_inflow_profile(
        capacity_factor=hydro_capacity_factor,
        year=year,
        seed=zone_seed,
        shared_weather=shared,
    )
    columns.update(
        temperature_columns(
            temperature,
            heating_base_temperature_c=heating_base_temperature_c,
            hot_water_share=hot_water_share,
            heat_pump_supply_temperature_c=heat_pump_supply_temperature_c,
        )
    )
    for sector in demand.SECTORS:
        columns[f"demand_{sector}"] = demand.electricity_demand_shape(sector, year)
    columns["ev_charging"] = demand.ev_charging_shape(year)
    extra: list[str] = []
    for system, (mount, dc_ac_ratio) in (solar_systems or {}).items():
        column = f"pv:{system}"
        columns[column] = solar.pv_capacity_factor(
            lat,
            lon,
            annual_ghi_kwh_m2=annual_ghi_kwh_m2,
            mount=mount,
            dc_ac_ratio=dc_ac_ratio,
            ghi=ghi,
            temperature=temperature,
            geometry=sky,
        )
        extra.append(column)
    frame = pd.DataFrame(columns)
    return frame[[*ZONE_PROFILE_COLUMNS, *extra]]
