"""Units of meter readings and their conversion to the stored unit, kWh.

Electricity comes in Wh, kWh or MWh. Gas comes in cubic metres (m3) or in energy units; cubic
metres are converted with the meter's net calorific value.

The default calorific value, 9.444 kWh/m3 (34.0 MJ/m3), is the one the bundled scenarios use for
Azerbaijani gas. Assumption (no measured value for the zones' gas was found): IPCC 2006 default
net calorific value of natural gas 48.0 TJ/Gg (Vol. 2, ch. 1, table 1.2) times a density of about
0.71 kg/m3 = 34.0 MJ/m3 = 9.444 kWh/m3. Set each gas meter's own value (``--calorific-value``)
when the supplier publishes one.
"""

from __future__ import annotations

from enum import StrEnum


class Unit(StrEnum):
    """Units a reading may carry."""

    WH = "Wh"
    KWH = "kWh"
    MWH = "MWh"
    M3 = "m3"


DEFAULT_CALORIFIC_KWH_PER_M3 = 9.444
"""Net calorific value of natural gas [kWh/m3] (34.0 MJ/m3; assumption, see module docstring)."""

ENERGY_FACTORS = {Unit.WH: 0.001, Unit.KWH: 1.0, Unit.MWH: 1000.0}
"""kWh per unit of each energy unit [kWh/unit]."""


def to_kwh_factor(unit: Unit, calorific_kwh_per_m3: float = DEFAULT_CALORIFIC_KWH_PER_M3) -> float:
    """kWh per unit of ``unit`` [kWh/unit]; cubic metres use ``calorific_kwh_per_m3`` [kWh/m3]."""
    if unit is Unit.M3:
        return calorific_kwh_per_m3
    return ENERGY_FACTORS[unit]


def parse_unit(text: str) -> Unit:
    """The unit written as ``text`` (``kWh``, ``kwh``, ``m³`` and ``m^3`` are accepted).

    Raises
    ------
    ValueError
        For any other text.
    """
    cleaned = text.strip().replace("³", "3").replace("^", "")
    for unit in Unit:
        if cleaned.lower() == unit.value.lower():
            return unit
    raise ValueError(f"unknown unit {text!r} (use Wh, kWh, MWh or m3)")
