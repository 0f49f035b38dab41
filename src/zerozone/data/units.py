"""Physical quantities in scenario files: a number in the field's unit, or a string with a unit.

A scenario field such as ``capacity_mw`` holds a power in megawatts. Users may write the bare number
(``240``) or a string with an explicit unit (``"240 MW"``, ``"0.24 GW"``, ``"240000 kW"``); the
string is converted to the field's unit. A string whose unit measures something else
(``"240 MWh"`` for a power) is rejected with a message naming the units that are accepted. A comma
is rejected: ``"1,000 kW"`` means 1000 kW to an English reader and 1 kW to an Azerbaijani one
(decimal comma), so the file must say which (``"1000 kW"``, ``"1_000 kW"``, ``"1.5 kW"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import BeforeValidator

# dimension -> {unit symbol: factor to the dimension's reference unit}
_UNITS: dict[str, dict[str, float]] = {
    "power": {"W": 1e-6, "kW": 1e-3, "MW": 1.0, "GW": 1e3},
    "energy": {"Wh": 1e-6, "kWh": 1e-3, "MWh": 1.0, "GWh": 1e3, "TWh": 1e6},
    "length": {"m": 1e-3, "km": 1.0},
    "emission": {"kg": 1e-3, "t": 1.0, "kt": 1e3, "Mt": 1e6},
}
_QUANTITY = re.compile(
    r"^\s*([-+]?(?:\d+(?:_\d+)*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]+)\s*$"
)


def _dimension_of(unit: str) -> str:
    for dimension, table in _UNITS.items():
        if unit in table:
            return dimension
    raise KeyError(unit)


def parse_quantity(value: object, unit: str) -> object:
    """Convert ``value`` to a float in ``unit`` when it is a string with a unit.

    Parameters
    ----------
    value : object
        The raw value from the scenario file: a number (already in ``unit``) or a string such as
        ``"0.24 GW"``.
    unit : str
        The unit the field is stored in, e.g. ``"MW"``.

    Returns
    -------
    object
        A float in ``unit`` when ``value`` was a string with a unit; otherwise ``value`` unchanged
        (pydantic then checks its type).

    Raises
    ------
    ValueError
        When the string's unit is unknown or measures another dimension.
    """
    if not isinstance(value, str):
        return value
    if "," in value:
        raise ValueError(
            f"{value!r}: a comma is ambiguous (thousands separator in English, decimal mark in "
            f"Azerbaijani); write the number without it, e.g. '1000 kW' or '1_000 kW', and a "
            f"decimal point, e.g. '1.5 {unit}'"
        )
    match = _QUANTITY.match(value)
    if match is None:
        try:
            return float(value)
        except ValueError:
            raise ValueError(
                f"expected a number in {unit} or a quantity such as '10 {unit}', got {value!r}"
            ) from None
    number = float(match.group(1).replace("_", ""))
    given = match.group(2)
    dimension = _dimension_of(unit)
    table = _UNITS[dimension]
    if given not in table:
        accepted = ", ".join(table)
        raise ValueError(
            f"unit {given!r} is not a {dimension} unit; write the value in one of: {accepted}"
        )
    return number * table[given] / table[unit]


def _in(unit: str) -> Callable[[object], object]:
    def convert(value: object) -> object:
        return parse_quantity(value, unit)

    return convert


MW = Annotated[float, BeforeValidator(_in("MW"))]
"""A power [MW]; accepts ``"240 MW"``, ``"0.24 GW"``, ``"240000 kW"``."""
MWh = Annotated[float, BeforeValidator(_in("MWh"))]
"""An energy [MWh]; accepts ``"358 GWh"``."""
Km = Annotated[float, BeforeValidator(_in("km"))]
"""A length [km]."""
Tonnes = Annotated[float, BeforeValidator(_in("t"))]
"""A mass of CO2-equivalent [t]; accepts ``"0.4 Mt"``."""
