"""Operation: generation, heat, unserved demand and the two balances (electricity and heat).

Dispatch is one variable per technology and period for all vintages together, bounded by the
capacity in service; operating costs are per represented year (each model day weighted by the
calendar days it stands for).
"""

from __future__ import annotations

import linopy
import xarray as xr

from zerozone.data.kinds import GENERATOR_KINDS, HEAT_KINDS, TechnologyKind
from zerozone.model.builder import ModelBuilder
from zerozone.model.inputs import ModelInputs
from zerozone.profiles.demand import heat_pump_output_share


def add_generation(b: ModelBuilder, capacity: linopy.Variable) -> linopy.Variable:
    """``dispatch`` [MW] of generators within their availability times capacity, with its fuel
    and variable cost, into the electricity balance."""
    inputs = b.inputs
    generators = inputs.techs_of(GENERATOR_KINDS)
    dispatch = b.operating(generators, "dispatch")
    gen_cap = capacity.sel(tech=generators)
    b.m.add_constraints(
        dispatch - inputs.availability.sel(tech=generators) * gen_cap <= 0, name="dispatch_limit"
    )
    fuel_cost = b.weighted(dispatch * inputs.marginal_cost.sel(tech=generators))
    b.operating_cost = b.operating_cost + fuel_cost.sum(["zone", "tech"])
    b.electricity_in = b.electricity_in + dispatch.sum("tech")
    return dispatch


def add_heat(b: ModelBuilder, capacity: linopy.Variable) -> linopy.Variable | None:
    """``heat`` [MW] of heat technologies within their capacity, with the electricity heat
    pumps (output / COP) and resistive heaters (output / efficiency) draw, and their cost;
    ``heat_shed`` [MW] and the ``heat_balance`` of each zone and hour.

    Returns
    -------
    linopy.Variable or None
        ``heat``; ``None`` without heat technologies.
    """
    inputs = b.inputs
    heaters = inputs.techs_of(HEAT_KINDS)
    heat = None
    heat_out: linopy.LinearExpression | int = 0
    if heaters:
        heat = b.operating(heaters, "heat")
        b.m.add_constraints(
            heat - capacity.sel(tech=heaters) * output_share(inputs, heaters) <= 0,
            name="heat_limit",
        )
        for tech in heaters:
            output = heat.sel(tech=tech)
            if inputs.kind[tech] is TechnologyKind.HEAT_PUMP:
                b.electricity_out = b.electricity_out + output / inputs.cop
            elif inputs.kind[tech] is TechnologyKind.RESISTIVE_HEATER:
                efficiency = float(inputs.efficiency.sel(tech=tech))
                b.electricity_out = b.electricity_out + output / efficiency
        heat_out = heat.sum("tech")
        heat_cost = b.weighted(heat * inputs.marginal_cost.sel(tech=heaters))
        b.operating_cost = b.operating_cost + heat_cost.sum(["zone", "tech"])
    heat_shed = b.m.add_variables(lower=0, coords=[b.zones, *b.time_coords], name="heat_shed")
    b.m.add_constraints(heat_out + heat_shed == inputs.heat_demand, name="heat_balance")
    return heat


def output_share(inputs: ModelInputs, heaters: list[str]) -> xr.DataArray | float:
    """Heat output per rated capacity of each heat technology and hour [-]: heat pumps with a
    ``rated_temperature_c`` derated with the COP (``[zone, tech, day, hour]``), else 1."""
    derated = {
        t.id: t.rated_temperature_c
        for t in inputs.scenario.technologies
        if t.id in heaters
        and t.kind is TechnologyKind.HEAT_PUMP
        and t.rated_temperature_c is not None
    }
    if not derated:
        return 1.0
    share = xr.ones_like(inputs.cop).expand_dims(tech=heaters).copy()
    for tech, rated in derated.items():
        share.loc[{"tech": tech}] = heat_pump_output_share(inputs.cop.to_numpy(), rated)
    return share


def add_unserved(b: ModelBuilder) -> None:
    """``shed`` [MW] electricity demand not served; it and ``heat_shed`` cost the value of lost
    load (a multiple of it on the days kept as they are,
    :data:`zerozone.model.inputs.KEPT_DAY_SHED_FACTOR`)."""
    shed = b.m.add_variables(lower=0, coords=[b.zones, *b.time_coords], name="shed")
    heat_shed = b.m.variables["heat_shed"]
    weight = b.inputs.value_of_lost_load * b.inputs.unserved_weight
    for unserved in (shed, heat_shed):
        b.operating_cost = b.operating_cost + (unserved * weight).sum(["zone", "day", "hour"])


def add_electricity_balance(b: ModelBuilder) -> None:
    """``balance``: in each zone and hour, generation, discharge, net imports and shed demand
    equal demand, charging and the electricity of heat."""
    shed = b.m.variables["shed"]
    b.m.add_constraints(
        b.electricity_in + b.net_import + shed - b.electricity_out == b.inputs.electricity_demand,
        name="balance",
    )
