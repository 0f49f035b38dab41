"""What the parts of the PyPSA export share: the snapshots and the network being assembled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from zerozone.crosscheck.network import Network
from zerozone.data.economics import HOURS_PER_DAY
from zerozone.model.inputs import ModelInputs

Term = list[str]
"""A variable of the PyPSA model as ``[component, name, attribute]`` (or ``[component, name]``
for a nominal capacity), for the cross-check's ``extra_functionality``."""


@dataclass(frozen=True)
class Snapshots:
    """PyPSA's snapshots: (period, timestep) with ``timestep = day * 24 + hour``.

    Attributes
    ----------
    periods : list of int
        Investment periods [yr].
    day_weight : numpy.ndarray
        Calendar days each model day stands for [d].
    """

    periods: list[int]
    day_weight: np.ndarray

    @property
    def steps(self) -> int:
        """Snapshots per period [-]."""
        return self.day_weight.size * HOURS_PER_DAY

    @property
    def size(self) -> int:
        """Snapshots in all [-]."""
        return len(self.periods) * self.steps

    def table(self) -> dict[str, np.ndarray]:
        """``period``, ``timestep`` and ``weight`` (the model day's weight [d]) per snapshot."""
        n_periods = len(self.periods)
        return {
            "period": np.repeat(np.asarray(self.periods), self.steps),
            "timestep": np.tile(np.arange(self.steps), n_periods),
            "weight": np.tile(np.repeat(self.day_weight, HOURS_PER_DAY), n_periods).astype(float),
        }

    def hourly(self, values: xr.DataArray) -> np.ndarray:
        """``(day, hour)`` values repeated in every period: one per snapshot."""
        flat = values.transpose("day", "hour").to_numpy().reshape(self.steps)
        return np.tile(flat, len(self.periods))

    def per_period(self, values: xr.DataArray) -> np.ndarray:
        """``(period, day, hour)`` values, one per snapshot."""
        return values.transpose("period", "day", "hour").to_numpy().reshape(self.size)

    def by_period(self, values: list[float] | np.ndarray) -> np.ndarray:
        """One value per period, repeated over its snapshots."""
        return np.repeat(np.asarray(values, dtype=float), self.steps)


def ts(values: np.ndarray) -> np.ndarray | float:
    """A series, or its value when constant (fewer series in the file)."""
    return float(values[0]) if np.all(values == values[0]) else values


@dataclass
class Export:
    """The export being assembled from ``inputs``.

    Attributes
    ----------
    years : dict
        Years in each period [yr].
    new_power : dict
        ``(tech, build period) -> terms``: the nominal capacity of each new vintage [MW].
    dispatch_of : dict
        ``tech -> terms``: the electricity output of each technology's components [MW].
    """

    inputs: ModelInputs
    net: Network
    snapshots: Snapshots
    years: dict[int, float]
    new_power: dict[tuple[str, int], list[Term]] = field(default_factory=lambda: defaultdict(list))
    dispatch_of: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def start(cls, inputs: ModelInputs) -> Export:
        """An empty network over the snapshots of ``inputs``."""
        snapshots = Snapshots(list(inputs.periods), inputs.day_weight.to_numpy())
        years = {p: float(inputs.period_years.sel(period=p)) for p in snapshots.periods}
        return cls(inputs, Network(snapshots.size), snapshots, years)

    @property
    def periods(self) -> list[int]:
        """Investment periods [yr]."""
        return self.snapshots.periods
