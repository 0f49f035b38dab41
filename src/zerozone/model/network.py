"""Transport between zones (links, with their own vintages) and trade with outside markets."""

from __future__ import annotations

import linopy
import pandas as pd
import xarray as xr

from zerozone.model.builder import ModelBuilder, incidence


def add_vintages(
    b: ModelBuilder,
    name: str,
    buildable: xr.DataArray,
    investment_cost: xr.DataArray,
    active: xr.DataArray,
) -> linopy.LinearExpression:
    """Transfer capacity built in vintages (a link, an interconnector) and what it adds.

    Adds ``<name>[item, period]`` [MW] built at the start of each period where ``buildable``
    (``[item, period]``), whose investment over the horizon (``investment_cost``
    ``[item, build_period]`` [USD/MW]) enters the cost.

    Returns
    -------
    linopy.LinearExpression
        ``[item, period]`` capacity of the vintages in service (``active``
        ``[item, build_period, period]``) [MW].
    """
    item = buildable.dims[0]
    built = b.m.add_variables(
        lower=0,
        coords=[buildable.indexes[item], b.periods],
        name=name,
        mask=buildable.transpose(item, "period"),
    )
    vintages = built.rename(period="build_period")
    b.cost = b.cost + (vintages * investment_cost).sum()
    return (vintages * active).sum("build_period")


def _link_capacity(b: ModelBuilder) -> linopy.LinearExpression | xr.DataArray:
    """Capacity of each link in service [MW]: existing plus the active vintages of
    ``build_link`` where a link is expandable, whose investment enters the cost."""
    inputs = b.inputs
    if not bool(inputs.link_expandable.any()):
        return inputs.link_existing
    expandable = inputs.link_expandable.broadcast_like(inputs.link_existing)
    added = add_vintages(
        b, "build_link", expandable, inputs.link_investment_cost, inputs.link_active
    )
    return added + inputs.link_existing


def add_links(b: ModelBuilder) -> None:
    """``flow_forward`` and ``flow_backward`` [MW] of each link within its capacity; what
    arrives (after losses) and what leaves enter the zones' balances."""
    inputs = b.inputs
    if not inputs.links:
        return
    link_cap = _link_capacity(b)
    flow_coords = [pd.Index(inputs.links, name="link"), *b.time_coords]
    forward = b.m.add_variables(lower=0, coords=flow_coords, name="flow_forward")
    backward = b.m.add_variables(lower=0, coords=flow_coords, name="flow_backward")
    b.m.add_constraints(forward - link_cap <= 0, name="flow_forward_limit")
    b.m.add_constraints(backward - link_cap <= 0, name="flow_backward_limit")
    start = incidence(inputs.links, inputs.link_from, inputs.zones, "link")
    end = incidence(inputs.links, inputs.link_to, inputs.zones, "link")
    eff = inputs.link_efficiency
    b.net_import = b.net_import + (
        (forward * (end * eff - start)).sum("link") + (backward * (start * eff - end)).sum("link")
    )


def _interconnectors(b: ModelBuilder) -> linopy.LinearExpression | int:
    """Transfer capacity to markets built by the planner (``build_interconnector``), within
    each market's largest expansion (``interconnector_limit``) [MW]; 0 when none may be built."""
    inputs = b.inputs
    if not bool(inputs.market_buildable.any()):
        return 0
    added = add_vintages(
        b,
        "build_interconnector",
        inputs.market_buildable,
        inputs.market_investment_cost,
        inputs.market_active,
    )
    expandable = inputs.market_buildable.any("period").broadcast_like(inputs.import_capacity)
    b.m.add_constraints(
        added <= inputs.market_max_expansion, name="interconnector_limit", mask=expandable
    )
    return added


def add_markets(b: ModelBuilder) -> linopy.Variable | None:
    """``imports`` and ``exports`` [MW] with each market within its capacities (plus any
    interconnector built), at its hourly prices, into the balance of its zone.

    Returns
    -------
    linopy.Variable or None
        ``imports`` (their emissions count in the cap); ``None`` without markets.
    """
    inputs = b.inputs
    if not inputs.markets:
        return None
    market_coords = [pd.Index(inputs.markets, name="market"), *b.time_coords]
    imports = b.m.add_variables(lower=0, coords=market_coords, name="imports")
    exports = b.m.add_variables(lower=0, coords=market_coords, name="exports")
    added = _interconnectors(b)
    b.m.add_constraints(imports - added <= inputs.import_capacity, name="import_limit")
    b.m.add_constraints(exports - added <= inputs.export_capacity, name="export_limit")
    at = incidence(inputs.markets, inputs.market_zone, inputs.zones, "market")
    b.net_import = b.net_import + (imports * at).sum("market") - (exports * at).sum("market")
    b.operating_cost = b.operating_cost + b.weighted(imports * inputs.import_price).sum("market")
    b.operating_cost = b.operating_cost - b.weighted(exports * inputs.export_price).sum("market")
    return imports
