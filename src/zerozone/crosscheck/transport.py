"""Links between zones and trade with markets as PyPSA components."""

from __future__ import annotations

from zerozone.crosscheck.context import Export
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


def add_markets(ex: Export) -> None:
    """Per market and period, an import generator (priced, with the period's emission factor
    as its carrier's) and an export generator (negative output, earning the export price)."""
    inputs, net = ex.inputs, ex.net
    for market in inputs.markets:
        zone = inputs.market_zone[market]
        for p in ex.periods:
            at = {"market": market, "period": p}
            carrier = f"import {market} {p}"
            net.add("Carrier", carrier, co2_emissions=float(inputs.import_emission_factor.sel(at)))
            net.add(
                "Generator",
                f"{market} import {p}",
                bus=zone,
                carrier=carrier,
                p_nom=float(inputs.import_capacity.sel(at)),
                marginal_cost=float(inputs.import_price.sel(at)),
                build_year=int(p),
                lifetime=ex.years[p],
            )
            net.add(
                "Generator",
                f"{market} export {p}",
                bus=zone,
                carrier="export",
                p_nom=float(inputs.export_capacity.sel(at)),
                p_min_pu=-1.0,
                p_max_pu=0.0,
                marginal_cost=float(inputs.export_price.sel(at)),
                build_year=int(p),
                lifetime=ex.years[p],
            )
