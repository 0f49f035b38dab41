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
  one import and one export generator per period (their capacities and emission factors vary by
  period, their prices by period and hour: a time-varying ``marginal_cost``); an interconnector
  to a market as, per vintage and period it serves, one more extendable import and export pair
  of one capacity, its largest expansion a ``build_rate`` entry;
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

The parts, by component: :mod:`~zerozone.crosscheck.network` (the tables and the file layout),
:mod:`~zerozone.crosscheck.technologies` (carriers, buses, loads and each technology's
components), :mod:`~zerozone.crosscheck.transport` (links and markets) and
:mod:`~zerozone.crosscheck.constraints` (global constraints and ``n.meta``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from zerozone.crosscheck.constraints import (
    add_build_rates,
    add_emission_limits,
    add_renewable_share,
)
from zerozone.crosscheck.context import Export
from zerozone.crosscheck.technologies import add_carriers, add_zone
from zerozone.crosscheck.transport import add_links, add_markets
from zerozone.model.inputs import ModelInputs

PYPSA_VERSION = "1.4.0"
"""PyPSA version whose netCDF layout is written (and the cross-check's pinned version)."""


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
    ex = _build(inputs)
    network, snapshots = ex.net, ex.snapshots.table()
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


def _build(inputs: ModelInputs) -> Export:
    """The network's components, in the order they are written."""
    time = inputs.time
    if not time.chronological:
        raise NotImplementedError(
            f"resolution {time.resolution}: representative days carry storage between days "
            "through a calendar map that PyPSA cannot express; export 'hourly' or 'weeks:N'"
        )
    ex = Export.start(inputs)
    add_carriers(ex)
    for zone in inputs.zones:
        add_zone(ex, zone)
    add_build_rates(ex)
    add_links(ex)
    add_markets(ex)
    add_emission_limits(ex)
    add_renewable_share(ex)
    return ex
