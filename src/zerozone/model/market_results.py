"""Results of trade with markets: hourly prices, transfer capacity, interconnectors built, and
what imports cost and exports earn.

Read by :mod:`zerozone.model.extract`, which assembles every table of a run.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

from zerozone.data.economics import annuity_factor
from zerozone.data.schema import Scenario
from zerozone.model.formulation import PlanningModel
from zerozone.model.inputs import ModelInputs

INTERCONNECTOR = "interconnector"
"""Asset type and kind of interconnectors in ``builds``; their costs' item is
``interconnector:<market>``."""
BUILD_TOLERANCE = 1e-6
"""Interconnectors built below this are solver noise and left out [MW]."""


def _solution(planning: PlanningModel, name: str) -> xr.DataArray | None:
    variables = planning.model.variables
    if name not in variables:
        return None
    return variables[name].solution.fillna(0.0)


def interconnector_in_service(planning: PlanningModel) -> xr.DataArray:
    """Transfer capacity built to each market and in service per period [MW],
    ``[market, period]`` (zeros where none is built)."""
    inputs = planning.inputs
    built = _solution(planning, "build_interconnector")
    if built is None:
        return xr.zeros_like(inputs.import_capacity)
    in_service = (built.rename(period="build_period") * inputs.market_active).sum("build_period")
    return in_service.transpose("market", "period")


def market_prices(inputs: ModelInputs) -> pd.DataFrame:
    """The ``market_prices`` table: import and export price per market, period and local hour
    [USD/MWh]."""
    frame = xr.Dataset(
        {"import_usd_per_mwh": inputs.import_price, "export_usd_per_mwh": inputs.export_price}
    ).to_dataframe()
    return frame.reset_index()[
        ["market", "period", "hour", "import_usd_per_mwh", "export_usd_per_mwh"]
    ]


def market_capacity(planning: PlanningModel) -> pd.DataFrame:
    """The ``market_capacity`` table: import and export limits per market and period with the
    interconnector capacity built (included in both) [MW]."""
    inputs = planning.inputs
    added = interconnector_in_service(planning)
    frame = xr.Dataset(
        {
            "import_capacity_mw": inputs.import_capacity + added,
            "export_capacity_mw": inputs.export_capacity + added,
            "interconnector_mw": added,
        }
    ).to_dataframe()
    return frame.reset_index()[
        ["market", "period", "import_capacity_mw", "export_capacity_mw", "interconnector_mw"]
    ]


def trade_costs(planning: PlanningModel) -> list[tuple[int, str, str, float]]:
    """Rows of the ``costs`` table for trade: ``imports`` paid and ``exports`` earned (negative)
    per market, at the hourly prices, and the ``capital`` of interconnectors (annuity and fixed
    O&M of the vintages in service, item ``interconnector:<market>``) [USD/yr]."""
    inputs = planning.inputs
    rows: list[tuple[int, str, str, float]] = []
    imports = _solution(planning, "imports")
    exports = _solution(planning, "exports")
    if imports is None or exports is None:
        return rows
    weights = inputs.day_weight
    paid = (imports * inputs.import_price * weights).sum(["day", "hour"])
    earned = (exports * inputs.export_price * weights).sum(["day", "hour"])
    capital = interconnector_in_service(planning) * inputs.market_fixed_cost_per_year
    for market in inputs.markets:
        for period in inputs.periods:
            at = {"market": market, "period": period}
            rows.append((period, "imports", market, float(paid.sel(at))))
            rows.append((period, "exports", market, -float(earned.sel(at))))
            rows.append((period, "capital", f"{INTERCONNECTOR}:{market}", float(capital.sel(at))))
    return rows


def interconnector_builds(planning: PlanningModel) -> list[dict[str, object]]:
    """Rows of the ``builds`` table for the interconnectors the plan builds (``asset`` and
    ``kind``: ``interconnector``; ``tech``: the market; ``zone``: where it lands)."""
    inputs = planning.inputs
    built = _solution(planning, "build_interconnector")
    if built is None:
        return []
    rows = []
    for market_id in inputs.markets:
        for period in inputs.periods:
            mw = float(built.sel(market=market_id, period=period))
            if mw > BUILD_TOLERANCE:
                rows.append(_asset(inputs.scenario, market_id, period, mw))
    return rows


def _asset(scenario: Scenario, market_id: str, period: int, mw: float) -> dict[str, object]:
    market = next(m for m in scenario.markets if m.id == market_id)
    line = market.interconnector
    assert line is not None  # only expandable markets have the variable
    capex = line.overnight_usd_per_mw
    return {
        "status": "planned",
        "asset": INTERCONNECTOR,
        "tech": market.id,
        "zone": market.zone,
        "build_year": int(period),
        "name": "",
        "kind": INTERCONNECTOR,
        "to_zone": "",
        "retire_year": int(period) + line.lifetime_years,
        "lifetime_years": line.lifetime_years,
        "capacity_mw": mw,
        "energy_mwh": 0.0,
        "capex_usd_per_mw": capex,
        "energy_capex_usd_per_mwh": 0.0,
        "overnight_usd": mw * capex,
        "annuity_usd_per_year": mw
        * capex
        * annuity_factor(scenario.policy.discount_rate, line.lifetime_years),
        "fixed_om_usd_per_year": mw * capex * line.fixed_om_share,
    }
