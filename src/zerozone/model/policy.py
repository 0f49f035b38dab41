"""Emissions and the policy targets on them: the cap per period, the budget over the horizon and
the minimum renewable share; and firm capacity: the reserve margin and the N-1 rule of
``policy.reserve`` (:class:`zerozone.data.schema.ReserveMargin`).

Emissions are per represented year of each period; transport fuel that no investment removes
(``inputs.fixed_emissions``) counts against the same cap and budget.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data.kinds import RENEWABLE_KINDS, TechnologyKind, spec
from zerozone.model.builder import SLACK_PENALTY, ModelBuilder, incidence
from zerozone.model.inputs import ModelInputs


def add_emissions(
    b: ModelBuilder,
    dispatch: linopy.Variable,
    heat: linopy.Variable | None,
    imports: linopy.Variable | None,
) -> linopy.LinearExpression:
    """``emissions_day`` [t] of generators, heat technologies and imports.

    Returns
    -------
    linopy.LinearExpression
        ``[period]`` emissions per represented year, without the fixed transport-fuel emissions
        [t/yr].
    """
    inputs = b.inputs
    generators = list(dispatch.coords["tech"].values)
    hourly = (dispatch * inputs.emission_intensity.sel(tech=generators)).sum(["zone", "tech"])
    if heat is not None:
        heaters = list(heat.coords["tech"].values)
        hourly = hourly + (heat * inputs.emission_intensity.sel(tech=heaters)).sum(["zone", "tech"])
    if imports is not None:
        hourly = hourly + (imports * inputs.import_emission_factor).sum("market")
    return b.annual_via_days("emissions", hourly)


def _cap(b: ModelBuilder) -> xr.DataArray | None:
    """``[period]`` the cap on ``emissions`` [t/yr] (inf where uncapped), the fixed emissions
    taken off; ``None`` without a cap."""
    inputs = b.inputs
    if inputs.emission_cap is not None:
        return inputs.emission_cap - inputs.fixed_emissions
    if not inputs.zero_emission_periods:
        return None
    cap = xr.full_like(inputs.fixed_emissions, np.inf)
    for period in inputs.zero_emission_periods:
        cap.loc[period] = 0.0
    return cap - inputs.fixed_emissions


def add_emission_cap(b: ModelBuilder, emissions: linopy.LinearExpression) -> None:
    """``emission_cap``: emissions per represented year at most the period's cap (zero from
    the target year on)."""
    cap = _cap(b)
    if cap is None:
        return
    capped = cap < np.inf
    lhs: linopy.LinearExpression = emissions
    if b.elastic:
        lhs = lhs - b.slack("emission_cap", [b.periods], per_year=True)
    b.m.add_constraints(lhs <= cap.where(capped, 0.0), name="emission_cap", mask=capped)


def add_emission_budget(b: ModelBuilder, emissions: linopy.LinearExpression) -> None:
    """``emission_budget``: emissions over the horizon (each period's times its years) at most
    the budget [t]."""
    inputs = b.inputs
    if inputs.emission_budget is None:
        return
    total = (emissions * inputs.period_years).sum()
    fixed_total = float((inputs.fixed_emissions * inputs.period_years).sum())
    if b.elastic:  # the budget gives like a cap: one slack over the horizon [t]
        budget_slack = b.m.add_variables(lower=0, name="slack_emission_budget")
        total = total - budget_slack
        per_tonne = float(inputs.objective_weight.sum() / inputs.period_years.sum())
        b.cost = b.cost + SLACK_PENALTY["emission_cap"] * per_tonne * budget_slack
    b.m.add_constraints(total <= inputs.emission_budget - fixed_total, name="emission_budget")


def add_renewable_share(b: ModelBuilder, dispatch: linopy.Variable) -> None:
    """``renewable_share``: renewable generation at least the period's share of all generation
    (``renewable_day`` and ``generation_day`` subtotals) [MWh/yr]."""
    inputs = b.inputs
    if inputs.min_renewable_share is None:
        return
    renewable = b.annual_via_days(
        "renewable", dispatch.sel(tech=inputs.techs_of(RENEWABLE_KINDS)).sum(["zone", "tech"])
    )
    total_generation = b.annual_via_days("generation", dispatch.sum(["zone", "tech"]))
    lhs = renewable - inputs.min_renewable_share * total_generation
    if b.elastic:
        lhs = lhs + b.slack("renewable_share", [b.periods], per_year=True)
    b.m.add_constraints(lhs >= 0, name="renewable_share")


def capacity_credits(inputs: ModelInputs) -> xr.DataArray:
    """``[tech]`` share of each technology's power counted as firm [-]: its own
    ``capacity_credit``, else its kind's (:data:`zerozone.data.kinds.KINDS`)."""
    credits = [
        spec(t.kind).capacity_credit if t.capacity_credit is None else t.capacity_credit
        for t in inputs.scenario.technologies
    ]
    return xr.DataArray(np.asarray(credits, dtype=float), coords=[_index(inputs.techs, "tech")])


def _index(labels: list[str], name: str) -> pd.Index:
    """``labels`` as a named index."""
    return pd.Index(labels, name=name)


def reserve_groups(inputs: ModelInputs) -> dict[str, list[str]]:
    """The zone groups of the reserve rule by name (a zone's id, or the ids joined by ``+``);
    empty without a rule."""
    reserve = inputs.scenario.policy.reserve
    if reserve is None:
        return {}
    groups = reserve.groups if reserve.groups is not None else [[z] for z in inputs.zones]
    return {"+".join(group): list(group) for group in groups}


def _membership(inputs: ModelInputs, groups: dict[str, list[str]]) -> xr.DataArray:
    """``[group, zone]`` 1 where a zone belongs to a group [-]."""
    matrix = [
        [1.0 if zone in members else 0.0 for zone in inputs.zones] for members in groups.values()
    ]
    return xr.DataArray(
        np.asarray(matrix), coords=[_index(list(groups), "group"), _index(inputs.zones, "zone")]
    )


def _crossing(inputs: ModelInputs, groups: dict[str, list[str]]) -> xr.DataArray:
    """``[group, link]`` 1 where a link has exactly one end in the group [-]."""
    matrix = [
        [
            1.0 if (inputs.link_from[link] in members) != (inputs.link_to[link] in members) else 0.0
            for link in inputs.links
        ]
        for members in groups.values()
    ]
    return xr.DataArray(
        np.asarray(matrix).reshape(len(groups), len(inputs.links)),
        coords=[_index(list(groups), "group"), _index(inputs.links, "link")],
    )


def link_capacity(b: ModelBuilder) -> linopy.LinearExpression | xr.DataArray:
    """``[link, period]`` link capacity in service: existing plus active ``build_link`` [MW]."""
    inputs = b.inputs
    if "build_link" not in b.m.variables:
        return inputs.link_existing
    built = b.m.variables["build_link"].rename(period="build_period")
    return (built * inputs.link_active).sum("build_period") + inputs.link_existing


def electric_load(b: ModelBuilder, heat: linopy.Variable | None) -> linopy.LinearExpression:
    """``[zone, period, day, hour]`` electricity load: demand (EV charging included) and the
    electricity of heat pumps (heat / COP) and resistive heaters (heat / efficiency) [MW]."""
    inputs = b.inputs
    # 0 x shed: an expression of the balance's shape holding the demand as its constant
    load: linopy.LinearExpression = 0 * b.m.variables["shed"] + inputs.electricity_demand
    if heat is None:
        return load
    for tech in list(heat.coords["tech"].values):
        kind = inputs.kind[str(tech)]
        if kind is TechnologyKind.HEAT_PUMP:
            load = load + heat.sel(tech=tech) / inputs.cop
        elif kind is TechnologyKind.RESISTIVE_HEATER:
            load = load + heat.sel(tech=tech) / float(inputs.efficiency.sel(tech=tech))
    return load


def add_reserve_margin(
    b: ModelBuilder, capacity: linopy.Variable, heat: linopy.Variable | None
) -> None:
    """``reserve_margin`` (and ``n_minus_1``): in every model hour, each group's firm capacity
    at least its electricity load times ``1 + margin`` (with the largest link into it lost, at
    least the load); nothing without ``policy.reserve``.

    Firm capacity: power in service times its capacity credit, links crossing into the group
    times ``link_credit``, its markets' import capacity times ``market_credit`` [MW]. The
    binding hour is the group's peak load of the period.
    """
    inputs = b.inputs
    reserve = inputs.scenario.policy.reserve
    groups = reserve_groups(inputs)
    if reserve is None or not groups:
        return
    member = _membership(inputs, groups)
    firm = (capacity * capacity_credits(inputs) * member).sum(["zone", "tech"])
    if inputs.markets:
        at = incidence(inputs.markets, inputs.market_zone, inputs.zones, "market")
        imports = (inputs.import_capacity * (at * member).sum("zone")).sum("market")
        firm = firm + reserve.market_credit * imports
    load = (electric_load(b, heat) * member).sum("zone")
    links: linopy.LinearExpression | xr.DataArray | None = None
    crossing = _crossing(inputs, groups) if inputs.links else None
    if crossing is not None:
        links = reserve.link_credit * link_capacity(b) * crossing
        firm = firm + links.sum("link")
    b.m.add_constraints(firm - (1 + reserve.margin) * load >= 0, name="reserve_margin")
    if reserve.n_minus_1 and links is not None and crossing is not None and bool(crossing.any()):
        b.m.add_constraints(
            firm - links - load >= 0,
            name="n_minus_1",
            mask=(crossing > 0).broadcast_like(inputs.link_existing),
        )
