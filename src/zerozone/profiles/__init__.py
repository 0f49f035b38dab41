"""Hourly profiles of one weather year and their aggregation to representative days.

Everything here takes plain numbers and returns pandas objects indexed by the naive,
local-standard-time hourly index of one non-leap year (see :mod:`zerozone.profiles.timebase`).
The package knows nothing about the scenario schema or the optimiser.

Modules
-------
timebase     the time axis (8,760 h, local standard time, UTC+4 by default)
randomness   stable seeds (SHA-256) and AR(1) noise
weather      air temperature
solar        irradiance (pvlib) and PV capacity factors
wind         wind capacity factors
hydro        hydro inflow
demand       electricity demand shapes, heat demand, heat-pump COP, EV charging
aggregation  representative days (tsam)
zone         all profiles of one zone
"""

from __future__ import annotations

from zerozone.profiles.aggregation import RepresentativeDays, aggregate_days
from zerozone.profiles.demand import (
    SECTORS,
    electricity_demand_shape,
    ev_charging_shape,
    heat_pump_cop,
    heating_demand_shape,
)
from zerozone.profiles.hydro import hydro_inflow_profile
from zerozone.profiles.randomness import SharedWeather, derive_seed
from zerozone.profiles.solar import (
    SkyGeometry,
    annual_ghi,
    ghi_profile,
    plane_of_array_irradiance,
    pv_capacity_factor,
    sky_geometry,
)
from zerozone.profiles.timebase import DEFAULT_UTC_OFFSET_HOURS, DEFAULT_YEAR, hourly_index
from zerozone.profiles.weather import temperature_profile
from zerozone.profiles.wind import power_curve, wind_capacity_factor
from zerozone.profiles.zone import ZONE_PROFILE_COLUMNS, build_zone_profiles

__all__ = [
    "DEFAULT_UTC_OFFSET_HOURS",
    "DEFAULT_YEAR",
    "SECTORS",
    "ZONE_PROFILE_COLUMNS",
    "RepresentativeDays",
    "SharedWeather",
    "SkyGeometry",
    "aggregate_days",
    "annual_ghi",
    "build_zone_profiles",
    "derive_seed",
    "electricity_demand_shape",
    "ev_charging_shape",
    "ghi_profile",
    "heat_pump_cop",
    "heating_demand_shape",
    "hourly_index",
    "hydro_inflow_profile",
    "plane_of_array_irradiance",
    "power_curve",
    "pv_capacity_factor",
    "sky_geometry",
    "temperature_profile",
    "wind_capacity_factor",
]
