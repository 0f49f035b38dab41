"""The tables of a run directory, declared once: name, columns, dtypes, units, keys, meaning.

:data:`TABLES` is the contract between the planner and everything after it: ``write_run`` writes
each table in this column order and these dtypes, ``read_run`` refuses a run directory whose
tables differ (:class:`~zerozone.results.run_directory.RunDirectoryError`), and the run-directory
page of the documentation (``docs/run-directory.md``) is generated from it
(:func:`markdown`; a test keeps the page in step).

Model time: ``day`` is a model day (a representative day, or a calendar day at hourly
resolution), ``hour`` 0-23 its hour in local standard time; ``time`` gives each model day's
weight and ``day_map`` the model day standing for each calendar day. Annual figures are per
represented year of each period (operation weighted by the days each model day stands for).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FORMAT_VERSION = 3
"""Version of the run directory's layout that this version of zerozone writes and reads.

1: the first layout (no ``builds`` or profiles, nothing checked); 2: the declared tables below,
with ``builds``, ``profiles_hourly`` and ``profiles_model``; 3: ``market_prices`` (hourly) and
``market_capacity``, interconnectors in ``builds``, imports and exports per market in ``costs``.
"""

DTYPES = ("int", "float", "str")
"""The column types a table may declare: 64-bit integers, 64-bit floats, text."""


@dataclass(frozen=True)
class Column:
    """One column of a result table.

    Attributes
    ----------
    name : str
        Column name.
    dtype : {"int", "float", "str"}
        Its type (64-bit integer, 64-bit float, text).
    unit : str
        Unit of the values (``-`` when none).
    description : str
        What the values are.
    key : bool
        Whether the column is part of the table's key (with the other key columns, it names a
        row).
    """

    name: str
    dtype: str
    unit: str
    description: str
    key: bool = False


@dataclass(frozen=True)
class Table:
    """One table of a run directory (``<name>.parquet``).

    Attributes
    ----------
    name : str
        Table name (the Parquet file's stem).
    description : str
        What one row is.
    columns : tuple of Column
        The columns, keys first, in the order written.
    optional : bool
        Whether the table is written by a later stage (``zerozone check``) rather than by the
        planner: absent from a run directory until then, checked like the others once there.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    optional: bool = False

    @property
    def keys(self) -> list[str]:
        """The key columns' names."""
        return [c.name for c in self.columns if c.key]

    @property
    def names(self) -> list[str]:
        """Every column name, in order."""
        return [c.name for c in self.columns]


def _k(name: str, dtype: str, unit: str, description: str) -> Column:
    return Column(name, dtype, unit, description, key=True)


ZONE = _k("zone", "str", "-", "zone id")
TECH = _k("tech", "str", "-", "technology id")
PERIOD = _k("period", "int", "yr", "investment period (its first year)")
DAY = _k("day", "int", "-", "model day (see `time`)")
HOUR = _k("hour", "int", "h", "hour of the model day, local standard time (0-23)")

TABLES: tuple[Table, ...] = (
    Table(
        "capacity",
        "Power in service per zone, technology and period (rows with any capacity).",
        (
            ZONE,
            TECH,
            PERIOD,
            Column("kind", "str", "-", "technology kind"),
            Column("capacity_mw", "float", "MW", "power in service: existing, committed, new"),
            Column("new_mw", "float", "MW", "power built in this period"),
            Column("existing_mw", "float", "MW", "existing plants and committed builds in service"),
            Column("energy_mwh", "float", "MWh", "energy capacity in service (batteries; else 0)"),
        ),
    ),
    Table(
        "builds",
        "Every asset: existing plants, committed and planned builds, links and interconnectors "
        "to markets included; one row per plant, committed build, planned vintage (zone, "
        "technology, build period; market and build period for interconnectors) or change of a "
        "link's existing capacity (negative when it falls).",
        (
            _k("status", "str", "-", "existing, committed or planned"),
            _k("asset", "str", "-", "technology, link or interconnector (to a market)"),
            _k("tech", "str", "-", "technology id; link id; market id for interconnectors"),
            _k("zone", "str", "-", "zone id (links: the zone they leave; interconnectors: lands)"),
            _k("build_year", "int", "yr", "year in service: the build period of planned builds"),
            _k("name", "str", "-", "plant or committed build name; empty for planned builds"),
            Column("kind", "str", "-", "technology kind, link or interconnector"),
            Column("to_zone", "str", "-", "zone a link arrives in; empty for technologies"),
            Column("retire_year", "float", "yr", "first year out of service; NaN: never"),
            Column("lifetime_years", "float", "yr", "economic lifetime"),
            Column("capacity_mw", "float", "MW", "power"),
            Column("energy_mwh", "float", "MWh", "energy capacity (batteries; else 0)"),
            Column("capex_usd_per_mw", "float", "USD/MW", "overnight cost per MW of power"),
            Column(
                "energy_capex_usd_per_mwh", "float", "USD/MWh", "overnight cost per MWh (batteries)"
            ),
            Column("overnight_usd", "float", "USD", "overnight cost of power and energy"),
            Column(
                "annuity_usd_per_year",
                "float",
                "USD/yr",
                "overnight cost annualised at the scenario's discount rate over the lifetime",
            ),
            Column(
                "fixed_om_usd_per_year",
                "float",
                "USD/yr",
                "fixed operation and maintenance (share of the overnight cost)",
            ),
        ),
    ),
    Table(
        "generation",
        "Energy per zone, technology, role and period in a represented year.",
        (
            ZONE,
            TECH,
            PERIOD,
            _k("role", "str", "-", "generation, discharge, charge, heat or spill"),
            Column("mwh", "float", "MWh/yr", "energy (heat technologies: heat)"),
        ),
    ),
    Table(
        "dispatch",
        "Power per zone, technology, role and model hour (technologies with any output).",
        (
            ZONE,
            TECH,
            PERIOD,
            DAY,
            HOUR,
            _k("role", "str", "-", "generation, discharge, charge, heat or spill"),
            Column("mw", "float", "MW", "power (heat technologies: heat)"),
        ),
    ),
    Table(
        "storage_levels",
        "Content of every store over the hours of the year (stores ever filled).",
        (
            ZONE,
            TECH,
            PERIOD,
            _k("hour_of_year", "int", "h", "hour of the calendar year (0-8759)"),
            Column("level_mwh", "float", "MWh", "energy stored at the end of the hour"),
        ),
    ),
    Table(
        "flows",
        "Power over each link (both directions) and to and from each market, per model hour.",
        (
            _k("connection", "str", "-", "link or market id"),
            _k("direction", "str", "-", "forward, backward (links), import, export (markets)"),
            PERIOD,
            DAY,
            HOUR,
            Column("mw", "float", "MW", "power sent (links: before losses)"),
        ),
    ),
    Table(
        "emissions",
        "Emissions per period and source in a represented year, with the period's cap.",
        (
            PERIOD,
            _k("source", "str", "-", "technology id, import:<market> or transport_fuel"),
            Column("t_per_year", "float", "t/yr", "emissions"),
            Column("cap_t_per_year", "float", "t/yr", "the period's cap; NaN: none"),
        ),
    ),
    Table(
        "caps",
        "The emission cap of each period.",
        (PERIOD, Column("cap_t_per_year", "float", "t/yr", "cap; NaN: none")),
    ),
    Table(
        "costs",
        "Annual costs per period, category and item (undiscounted), and their present value.",
        (
            PERIOD,
            _k(
                "category",
                "str",
                "-",
                "capital, operation, imports, exports, unserved or transport_fuel",
            ),
            _k(
                "item",
                "str",
                "-",
                "technology id, link:<id>, interconnector:<market>, market id (imports, "
                "exports), shed, heat_shed or empty",
            ),
            Column("usd_per_year", "float", "USD/yr", "cost (export revenue negative)"),
            Column("discounted_usd", "float", "USD", "the period's years in present value"),
        ),
    ),
    Table(
        "prices",
        "Marginal price of electricity per zone and model hour (the balance's dual).",
        (ZONE, PERIOD, DAY, HOUR, Column("usd_per_mwh", "float", "USD/MWh", "price")),
    ),
    Table(
        "shadow_prices",
        "Every limit of the plan per period with its shadow price: the emission cap (and "
        "budget) as a CO2 price, potentials, build rates, link and market limits, the renewable "
        "share. The shadow price is what relaxing the limit by one unit would save, in the "
        "period's own money (the objective's period weighting undone; build rates at the "
        "period's start); vertex duals of the solve.",
        (
            _k(
                "constraint",
                "str",
                "-",
                "emission_cap, emission_budget, potential, build_rate, link, import_limit, "
                "export_limit, interconnector (largest expansion) or renewable_share",
            ),
            PERIOD,
            _k("zone", "str", "-", "zone id (potentials); empty otherwise"),
            _k("item", "str", "-", "technology, link or market id; empty for emission limits"),
            Column("limit", "float", "see unit", "the limit's value"),
            Column("unit", "str", "-", "unit of limit and level: t/yr, t, MW or - (share)"),
            Column(
                "level",
                "float",
                "see unit",
                "the solution's value: emissions, capacity, MW built, highest hourly flow, share",
            ),
            Column("shadow_price", "float", "see shadow_unit", "saving per unit relaxed"),
            Column(
                "shadow_unit",
                "str",
                "-",
                "USD/t (CO2), USD/MW/yr (potential, link, market: per year of the period), "
                "USD/MW (build rate), USD/MWh (renewable share)",
            ),
            Column(
                "pv_usd_per_unit",
                "float",
                "USD per unit",
                "the same saving in present value (the objective's own terms)",
            ),
            Column("binding", "int", "-", "1 when the solution sits at the limit, else 0"),
        ),
    ),
    Table(
        "market_prices",
        "Import and export price of each market per period and local hour: the annual mean "
        "times the market's hour-of-day shape (flat without one).",
        (
            _k("market", "str", "-", "market id"),
            PERIOD,
            HOUR,
            Column("import_usd_per_mwh", "float", "USD/MWh", "price paid for imports"),
            Column("export_usd_per_mwh", "float", "USD/MWh", "price earned by exports"),
        ),
    ),
    Table(
        "market_capacity",
        "Import and export limits of each market per period, with the interconnector capacity "
        "the plan built (in service, included in both limits).",
        (
            _k("market", "str", "-", "market id"),
            PERIOD,
            Column("import_capacity_mw", "float", "MW", "largest import"),
            Column("export_capacity_mw", "float", "MW", "largest export"),
            Column("interconnector_mw", "float", "MW", "interconnector built, in service"),
        ),
    ),
    Table(
        "curtailment",
        "Renewable output available but not used, per zone, technology and period.",
        (ZONE, TECH, PERIOD, Column("curtailed_mwh", "float", "MWh/yr", "energy curtailed")),
    ),
    Table(
        "load_shed",
        "Demand left unserved per zone, carrier and period.",
        (
            ZONE,
            _k("carrier", "str", "-", "electricity or heat"),
            PERIOD,
            Column("mwh", "float", "MWh/yr", "energy not served"),
        ),
    ),
    Table(
        "check",
        "The hourly check (`zerozone check`, optional): per period and weather year, the plan "
        "re-dispatched over every hour of the full year with its capacities fixed, demand it "
        "cannot serve shed at the value of lost load and a cap it cannot meet exceeded.",
        (
            PERIOD,
            _k("weather_year", "int", "yr", "weather year of the hourly profiles"),
            Column("weather", "str", "-", "weather source: synthetic or the weather file"),
            Column("status", "str", "-", "the solver's termination (optimal when answered)"),
            Column("unserved_mwh", "float", "MWh/yr", "electricity demand not served"),
            Column("heat_unserved_mwh", "float", "MWh/yr", "heat demand not served"),
            Column("unserved_share", "float", "-", "unserved energy per demand (both carriers)"),
            Column("unserved_hours", "int", "h", "hours with any demand unserved in any zone"),
            Column("worst_zone", "str", "-", "zone of the largest shed hour; empty: none"),
            Column("worst_time", "str", "-", "its date and hour (YYYY-MM-DD HH:00, local)"),
            Column("worst_mw", "float", "MW", "demand shed in that zone and hour"),
            Column(
                "operating_cost_usd_per_year",
                "float",
                "USD/yr",
                "operating cost over the full year (fuel, O&M, trade, shed at the value of "
                "lost load)",
            ),
            Column(
                "plan_operating_cost_usd_per_year",
                "float",
                "USD/yr",
                "the same in the plan (costs: operation, imports, exports, unserved)",
            ),
            Column("curtailed_mwh", "float", "MWh/yr", "renewable output available, not used"),
            Column("emissions_t_per_year", "float", "t/yr", "emissions, transport fuel included"),
            Column("cap_t_per_year", "float", "t/yr", "the period's cap; NaN: none"),
            Column(
                "passed",
                "int",
                "-",
                "1 when unserved energy and emissions are within the tolerances, else 0",
            ),
            Column("seconds", "float", "s", "time to build, solve and summarise"),
        ),
        optional=True,
    ),
    Table(
        "check_shed",
        "The hours of the hourly check with demand shed (optional, with `check`).",
        (
            PERIOD,
            _k("weather_year", "int", "yr", "weather year"),
            ZONE,
            _k("hour_of_year", "int", "h", "hour of the year, local standard time (0-8759)"),
            Column("mw", "float", "MW", "electricity and heat demand shed"),
        ),
        optional=True,
    ),
    Table(
        "time",
        "The model days and the calendar days each stands for.",
        (DAY, Column("weight_days", "float", "d", "calendar days the model day stands for")),
    ),
    Table(
        "day_map",
        "The model day standing for each calendar day.",
        (
            _k("calendar_day", "int", "-", "day of the year from 0 (or of a weeks:N window)"),
            Column("day", "int", "-", "model day"),
        ),
    ),
    Table(
        "profiles_hourly",
        "The hourly profiles of the weather year the plan was made from (8,760 hours per zone "
        "and profile): capacity factors [MW/MW], temperature [°C], heat demand shape [1/h, sums "
        "to 1], heat pump COP [-], demand shapes [-, mean 1], pv:<technology> [MW/MW].",
        (
            ZONE,
            _k("profile", "str", "-", "profile name"),
            _k("hour_of_year", "int", "h", "hour of the year, local standard time (0-8759)"),
            Column("value", "float", "see profile", "value in the profile's unit"),
        ),
    ),
    Table(
        "profiles_model",
        "The profiles the model was solved with, per model day and hour (representative days "
        "from the hourly profiles; with `time` and `day_map`).",
        (
            ZONE,
            _k("profile", "str", "-", "profile name"),
            DAY,
            HOUR,
            Column("value", "float", "see profile", "value in the profile's unit"),
        ),
    ),
)
"""Every table of a run directory, in the order documented."""

BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}


def conform(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the declared columns in order and dtypes (for writing).

    Raises
    ------
    ValueError
        When a declared column is missing or an extra column is present.
    """
    missing = [c for c in table.names if c not in frame.columns]
    extra = [c for c in frame.columns if c not in table.names]
    if missing or extra:
        raise ValueError(
            f"table {table.name}: missing columns {missing}, undeclared columns {extra}"
        )
    casts = {"int": "int64", "float": "float64", "str": "str"}
    out = frame[table.names].reset_index(drop=True)
    return out.astype({c.name: casts[c.dtype] for c in table.columns})


def dtype_of(series: pd.Series) -> str:
    """The declared type a column read back has (``int``, ``float``, ``str``, or its dtype)."""
    if pd.api.types.is_bool_dtype(series):
        return str(series.dtype)
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series):
        return "str"
    return str(series.dtype)


def differences(table: Table, frame: pd.DataFrame) -> list[str]:
    """How ``frame`` differs from the declaration: missing, undeclared and mistyped columns."""
    problems = []
    declared = {c.name: c for c in table.columns}
    for name in table.names:
        if name not in frame.columns:
            problems.append(f"column {name} is missing")
    for name in frame.columns:
        if name not in declared:
            problems.append(f"column {name} is not declared")
        elif len(frame) and dtype_of(frame[name]) != declared[name].dtype:
            problems.append(
                f"column {name} is {dtype_of(frame[name])}, declared {declared[name].dtype}"
            )
    return problems


def markdown() -> str:
    """The run directory's tables as a Markdown page (``docs/run-directory.md``)."""
    lines = [
        "# The run directory",
        "",
        "<!-- Generated from zerozone.results.tables by `python -m zerozone.results.tables`; "
        "a test checks that this page matches. -->",
        "",
        "`zerozone plan` writes one directory per run: `run.json` (what was run and how it went, "
        f"`format_version` {FORMAT_VERSION}), `scenario.yaml` (the validated scenario), "
        "`highs.log` (the solver's log) and one Parquet file per table below. Every later stage "
        "(finance, report, MRV, the PyPSA export) reads these tables and nothing else. A run "
        "directory of another `format_version`, or with a table or column missing, is refused "
        "with a message saying to plan again (exit code 2).",
        "",
        "Key columns (with the others marked *key*) name a row. Model time: `day` is a model "
        "day, `hour` its hour in local standard time; `time` gives each model day's weight and "
        "`day_map` the model day of each calendar day. Annual figures are per represented year "
        "of each period.",
        "",
    ]
    for table in TABLES:
        lines += [f"## `{table.name}`", "", table.description, ""]
        if table.optional:
            lines += ["*Optional*: written by a later stage, absent until then.", ""]
        lines += ["| column | type | unit | key | description |", "|---|---|---|---|---|"]
        for c in table.columns:
            key = "key" if c.key else ""
            lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {key} | {c.description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - writes the documentation page
    print(markdown(), end="")
