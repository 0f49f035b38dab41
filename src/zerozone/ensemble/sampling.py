"""Latin hypercube sampling of a scenario's uncertain inputs.

Each uncertain input is a *dimension*: a column of the sample table and a distribution. One Latin
hypercube (``scipy.stats.qmc.LatinHypercube``, seeded with the section's ``seed``) draws a quantile
per dimension and sample; the quantile becomes a value through the dimension's distribution. A
cost multiplier given for several years is one dimension whose quantile is read through each
year's distribution (columns ``cost:<id>:<year>``), so that its years move together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

from zerozone.data.uncertainty import Choice, Continuous, Uncertainty

SAMPLES_FILE = "samples.parquet"
SAMPLE_COLUMN = "sample"


@dataclass(frozen=True)
class Dimension:
    """One sampled direction: its columns, each read through its own distribution.

    Attributes
    ----------
    columns : tuple[tuple[str, Continuous | Choice], ...]
        Column name of the sample table and the distribution giving its value.
    """

    columns: tuple[tuple[str, Continuous | Choice], ...]


def dimensions(uncertainty: Uncertainty) -> list[Dimension]:
    """The dimensions of the sample space, in a fixed order (the order of the section)."""
    found: list[Dimension] = []
    for cost in uncertainty.technology_costs:
        found.append(
            Dimension(
                tuple((f"cost:{cost.id}:{year}", dist) for year, dist in cost.multiplier.items())
            )
        )
    for growth in uncertainty.demand_growth:
        found.append(Dimension(((f"demand_growth:{growth.id}", growth.shift),)))
    for name in ("population_variant", "weather_seed", "weather_year"):
        parameter = getattr(uncertainty, name)
        if parameter is not None:
            found.append(Dimension(((name, parameter.distribution),)))
    for fuel in uncertainty.fuel_prices:
        found.append(Dimension(((f"fuel_price:{fuel.id}", fuel.multiplier),)))
    for market in uncertainty.market_prices:
        found.append(Dimension(((f"market_price:{market.id}", market.multiplier),)))
    if uncertainty.discount_rate is not None:
        found.append(Dimension((("discount_rate", uncertainty.discount_rate.distribution),)))
    return found


def latin_hypercube(uncertainty: Uncertainty, n: int) -> pd.DataFrame:
    """Draw ``n`` samples of the uncertain inputs.

    Parameters
    ----------
    uncertainty : Uncertainty
        The scenario's uncertainty section.
    n : int
        Number of samples.

    Returns
    -------
    pandas.DataFrame
        One row per sample (column ``sample``: 0 to n-1), one column per sampled value in the
        unit of its input (multipliers [-], growth shifts [1/yr], discount rate [1/yr], choices
        as given). Same section and ``n``, same table.
    """
    dims = dimensions(uncertainty)
    table = pd.DataFrame({SAMPLE_COLUMN: np.arange(n, dtype="int64")})
    if not dims or n == 0:
        return table
    quantiles = qmc.LatinHypercube(d=len(dims), rng=np.random.default_rng(uncertainty.seed))
    draws = quantiles.random(n)
    for index, dim in enumerate(dims):
        for column, dist in dim.columns:
            table[column] = dist.quantile(draws[:, index])
    return table


def save_samples(table: pd.DataFrame, folder: Path) -> Path:
    """Write the sample table as ``samples.parquet`` in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SAMPLES_FILE
    table.to_parquet(path, index=False)
    return path


def load_samples(folder: Path) -> pd.DataFrame | None:
    """The sample table saved in ``folder``, or None when there is none."""
    path = folder / SAMPLES_FILE
    return pd.read_parquet(path) if path.is_file() else None
