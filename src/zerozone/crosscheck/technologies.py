"""The zones and their technologies as PyPSA components.

Each technology of a zone is one component per vintage (:class:`Unit`): the existing and
committed capacity of each period as a non-extendable unit living that period, and one
extendable unit per build period. Which components a unit becomes follows its kind's row in the
table of kinds: generation as a ``Generator``, reservoirs as a ``StorageUnit`` (existing) or a
water store, inflow generator and turbine (new), stores as a ``StorageUnit`` or, where the
energy is sized on its own (batteries), a ``Store`` with a charging and a discharging ``Link``;
heat from a fuel as a ``Generator`` on the heat bus, heat from electricity as a ``Link``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from zerozone.crosscheck.context import Export, ts
from zerozone.data.kinds import Role, TechnologyKind, spec


@dataclass(frozen=True)
class Unit:
    """One vintage of a technology in a zone (one component, or a few tied ones)."""

    suffix: str
    p_nom: float  # MW
    extendable: bool
    build_year: int
    lifetime: float  # yr
    capital_cost: float  # USD/MW/yr
    energy: float = 0.0  # MWh (batteries)
    energy_cost: float = 0.0  # USD/MWh/yr (batteries)

    def common(self) -> dict[str, Any]:
        """The attributes every component of the unit's power carries."""
        return {
            "p_nom": self.p_nom,
            "p_nom_extendable": self.extendable,
            "build_year": int(self.build_year),
            "lifetime": self.lifetime,
            "capital_cost": self.capital_cost,
        }


def fuel_factor(ex: Export, tech: str) -> float:
    """Emission factor of a technology's fuel, 0 without one [t/MWh of fuel]."""
    fuel = ex.inputs.scenario.technology(tech).fuel
    return 0.0 if fuel is None else ex.inputs.scenario.fuel(fuel).emission_factor_t_per_mwh


def add_carriers(ex: Export) -> None:
    """The carriers: electricity, heat, shed, export and links, and one per technology (its
    fuel's emission factor per MWh of fuel), with the extra ones of reservoirs and batteries."""
    for name in ("AC", "heat", "shed", "export", "link"):
        ex.net.add("Carrier", name)
    for tech in ex.inputs.techs:
        ex.net.add("Carrier", tech, co2_emissions=fuel_factor(ex, tech))
        row = spec(ex.inputs.kind[tech])
        if row.inflow_store:
            ex.net.add("Carrier", f"{tech} inflow")
            ex.net.add("Carrier", f"{tech} water")
        if row.energy_capacity:
            ex.net.add("Carrier", f"{tech} discharge")
            ex.net.add("Carrier", f"{tech} energy")


def add_zone(ex: Export, zone: str) -> None:
    """A zone's electricity and heat buses and loads, unserved energy as generators at the
    value of lost load, and its technologies."""
    inputs, net = ex.inputs, ex.net
    heat_bus = f"{zone} heat"
    net.add("Bus", zone, carrier="AC")
    net.add("Bus", heat_bus, carrier="heat")
    demand = ex.snapshots.per_period(inputs.electricity_demand.sel(zone=zone))
    heat_demand = ex.snapshots.per_period(inputs.heat_demand.sel(zone=zone))
    net.add("Load", f"{zone} electricity", bus=zone, p_set=demand)
    net.add("Load", f"{zone} heat", bus=heat_bus, p_set=heat_demand)
    for bus, peak in ((zone, demand.max()), (heat_bus, heat_demand.max())):
        net.add(
            "Generator",
            f"{bus} shed",
            bus=bus,
            carrier="shed",
            p_nom=float(max(peak, 0.0)),
            marginal_cost=inputs.value_of_lost_load,
        )
    present = (inputs.existing_capacity.max("period") > 0) | inputs.can_build
    for tech in inputs.techs:
        if bool(present.sel(zone=zone, tech=tech)):
            add_technology(ex, zone, tech)


def units(ex: Export, zone: str, tech: str) -> list[Unit]:
    """The vintages of a technology in a zone: existing per period, then new per build period."""
    inputs = ex.inputs
    existing = inputs.existing_capacity.sel(zone=zone, tech=tech)
    found = []
    for p in ex.periods:
        value = float(existing.sel(period=p))
        if value > 0:
            energy = float(inputs.existing_energy.sel(zone=zone, tech=tech, period=p))
            found.append(Unit(f"existing {p}", value, False, p, ex.years[p], 0.0, energy))
    if bool(inputs.can_build.sel(zone=zone, tech=tech)):
        lifetime = float(inputs.scenario.technology(tech).lifetime_years)
        for b in ex.periods:
            cost = float(inputs.fixed_cost_per_year.sel(tech=tech, build_period=b))
            energy_cost = float(inputs.energy_fixed_cost_per_year.sel(tech=tech, build_period=b))
            found.append(Unit(f"{b}", 0.0, True, b, lifetime, cost, 0.0, energy_cost))
    return found


Power = tuple[str, str]
"""The component that carries a unit's nominal power: (component, name)."""


def add_technology(ex: Export, zone: str, tech: str) -> None:
    """Every vintage of a technology in a zone, and its potential."""
    row = spec(ex.inputs.kind[tech])
    for unit in units(ex, zone, tech):
        name = f"{zone} {tech} {unit.suffix}"
        power: Power
        if row.inflow_store and unit.extendable:
            power = _add_new_reservoir(ex, zone, tech, name, unit)
        elif row.inflow_store:
            power = _add_reservoir(ex, zone, tech, name, unit)
        elif row.role is Role.GENERATION:
            power = _add_generator(ex, zone, tech, name, unit)
        elif row.energy_capacity:
            power = _add_battery(ex, zone, tech, name, unit)
        elif row.role is Role.STORAGE:
            power = _add_pumped_hydro(ex, zone, tech, name, unit)
        else:
            power = _add_heater(ex, zone, tech, name, unit)
        if unit.extendable:
            ex.new_power[(tech, int(unit.build_year))].append(list(power))
    add_potential(ex, zone, tech)


def _marginal(ex: Export, tech: str) -> np.ndarray:
    return ex.snapshots.by_period(ex.inputs.marginal_cost.sel(tech=tech).to_numpy())


def _add_generator(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """Generation with an availability (sun, wind, river; 1 for fuel)."""
    inputs = ex.inputs
    efficiency = float(inputs.efficiency.sel(tech=tech))
    ex.net.add(
        "Generator",
        name,
        bus=zone,
        carrier=tech,
        marginal_cost=ts(_marginal(ex, tech)),
        p_max_pu=ts(ex.snapshots.hourly(inputs.availability.sel(zone=zone, tech=tech))),
        efficiency=efficiency if fuel_factor(ex, tech) else 1.0,
        **unit.common(),
    )
    ex.dispatch_of[tech].append(["Generator", name, "p"])
    return ("Generator", name)


def _add_new_reservoir(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """A new reservoir: PyPSA's inflow is in MW, not per MW of an extendable ``p_nom``, so a
    water store, an inflow generator (output = inflow - spill) and a turbine, tied to one
    capacity (store: ``storage_hours`` x turbine)."""
    inputs, net = ex.inputs, ex.net
    water = f"{zone} {tech} water"
    if water not in net.static["buses"]:
        net.add("Bus", water, carrier=f"{tech} water")
    common = unit.common()
    tied = {**common, "capital_cost": 0.0}
    turbine = net.add(
        "Link", name, bus0=water, bus1=zone, carrier=tech,
        marginal_cost=ts(_marginal(ex, tech)), **common,
    )  # fmt: skip
    source = net.add(
        "Generator", f"{name} inflow", bus=water, carrier=f"{tech} inflow",
        p_max_pu=ts(ex.snapshots.hourly(inputs.inflow.sel(zone=zone, tech=tech))), **tied,
    )  # fmt: skip
    store = net.add(
        "Store", f"{name} water", bus=water, carrier=f"{tech} water", e_nom_extendable=True,
        build_year=int(unit.build_year), lifetime=unit.lifetime,
    )  # fmt: skip
    hours = float(inputs.storage_hours.sel(tech=tech))
    net.meta["equal_p_nom"].append(["Link", turbine, "Generator", source, 1.0])
    net.meta["equal_p_nom"].append(["Link", turbine, "Store", store, hours])
    ex.dispatch_of[tech].append(["Link", turbine, "p"])
    return ("Link", turbine)


def _add_reservoir(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """An existing reservoir: a storage unit whose inflow is in MW."""
    inputs = ex.inputs
    inflow = ex.snapshots.hourly(inputs.inflow.sel(zone=zone, tech=tech)) * unit.p_nom
    ex.net.add(
        "StorageUnit",
        name,
        bus=zone,
        carrier=tech,
        marginal_cost=ts(_marginal(ex, tech)),
        max_hours=float(inputs.storage_hours.sel(tech=tech)),
        p_min_pu=0.0,
        inflow=ts(inflow),
        **unit.common(),
    )
    ex.dispatch_of[tech].append(["StorageUnit", name, "p_dispatch"])
    return ("StorageUnit", name)


def _add_pumped_hydro(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """A store whose energy is ``storage_hours`` times its power: a storage unit."""
    inputs = ex.inputs
    one_way = float(np.sqrt(inputs.efficiency.sel(tech=tech)))
    ex.net.add(
        "StorageUnit",
        name,
        bus=zone,
        carrier=tech,
        max_hours=float(inputs.storage_hours.sel(tech=tech)),
        efficiency_store=one_way,
        efficiency_dispatch=one_way,
        **unit.common(),
    )
    return ("StorageUnit", name)


def _add_battery(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """A store whose energy is sized on its own: a store on a bus of its own with a charging
    and a discharging link of the same ``p_nom``."""
    inputs, net = ex.inputs, ex.net
    one_way = float(np.sqrt(inputs.efficiency.sel(tech=tech)))
    bus = f"{zone} {tech}"
    if bus not in net.static["buses"]:
        net.add("Bus", bus, carrier=f"{tech} energy")
    common = unit.common()
    charger = net.add(
        "Link", f"{name} charge", bus0=zone, bus1=bus, carrier=tech,
        efficiency=one_way, **common,
    )  # fmt: skip
    discharger = net.add(
        "Link", f"{name} discharge", bus0=bus, bus1=zone,
        carrier=f"{tech} discharge", efficiency=one_way,
        p_max_pu=1.0 / one_way,  # zerozone bounds the output, not the input
        **{**common, "capital_cost": 0.0},
    )  # fmt: skip
    if unit.extendable:
        net.meta["equal_p_nom"].append(["Link", charger, "Link", discharger, 1.0])
    net.add(
        "Store",
        f"{name} energy",
        bus=bus,
        carrier=f"{tech} energy",
        e_nom=unit.energy,
        e_nom_extendable=unit.extendable,
        build_year=int(unit.build_year),
        lifetime=unit.lifetime,
        capital_cost=unit.energy_cost,
    )
    return ("Link", charger)


def _add_heater(ex: Export, zone: str, tech: str, name: str, unit: Unit) -> Power:
    """Heat: from a fuel, a generator on the heat bus; from electricity, a link whose ``p_nom``
    is heat output (input <= p_nom / COP, output = input x COP)."""
    inputs = ex.inputs
    heat_bus = f"{zone} heat"
    if spec(inputs.kind[tech]).emitting:
        ex.net.add(
            "Generator",
            name,
            bus=heat_bus,
            carrier=tech,
            marginal_cost=ts(_marginal(ex, tech)),
            efficiency=float(inputs.efficiency.sel(tech=tech)),
            **unit.common(),
        )
        return ("Generator", name)
    if inputs.kind[tech] is TechnologyKind.HEAT_PUMP:
        gain = ex.snapshots.hourly(inputs.cop.sel(zone=zone))
    else:
        gain = np.full(ex.snapshots.size, float(inputs.efficiency.sel(tech=tech)))
    ex.net.add(
        "Link",
        name,
        bus0=zone,
        bus1=heat_bus,
        carrier=tech,
        efficiency=ts(gain),
        p_max_pu=ts(1.0 / gain),
        marginal_cost=ts(_marginal(ex, tech) * gain),
        **unit.common(),
    )
    return ("Link", name)


def add_potential(ex: Export, zone: str, tech: str) -> None:
    """Capacity in service (existing + active vintages) <= potential, per period, as
    ``tech_capacity_expansion_limit`` on the bus of the components carrying the power."""
    inputs = ex.inputs
    limit = float(inputs.potential.sel(zone=zone, tech=tech))
    if not np.isfinite(limit):
        return
    row = spec(inputs.kind[tech])
    bus = zone
    if row.role is Role.HEAT and row.emitting:
        bus = f"{zone} heat"
    elif row.inflow_store:
        bus = f"{zone} {tech} water"  # the new turbines' bus0
    existing = inputs.existing_capacity.sel(zone=zone, tech=tech)
    for p in ex.periods:
        ex.net.add(
            "GlobalConstraint",
            f"potential {zone} {tech} {p}",
            type="tech_capacity_expansion_limit",
            carrier_attribute=tech,
            bus=bus,
            investment_period=float(p),
            sense="<=",
            constant=max(0.0, limit - float(existing.sel(period=p))),
        )
