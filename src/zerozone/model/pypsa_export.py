"""The planning problem as a PyPSA network file, for the independent cross-check.

:func:`export_pypsa` writes the problem that :func:`zerozone.model.formulation.build_model`
builds from the same :class:`~zerozone.model.inputs.ModelInputs` in the netCDF layout of
PyPSA's ``Network.export_to_netcdf``, so that ``pypsa.Network(path)`` loads it directly. PyPSA is
not imported: the file is written with xarray (netCDF3 through scipy, a runtime dependency),
which PyPSA's importer reads like its own files.

How the formulation maps onto PyPSA (multi-period optimisation, PyPSA 1.4):

* snapshots: MultiIndex (``period``, ``timestep``), ``timestep = day * 24 + hour``; the
  ``objective`` and ``generators`` weightings are the model day's weight in days (each hour stands
  for that many hours of the year); the ``stores`` weighting is 1 because zerozone's storage
  content changes by one hour's charge and discharge per model hour;
* investment periods: ``objective`` = the period's discounted years, ``years`` = its length;
* one extendable component per (zone, technology, build period) with ``build_year``,
  ``lifetime`` and ``capital_cost`` = annuity plus fixed O&M per MW-year (the formulation's
  ``fixed_cost_per_year``); existing and committed capacity as one non-extendable component per
  (zone, technology, period) holding exactly ``existing_capacity`` of that period
  (``build_year`` = period, ``lifetime`` = the period's length), with zero capital cost;
* generators (solar, wind, run-of-river, thermal) with ``p_max_pu`` = availability; reservoirs
  and pumped hydro as storage units (cyclic per period); batteries as a store (energy) on a bus of
  their own with a charging and a discharging link (power, the same ``p_nom``); heat pumps and
  resistive heaters as links to a heat bus whose ``p_nom`` is heat output (``p_max_pu`` = 1/COP);
  gas boilers as generators on the heat bus; unserved energy as generators at the value of lost
  load; zone-to-zone links as a forward and a backward link of the same capacity; markets as
  one import and one export generator per period (their prices, capacities and emission factors
  vary by period);
* emission caps as ``primary_energy`` global constraints per period (constant = (cap - fixed
  transport emissions) x years, PyPSA weighting emissions by the period's years); a budget as
  one over the horizon; potentials as ``tech_capacity_expansion_limit`` per zone and period
  (constant = potential - existing capacity).

What PyPSA cannot state natively is written to ``n.meta["zerozone"]`` for the solver's
``extra_functionality`` (see ``tools/pypsa_crosscheck.py``): ``equal_p_nom`` (``[c1, n1, c2, n2,
f]``: the nominal capacity of ``n2`` is ``f`` times that of ``n1``: a battery's two links, a
line's two directions, a new reservoir's turbine, inflow and store), ``build_rate`` (new capacity
per period) and ``renewable_share``.

Existing reservoirs are storage units whose inflow is in MW; reservoirs that may be built cannot
be (PyPSA's inflow is not per MW of an extendable capacity), so each new vintage is a water store,
an inflow generator (``p_max_pu`` = inflow per MW; what it does not produce is spilled) and a
turbine link, with one capacity.

Not representable, so refused with :class:`NotImplementedError`: representative days (their
storage carry-over between days has no PyPSA equivalent; use ``hourly`` or ``weeks:N``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from zerozone.data.economics import HOURS_PER_DAY, annuity_factor
from zerozone.data.kinds import GENERATOR_KINDS, HEAT_KINDS, RENEWABLE_KINDS
from zerozone.data.schema import TechnologyKind
from zerozone.model.inputs import ModelInputs

PYPSA_VERSION = "1.4.0"
"""PyPSA version whose netCDF layout is written (and the cross-check's pinned version)."""

LIST_NAMES = {
    "Bus": "buses",
    "Carrier": "carriers",
    "Generator": "generators",
    "Load": "loads",
    "Link": "links",
    "Store": "stores",
    "StorageUnit": "storage_units",
    "GlobalConstraint": "global_constraints",
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "buses": {"carrier": "AC"},
    "carriers": {"co2_emissions": 0.0},
    "generators": {
        "bus": "",
        "carrier": "",
        "p_nom": 0.0,
        "p_nom_extendable": False,
        "capital_cost": 0.0,
        "marginal_cost": 0.0,
        "efficiency": 1.0,
        "p_min_pu": 0.0,
        "p_max_pu": 1.0,
        "build_year": 0,
        "lifetime": np.inf,
    },
    "loads": {"bus": "", "carrier": ""},
    "links": {
        "bus0": "",
        "bus1": "",
        "carrier": "",
        "p_nom": 0.0,
        "p_nom_extendable": False,
        "capital_cost": 0.0,
        "marginal_cost": 0.0,
        "efficiency": 1.0,
        "p_min_pu": 0.0,
        "p_max_pu": 1.0,
        "build_year": 0,
        "lifetime": np.inf,
    },
    "stores": {
        "bus": "",
        "carrier": "",
        "e_nom": 0.0,
        "e_nom_extendable": False,
        "capital_cost": 0.0,
        "e_cyclic": True,
        "e_cyclic_per_period": True,
        "build_year": 0,
        "lifetime": np.inf,
    },
    "storage_units": {
        "bus": "",
        "carrier": "",
        "p_nom": 0.0,
        "p_nom_extendable": False,
        "capital_cost": 0.0,
        "marginal_cost": 0.0,
        "max_hours": 1.0,
        "efficiency_store": 1.0,
        "efficiency_dispatch": 1.0,
        "p_min_pu": -1.0,
        "p_max_pu": 1.0,
        "cyclic_state_of_charge": True,
        "cyclic_state_of_charge_per_period": True,
        "build_year": 0,
        "lifetime": np.inf,
    },
    "global_constraints": {
        "type": "primary_energy",
        "carrier_attribute": "co2_emissions",
        "sense": "<=",
        "constant": 0.0,
        "investment_period": np.nan,
        "bus": "",
    },
}
"""The attributes written for each component list, with the value of components that leave one
unset (PyPSA's own defaults where they exist)."""


class _Network:
    """Component tables and time series being assembled."""

    def __init__(self, n_snapshots: int) -> None:
        self.n_snapshots = n_snapshots
        self.static: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.series: dict[str, dict[str, dict[str, np.ndarray]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self.meta: dict[str, Any] = {"equal_p_nom": [], "build_rate": [], "renewable_share": []}

    def add(self, component: str, name: str, **attrs: Any) -> str:
        list_name = LIST_NAMES[component]
        if name in self.static[list_name]:
            raise ValueError(f"duplicate {component} {name!r}")
        row: dict[str, Any] = {}
        for attr, value in attrs.items():
            if isinstance(value, np.ndarray) and value.ndim == 1 and value.size > 1:
                if value.size != self.n_snapshots:
                    raise ValueError(f"{component} {name}.{attr}: {value.size} values")
                self.series[list_name][attr][name] = value.astype(float)
            else:
                row[attr] = value.item() if isinstance(value, np.ndarray) else value
        self.static[list_name][name] = row
        return name

    def dataset(self) -> xr.Dataset:
        ds = xr.Dataset()
        for list_name, rows in self.static.items():
            names = list(rows)
            index = f"{list_name}_i"
            ds.coords[index] = np.array(names, dtype=object)
            attrs = DEFAULTS[list_name]
            used = {attr for row in rows.values() for attr in row}
            unknown = used - set(attrs)
            if unknown:
                raise ValueError(f"{list_name}: no default for {sorted(unknown)}")
            for attr, default in attrs.items():  # all of them: some differ from PyPSA's
                values = [rows[name].get(attr, default) for name in names]
                if isinstance(default, str):
                    data = np.array(values, dtype=object)
                elif isinstance(default, bool):
                    data = np.array(values, dtype=bool)
                elif isinstance(default, int):
                    data = np.array(values, dtype=np.int32)
                else:
                    data = np.array(values, dtype=float)
                ds[f"{list_name}_{attr}"] = ((index,), data)
            for attr, columns in self.series.get(list_name, {}).items():
                column_index = f"{list_name}_t_{attr}_i"
                ds.coords[column_index] = np.array(list(columns), dtype=object)
                ds[f"{list_name}_t_{attr}"] = (
                    ("snapshots", column_index),
                    np.column_stack(list(columns.values())),
                )
        return ds


def export_pypsa(inputs: ModelInputs, path: Path) -> Path:
    """Write the planning problem of ``inputs`` as a PyPSA network (netCDF).

    Parameters
    ----------
    inputs : ModelInputs
        The arrays the planner optimises over (a chronological time structure: ``hourly`` or
        ``weeks:N``).
    path : pathlib.Path
        File to write (``.nc``), replaced if it exists.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    NotImplementedError
        For representative days (see the module docstring).
    """
    network, snapshots = _build(inputs)
    ds = network.dataset()
    ds.coords["snapshots"] = np.arange(len(snapshots["period"]), dtype=np.int32)
    ds["snapshots_period"] = (("snapshots",), snapshots["period"].astype(np.int32))
    ds["snapshots_timestep"] = (("snapshots",), snapshots["timestep"].astype(np.int32))
    weight = snapshots["weight"]
    ds["snapshots_objective"] = (("snapshots",), weight)
    ds["snapshots_stores"] = (("snapshots",), np.ones_like(weight))
    ds["snapshots_generators"] = (("snapshots",), weight)
    ds.coords["investment_periods"] = np.asarray(inputs.periods, dtype=np.int32)
    ds["investment_periods_objective"] = (
        ("investment_periods",),
        inputs.objective_weight.to_numpy().astype(float),
    )
    ds["investment_periods_years"] = (
        ("investment_periods",),
        inputs.period_years.to_numpy().astype(float),
    )
    ds.attrs["network_name"] = f"zerozone {inputs.scenario.name}"
    ds.attrs["network_pypsa_version"] = PYPSA_VERSION
    ds.attrs["network_srid"] = 4326
    ds.attrs["meta"] = json.dumps({"zerozone": network.meta})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    ds.to_netcdf(path, engine="scipy")
    return path


def _build(inputs: ModelInputs) -> tuple[_Network, dict[str, np.ndarray]]:
    time = inputs.time
    if not time.chronological:
        raise NotImplementedError(
            f"resolution {time.resolution}: representative days carry storage between days "
            "through a calendar map that PyPSA cannot express; export 'hourly' or 'weeks:N'"
        )
    kind = inputs.kind
    periods = list(inputs.periods)
    n_days = time.n_days
    steps = n_days * HOURS_PER_DAY
    n_periods = len(periods)
    n_sn = n_periods * steps
    day_weight = inputs.day_weight.to_numpy()
    snapshots = {
        "period": np.repeat(np.asarray(periods), steps),
        "timestep": np.tile(np.arange(steps), n_periods),
        "weight": np.tile(np.repeat(day_weight, HOURS_PER_DAY), n_periods).astype(float),
    }
    years = {p: float(inputs.period_years.sel(period=p)) for p in periods}
    net = _Network(n_sn)
    meta = net.meta

    def hourly(values: xr.DataArray) -> np.ndarray:
        """(day, hour) -> every snapshot."""
        flat = values.transpose("day", "hour").to_numpy().reshape(steps)
        return np.tile(flat, n_periods)

    def per_period(values: xr.DataArray) -> np.ndarray:
        """(period, day, hour) -> every snapshot."""
        return values.transpose("period", "day", "hour").to_numpy().reshape(n_sn)

    def by_period(values: list[float] | np.ndarray) -> np.ndarray:
        return np.repeat(np.asarray(values, dtype=float), steps)

    def ts(values: np.ndarray) -> np.ndarray | float:
        """A series, or its value when constant (fewer series in the file)."""
        return float(values[0]) if np.all(values == values[0]) else values

    # Carriers: one per technology (its fuel's emission factor, per MWh of fuel).
    net.add("Carrier", "AC")
    net.add("Carrier", "heat")
    net.add("Carrier", "shed")
    net.add("Carrier", "export")
    net.add("Carrier", "link")
    fuel_factor: dict[str, float] = {}
    for technology in inputs.scenario.technologies:
        factor = 0.0
        if technology.fuel is not None:
            factor = inputs.scenario.fuel(technology.fuel).emission_factor_t_per_mwh
        fuel_factor[technology.id] = factor
        net.add("Carrier", technology.id, co2_emissions=factor)
        if technology.kind is TechnologyKind.HYDRO_RESERVOIR:
            net.add("Carrier", f"{technology.id} inflow")
            net.add("Carrier", f"{technology.id} water")
        if technology.kind is TechnologyKind.BATTERY:
            net.add("Carrier", f"{technology.id} discharge")
            net.add("Carrier", f"{technology.id} energy")

    present = (inputs.existing_capacity.max("period") > 0) | inputs.can_build
    new_power: dict[tuple[str, int], list[list[str]]] = defaultdict(list)
    dispatch_of: dict[str, list[list[str]]] = defaultdict(list)  # tech -> dispatch variables

    for zone in inputs.zones:
        heat_bus = f"{zone} heat"
        net.add("Bus", zone, carrier="AC")
        net.add("Bus", heat_bus, carrier="heat")
        demand = per_period(inputs.electricity_demand.sel(zone=zone))
        heat_demand = per_period(inputs.heat_demand.sel(zone=zone))
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

        for tech in inputs.techs:
            if not bool(present.sel(zone=zone, tech=tech)):
                continue
            k = kind[tech]
            existing = inputs.existing_capacity.sel(zone=zone, tech=tech)
            buildable = bool(inputs.can_build.sel(zone=zone, tech=tech))
            lifetime = float(inputs.scenario.technology(tech).lifetime_years)
            marginal = by_period(inputs.marginal_cost.sel(tech=tech).to_numpy())
            # (name suffix, p_nom, extendable, build_year, lifetime, capital cost, energy)
            units: list[dict[str, Any]] = []
            for p in periods:
                value = float(existing.sel(period=p))
                if value > 0:
                    units.append(
                        {
                            "suffix": f"existing {p}",
                            "p_nom": value,
                            "p_nom_extendable": False,
                            "build_year": p,
                            "lifetime": years[p],
                            "capital_cost": 0.0,
                            "energy": float(
                                inputs.existing_energy.sel(zone=zone, tech=tech, period=p)
                            ),
                            "energy_cost": 0.0,
                        }
                    )
            if buildable:
                for b in periods:
                    units.append(
                        {
                            "suffix": f"{b}",
                            "p_nom": 0.0,
                            "p_nom_extendable": True,
                            "build_year": b,
                            "lifetime": lifetime,
                            "capital_cost": float(
                                inputs.fixed_cost_per_year.sel(tech=tech, build_period=b)
                            ),
                            "energy": 0.0,
                            "energy_cost": float(
                                inputs.energy_fixed_cost_per_year.sel(tech=tech, build_period=b)
                            ),
                        }
                    )
            for unit in units:
                name = f"{zone} {tech} {unit['suffix']}"
                common = {
                    "p_nom": unit["p_nom"],
                    "p_nom_extendable": unit["p_nom_extendable"],
                    "build_year": int(unit["build_year"]),
                    "lifetime": unit["lifetime"],
                    "capital_cost": unit["capital_cost"],
                }
                power: tuple[str, str]
                if k in GENERATOR_KINDS and k is not TechnologyKind.HYDRO_RESERVOIR:
                    efficiency = float(inputs.efficiency.sel(tech=tech))
                    net.add(
                        "Generator",
                        name,
                        bus=zone,
                        carrier=tech,
                        marginal_cost=ts(marginal),
                        p_max_pu=ts(hourly(inputs.availability.sel(zone=zone, tech=tech))),
                        efficiency=efficiency if fuel_factor[tech] else 1.0,
                        **common,
                    )
                    power = ("Generator", name)
                    dispatch_of[tech].append(["Generator", name, "p"])
                elif k is TechnologyKind.HYDRO_RESERVOIR and unit["p_nom_extendable"]:
                    # PyPSA's inflow is in MW, not per MW of an extendable p_nom: new reservoirs
                    # are a water store, an inflow generator (output = inflow - spill) and a
                    # turbine, tied to one capacity (store: storage_hours x turbine).
                    water = f"{zone} {tech} water"
                    if water not in net.static["buses"]:
                        net.add("Bus", water, carrier=f"{tech} water")
                    tied = {**common, "capital_cost": 0.0}
                    turbine = net.add(
                        "Link", name, bus0=water, bus1=zone, carrier=tech,
                        marginal_cost=ts(marginal), **common,
                    )  # fmt: skip
                    source = net.add(
                        "Generator", f"{name} inflow", bus=water, carrier=f"{tech} inflow",
                        p_max_pu=ts(hourly(inputs.inflow.sel(zone=zone, tech=tech))),
                        **tied,
                    )  # fmt: skip
                    store = net.add(
                        "Store", f"{name} water", bus=water, carrier=f"{tech} water",
                        e_nom_extendable=True, build_year=int(unit["build_year"]),
                        lifetime=unit["lifetime"],
                    )  # fmt: skip
                    hours = float(inputs.storage_hours.sel(tech=tech))
                    meta["equal_p_nom"].append(["Link", turbine, "Generator", source, 1.0])
                    meta["equal_p_nom"].append(["Link", turbine, "Store", store, hours])
                    power = ("Link", turbine)
                    dispatch_of[tech].append(["Link", turbine, "p"])
                elif k is TechnologyKind.HYDRO_RESERVOIR:
                    inflow = hourly(inputs.inflow.sel(zone=zone, tech=tech)) * unit["p_nom"]
                    net.add(
                        "StorageUnit",
                        name,
                        bus=zone,
                        carrier=tech,
                        marginal_cost=ts(marginal),
                        max_hours=float(inputs.storage_hours.sel(tech=tech)),
                        p_min_pu=0.0,
                        inflow=ts(inflow),
                        **common,
                    )
                    power = ("StorageUnit", name)
                    dispatch_of[tech].append(["StorageUnit", name, "p_dispatch"])
                elif k is TechnologyKind.PUMPED_HYDRO:
                    one_way = float(np.sqrt(inputs.efficiency.sel(tech=tech)))
                    net.add(
                        "StorageUnit",
                        name,
                        bus=zone,
                        carrier=tech,
                        max_hours=float(inputs.storage_hours.sel(tech=tech)),
                        efficiency_store=one_way,
                        efficiency_dispatch=one_way,
                        **common,
                    )
                    power = ("StorageUnit", name)
                elif k is TechnologyKind.BATTERY:
                    one_way = float(np.sqrt(inputs.efficiency.sel(tech=tech)))
                    bus = f"{zone} {tech}"
                    if bus not in net.static["buses"]:
                        net.add("Bus", bus, carrier=f"{tech} energy")
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
                    if unit["p_nom_extendable"]:
                        meta["equal_p_nom"].append(["Link", charger, "Link", discharger, 1.0])
                    net.add(
                        "Store",
                        f"{name} energy",
                        bus=bus,
                        carrier=f"{tech} energy",
                        e_nom=unit["energy"],
                        e_nom_extendable=unit["p_nom_extendable"],
                        build_year=int(unit["build_year"]),
                        lifetime=unit["lifetime"],
                        capital_cost=unit["energy_cost"],
                    )
                    power = ("Link", charger)
                elif k in HEAT_KINDS:
                    heat_bus = f"{zone} heat"
                    if k is TechnologyKind.GAS_BOILER:
                        net.add(
                            "Generator",
                            name,
                            bus=heat_bus,
                            carrier=tech,
                            marginal_cost=ts(marginal),
                            efficiency=float(inputs.efficiency.sel(tech=tech)),
                            **common,
                        )
                        power = ("Generator", name)
                    else:
                        # p_nom is heat output: input <= p_nom / COP, output = input x COP.
                        if k is TechnologyKind.HEAT_PUMP:
                            gain = hourly(inputs.cop.sel(zone=zone))
                        else:
                            gain = np.full(n_sn, float(inputs.efficiency.sel(tech=tech)))
                        net.add(
                            "Link",
                            name,
                            bus0=zone,
                            bus1=heat_bus,
                            carrier=tech,
                            efficiency=ts(gain),
                            p_max_pu=ts(1.0 / gain),
                            marginal_cost=ts(marginal * gain),
                            **common,
                        )
                        power = ("Link", name)
                else:  # pragma: no cover - every kind is handled above
                    raise NotImplementedError(f"technology kind {k}")
                if unit["p_nom_extendable"]:
                    new_power[(tech, int(unit["build_year"]))].append(list(power))

            # Potentials: capacity in service (existing + active vintages) <= potential.
            limit = float(inputs.potential.sel(zone=zone, tech=tech))
            if np.isfinite(limit):
                bus = zone
                if k is TechnologyKind.GAS_BOILER:
                    bus = f"{zone} heat"
                elif k is TechnologyKind.HYDRO_RESERVOIR:
                    bus = f"{zone} {tech} water"  # the new turbines' bus0
                for p in periods:
                    net.add(
                        "GlobalConstraint",
                        f"potential {zone} {tech} {p}",
                        type="tech_capacity_expansion_limit",
                        carrier_attribute=tech,
                        bus=bus,
                        investment_period=float(p),
                        sense="<=",
                        constant=max(0.0, limit - float(existing.sel(period=p))),
                    )

    # Build-rate limits: new power capacity per period, all zones.
    for tech in inputs.techs:
        rate = float(inputs.build_rate.sel(tech=tech))
        if not np.isfinite(rate):
            continue
        for p in periods:
            terms = new_power.get((tech, p), [])
            if terms:
                meta["build_rate"].append(
                    {"tech": tech, "period": p, "terms": terms, "limit": rate * years[p]}
                )

    # Links between zones: a forward and a backward link of the same capacity.
    rate = inputs.scenario.policy.discount_rate
    for link in inputs.scenario.links:
        ends = (inputs.link_from[link.id], inputs.link_to[link.id])
        efficiency = float(inputs.link_efficiency.sel(link=link.id))
        link_units: list[tuple[str, float, bool, int, float, float]] = []
        for p in periods:
            value = float(inputs.link_existing.sel(link=link.id, period=p))
            if value > 0:
                link_units.append((f"existing {p}", value, False, p, years[p], 0.0))
        if bool(inputs.link_expandable.sel(link=link.id)):
            cost = float(inputs.link_overnight_capex.sel(link=link.id)) * annuity_factor(
                rate, link.lifetime_years
            )
            for b in periods:
                link_units.append((f"{b}", 0.0, True, b, float(link.lifetime_years), cost))
        for suffix, p_nom, extendable, built, life, cost in link_units:
            names = []
            for direction, (start, end) in (("forward", ends), ("backward", ends[::-1])):
                names.append(
                    net.add(
                        "Link",
                        f"{link.id} {suffix} {direction}",
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
                meta["equal_p_nom"].append(["Link", names[0], "Link", names[1], 1.0])

    # Markets: per period, an import (priced, with its emission factor) and an export.
    for market in inputs.markets:
        zone = inputs.market_zone[market]
        for p in periods:
            carrier = f"import {market} {p}"
            net.add(
                "Carrier",
                carrier,
                co2_emissions=float(inputs.import_emission_factor.sel(market=market, period=p)),
            )
            net.add(
                "Generator",
                f"{market} import {p}",
                bus=zone,
                carrier=carrier,
                p_nom=float(inputs.import_capacity.sel(market=market, period=p)),
                marginal_cost=float(inputs.import_price.sel(market=market, period=p)),
                build_year=int(p),
                lifetime=years[p],
            )
            net.add(
                "Generator",
                f"{market} export {p}",
                bus=zone,
                carrier="export",
                p_nom=float(inputs.export_capacity.sel(market=market, period=p)),
                p_min_pu=-1.0,
                p_max_pu=0.0,
                marginal_cost=float(inputs.export_price.sel(market=market, period=p)),
                build_year=int(p),
                lifetime=years[p],
            )

    # Emission caps (per represented year in zerozone; PyPSA weights by the period's years).
    fixed = {p: float(inputs.fixed_emissions.sel(period=p)) for p in periods}
    caps: dict[int, float] = {}
    if inputs.emission_cap is not None:
        caps = {p: float(inputs.emission_cap.sel(period=p)) for p in periods}
    elif inputs.zero_emission_periods:
        caps = {p: 0.0 for p in inputs.zero_emission_periods}
    for p, cap in caps.items():
        if np.isfinite(cap):
            net.add(
                "GlobalConstraint",
                f"emission cap {p}",
                type="primary_energy",
                carrier_attribute="co2_emissions",
                sense="<=",
                investment_period=float(p),
                constant=(cap - fixed[p]) * years[p],
            )
    if inputs.emission_budget is not None:
        net.add(
            "GlobalConstraint",
            "emission budget",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=inputs.emission_budget - sum(fixed[p] * years[p] for p in periods),
        )
    if inputs.min_renewable_share is not None:
        renewable = [t for t in inputs.techs if kind[t] in RENEWABLE_KINDS]
        generating = [t for t in inputs.techs if kind[t] in GENERATOR_KINDS]
        for p in periods:
            meta["renewable_share"].append(
                {
                    "period": p,
                    "share": float(inputs.min_renewable_share.sel(period=p)),
                    "renewable": [v for t in renewable for v in dispatch_of[t]],
                    "generation": [v for t in generating for v in dispatch_of[t]],
                }
            )
    return net, snapshots
