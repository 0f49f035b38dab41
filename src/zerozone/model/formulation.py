"""The planning problem as a linopy model.

Variables (dimensions in brackets; masked where a technology cannot exist in a zone):

* ``build[zone, tech, period]`` new power capacity built at the start of a period [MW];
  ``build_energy`` the energy capacity of batteries [MWh]; ``build_link[link, period]`` and
  ``build_interconnector[market, period]`` (transfer capacity to a market) [MW];
* ``capacity[zone, tech, period]`` power capacity in service: existing plus active vintages [MW];
  ``energy_capacity`` for batteries [MWh];
* ``dispatch[zone, tech, period, day, hour]`` electricity output of generators and reservoir
  hydro, one variable per technology and period for all vintages together [MW];
* ``charge``/``discharge`` of storage [MW]; ``spill`` of reservoirs [MW];
* ``heat[zone, tech, period, day, hour]`` heat output of heat technologies [MW];
* ``flow_forward``/``flow_backward[link, ...]``, ``imports``/``exports[market, ...]`` [MW];
* ``shed`` and ``heat_shed[zone, period, day, hour]`` demand not served [MW];
* ``level_daily`` content of stores that cycle within each model day (batteries and short stores
  with representative days) [MWh];
* ``level_storage``/``level_reservoir`` content within a model day above a base, with
  ``..._initial`` (start of the model day), ``..._max`` (the day's highest point) and ``..._base``
  (per calendar day, cyclic over the calendar) [MWh]: after Kotzur et al. (2018), carrying
  storage across the year through the calendar-day-to-model-day map; all non-negative;
* ``emissions_day`` (and ``renewable_day``/``generation_day``) per-day subtotals that keep the
  period-wide rows short [t, MWh].

Elastic mode adds non-negative slack to the emission cap (or budget), potentials, build-rate
limits and the renewable share, priced at :data:`~zerozone.model.builder.SLACK_PENALTY`, so
that an infeasible plan can be explained.

The model is built by one function per concern, in the style of PyPSA's
``optimization/constraints.py``: capacity and vintages (:mod:`zerozone.model.capacity`),
generation, heat and the balances (:mod:`zerozone.model.operation`), storage and hydro
(:mod:`zerozone.model.storage`), transport and trade (:mod:`zerozone.model.network`), emissions
and targets and firm capacity (:mod:`zerozone.model.policy`), sharing a
:class:`~zerozone.model.builder.ModelBuilder`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import linopy
from linopy.config import LinopySemanticsWarning

from zerozone.data.kinds import GENERATOR_KINDS, HEAT_KINDS, STORAGE_KINDS, kinds_where
from zerozone.model.builder import ModelBuilder
from zerozone.model.capacity import (
    add_build_rates,
    add_capacity,
    add_energy_capacity,
    add_potentials,
)
from zerozone.model.inputs import ModelInputs
from zerozone.model.network import add_links, add_markets
from zerozone.model.operation import (
    add_electricity_balance,
    add_generation,
    add_heat,
    add_unserved,
)
from zerozone.model.policy import (
    add_emission_budget,
    add_emission_cap,
    add_emissions,
    add_renewable_share,
    add_reserve_margin,
)
from zerozone.model.storage import (
    add_carried_levels,
    add_reservoirs,
    add_storage,
    energy_limits,
)


@dataclass
class PlanningModel:
    """A built linopy model with the inputs it was built from."""

    model: linopy.Model
    inputs: ModelInputs
    elastic: bool
    generators: list[str]
    storage: list[str]
    reservoirs: list[str]
    heaters: list[str]


def build_model(inputs: ModelInputs, *, elastic: bool = False) -> PlanningModel:
    """Formulate the planning problem.

    Parameters
    ----------
    inputs : ModelInputs
        The arrays of the scenario.
    elastic : bool
        Add priced slack to the caps, potentials, build-rate limits and renewable share.

    Returns
    -------
    PlanningModel
    """
    with warnings.catch_warnings():
        # Absent (masked) slots contribute zero to sums: linopy's legacy semantics, relied on.
        warnings.filterwarnings("ignore", category=LinopySemanticsWarning)
        return _build(inputs, elastic)


def _build(inputs: ModelInputs, elastic: bool) -> PlanningModel:
    """The concerns in order (the order fixes the LP's columns and rows)."""
    b = ModelBuilder.start(inputs, elastic)
    build, capacity = add_capacity(b)
    add_potentials(b, capacity)
    add_build_rates(b, build)
    energy_capacity = add_energy_capacity(b)

    dispatch = add_generation(b, capacity)
    limits = energy_limits(b, capacity, energy_capacity)
    carried = add_storage(b, capacity, limits) | add_reservoirs(b, capacity, dispatch)
    for group, change in carried.items():
        add_carried_levels(b, group, change, limits)
    heat = add_heat(b, capacity)
    add_unserved(b)
    add_links(b)
    imports = add_markets(b)
    add_electricity_balance(b)

    emissions = add_emissions(b, dispatch, heat, imports)
    add_emission_cap(b, emissions)
    add_emission_budget(b, emissions)
    add_renewable_share(b, dispatch)
    add_reserve_margin(b, capacity, heat)

    operating = b.operating_cost
    assert isinstance(operating, linopy.LinearExpression)  # generation always adds its cost
    b.m.add_objective(b.cost + (operating * inputs.objective_weight).sum())
    return PlanningModel(
        b.m,
        inputs,
        elastic,
        inputs.techs_of(GENERATOR_KINDS),
        inputs.techs_of(STORAGE_KINDS),
        inputs.techs_of(kinds_where(inflow_store=True)),
        inputs.techs_of(HEAT_KINDS),
    )
