"""PyPSA's component tables and time series, assembled in memory and written as its netCDF.

:class:`Network` holds one table per component list (``buses``, ``generators``...) and their
time series; :meth:`Network.dataset` lays them out as ``Network.export_to_netcdf`` does, with
:data:`DEFAULTS` for the attributes a component leaves unset.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import xarray as xr

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


class Network:
    """Component tables and time series being assembled."""

    def __init__(self, n_snapshots: int) -> None:
        self.n_snapshots = n_snapshots
        self.static: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.series: dict[str, dict[str, dict[str, np.ndarray]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self.meta: dict[str, Any] = {"equal_p_nom": [], "build_rate": [], "renewable_share": []}

    def add(self, component: str, name: str, **attrs: Any) -> str:
        """Add a component (``Generator``...) with its attributes; arrays of one value per
        snapshot are time series. Returns ``name``."""
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
        """The components in the layout of PyPSA's netCDF export (snapshots not included)."""
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
