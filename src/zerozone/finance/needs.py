"""Finance need per year against a domestic budget, and the gap beside the NCQG.

For each year ``y``: need ``N_y`` = overnight investment spent in the year (planned, committed
and, when costed, charging stations; :mod:`zerozone.finance.investment`) [USD]; gap
``G_y = max(N_y - B, 0)`` with ``B`` the domestic budget [USD/yr] (an assumption,
overridable); the gap's share of the NCQG, ``G_y / 300 bn`` [-], sets the zone's call on
international climate finance beside the collective goal of USD 300 bn a year by 2035.
"""

from __future__ import annotations

import pandas as pd

from zerozone.finance.assumptions import NCQG_USD_PER_YEAR


def finance_needs(investment: pd.DataFrame, budget_usd_per_year: float) -> pd.DataFrame:
    """The finance need, budget, gap and NCQG share of every year with investment.

    Parameters
    ----------
    investment : pandas.DataFrame
        From :func:`zerozone.finance.investment.investment_by_year`.
    budget_usd_per_year : float
        Domestic budget available for the investment [USD/yr].

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``need_usd``, ``planned_usd``, ``committed_usd``,
        ``associated_usd`` (outside the plan: charging stations), ``budget_usd``, ``gap_usd``
        [USD], ``ncqg_share`` [-].
    """
    if budget_usd_per_year < 0:
        raise ValueError(f"the domestic budget cannot be negative ({budget_usd_per_year})")
    statuses = ["planned", "committed", "associated"]
    columns = [
        "need_usd",
        *(f"{status}_usd" for status in statuses),
        "budget_usd",
        "gap_usd",
        "ncqg_share",
    ]
    if investment.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="year"))
    by_status = investment.pivot_table(
        index="year", columns="status", values="usd", aggfunc="sum", fill_value=0.0
    )
    years = range(int(by_status.index.min()), int(by_status.index.max()) + 1)
    by_status = by_status.reindex(index=years, columns=statuses, fill_value=0.0)
    frame = pd.DataFrame({f"{status}_usd": by_status[status] for status in statuses})
    frame["need_usd"] = by_status.sum(axis=1)
    frame["budget_usd"] = budget_usd_per_year
    frame["gap_usd"] = (frame["need_usd"] - budget_usd_per_year).clip(lower=0.0)
    frame["ncqg_share"] = frame["gap_usd"] / NCQG_USD_PER_YEAR
    return frame[columns].rename_axis("year")


def needs_by_block(needs: pd.DataFrame, periods: list[int]) -> pd.DataFrame:
    """The yearly needs summed up over blocks of years that follow the investment periods.

    Years before the first period form a block of their own, as do the years from the last
    period on.

    Parameters
    ----------
    needs : pandas.DataFrame
        From :func:`finance_needs`.
    periods : list of int
        Investment periods [yr].

    Returns
    -------
    pandas.DataFrame
        One row per block: ``first_year``, ``last_year`` [yr], ``need_usd`` and ``gap_usd``
        (totals over the block) [USD], ``mean_need_usd``, ``peak_need_usd``, ``mean_gap_usd``
        [USD/yr], ``peak_ncqg_share`` [-].
    """
    if needs.empty:
        return pd.DataFrame(
            columns=[
                "first_year",
                "last_year",
                "need_usd",
                "gap_usd",
                "mean_need_usd",
                "peak_need_usd",
                "mean_gap_usd",
                "peak_ncqg_share",
            ]
        )
    years = needs.index.to_series()
    starts = sorted({int(years.min()), *[p for p in periods if p > years.min()]})
    block = years.map(lambda y: max(s for s in starts if s <= y))
    grouped = needs.groupby(block.to_numpy())
    frame = pd.DataFrame(
        {
            "first_year": grouped.apply(lambda f: int(f.index.min())),
            "last_year": grouped.apply(lambda f: int(f.index.max())),
            "need_usd": grouped["need_usd"].sum(),
            "gap_usd": grouped["gap_usd"].sum(),
            "mean_need_usd": grouped["need_usd"].mean(),
            "peak_need_usd": grouped["need_usd"].max(),
            "mean_gap_usd": grouped["gap_usd"].mean(),
            "peak_ncqg_share": grouped["ncqg_share"].max(),
        }
    )
    return frame.reset_index(drop=True)
