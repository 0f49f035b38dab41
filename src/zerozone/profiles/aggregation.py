"""Representative days (tsam) and the mapping needed to carry storage across the year.

:func:`aggregate_days` clusters the 365 days of a wide hourly DataFrame into ``n_days``
representative days with tsam (hierarchical clustering, medoid representation by
default; tsam min-max normalises every column before clustering). tsam's
``preserve_column_means`` rescales the representatives so that each column's
weighted annual sum equals the original; the result is checked, and columns that are
still off by more than ``ENERGY_TOLERANCE`` are corrected here by a multiplicative
factor when their values are non-negative and the scaled peak stays within the original
maximum (a capacity factor never exceeds 1); otherwise a warning is raised.

Extreme days (:mod:`zerozone.profiles.extremes`: the peak-load, coldest and least-renewable
days) can be kept as days of their own: each indicator is added to the clustered data as a helper
column with a negligible clustering weight, tsam appends the day holding its extreme as an extra
representative (weight one day, mapped from its own calendar day, so the storage chain stays
exact), and the helper columns are dropped from the result.

The optimiser uses ``weights`` to weight the representative hours and
``day_to_representative`` to chain the storage levels of the 365 calendar days.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import tsam
from tsam.config import ClusterMethodName

from zerozone.profiles.extremes import Indicator, extreme_calendar_days
from zerozone.profiles.timebase import DAYS_PER_YEAR, HOURS_PER_YEAR

ENERGY_TOLERANCE = 1e-3
"""Relative error of a column's annual sum above which it is corrected [-]."""

HOURS_PER_DAY = 24

HELPER_WEIGHT = 1e-6
"""Clustering weight of an extreme-day indicator column, relative to a profile's 1 [-]: the
indicator picks its day without moving the clusters of the typical days."""


@dataclass(frozen=True)
class RepresentativeDays:
    """Representative days standing for one year of hourly profiles.

    Attributes
    ----------
    profiles : pandas.DataFrame
        ``n_days * 24`` rows indexed by a MultiIndex (``day``, ``hour``), ``day`` the
        representative number 0..n_days-1 and ``hour`` the local hour 0-23; same
        columns and units as the input.
    weights : pandas.Series
        Number of calendar days each representative day stands for [d], indexed by
        ``day``; sums to 365.
    day_to_representative : numpy.ndarray
        For each calendar day 0..364, the representative day standing for it [-].
    medoid_days : numpy.ndarray or None
        For each representative day, the calendar day (0-based) it was taken from, when
        the representation is a medoid; else None.
    original_index : pandas.DatetimeIndex
        The 8,760-hour index of the input.
    extreme_days : dict[str, int]
        For each extreme-day indicator kept, the calendar day (0-based) kept as a day of its own.
    """

    profiles: pd.DataFrame
    weights: pd.Series
    day_to_representative: np.ndarray
    medoid_days: np.ndarray | None
    original_index: pd.DatetimeIndex
    extreme_days: dict[str, int] = field(default_factory=dict)

    @property
    def n_days(self) -> int:
        """Number of representative days [-]."""
        return int(self.weights.size)

    def annual_sum(self) -> pd.Series:
        """Return each column's annual sum rebuilt from the representatives.

        Returns
        -------
        total : pandas.Series
            Sum over representative hours times their weights [unit of column x h].
        """
        weight_per_row = self.weights.reindex(
            self.profiles.index.get_level_values("day")
        ).to_numpy()
        return self.profiles.mul(weight_per_row, axis=0).sum()

    def expand(self) -> pd.DataFrame:
        """Rebuild the 8,760-hour year by replacing each day with its representative.

        Returns
        -------
        profiles : pandas.DataFrame
            8,760 rows on ``original_index``; same columns and units as the input.
        """
        values = self.profiles.to_numpy().reshape(self.n_days, HOURS_PER_DAY, -1)
        year = values[self.day_to_representative].reshape(HOURS_PER_YEAR, -1)
        return pd.DataFrame(year, index=self.original_index, columns=self.profiles.columns)


def _correct_annual_sums(
    representatives: pd.DataFrame, original: pd.DataFrame, weights: pd.Series
) -> pd.DataFrame:
    """Scale non-negative columns whose weighted annual sum is off [same units]."""
    weight_per_row = weights.reindex(representatives.index.get_level_values("day")).to_numpy()
    rebuilt = representatives.mul(weight_per_row, axis=0).sum()
    target = original.sum()
    corrected = representatives.copy()
    for column in original.columns:
        scale = abs(target[column]) if target[column] != 0 else 1.0
        if abs(rebuilt[column] - target[column]) <= ENERGY_TOLERANCE * scale:
            continue
        factor = target[column] / rebuilt[column] if rebuilt[column] > 0 else np.nan
        scaled_max = representatives[column].max() * factor
        if (
            (original[column] >= 0).all()
            and np.isfinite(factor)
            and scaled_max <= original[column].max()
        ):
            corrected[column] = representatives[column] * factor
        else:
            warnings.warn(
                f"column {column!r}: annual sum {rebuilt[column]:.6g} differs from "
                f"{target[column]:.6g} after aggregation and cannot be rescaled",
                stacklevel=3,
            )
    return corrected


def aggregate_days(
    profiles: pd.DataFrame,
    n_days: int,
    *,
    method: ClusterMethodName = "hierarchical",
    representation: Literal["medoid", "mean"] = "medoid",
    weights: dict[str, float] | None = None,
    extremes: list[Indicator] | None = None,
) -> RepresentativeDays:
    """Cluster the days of one year of hourly profiles into representative days.

    Parameters
    ----------
    profiles : pandas.DataFrame
        8,760 hourly rows (one non-leap year, starting at local midnight), one column per
        profile with string names such as ``"pv_fixed|karabakh"``; any units.
    n_days : int
        Number of representative days [-], 1-365.
    method : {"hierarchical", "kmeans", "kmedoids", "averaging", "contiguous", "kmaxoids"}
        tsam clustering method: "hierarchical" (deterministic, default), "kmeans",
        "kmedoids", "averaging" or "contiguous".
    representation : {"medoid", "mean"}
        How a cluster is represented: "medoid" (a real day) or "mean".
    weights : dict of str to float, optional
        Relative importance of columns in the clustering distance [-].
    extremes : list of Indicator, optional
        Extreme-day indicators (:func:`zerozone.profiles.extremes.extreme_indicators`): the day
        of each one's extreme is kept as an extra representative day of weight 1 [d]. The
        result then has ``n_days`` typical days plus one per distinct extreme day.

    Returns
    -------
    days : RepresentativeDays
        Representative profiles (same units as the input), day weights [d] and the
        calendar-day mapping.

    Raises
    ------
    ValueError
        If the input does not have 8,760 rows, has missing values or ``n_days`` is out of
        range.
    """
    if len(profiles) != HOURS_PER_YEAR:
        raise ValueError(f"profiles must have {HOURS_PER_YEAR} hourly rows, got {len(profiles)}")
    if not 1 <= n_days <= DAYS_PER_YEAR:
        raise ValueError(f"n_days must be in 1..{DAYS_PER_YEAR}, got {n_days}")
    if profiles.isna().to_numpy().any():
        raise ValueError("profiles contain missing values")
    data = profiles.astype(float)
    data.columns = [str(column) for column in data.columns]
    if not isinstance(data.index, pd.DatetimeIndex):
        raise ValueError("profiles must be indexed by an hourly DatetimeIndex")

    extremes = extremes or []
    helpers = pd.DataFrame({i.name: i.values.to_numpy(float) for i in extremes}, index=data.index)
    column_weights = {column: 1.0 for column in data.columns} | dict(weights or {})
    column_weights |= {name: HELPER_WEIGHT for name in helpers.columns}
    extreme_config = (
        tsam.ExtremeConfig(
            method="append",
            max_value=[i.name for i in extremes if i.highest],
            min_value=[i.name for i in extremes if not i.highest],
        )
        if extremes
        else None
    )
    result = tsam.aggregate(
        pd.concat([data, helpers], axis=1),
        n_clusters=n_days,
        period_duration=HOURS_PER_DAY,
        temporal_resolution=1.0,
        cluster=tsam.ClusterConfig(method=method, representation=representation),
        extremes=extreme_config,
        weights=column_weights,
        preserve_column_means=True,
        rescale_exclude_columns=list(helpers.columns) or None,
    )
    n_days = int(result.n_clusters)
    representatives = result.cluster_representatives[data.columns].astype(float)
    representatives.index = representatives.index.set_names(["day", "hour"])
    day_weights = pd.Series(
        [float(result.cluster_counts.get(day, 0.0)) for day in range(n_days)],
        index=pd.RangeIndex(n_days, name="day"),
        name="weight",
    )
    representatives = _correct_annual_sums(representatives, data, day_weights)
    centers = result.clustering.cluster_centers
    medoid_days = (
        np.asarray(centers, dtype=int)
        if representation == "medoid" and centers is not None
        else None
    )
    return RepresentativeDays(
        profiles=representatives,
        weights=day_weights,
        day_to_representative=np.asarray(result.cluster_assignments, dtype=int),
        medoid_days=medoid_days,
        original_index=pd.DatetimeIndex(data.index),
        extreme_days=extreme_calendar_days(extremes),
    )
