"""The limits and targets: emission caps and budget as PyPSA global constraints, and what PyPSA
cannot state natively (build rates, the renewable share) in ``n.meta["zerozone"]``."""

from __future__ import annotations

import numpy as np

from zerozone.crosscheck.context import Export
from zerozone.data.kinds import GENERATOR_KINDS, RENEWABLE_KINDS


def add_build_rates(ex: Export) -> None:
    """``build_rate``: new power capacity of a technology per period, all zones, at most its
    rate times the period's years [MW]."""
    inputs = ex.inputs
    for tech in inputs.techs:
        rate = float(inputs.build_rate.sel(tech=tech))
        if not np.isfinite(rate):
            continue
        for p in ex.periods:
            terms = ex.new_power.get((tech, p), [])
            if terms:
                ex.net.meta["build_rate"].append(
                    {"tech": tech, "period": p, "terms": terms, "limit": rate * ex.years[p]}
                )


def add_emission_limits(ex: Export) -> None:
    """Emission caps as ``primary_energy`` constraints per period and a budget over the horizon
    (zerozone's caps are per represented year; PyPSA weights emissions by the period's years;
    the fixed transport-fuel emissions are taken off)."""
    inputs, years = ex.inputs, ex.years
    fixed = {p: float(inputs.fixed_emissions.sel(period=p)) for p in ex.periods}
    caps: dict[int, float] = {}
    if inputs.emission_cap is not None:
        caps = {p: float(inputs.emission_cap.sel(period=p)) for p in ex.periods}
    elif inputs.zero_emission_periods:
        caps = {p: 0.0 for p in inputs.zero_emission_periods}
    for p, cap in caps.items():
        if np.isfinite(cap):
            ex.net.add(
                "GlobalConstraint",
                f"emission cap {p}",
                type="primary_energy",
                carrier_attribute="co2_emissions",
                sense="<=",
                investment_period=float(p),
                constant=(cap - fixed[p]) * years[p],
            )
    if inputs.emission_budget is not None:
        ex.net.add(
            "GlobalConstraint",
            "emission budget",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=inputs.emission_budget - sum(fixed[p] * years[p] for p in ex.periods),
        )


def add_renewable_share(ex: Export) -> None:
    """``renewable_share``: per period, the share and the dispatch of renewable and of all
    generation."""
    inputs = ex.inputs
    if inputs.min_renewable_share is None:
        return
    renewable = inputs.techs_of(RENEWABLE_KINDS)
    generating = inputs.techs_of(GENERATOR_KINDS)
    for p in ex.periods:
        ex.net.meta["renewable_share"].append(
            {
                "period": p,
                "share": float(inputs.min_renewable_share.sel(period=p)),
                "renewable": [v for t in renewable for v in ex.dispatch_of[t]],
                "generation": [v for t in generating for v in ex.dispatch_of[t]],
            }
        )
