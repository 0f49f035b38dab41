"""Emissions and the policy targets on them: the cap per period, the budget over the horizon and
the minimum renewable share.

Emissions are per represented year of each period; transport fuel that no investment removes
(``inputs.fixed_emissions``) counts against the same cap and budget.
"""

from __future__ import annotations

import linopy
import numpy as np
import xarray as xr

from zerozone.data.kinds import RENEWABLE_KINDS
from zerozone.model.builder import SLACK_PENALTY, ModelBuilder


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
