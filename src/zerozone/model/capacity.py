"""Capacity and vintages: what is built when, what is in service, and the limits on both.

A vintage built in period ``b`` is in service in period ``p`` when ``inputs.active[b, p]``; the
capacity in service is the existing capacity plus the active vintages. Investment is paid as
annuity and fixed O&M in every active period (``inputs.investment_cost``, already weighted).
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd

from zerozone.data.kinds import kinds_where
from zerozone.model.builder import ModelBuilder


def add_capacity(b: ModelBuilder) -> tuple[linopy.Variable, linopy.Variable]:
    """``build`` [MW] per zone, technology and period, and ``capacity`` in service [MW].

    Returns
    -------
    tuple of linopy.Variable
        ``build`` and ``capacity``.
    """
    inputs = b.inputs
    build = b.m.add_variables(
        lower=0, coords=[b.zones, b.techs, b.periods], name="build", mask=b.buildable
    )
    vintages = (build.rename(period="build_period") * inputs.active).sum("build_period")
    in_service = b.present.broadcast_like(b.buildable).transpose(*b.buildable.dims)
    capacity = b.m.add_variables(lower=0, coords=build.coords, name="capacity", mask=in_service)
    b.m.add_constraints(
        capacity - vintages == inputs.existing_capacity, name="capacity_balance", mask=in_service
    )
    b.cost = b.cost + (build.rename(period="build_period") * inputs.investment_cost).sum()
    return build, capacity


def add_potentials(b: ModelBuilder, capacity: linopy.Variable) -> None:
    """``potential``: capacity in service at most the zone's potential [MW].

    Capacity already in service above a potential (older data, a stricter potential) is kept:
    the potential then only stops new builds.
    """
    inputs = b.inputs
    finite = (inputs.potential < np.inf) & b.present
    if not bool(finite.any()):
        return
    rhs = np.maximum(inputs.potential.where(finite, 0.0), inputs.existing_capacity)
    lhs: linopy.LinearExpression = 1 * capacity.where(finite)
    if b.elastic:
        lhs = lhs - b.slack("potential", [b.zones, b.techs], mask=finite)
    b.m.add_constraints(lhs <= rhs, name="potential", mask=finite.broadcast_like(b.buildable))


def add_build_rates(b: ModelBuilder, build: linopy.Variable) -> None:
    """``build_rate``: new capacity of a technology per period, all zones, at most its rate
    times the period's years [MW]."""
    inputs = b.inputs
    limited = inputs.build_rate < np.inf
    if not bool(limited.any()):
        return
    rate_techs = [t for t in inputs.techs if bool(limited.sel(tech=t))]
    built: linopy.LinearExpression = build.sel(tech=rate_techs).sum("zone")
    limit = inputs.build_rate.sel(tech=rate_techs) * inputs.period_years
    if b.elastic:
        built = built - b.slack("build_rate", [pd.Index(rate_techs, name="tech"), b.periods])
    b.m.add_constraints(built <= limit, name="build_rate")


def add_energy_capacity(b: ModelBuilder) -> linopy.Variable | None:
    """``build_energy`` and ``energy_capacity`` [MWh] of the kinds whose energy is sized on its
    own (batteries), with their vintages and investment; ``None`` without such kinds."""
    inputs = b.inputs
    techs = inputs.techs_of(kinds_where(energy_capacity=True))
    if not techs:
        return None
    mask = b.buildable.sel(tech=techs)
    build_energy = b.m.add_variables(lower=0, coords=mask.coords, name="build_energy", mask=mask)
    in_service = b.present.sel(tech=techs).broadcast_like(mask).transpose(*mask.dims)
    energy_capacity = b.m.add_variables(
        lower=0, coords=mask.coords, name="energy_capacity", mask=in_service
    )
    built = build_energy.rename(period="build_period")
    vintages = (built * inputs.active.sel(tech=techs)).sum("build_period")
    b.m.add_constraints(
        energy_capacity - vintages == inputs.existing_energy.sel(tech=techs),
        name="energy_capacity_balance",
        mask=in_service,
    )
    b.cost = b.cost + (built * inputs.energy_investment_cost.sel(tech=techs)).sum()
    return energy_capacity
