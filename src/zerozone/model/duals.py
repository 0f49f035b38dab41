"""Shadow prices of the plan's limits: what each limit costs and whether the plan sits at it.

After a solve (HiGHS with crossover, so the duals are those of a vertex solution), every limit
of the formulation gets one row per period: the emission cap (and budget) as a CO2 price,
potentials, build rates, link and market limits, and the renewable share. linopy's dual of a
row is the objective's derivative with respect to the row's right-hand side, in present value
(the objective weights each period's annual cost by its discounted years); here each is turned
into the objective's saving per unit the limit is relaxed, in the period's own money:

* emission cap [USD/t]: ``-dual / weight`` (the cap is written per year, as is the annual cost
  that the weight multiplies); emission budget [USD/t]: ``-dual * years / weight`` (a tonne more
  per year of a period uses ``years`` tonnes of the budget);
* potentials [USD/MW/yr], link limits and market limits [USD/MW/yr]: ``-dual / weight``, the
  hourly rows of a link (both directions) or market summed: the value per year of one more MW
  (a market's limit counts the interconnector capacity built); the largest expansion of an
  interconnector (``interconnector``) [USD/MW/yr] likewise;
* build rates [USD/MW]: ``-dual / discount``, the value of one more MW built in the period, at
  the period's start (``discount``: the discount factor of the period's first year);
* renewable share [USD/MWh]: ``dual / weight``, the premium per MWh of renewable generation the
  share asks for.

``pv_usd_per_unit`` keeps the comparison across periods: the objective's saving (present value)
per unit relaxed, by which limits of the same unit rank. Reading the table (the CO2 price per
period, the limits that bind, what to relax first) is :mod:`zerozone.results.binding`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from zerozone.model.formulation import PlanningModel
from zerozone.model.market_results import interconnector_in_service

BINDING_TOLERANCE = 1e-4
"""A limit binds when the solution is within this share of it (at least this absolute) [-]."""

_COLUMNS = [
    "constraint",
    "period",
    "zone",
    "item",
    "limit",
    "unit",
    "level",
    "shadow_price",
    "shadow_unit",
    "pv_usd_per_unit",
    "binding",
]


def _at(level: float, limit: float) -> bool:
    return bool(abs(level - limit) <= BINDING_TOLERANCE * max(1.0, abs(limit)))


def _row(
    constraint: str,
    period: int,
    zone: str,
    item: str,
    limit: float,
    unit: str,
    level: float,
    price: float,
    shadow_unit: str,
    pv: float,
    binding: bool,
) -> dict[str, Any]:
    return dict(
        zip(
            _COLUMNS,
            [
                constraint,
                int(period),
                zone,
                item,
                float(limit),
                unit,
                float(level),
                float(price) + 0.0,  # no negative zero
                shadow_unit,
                float(pv) + 0.0,
                int(binding),
            ],
            strict=True,
        )
    )


def _discount(planning: PlanningModel) -> dict[int, float]:
    """Discount factor of each period's first year, from the first period's start [-]."""
    inputs = planning.inputs
    rate = inputs.scenario.policy.discount_rate
    first = inputs.periods[0]
    return {p: (1.0 + rate) ** -(p - first) for p in inputs.periods}


def _weight(planning: PlanningModel, period: int) -> float:
    return float(planning.inputs.objective_weight.sel(period=period))


def _has(planning: PlanningModel, name: str) -> bool:
    return name in planning.model.constraints


def _level(planning: PlanningModel, name: str) -> xr.DataArray:
    """The left-hand side's value of constraint ``name`` with its constants moved right."""
    return planning.model.constraints[name].lhs.solution


def _emission_rows(planning: PlanningModel) -> list[dict[str, Any]]:
    inputs = planning.inputs
    rows: list[dict[str, Any]] = []
    if _has(planning, "emission_cap"):
        con = planning.model.constraints["emission_cap"]
        level = _level(planning, "emission_cap")
        for period in inputs.periods:
            dual = float(con.dual.sel(period=period))
            if np.isnan(dual):
                continue  # no cap in this period
            fixed = float(inputs.fixed_emissions.sel(period=period))
            rhs = float(con.rhs.sel(period=period))
            emitted = float(level.sel(period=period))
            rows.append(
                _row(
                    "emission_cap",
                    period,
                    "",
                    "",
                    rhs + fixed,
                    "t/yr",
                    emitted + fixed,
                    -dual / _weight(planning, period),
                    "USD/t",
                    -dual,
                    _at(emitted, rhs),
                )
            )
    if _has(planning, "emission_budget") and inputs.emission_budget is not None:
        con = planning.model.constraints["emission_budget"]
        dual = float(con.dual)
        total = float(_level(planning, "emission_budget"))
        fixed_total = float((inputs.fixed_emissions * inputs.period_years).sum())
        for period in inputs.periods:
            years = float(inputs.period_years.sel(period=period))
            rows.append(
                _row(
                    "emission_budget",
                    period,
                    "",
                    "",
                    inputs.emission_budget,
                    "t",
                    total + fixed_total,
                    -dual * years / _weight(planning, period),
                    "USD/t",
                    -dual,
                    _at(total, float(con.rhs)),
                )
            )
    return rows


def _capacity_rows(planning: PlanningModel) -> list[dict[str, Any]]:
    """Potentials [zone, tech, period] and build rates [tech, period]."""
    rows: list[dict[str, Any]] = []
    if _has(planning, "potential"):
        frame = _frame(planning, "potential", ["zone", "tech", "period"])
        for r in frame.itertuples():
            rows.append(
                _row(
                    "potential",
                    r.period,
                    str(r.zone),
                    str(r.tech),
                    r.rhs,
                    "MW",
                    r.level,
                    -r.dual / _weight(planning, r.period),
                    "USD/MW/yr",
                    -r.dual,
                    _at(r.level, r.rhs),
                )
            )
    if _has(planning, "build_rate"):
        discount = _discount(planning)
        frame = _frame(planning, "build_rate", ["tech", "period"])
        for r in frame.itertuples():
            rows.append(
                _row(
                    "build_rate",
                    r.period,
                    "",
                    str(r.tech),
                    r.rhs,
                    "MW",
                    r.level,
                    -r.dual / discount[int(r.period)],
                    "USD/MW",
                    -r.dual,
                    _at(r.level, r.rhs),
                )
            )
    return rows


def _frame(planning: PlanningModel, name: str, dims: list[str]) -> pd.DataFrame:
    """Dual, right-hand side and level of a constraint per ``dims`` (masked rows dropped)."""
    con = planning.model.constraints[name]
    data = xr.Dataset(
        {"dual": con.dual, "rhs": con.rhs, "level": _level(planning, name)}
    ).transpose(*dims)
    frame = data.to_dataframe().reset_index()
    return frame.dropna(subset=["dual"])


def _hourly_rows(
    planning: PlanningModel,
    constraint: str,
    names: dict[str, str],
    dim: str,
    limit: xr.DataArray,
) -> list[dict[str, Any]]:
    """Hourly limits summed per ``dim`` item and period: the value of one more MW per year.

    ``names`` maps each constraint to the flow variable it limits; the level is the highest
    hourly flow [MW].
    """
    rows: list[dict[str, Any]] = []
    model = planning.model
    dual = sum(model.constraints[n].dual.fillna(0.0) for n in names)
    assert isinstance(dual, xr.DataArray)
    pv = -dual.sum(["day", "hour"])
    peak = xr.concat(
        [model.variables[v].solution.fillna(0.0).max(["day", "hour"]) for v in names.values()],
        "side",
    ).max("side")
    for item in limit.coords[dim].values:
        for period in planning.inputs.periods:
            cap = float(limit.sel({dim: item, "period": period}))
            level = float(peak.sel({dim: item, "period": period}))
            value = float(pv.sel({dim: item, "period": period}))
            rows.append(
                _row(
                    constraint,
                    period,
                    "",
                    str(item),
                    cap,
                    "MW",
                    level,
                    value / _weight(planning, period),
                    "USD/MW/yr",
                    value,
                    cap > 0 and _at(level, cap),
                )
            )
    return rows


def _link_capacity(planning: PlanningModel) -> xr.DataArray:
    """Transfer capacity of each link per period: existing plus active builds [MW]."""
    inputs = planning.inputs
    capacity = inputs.link_existing.astype(float)
    if "build_link" in planning.model.variables:
        built = planning.model.variables["build_link"].solution.fillna(0.0)
        capacity = capacity + (built.rename(period="build_period") * inputs.link_active).sum(
            "build_period"
        )
    return capacity


def _trade_rows(planning: PlanningModel) -> list[dict[str, Any]]:
    inputs = planning.inputs
    rows: list[dict[str, Any]] = []
    if _has(planning, "flow_forward_limit"):
        rows += _hourly_rows(
            planning,
            "link",
            {"flow_forward_limit": "flow_forward", "flow_backward_limit": "flow_backward"},
            "link",
            _link_capacity(planning),
        )
    if _has(planning, "import_limit"):
        added = interconnector_in_service(planning)
        rows += _hourly_rows(
            planning,
            "import_limit",
            {"import_limit": "imports"},
            "market",
            inputs.import_capacity + added,
        )
        rows += _hourly_rows(
            planning,
            "export_limit",
            {"export_limit": "exports"},
            "market",
            inputs.export_capacity + added,
        )
    if _has(planning, "interconnector_limit"):
        frame = _frame(planning, "interconnector_limit", ["market", "period"])
        for r in frame.itertuples():
            rows.append(
                _row(
                    "interconnector",
                    r.period,
                    "",
                    str(r.market),
                    r.rhs,
                    "MW",
                    r.level,
                    -r.dual / _weight(planning, r.period),
                    "USD/MW/yr",
                    -r.dual,
                    _at(r.level, r.rhs),
                )
            )
    return rows


def _share_rows(planning: PlanningModel) -> list[dict[str, Any]]:
    inputs = planning.inputs
    if not _has(planning, "renewable_share") or inputs.min_renewable_share is None:
        return []
    con = planning.model.constraints["renewable_share"]
    level = _level(planning, "renewable_share")
    rows = []

    def annual(name: str, period: int) -> float:
        values = planning.model.variables[name].solution.sel(period=period)
        return float((values * inputs.day_weight).sum())

    for period in inputs.periods:
        share = float(inputs.min_renewable_share.sel(period=period))
        generation = annual("generation_day", period)
        renewable = annual("renewable_day", period)
        dual = float(con.dual.sel(period=period))
        rows.append(
            _row(
                "renewable_share",
                period,
                "",
                "",
                share,
                "-",
                renewable / generation if generation > 0 else 0.0,
                dual / _weight(planning, period),
                "USD/MWh",
                dual,
                _at(float(level.sel(period=period)), 0.0) and share > 0,
            )
        )
    return rows


def _reserve_rows(planning: PlanningModel) -> list[dict[str, Any]]:
    """Reserve margin and N-1 per group of zones (and lost link) and period: ``level`` the firm
    capacity above the requirement in the peak hour [MW] (limit 0); the shadow price the hourly
    rows' duals summed, per year of the period [USD/MW/yr of firm capacity]."""
    rows = []
    for name in ("reserve_margin", "n_minus_1"):
        if not _has(planning, name):
            continue
        con = planning.model.constraints[name]
        dual = con.dual.fillna(0.0).sum(["day", "hour"])
        surplus = (con.lhs.solution - con.rhs).min(["day", "hour"])
        keys = [d for d in dual.dims if d in ("group", "link")]
        for labels, value in dual.to_series().items():
            at = dict(zip(dual.dims, labels, strict=True))
            mask = con.mask
            if mask is not None and not bool(mask.sel(at).any()):
                continue  # a link that does not cross into the group
            period, level = int(at["period"]), float(surplus.sel(at))
            price = float(value) / _weight(planning, period)
            item = str(at["link"]) if "link" in keys else ""
            row = _row(
                name,
                period,
                str(at["group"]),
                item,
                0.0,
                "MW",
                level,
                price,
                "USD/MW/yr",
                float(value),
                _at(level, 0.0),
            )
            rows.append(row)
    return rows


def energy_value(planning: PlanningModel, balance: str = "balance") -> xr.DataArray:
    """``[zone, period, day, hour]`` what one MWh more in that hour is worth, in the period's
    money [USD/MWh]: the dual of the ``balance`` constraint (``balance`` for electricity,
    ``heat_balance`` for heat) divided by the period's and the day's objective weights."""
    inputs = planning.inputs
    dual = planning.model.constraints[balance].dual
    return dual / (inputs.objective_weight * inputs.day_weight)


def shadow_prices(planning: PlanningModel) -> pd.DataFrame:
    """Every limit of a solved model with its value, level, shadow price and whether it binds.

    Parameters
    ----------
    planning : PlanningModel
        A solved model (duals present).

    Returns
    -------
    pandas.DataFrame
        The ``shadow_prices`` table (:data:`zerozone.results.tables.TABLES`): one row per
        limit and period; ``shadow_price`` the objective's saving per unit relaxed in the
        period's money [USD/t, USD/MW/yr, USD/MW or USD/MWh, see ``shadow_unit``];
        ``pv_usd_per_unit`` the same in present value [USD per unit]; ``binding`` 1 when the
        solution sits at the limit. Empty when the solver returned no duals.
    """
    try:
        rows = (
            _emission_rows(planning)
            + _capacity_rows(planning)
            + _trade_rows(planning)
            + _share_rows(planning)
            + _reserve_rows(planning)
        )
    except AttributeError:  # the solver returned no duals: nothing to price, nothing claimed
        rows = []
    return pd.DataFrame(rows, columns=_COLUMNS)


__all__ = ["BINDING_TOLERANCE", "shadow_prices"]
