"""Overnight investment per year, by technology, zone and category.

Spreading convention
--------------------
The planner builds new capacity at the start of a period ``p``: it is in service from the
period's first year. Its overnight cost ``C`` [USD] is therefore spent before, evenly over the
``L`` years that precede ``p``, ``L`` being the length of the previous period (for the first
period, its own length): ``C/L`` in each year ``p - L, ..., p - 1`` (:attr:`Spreading.BEFORE`, the
default). With :attr:`Spreading.WITHIN` the cost is spread over the period's own years instead
(``p, ..., p + L_p - 1``), as if the capacity were added steadily during the period. Committed
builds are spent evenly over the :data:`~zerozone.finance.assumptions.COMMITTED_BUILD_YEARS`
years before their first year in service. The total is the same under either convention; only
its timing moves. Market interconnectors, planned or committed, get the status ``commercial``
(:data:`~zerozone.finance.builds.COMMERCIAL_ASSETS`): the finance need leaves them out.

Overnight investment is a cash view (what has to be raised, when); the planner's objective
counts annuities instead, and only for the years inside the horizon (see
:mod:`zerozone.finance.costs`).
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from zerozone.data.schema import Scenario
from zerozone.finance.annuity import period_table
from zerozone.finance.assumptions import COMMITTED_BUILD_YEARS
from zerozone.finance.builds import Builds, is_commercial

YEAR_COLUMNS = ["year", "zone", "item", "kind", "category", "status", "usd"]


class Spreading(StrEnum):
    """When a period's overnight investment is spent (see the module docstring)."""

    BEFORE = "before"
    WITHIN = "within"


def spending_years(scenario: Scenario, period: int, spreading: Spreading) -> list[int]:
    """The years over which the build of ``period`` is paid, evenly [yr].

    Parameters
    ----------
    scenario : Scenario
        The scenario (its periods and last period's length).
    period : int
        Build period [yr].
    spreading : Spreading
        The convention.
    """
    table = period_table(scenario)
    periods = list(table.index)
    index = periods.index(period)
    if spreading is Spreading.WITHIN:
        return list(range(period, period + int(table["years"].iloc[index])))
    length = int(table["years"].iloc[index - 1 if index > 0 else 0])
    return list(range(period - length, period))


def investment_by_year(
    scenario: Scenario,
    builds: Builds,
    spreading: Spreading = Spreading.BEFORE,
    associated: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Overnight investment spread over the years it is spent.

    Parameters
    ----------
    scenario : Scenario
        The run's scenario.
    builds : Builds
        From :func:`zerozone.finance.builds.read_builds`.
    spreading : Spreading
        Convention for planned builds (committed builds always precede their year).
    associated : pandas.DataFrame, optional
        Investment outside the plan, by build period, in the layout of ``builds.planned``
        (charging stations, :mod:`zerozone.finance.charging`); spread like planned builds.

    Returns
    -------
    pandas.DataFrame
        ``year`` [yr], ``zone``, ``item``, ``kind``, ``category``, ``status`` (``planned``,
        ``committed``, ``associated`` or ``commercial``), ``usd`` [USD spent in the year].
    """
    rows: list[tuple[int, str, str, str, str, str, float]] = []
    by_period = [(builds.planned, "planned")]
    if associated is not None:
        by_period.append((associated, "associated"))
    for frame, status in by_period:
        for build in frame.itertuples():
            years = spending_years(scenario, int(build.period), spreading)
            share = float(build.overnight_usd) / len(years)
            item = str(build.item).removesuffix(":energy")
            kept = "commercial" if is_commercial(item) else status
            rows.extend(
                (y, str(build.zone), item, str(build.kind), str(build.category), kept, share)
                for y in years
            )
    for done in builds.committed.itertuples():
        if float(done.overnight_usd) <= 0.0:
            continue
        years = list(range(int(done.year) - COMMITTED_BUILD_YEARS, int(done.year)))
        share = float(done.overnight_usd) / len(years)
        rows.extend(
            (
                y,
                str(done.zone),
                str(done.item),
                str(done.kind),
                str(done.category),
                "commercial" if is_commercial(str(done.item)) else "committed",
                share,
            )
            for y in years
        )
    frame = pd.DataFrame(rows, columns=YEAR_COLUMNS)
    return frame.groupby(YEAR_COLUMNS[:-1], as_index=False)["usd"].sum()


def pivot_by_year(investment: pd.DataFrame, column: str) -> pd.DataFrame:
    """Investment per year (rows) by ``column`` (``item``, ``zone``, ``category``...) [USD].

    Years without investment between the first and last are included as zeros.
    """
    if investment.empty:
        return pd.DataFrame()
    table = investment.pivot_table(
        index="year", columns=column, values="usd", aggfunc="sum", fill_value=0.0
    )
    years = range(int(table.index.min()), int(table.index.max()) + 1)
    return table.reindex(years, fill_value=0.0)
