"""The model's time axis: representative days (default) or every day of the year.

Both resolutions share one structure: ``days`` days of 24 hours, each day standing for
``day_weight`` calendar days, and a map from the 365 calendar days to the day standing for each.
The full year is the special case of 365 days, each standing for itself, so storage is carried
across the year the same way at every resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zerozone.data.economics import HOURS_PER_DAY
from zerozone.profiles.aggregation import aggregate_days
from zerozone.profiles.extremes import Indicator

DAYS_PER_YEAR = 365
DEFAULT_REPRESENTATIVE_DAYS = 12


@dataclass(frozen=True)
class TimeStructure:
    """Days of 24 hours with weights, and the calendar day each stands for.

    With ``weeks:N`` the calendar is the N weeks themselves (storage cycles over them).

    Attributes
    ----------
    resolution : str
        ``hourly`` or ``days:N``.
    profiles : pandas.DataFrame
        ``days * 24`` rows, MultiIndex (``day``, ``hour``); columns (``zone``, ``profile``).
    day_weight : numpy.ndarray
        Calendar days each model day stands for [d]; sums to 365.
    day_to_representative : numpy.ndarray
        For each calendar day (365, or the days of a ``weeks:N`` window), the model day standing
        for it [-].
    extreme_days : dict[str, int]
        Extreme-day indicator -> the calendar day (0-based) kept as a model day of its own
        (representative days only; empty otherwise).
    """

    resolution: str
    profiles: pd.DataFrame
    day_weight: np.ndarray
    day_to_representative: np.ndarray
    extreme_days: dict[str, int] = field(default_factory=dict)

    @property
    def kept_days(self) -> list[int]:
        """Model days standing for one calendar day kept as it is: the extreme days and the
        days the hourly check found a plan short on (:mod:`zerozone.model.adequacy`) [-]."""
        return sorted({int(self.day_to_representative[day]) for day in self.extreme_days.values()})

    @property
    def chronological(self) -> bool:
        """Whether the model days are the calendar days themselves, in order."""
        mapping = self.day_to_representative
        return len(mapping) == self.n_days and bool((mapping == np.arange(self.n_days)).all())

    @property
    def n_days(self) -> int:
        """Number of model days [-]."""
        return int(self.day_weight.size)

    def profile(self, zone: str, name: str) -> np.ndarray:
        """One profile as an array of shape (days, 24), in the profile's unit."""
        values = self.profiles[(zone, name)].to_numpy()
        return values.reshape(self.n_days, HOURS_PER_DAY)


RESOLUTION_HELP = (
    "'hourly' (the whole year), 'days:N' (N representative days, 1-365) or 'weeks:N' (the "
    "first N weeks, hourly, each hour weighted to stand for 365/(7N) hours)"
)


def parse_resolution(text: str) -> tuple[str, int]:
    """Split a resolution into its form and number.

    Returns
    -------
    tuple[str, int]
        ``("hourly", 365)``, ``("days", N)`` or ``("weeks", N)``.

    Raises
    ------
    ValueError
        For anything else, with the accepted forms.
    """
    if text == "hourly":
        return "hourly", DAYS_PER_YEAR
    match = re.fullmatch(r"(days|weeks):(\d+)", text)
    if match is not None:
        form, number = match.group(1), int(match.group(2))
        limit = DAYS_PER_YEAR if form == "days" else DAYS_PER_YEAR // 7
        if 1 <= number <= limit:
            return form, number
    raise ValueError(f"unknown resolution {text!r}; use {RESOLUTION_HELP}")


def build_time_structure(
    hourly: pd.DataFrame, resolution: str, extremes: list[Indicator] | None = None
) -> TimeStructure:
    """Reduce a year of hourly profiles to the model's days.

    Parameters
    ----------
    hourly : pandas.DataFrame
        8,760 rows; columns (``zone``, ``profile``).
    resolution : str
        ``hourly`` (all 365 days) or ``days:N`` (N representative days from tsam).
    extremes : list of Indicator, optional
        Extreme days kept as days of their own beside the N representative days
        (:func:`zerozone.profiles.extremes.extreme_indicators`); ignored at chronological
        resolutions, which hold every day anyway.

    Returns
    -------
    TimeStructure
    """
    form, n_days = parse_resolution(resolution)
    if form == "hourly" or form == "weeks" or n_days == DAYS_PER_YEAR:
        days = n_days * 7 if form == "weeks" else DAYS_PER_YEAR
        index = pd.MultiIndex.from_product(
            [range(days), range(HOURS_PER_DAY)], names=["day", "hour"]
        )
        values = hourly.to_numpy()[: days * HOURS_PER_DAY]
        profiles = pd.DataFrame(values, index=index, columns=hourly.columns)
        return TimeStructure(
            resolution="hourly" if days == DAYS_PER_YEAR else resolution,
            profiles=profiles,
            day_weight=np.full(days, DAYS_PER_YEAR / days),
            day_to_representative=np.arange(days),
        )
    flat = hourly.copy()
    flat.columns = [f"{zone}|{name}" for zone, name in hourly.columns]
    # Temperature only drives heat demand and COP, which are clustered themselves.
    keep = [c for c in flat.columns if not c.endswith("|temperature")]
    clustered = aggregate_days(flat[keep], n_days, extremes=extremes)
    representatives = clustered.profiles
    profiles = pd.DataFrame(
        representatives.to_numpy(),
        index=representatives.index,
        columns=pd.MultiIndex.from_tuples(
            [tuple(c.split("|", 1)) for c in representatives.columns], names=["zone", "profile"]
        ),
    )
    return TimeStructure(
        resolution=f"days:{n_days}",
        profiles=profiles,
        day_weight=clustered.weights.to_numpy(dtype=float),
        day_to_representative=np.asarray(clustered.day_to_representative, dtype=int),
        extreme_days=clustered.extreme_days,
    )
