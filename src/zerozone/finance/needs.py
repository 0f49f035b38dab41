"""Finance need per year against a domestic budget, the gap, and the concessional share that
would close it.

For each year ``y``: need ``N_y`` = overnight investment spent in the year for the zones' own
supply (planned, committed and, when costed, charging stations;
:mod:`zerozone.finance.investment`) [USD]. Market interconnectors are commercial investments
(trade, paid back by its revenue): they are left out of the need and shown apart
(``commercial_usd``). Gap ``G_y = max(N_y - B, 0)`` with ``B`` the domestic budget [USD/yr] (an
assumption, overridable).

**Concessional share that would close the gap** of year ``y``: ``G_y / N_y`` [-], the share of
the year's need that domestic finance cannot cover and that must therefore come as concessional
(international) finance for the gap to close; over a block of years or the horizon,
``Σ G_y / Σ N_y``. The finance tables also price that share: the cost of supply with this share
of every investment at the concessional rate and the rest at the WACC
(:func:`zerozone.finance.analysis.financing_cases`, case ``gap_concessional``).
"""

from __future__ import annotations

import pandas as pd

STATUSES = ("planned", "committed", "associated")
"""Investment statuses in the need (``commercial`` is shown apart)."""
COLUMNS = [
    "need_usd",
    *(f"{status}_usd" for status in STATUSES),
    "commercial_usd",
    "budget_usd",
    "gap_usd",
    "concessional_share",
]


def finance_needs(investment: pd.DataFrame, budget_usd_per_year: float) -> pd.DataFrame:
    """The finance need, budget, gap and concessional share of every year with investment.

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
        ``associated_usd`` (outside the plan: charging stations), ``commercial_usd`` (market
        interconnectors, not in the need), ``budget_usd``, ``gap_usd`` [USD],
        ``concessional_share`` (gap over need; 0 without need) [-].
    """
    if budget_usd_per_year < 0:
        raise ValueError(f"the domestic budget cannot be negative ({budget_usd_per_year})")
    if investment.empty:
        return pd.DataFrame(columns=COLUMNS, index=pd.Index([], name="year"))
    by_status = investment.pivot_table(
        index="year", columns="status", values="usd", aggfunc="sum", fill_value=0.0
    )
    years = range(int(by_status.index.min()), int(by_status.index.max()) + 1)
    statuses = [*STATUSES, "commercial"]
    by_status = by_status.reindex(index=years, columns=statuses, fill_value=0.0)
    frame = pd.DataFrame({f"{status}_usd": by_status[status] for status in statuses})
    frame["need_usd"] = by_status[list(STATUSES)].sum(axis=1)
    frame["budget_usd"] = budget_usd_per_year
    frame["gap_usd"] = (frame["need_usd"] - budget_usd_per_year).clip(lower=0.0)
    frame["concessional_share"] = concessional_share(frame["gap_usd"], frame["need_usd"])
    return frame[COLUMNS].rename_axis("year")


def concessional_share(gap: pd.Series | float, need: pd.Series | float) -> pd.Series | float:
    """Share of the need that must come as concessional finance to close the gap [-]: gap over
    need, 0 where there is no need."""
    if isinstance(need, pd.Series):
        return (gap / need.where(need > 0)).fillna(0.0)
    return float(gap) / float(need) if need > 0 else 0.0


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
        One row per block: ``first_year``, ``last_year`` [yr], ``need_usd``, ``gap_usd`` and
        ``commercial_usd`` (totals over the block) [USD], ``mean_need_usd``,
        ``peak_need_usd``, ``mean_gap_usd`` [USD/yr], ``concessional_share`` (the block's gap
        over its need) [-].
    """
    columns = [
        "first_year",
        "last_year",
        "need_usd",
        "gap_usd",
        "commercial_usd",
        "mean_need_usd",
        "peak_need_usd",
        "mean_gap_usd",
        "concessional_share",
    ]
    if needs.empty:
        return pd.DataFrame(columns=columns)
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
            "commercial_usd": grouped["commercial_usd"].sum(),
            "mean_need_usd": grouped["need_usd"].mean(),
            "peak_need_usd": grouped["need_usd"].max(),
            "mean_gap_usd": grouped["gap_usd"].mean(),
        }
    )
    frame["concessional_share"] = concessional_share(frame["gap_usd"], frame["need_usd"])
    return frame[columns].reset_index(drop=True)
