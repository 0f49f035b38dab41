"""Uncertain inputs of a scenario: the distributions an ensemble samples from.

A scenario's optional ``uncertainty:`` section declares which inputs are uncertain and how:
technology investment costs (a multiplier by year), demand growth, the population variant, the
synthetic weather (seed and calendar year), fuel and market prices, and the discount rate (the
weighted average cost of capital). Each entry is one *dimension* of the sample space; Latin
hypercube sampling (:mod:`zerozone.ensemble.sampling`) draws one quantile in [0, 1) per dimension
and sample, and :meth:`Distribution.quantile` turns it into a value. A cost multiplier given for
several years uses the same quantile for every year (costs high in 2030 stay high in 2050), and is
interpolated between its years.

Every model is frozen, forbids unknown keys and carries a ``source`` (or ``assumption: <why>``)
like the rest of the scenario. Cross-references (a technology, fuel or market that must exist)
are checked by :func:`zerozone.ensemble.apply.uncertainty_problems`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import AfterValidator, Field, model_validator
from scipy import stats

from zerozone.data.schema import DemandSector, Identifier, Record, Sourced, Year
from zerozone.data.series import check_years_increasing


class Uniform(Record):
    """Every value between ``low`` and ``high`` equally likely."""

    kind: Literal["uniform"]
    """Distribution kind [-]."""
    low: float
    """Smallest value [unit of the quantity]."""
    high: float
    """Largest value [unit of the quantity]."""

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError("low must be below high")
        return self

    def quantile(self, q: np.ndarray) -> np.ndarray:
        """Values at quantiles ``q`` in [0, 1] [unit of the quantity]."""
        return self.low + q * (self.high - self.low)


class Triangular(Record):
    """A triangle from ``low`` to ``high`` peaking at ``mode``."""

    kind: Literal["triangular"]
    """Distribution kind [-]."""
    low: float
    """Smallest value [unit of the quantity]."""
    mode: float
    """Most likely value [unit of the quantity]."""
    high: float
    """Largest value [unit of the quantity]."""

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("need low <= mode <= high and low < high")
        return self

    def quantile(self, q: np.ndarray) -> np.ndarray:
        """Values at quantiles ``q`` in [0, 1] [unit of the quantity]."""
        width = self.high - self.low
        shape = (self.mode - self.low) / width
        return np.asarray(stats.triang.ppf(q, shape, loc=self.low, scale=width), dtype=float)


class TruncatedNormal(Record):
    """A normal distribution cut to [``low``, ``high``]."""

    kind: Literal["normal"]
    """Distribution kind [-]."""
    mean: float
    """Mean before truncation [unit of the quantity]."""
    std: float = Field(gt=0)
    """Standard deviation before truncation [unit of the quantity]."""
    low: float
    """Smallest value [unit of the quantity]."""
    high: float
    """Largest value [unit of the quantity]."""

    @model_validator(mode="after")
    def _ordered(self) -> TruncatedNormal:
        if not self.low < self.high:
            raise ValueError("low must be below high")
        return self

    def quantile(self, q: np.ndarray) -> np.ndarray:
        """Values at quantiles ``q`` in [0, 1] [unit of the quantity]."""
        a, b = (self.low - self.mean) / self.std, (self.high - self.mean) / self.std
        values = stats.truncnorm.ppf(q, a, b, loc=self.mean, scale=self.std)
        return np.asarray(values, dtype=float)


Continuous = Annotated[Uniform | Triangular | TruncatedNormal, Field(discriminator="kind")]
"""A continuous distribution, chosen by its ``kind``."""


def _positive_weights(weights: list[float] | None) -> list[float] | None:
    if weights is not None and (min(weights) < 0 or sum(weights) <= 0):
        raise ValueError("weights must be >= 0 and not all zero")
    return weights


class Choice(Record):
    """One of a list of values, each with a weight (equal weights if none are given)."""

    kind: Literal["choice"]
    """Distribution kind [-]."""
    values: list[int | str] = Field(min_length=1)
    """The values to choose from [unit of the quantity]."""
    weights: Annotated[list[float] | None, AfterValidator(_positive_weights)] = None
    """Relative probability of each value; need not sum to 1 [-]."""

    @model_validator(mode="after")
    def _matching(self) -> Choice:
        if self.weights is not None and len(self.weights) != len(self.values):
            raise ValueError("give one weight per value")
        return self

    def quantile(self, q: np.ndarray) -> list[int | str]:
        """Values at quantiles ``q`` in [0, 1] [unit of the quantity]."""
        weights = np.asarray(self.weights or [1.0] * len(self.values), dtype=float)
        edges = np.cumsum(weights) / weights.sum()
        picks = np.searchsorted(edges, np.asarray(q), side="right")
        return [self.values[min(int(i), len(self.values) - 1)] for i in picks]


MultiplierByYear = Annotated[dict[Year, Continuous], AfterValidator(check_years_increasing)]


class TechnologyCost(Sourced):
    """A multiplier on the investment costs of a group of technologies."""

    id: Identifier
    """Name of the group, used as the sample table's column ``cost:<id>`` [-]."""
    technologies: list[Identifier] = Field(min_length=1)
    """Technologies whose power and energy investment costs are multiplied [-]."""
    multiplier: MultiplierByYear
    """Multiplier of the costs by year of build, interpolated, constant outside the years; one
    quantile for all years [-]."""


class DemandGrowth(Sourced):
    """A shift of the yearly growth of per-person demand."""

    id: Identifier
    """Name, used as the sample table's column ``demand_growth:<id>`` [-]."""
    sectors: list[DemandSector] | None = None
    """Sectors concerned; all if not given [-]."""
    shift: Continuous
    """Added to each entry's ``annual_growth`` [1/yr]."""


class PriceMultiplier(Sourced):
    """A multiplier on the price series of a fuel or a market (imports and exports together)."""

    id: Identifier
    """The fuel's or market's identifier [-]."""
    multiplier: Continuous
    """Factor applied to every year's price [-]."""


class ChoiceParameter(Sourced):
    """A discrete uncertain input."""

    distribution: Choice
    """The values and their weights [unit of the input]."""


class ContinuousParameter(Sourced):
    """A continuous uncertain input."""

    distribution: Continuous
    """The distribution [unit of the input]."""


class Uncertainty(Sourced):
    """The uncertain inputs of a scenario, sampled by ``zerozone ensemble``."""

    seed: int = Field(default=0, ge=0)
    """Seed of the Latin hypercube; same seed and sample count, same samples [-]."""
    technology_costs: list[TechnologyCost] = Field(default_factory=list)
    """Investment cost multipliers by technology group [-]."""
    demand_growth: list[DemandGrowth] = Field(default_factory=list)
    """Shifts of demand growth [1/yr]."""
    population_variant: ChoiceParameter | None = None
    """Population variant (``low``, ``central``, ``high``) [-]."""
    weather_seed: ChoiceParameter | None = None
    """Seed of the synthetic weather and hydro inflow year [-]."""
    weather_year: ChoiceParameter | None = None
    """Calendar year the synthetic profiles are laid on [yr]."""
    fuel_prices: list[PriceMultiplier] = Field(default_factory=list)
    """Fuel price multipliers [-]."""
    market_prices: list[PriceMultiplier] = Field(default_factory=list)
    """Market price multipliers, imports and exports together [-]."""
    discount_rate: ContinuousParameter | None = None
    """Real discount rate (WACC) [1/yr]."""


__all__ = [
    "Choice",
    "ChoiceParameter",
    "Continuous",
    "ContinuousParameter",
    "DemandGrowth",
    "PriceMultiplier",
    "TechnologyCost",
    "Triangular",
    "TruncatedNormal",
    "Uncertainty",
    "Uniform",
]
