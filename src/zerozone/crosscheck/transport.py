"""Links between zones and trade with markets as PyPSA components."""

from __future__ import annotations

import numpy as np
import xarray as xr

from zerozone.crosscheck.context import Export, ts
from zerozone.data.economics import annuity_factor

LinkUnit = tuple[str, float, bool, int, float, float]
"""A link vintage: (suffix, p_nom [MW], extendable, build year, lifetime [yr], capital cost
[USD/MW/yr])."""


def _link_units(ex: Export, link_id: str) -> list[LinkUnit]:
    """Existing capacity per period (living that period), then one extendable unit per build
    period where the link may be expanded."""
    inputs = ex.inputs
    found: list[LinkUnit] = []
    for p in ex.periods:
        value = float(inputs.link_existing.sel(link=link_id, period=p))
        if value > 0:
            found.append((f"existing {p}", value, False, p, ex.years[p], 0.0))
    if bool(inputs.link_expandable.sel(link=link_id)):
        link = next(link for link in inputs.scenario.links if link.id == link_id)
        rate = inputs.scenario.policy.discount_rate
        cost = float(inputs.link_overnight_capex.sel(link=link_id)) * annuity_factor(
            rate, link.lifetime_years
        )
        for b in ex.periods:
            found.append((f"{b}", 0.0, True, b, float(link.lifetime_years), cost))
    return found


def add_links(ex: Export) -> None:
    """Each zone-to-zone link as a forward and a backward link of the same capacity (the
    capital cost on the forward one)."""
    inputs = ex.inputs
    for link_id in inputs.links:
        ends = (inputs.link_from[link_id], inputs.link_to[link_id])
        efficiency = float(inputs.link_efficiency.sel(link=link_id))
        for suffix, p_nom, extendable, built, life, cost in _link_units(ex, link_id):
            names = []
            for direction, (start, end) in (("forward", ends), ("backward", ends[::-1])):
                names.append(
                    ex.net.add(
                        "Link",
                        f"{link_id} {suffix} {direction}",
                        bus0=start,
                        bus1=end,
                        carrier="link",
                        efficiency=efficiency,
                        p_nom=p_nom,
                        p_nom_extendable=extendable,
                        build_year=int(built),
                        lifetime=life,
                        capital_cost=cost if direction == "forward" else 0.0,
                    )
                )
            if extendable:
                ex.net.meta["equal_p_nom"].append(["Link", names[0], "Link", names[1], 1.0])


def _prices(ex: Export, prices: xr.DataArray, market: str) -> np.ndarray | float:
    """A market's hourly prices ``[market, period, hour]`` as one value per snapshot (or one
    value when flat) [USD/MWh]."""
    hourly = prices.sel(market=market).broadcast_like(ex.inputs.day_weight)
    return ts(ex.snapshots.per_period(hourly))


def _trade_pair(
    ex: Export, market: str, p: int, suffix: str, extendable: bool, cost: float
) -> tuple[str, str]:
    """The import and the export generator of ``market`` serving period ``p``: at the
    contracted capacities, or extendable with ``cost`` [USD/MW/yr] on the import."""
    inputs, net = ex.inputs, ex.net
    at = {"market": market, "period": p}
    names = []
    for side, carrier, prices in (
        ("import", f"import {market} {p}", inputs.import_price),
        ("export", "export", inputs.export_price),
    ):
        limit = 0.0 if extendable else float(getattr(inputs, f"{side}_capacity").sel(at))
        export = side == "export"
        names.append(
            net.add(
                "Generator",
                f"{market} {side} {suffix}",
                bus=inputs.market_zone[market],
                carrier=carrier,
                p_nom=limit,
                p_nom_extendable=extendable,
                p_min_pu=-1.0 if export else 0.0,
                p_max_pu=0.0 if export else 1.0,
                marginal_cost=_prices(ex, prices, market),
                capital_cost=0.0 if export else cost,
                build_year=int(p),
                lifetime=ex.years[p],
            )
        )
    return names[0], names[1]


def add_markets(ex: Export) -> None:
    """Per market and period, an import generator (priced hour by hour, with the period's
    emission factor as its carrier's) and an export generator (negative output, earning the
    hourly export price) at the contracted capacities.

    An interconnector built in period ``b`` is, in each period ``p`` it serves, one more
    extendable import and export pair living that period only (so that its carrier has the
    period's emission factor), all of one capacity (``equal_p_nom``); its annuity and fixed O&M
    on each period's import generator add up to the formulation's cost over the horizon, and
    its largest expansion is a ``build_rate`` entry (at most ``limit`` MW in all its terms)."""
    inputs, net = ex.inputs, ex.net
    for market in inputs.markets:
        for p in ex.periods:
            at = {"market": market, "period": p}
            net.add(
                "Carrier",
                f"import {market} {p}",
                co2_emissions=float(inputs.import_emission_factor.sel(at)),
            )
            _trade_pair(ex, market, p, str(p), False, 0.0)
        _add_interconnector(ex, market)


def _add_interconnector(ex: Export, market: str) -> None:
    """The extendable pairs of ``market``'s interconnector vintages (see :func:`add_markets`)."""
    inputs, meta = ex.inputs, ex.net.meta
    cost = float(inputs.market_fixed_cost_per_year.sel(market=market))
    in_service: dict[int, list[list[str]]] = {p: [] for p in ex.periods}
    for b in ex.periods:
        if not bool(inputs.market_buildable.sel(market=market, period=b)):
            continue
        first: str | None = None
        for p in ex.periods:
            if not bool(inputs.market_active.sel(market=market, build_period=b, period=p)):
                continue
            pair = _trade_pair(ex, market, p, f"new {b} {p}", True, cost)
            first = first or pair[0]
            for name in pair:
                if name != first:
                    meta["equal_p_nom"].append(["Generator", first, "Generator", name, 1.0])
            in_service[p].append(["Generator", pair[0]])
    most = float(inputs.market_max_expansion.sel(market=market))
    for p, terms in in_service.items():
        if terms and np.isfinite(most):
            meta["build_rate"].append(
                {"tech": f"interconnector {market}", "period": p, "terms": terms, "limit": most}
            )
