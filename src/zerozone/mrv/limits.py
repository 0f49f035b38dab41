"""Plausibility limits of readings: what no meter of a kind can physically read.

A reading outside its meter's limits is rejected at ingest with the limit in the reason, so
that one absurd value (``1e30`` kWh) never reaches the energy and the reports. Both limits are
per meter: the defaults below apply unless the meter was registered with its own
(``--max-kw``, ``--max-register``).

* **Register range**: a cumulative register's reading is at most ``10^9`` of the meter's unit
  (a nine-digit register: 1e9 kWh for a kWh meter, 1e6 kWh for a Wh meter, 1e9 m3 of gas),
  or the meter's rollover value when it has one. Assumption: electricity and gas meters
  display five to nine digits; nine is the widest, so no real register exceeds it.
* **Power**: an interval meter's reading divided by its interval is at most the kind's
  maximum power :data:`MAX_KW`. A register's readings are checked against its range only: the
  power between two readings depends on which neighbours are stored, and a reading's
  acceptance must not depend on the order in which readings arrive (a wrong high register
  reading shows up as a backward step in ``zerozone mrv events`` and can be voided).

Every limit is also bounded by :data:`HARD_LIMIT_KWH`, so every stored value and every figure
computed from them is a finite number that reports can print.
"""

from __future__ import annotations

from zerozone.mrv.units import Unit

REGISTER_DIGITS = 9
"""Digits of the widest meter register (assumption, see the module docstring) [-]."""

MAX_KW = {
    "grid_import": 100_000.0,
    "grid_export": 100_000.0,
    "pv_generation": 100_000.0,
    "heat_pump": 10_000.0,
    "ev_charger": 10_000.0,
    "gas": 100_000.0,
}
"""Default maximum power of one meter by kind [kW]. Assumption: ten times the largest
connection a settlement meter of the kind serves (a 10 MW plant or substation feeder, a 1 MW
district heat pump or charging hub), so that only impossible values are refused."""

HARD_LIMIT_KWH = 1e15
"""No limit, default or per meter, exceeds this [kWh] (a million GWh)."""


def register_range_kwh(unit: Unit, kwh_per_unit: float) -> float:
    """Default register range of a meter reading in ``unit`` [kWh].

    Parameters
    ----------
    unit : Unit
        The meter's unit.
    kwh_per_unit : float
        kWh per unit of ``unit`` (the calorific value for m3) [kWh/unit].
    """
    del unit
    return min(HARD_LIMIT_KWH, 10.0**REGISTER_DIGITS * kwh_per_unit)


def limit_problems(max_kw: float | None, max_register_kwh: float | None) -> list[str]:
    """What is wrong with a meter's own limits (empty when they are usable)."""
    problems = []
    for name, value in (("max_kw", max_kw), ("max_register", max_register_kwh)):
        if value is not None and not 0 < value <= HARD_LIMIT_KWH:
            problems.append(f"{name} must be positive and at most {HARD_LIMIT_KWH:g}")
    return problems


def default_max_kw_sql(kind: str) -> str:
    """SQL for the default maximum power of the meter kind in the column ``kind`` [kW]."""
    cases = " ".join(f"WHEN '{name}' THEN {value}" for name, value in MAX_KW.items())
    return f"CASE {kind} {cases} ELSE {max(MAX_KW.values())} END"
