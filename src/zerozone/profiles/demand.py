"""Hourly demand shapes: electricity by sector, space heat, heat-pump COP, EV charging.

The electricity and EV shapes are deterministic, built from typical-day templates (hourly
anchor values, local time) for weekdays and weekends (Saturday and Sunday in Azerbaijan),
times a mild seasonal factor, and normalised to an annual mean of 1; multiply by the annual
mean load [MW] to get a load profile. Public holidays are not modelled.

Heat demand follows heating-degree hours of an hourly temperature profile (normalised to
sum 1, so multiply by the annual heat demand [MWh]), optionally plus a flat hot-water share.
The air-source heat-pump COP uses the regression of Staffell et al. (2012) as used by
when2heat and PyPSA-Eur.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from zerozone.profiles.timebase import (
    DEFAULT_YEAR,
    annual_cosine,
    day_of_year,
    hour_of_day,
    hourly_index,
    is_weekend,
)

Sector = Literal["residential", "services", "industry_agriculture"]
SECTORS: tuple[Sector, ...] = ("residential", "services", "industry_agriculture")


@dataclass(frozen=True)
class DayTemplate:
    """Typical-day shapes and seasonality of one kind of demand (relative values).

    Attributes
    ----------
    weekday, weekend : tuple of 24 floats
        Relative load at each local hour 0-23 [-].
    winter_amplitude : float
        Relative seasonal increase in mid-January (decrease in mid-July) [-].
    summer_peak : float
        Relative additional load in mid-July (cooling, irrigation) [-].
    """

    weekday: tuple[float, ...]
    weekend: tuple[float, ...]
    winter_amplitude: float
    summer_peak: float


# Assumption: generic shapes of a continental climate with gas heating (little electric
# heating), an evening residential peak at 20-21 h and office hours 9-18 h.
TEMPLATES: dict[str, DayTemplate] = {
    "residential": DayTemplate(
        weekday=(
            0.62,
            0.55,
            0.52,
            0.51,
            0.52,
            0.58,
            0.75,
            0.95,
            0.98,
            0.88,
            0.84,
            0.84,
            0.86,
            0.85,
            0.83,
            0.84,
            0.92,
            1.08,
            1.30,
            1.50,
            1.58,
            1.50,
            1.22,
            0.88,
        ),
        weekend=(
            0.68,
            0.60,
            0.55,
            0.53,
            0.52,
            0.54,
            0.60,
            0.72,
            0.88,
            0.98,
            1.02,
            1.04,
            1.06,
            1.02,
            0.98,
            0.96,
            1.00,
            1.12,
            1.30,
            1.48,
            1.55,
            1.48,
            1.22,
            0.92,
        ),
        winter_amplitude=0.10,
        summer_peak=0.05,
    ),
    "services": DayTemplate(
        weekday=(
            0.45,
            0.43,
            0.42,
            0.42,
            0.43,
            0.48,
            0.62,
            0.90,
            1.30,
            1.55,
            1.62,
            1.65,
            1.60,
            1.62,
            1.60,
            1.55,
            1.45,
            1.28,
            1.05,
            0.85,
            0.72,
            0.62,
            0.53,
            0.48,
        ),
        weekend=(
            0.45,
            0.43,
            0.42,
            0.42,
            0.43,
            0.45,
            0.50,
            0.58,
            0.68,
            0.76,
            0.80,
            0.82,
            0.82,
            0.80,
            0.78,
            0.76,
            0.72,
            0.68,
            0.64,
            0.60,
            0.56,
            0.52,
            0.48,
            0.46,
        ),
        winter_amplitude=0.05,
        summer_peak=0.10,
    ),
    "industry_agriculture": DayTemplate(
        weekday=(
            0.85,
            0.84,
            0.83,
            0.83,
            0.84,
            0.88,
            0.98,
            1.10,
            1.18,
            1.20,
            1.21,
            1.20,
            1.15,
            1.19,
            1.20,
            1.18,
            1.12,
            1.04,
            0.98,
            0.94,
            0.91,
            0.89,
            0.87,
            0.86,
        ),
        weekend=(
            0.82,
            0.81,
            0.80,
            0.80,
            0.80,
            0.82,
            0.85,
            0.88,
            0.90,
            0.92,
            0.92,
            0.92,
            0.90,
            0.90,
            0.90,
            0.89,
            0.88,
            0.87,
            0.86,
            0.85,
            0.84,
            0.83,
            0.83,
            0.82,
        ),
        winter_amplitude=0.02,
        summer_peak=0.10,
    ),
    # Home charging in the evening and overnight, some workplace charging by day.
    "ev": DayTemplate(
        weekday=(
            0.95,
            0.75,
            0.55,
            0.40,
            0.30,
            0.28,
            0.35,
            0.55,
            0.85,
            1.05,
            1.05,
            1.00,
            0.95,
            0.95,
            0.95,
            0.95,
            1.05,
            1.35,
            1.80,
            2.15,
            2.25,
            2.05,
            1.70,
            1.30,
        ),
        weekend=(
            1.05,
            0.85,
            0.62,
            0.45,
            0.35,
            0.30,
            0.30,
            0.38,
            0.55,
            0.80,
            1.05,
            1.20,
            1.28,
            1.30,
            1.28,
            1.25,
            1.30,
            1.45,
            1.65,
            1.80,
            1.80,
            1.65,
            1.45,
            1.20,
        ),
        winter_amplitude=0.08,
        summer_peak=0.0,
    ),
}


def _template_shape(template: DayTemplate, year: int) -> pd.Series:
    """Return a template expanded to one year and normalised to mean 1 [-]."""
    index = hourly_index(year)
    hours = hour_of_day(index)
    daily = np.where(
        is_weekend(index), np.asarray(template.weekend)[hours], np.asarray(template.weekday)[hours]
    )
    doy = day_of_year(index)
    summer = np.clip(annual_cosine(doy, 196.0), 0.0, None) ** 2
    seasonal = (
        1.0 + template.winter_amplitude * annual_cosine(doy, 15.0) + template.summer_peak * summer
    )
    values = daily * seasonal
    return pd.Series(values / values.mean(), index=index)


def electricity_demand_shape(sector: Sector, year: int = DEFAULT_YEAR) -> pd.Series:
    """Return the hourly electricity demand shape of a sector, annual mean 1.

    Parameters
    ----------
    sector : {"residential", "services", "industry_agriculture"}
        Demand sector.
    year : int
        Non-leap calendar year [-] (sets the weekdays).

    Returns
    -------
    shape : pandas.Series
        Hourly load per unit of annual mean load [MW/MW], naive local-time index.
    """
    if sector not in SECTORS:
        raise ValueError(f"sector must be one of {SECTORS}, got {sector!r}")
    return _template_shape(TEMPLATES[sector], year).rename(f"demand_{sector}")


def ev_charging_shape(year: int = DEFAULT_YEAR) -> pd.Series:
    """Return the hourly electric-vehicle charging shape, annual mean 1.

    Uncontrolled charging: an evening home-charging peak around 20 h, workplace
    charging during office hours, more midday charging at weekends.

    Parameters
    ----------
    year : int
        Non-leap calendar year [-].

    Returns
    -------
    shape : pandas.Series
        Hourly charging power per unit of annual mean charging power [MW/MW].
    """
    return _template_shape(TEMPLATES["ev"], year).rename("ev_charging")


def heating_demand_shape(
    temperature: pd.Series,
    *,
    base_temperature_c: float = 15.5,
    hot_water_share: float = 0.0,
) -> pd.Series:
    """Return the hourly heat demand shape from heating-degree hours, summing to 1.

    Parameters
    ----------
    temperature : pandas.Series
        Hourly air temperature [degC].
    base_temperature_c : float
        Outdoor temperature above which no space heating is needed [degC].
    hot_water_share : float
        Share of annual heat demand that is flat over the year (domestic hot water) [-],
        in [0, 1); with 0 the shape is zero in every hour warmer than the base.

    Returns
    -------
    shape : pandas.Series
        Share of the annual heat demand falling in each hour [MWh/MWh]; sums to 1.

    Raises
    ------
    ValueError
        If no hour is colder than the base temperature and ``hot_water_share`` is 0,
        or if ``hot_water_share`` is outside [0, 1).
    """
    if not 0.0 <= hot_water_share < 1.0:
        raise ValueError(f"hot_water_share must be in [0, 1), got {hot_water_share}")
    degree_hours = np.clip(base_temperature_c - temperature.to_numpy(dtype=float), 0.0, None)
    total = degree_hours.sum()
    if total <= 0.0:
        if hot_water_share == 0.0:
            raise ValueError(
                f"no hour is colder than base_temperature_c={base_temperature_c}: "
                "heating demand is undefined"
            )
        space = np.zeros_like(degree_hours)
        hot_water_share = 1.0
    else:
        space = degree_hours / total
    flat = np.full(degree_hours.size, 1.0 / degree_hours.size)
    values = (1.0 - hot_water_share) * space + hot_water_share * flat
    return pd.Series(values, index=temperature.index, name="heat_demand")


def heat_pump_cop(
    temperature: pd.Series,
    *,
    supply_temperature_c: float = 45.0,
    min_cop: float = 1.0,
    max_cop: float = 6.0,
) -> pd.Series:
    """Return the hourly coefficient of performance of an air-source heat pump.

    ``COP = 6.81 - 0.121 dT + 0.000630 dT**2`` with ``dT = supply - outdoor`` [K]
    (Staffell et al. 2012, used by when2heat and PyPSA-Eur), clipped to
    ``[min_cop, max_cop]``. ``dT`` is floored at 0 and capped at 90 K, where the
    regression is monotonic, so the COP never decreases with outdoor temperature.

    Parameters
    ----------
    temperature : pandas.Series
        Hourly outdoor air temperature (the heat source) [degC].
    supply_temperature_c : float
        Heat sink (flow) temperature [degC]: about 35 for floor heating, 45-55 for
        radiators.
    min_cop, max_cop : float
        Bounds of the COP [MW_heat/MW_el].

    Returns
    -------
    cop : pandas.Series
        Heat delivered per unit of electricity [MW/MW].
    """
    delta = np.clip(supply_temperature_c - temperature.to_numpy(dtype=float), 0.0, 90.0)
    cop = 6.81 - 0.121 * delta + 0.000630 * delta**2
    return pd.Series(np.clip(cop, min_cop, max_cop), index=temperature.index, name="heat_pump_cop")


def heat_pump_output_share(
    cop: np.ndarray, rated_temperature_c: float, *, supply_temperature_c: float = 45.0
) -> np.ndarray:
    """Return an air-source heat pump's heat output per rated output at each hour's COP.

    A compressor drawing its rated electricity delivers heat in proportion to the COP
    (Carnot-like), so below the rating point the output falls with the COP:
    ``share = min(1, COP / COP_rated)`` with ``COP_rated`` the COP of :func:`heat_pump_cop`
    (the same regression and sink temperature) at ``rated_temperature_c`` outdoors.

    Parameters
    ----------
    cop : numpy.ndarray
        Hourly COP as :func:`heat_pump_cop` gives it [MW/MW].
    rated_temperature_c : float
        Outdoor temperature of the rated output [degC] (7 for the EN 14511 rating point
        A7/W35).
    supply_temperature_c : float
        Heat sink (flow) temperature of the COP [degC], as for :func:`heat_pump_cop`.

    Returns
    -------
    numpy.ndarray
        Output capacity per rated capacity, in (0, 1] [-].
    """
    rated_cop = heat_pump_cop(
        pd.Series([rated_temperature_c]), supply_temperature_c=supply_temperature_c
    )
    rated = float(rated_cop.iloc[0])
    return np.minimum(np.asarray(cop, dtype=float) / rated, 1.0)
