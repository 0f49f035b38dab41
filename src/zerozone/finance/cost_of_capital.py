"""What the cost of capital does to the plan's cost: the same build re-annualised.

Each case finances every committed and planned investment (existing plants are sunk) at one
rate ``r`` (the WACC or a sensitivity), or in parts: the blend with concessional loans finances
a share ``s`` of each investment at the concessional rate ``r_c`` and the rest at the WACC, each
part repaid over the asset's lifetime at its own rate, ``(1 - s)·a(WACC, n) + s·a(r_c, n)`` (the
rate shown is the weighted average ``(1 - s)·WACC + s·r_c``; the annuity at that average would
understate the cost, see :func:`zerozone.finance.annuity.financing_annuity`). The build, the
dispatch, every operating cost and the existing plants' fixed O&M stay those of the run: **the
plan is not re-optimised**, so a cheaper capital cost would in truth shift the optimum towards
capital-heavy options (solar, wind, storage) and lower the cost further. Present values are
always taken at the scenario's discount rate, so that totals under different financing rates
compare like with like; only the annuity changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zerozone.finance.annuity import Tranches
from zerozone.finance.costs import CAPITAL_CATEGORIES, annual_costs, net_cost_by_period
from zerozone.finance.lcoe import final_energy_served
from zerozone.results.run_directory import RunDirectory


@dataclass(frozen=True)
class FinancingCase:
    """How the whole build is financed: one rate, or parts at their own rates.

    Attributes
    ----------
    key : str
        Identifier: ``plan`` (the scenario's rate), ``wacc``, ``blended``, or a sensitivity key.
    rate : float
        Financing rate [1/yr]; for a case in parts, their weighted average (shown, not used).
    source : str
        Where the rate comes from.
    tranches : Tranches
        ``(share [-], rate [1/yr])`` parts, each annualised at its own rate; empty: the whole
        investment at ``rate``.
    """

    key: str
    rate: float
    source: str
    tranches: Tranches = ()

    @property
    def financing(self) -> float | Tranches:
        """What :func:`~zerozone.finance.costs.annual_costs` annualises with."""
        return self.tranches or self.rate


def cost_of_capital_cases(
    run: RunDirectory, cases: list[FinancingCase]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Total cost and average cost of supply under each financing case.

    Parameters
    ----------
    run : RunDirectory
        The run.
    cases : list of FinancingCase
        The first case is the reference for the changes (normally ``plan``).

    Returns
    -------
    summary : pandas.DataFrame
        One row per case: ``key``, ``rate`` [1/yr] (weighted average for a case in parts),
        ``parts`` (how the investment is financed, e.g. ``0.7 at 0.08 + 0.3 at 0.01``: share [-]
        at rate [1/yr]), ``capital_usd`` (discounted annuity and fixed O&M of every asset)
        [USD], ``total_usd`` (system cost, all assets, discounted) [USD], ``change_usd`` [USD] and
        ``change_share`` [-] against the first case (the change over the first case's
        discounted capital cost), ``source``.
    supply_cost : pandas.DataFrame
        Average cost of supply on full costs [USD/MWh], one row per case (index ``key``), one
        column per period.
    """
    periods = list(run.scenario.policy.periods)
    final = final_energy_served(run)
    rows = []
    supply = {}
    for case in cases:
        costs = annual_costs(run, case.financing)
        assets = costs["category"].isin(CAPITAL_CATEGORIES)
        capital = float(costs.loc[assets, "discounted_usd"].sum())
        rows.append(
            {
                "key": case.key,
                "rate": case.rate,
                "parts": " + ".join(
                    f"{share:g} at {rate:g}" for share, rate in case.tranches or ((1.0, case.rate),)
                ),
                "capital_usd": capital,
                "total_usd": float(costs["discounted_usd"].sum()),
                "source": case.source,
            }
        )
        supply[case.key] = net_cost_by_period(costs, periods) / final.where(final > 0)
    summary = pd.DataFrame(rows)
    if len(summary):
        base = float(summary["total_usd"].iloc[0])
        capital = float(summary["capital_usd"].iloc[0])
        summary["change_usd"] = summary["total_usd"] - base
        summary["change_share"] = summary["change_usd"] / capital if capital else float("nan")
    supply_cost = pd.DataFrame(supply).T.reindex(columns=periods)
    supply_cost.index.name = "key"
    return summary, supply_cost
