"""The linopy model being built and what its concerns share (indices, costs, balance terms).

Each concern of the formulation (:mod:`~zerozone.model.capacity`,
:mod:`~zerozone.model.operation`, :mod:`~zerozone.model.storage`,
:mod:`~zerozone.model.network`, :mod:`~zerozone.model.policy`) is a function that takes a
:class:`ModelBuilder`, adds its variables and constraints to ``builder.m`` and its terms to the
shared sums (the objective's costs, the electricity balance). The order of the calls fixes the
order of the variables and rows, and so the LP the solver sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.model.inputs import ModelInputs

Sum = linopy.LinearExpression | int
"""A sum being built: 0 until a concern adds its first term."""

SLACK_PENALTY = {
    "emission_cap": 1e4,  # USD per t/yr of cap exceeded, per weighted year
    "renewable_share": 1e4,  # USD per MWh/yr below the renewable share, per weighted year
    "potential": 1e10,  # USD per MW beyond a potential
    "build_rate": 1e10,  # USD per MW beyond a build-rate limit
}
"""Penalties of the elastic slacks; large against any real cost so they are used last. Physical
limits (potentials, build rates) give only where relaxing the targets cannot restore
feasibility, so that an explanation names the target that cannot be met and, separately, the
limits that bind."""


@dataclass
class ModelBuilder:
    """The model being built from ``inputs``, and the sums its concerns add to.

    Attributes
    ----------
    m : linopy.Model
        The model.
    inputs : ModelInputs
        The arrays of the scenario.
    elastic : bool
        Whether targets and limits get priced slack.
    present : xarray.DataArray
        ``[zone, tech]`` whether the technology exists in the zone in some period or may be
        built there [-].
    buildable : xarray.DataArray
        ``[zone, tech, period]`` whether new capacity may be built [-].
    cost : linopy.LinearExpression or int
        Investment and slack penalties, discounted over the horizon [USD].
    operating_cost : linopy.LinearExpression or int
        ``[period]`` operating cost per represented year [USD/yr].
    electricity_in, electricity_out, net_import : linopy.LinearExpression or int
        ``[zone, period, day, hour]`` terms of the electricity balance [MW].
    """

    m: linopy.Model
    inputs: ModelInputs
    elastic: bool
    present: xr.DataArray
    buildable: xr.DataArray
    cost: Sum = 0
    operating_cost: Sum = 0
    electricity_in: Sum = 0
    electricity_out: Sum = 0
    net_import: Sum = 0

    @classmethod
    def start(cls, inputs: ModelInputs, elastic: bool) -> ModelBuilder:
        """An empty model over the dimensions of ``inputs``."""
        # A technology exists in a zone when it has capacity in some period or may be built there.
        present = (inputs.existing_capacity.max("period") > 0) | inputs.can_build
        buildable = inputs.can_build.broadcast_like(inputs.existing_capacity).transpose(
            "zone", "tech", "period"
        )
        return cls(linopy.Model(force_dim_names=True), inputs, elastic, present, buildable)

    @property
    def zones(self) -> pd.Index:
        """The ``zone`` index."""
        return pd.Index(self.inputs.zones, name="zone")

    @property
    def techs(self) -> pd.Index:
        """The ``tech`` index."""
        return pd.Index(self.inputs.techs, name="tech")

    @property
    def periods(self) -> pd.Index:
        """The ``period`` index."""
        return pd.Index(self.inputs.periods, name="period")

    @property
    def days(self) -> pd.Index:
        """The ``day`` index (model days)."""
        return pd.Index(range(self.inputs.time.n_days), name="day")

    @property
    def time_coords(self) -> list[pd.Index]:
        """``period``, ``day`` and ``hour``: the coordinates of operation."""
        return [self.periods, self.days, pd.Index(range(HOURS_PER_DAY), name="hour")]

    def operating(self, techs: list[str], name: str) -> linopy.Variable:
        """A non-negative ``[zone, tech, period, day, hour]`` variable where ``techs`` exist."""
        coords = [self.zones, pd.Index(techs, name="tech"), *self.time_coords]
        grid = xr.DataArray(0.0, coords=coords)
        mask = self.present.sel(tech=techs).broadcast_like(grid).transpose(*grid.dims)
        return self.m.add_variables(lower=0, coords=coords, name=name, mask=mask)

    def weighted(self, expr: linopy.LinearExpression | linopy.Variable) -> linopy.LinearExpression:
        """Annual total of an hourly quantity: sum over hours and days times each day's weight."""
        return (expr * self.inputs.day_weight).sum(["day", "hour"])

    def annual_via_days(
        self, name: str, hourly: linopy.LinearExpression
    ) -> linopy.LinearExpression:
        """Annual total of a non-negative hourly quantity [period], through per-day subtotals.

        Adds variables ``<name>_day[period, day]`` equal to each day's sum (per-day subtotals
        keep the period-wide rows short: dense rows slow interior-point solvers), and returns
        their sum weighted by the days each model day stands for.
        """
        daily = self.m.add_variables(lower=0, coords=[self.periods, self.days], name=f"{name}_day")
        self.m.add_constraints(daily - hourly.sum("hour") == 0, name=f"{name}_day_def")
        return (daily * self.inputs.day_weight).sum("day")

    def slack(
        self, target: str, coords: list[pd.Index], *, mask: Any = None, per_year: bool = False
    ) -> linopy.Variable:
        """Elastic slack ``slack_<target>`` priced at :data:`SLACK_PENALTY` in the objective.

        With ``per_year`` the slack is per represented year and weighted like operation.
        """
        slack = self.m.add_variables(lower=0, coords=coords, name=f"slack_{target}", mask=mask)
        amount = (slack * self.inputs.objective_weight).sum() if per_year else slack.sum()
        self.cost = self.cost + SLACK_PENALTY[target] * amount
        return slack


def incidence(
    items: list[str], zone_of: dict[str, str], zones: list[str], dim: str
) -> xr.DataArray:
    """``[dim, zone]`` 1 where an item (a link end, a market) sits in a zone, else 0 [-]."""
    matrix = np.zeros((len(items), len(zones)))
    for n, item in enumerate(items):
        matrix[n, zones.index(zone_of[item])] = 1.0
    return xr.DataArray(matrix, dims=(dim, "zone"), coords={dim: items, "zone": zones})
