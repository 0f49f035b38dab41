"""Annualised costs per period and the total discounted cost of a plan.

Annual costs [USD/yr] per period (one represented year of the period):

* capital: every vintage in service pays ``C·(a(r, n) + f)`` a year, ``C`` its overnight cost
  [USD], ``a`` the annuity at the financing rate ``r`` over its lifetime ``n`` (financing in
  parts: ``Σ_k s_k·a(r_k, n)``, :func:`~zerozone.finance.annuity.financing_annuity`), ``f`` the
  fixed O&M share (links: no fixed O&M). Only planned builds pay: existing plants are sunk and
  committed builds are taken as decided, as in the planner's objective;
* operation (fuel and variable O&M), imports, export revenue (negative), unserved energy at the
  value of lost load and transport fuel not yet electrified, as the run's ``costs`` table gives
  them (they do not depend on the financing rate).

The total discounted cost is ``Σ_p w_p·(annual cost of p)`` with the period weights ``w_p`` of
:func:`zerozone.finance.annuity.period_table`, in USD of the scenario's ``currency_year``,
discounted to the first period's first year. At the scenario's own discount rate the capital part
equals the run's ``costs`` table; the planner's objective leaves out transport fuel, a constant
that no decision changes, so ``total = objective + discounted transport fuel`` (checked by
:func:`reconcile`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zerozone.finance.annuity import Tranches, financing_annuity, period_table
from zerozone.finance.builds import Builds, active_mask
from zerozone.results.run_directory import RunDirectory

OTHER_CATEGORIES = ("operation", "imports", "exports", "unserved", "transport_fuel")
"""Cost categories of the run's ``costs`` table that do not depend on the financing rate."""


def annual_capital(builds: Builds, periods: list[int], rate: float | Tranches) -> pd.DataFrame:
    """Annualised capital cost (annuity plus fixed O&M) of the planned builds in each period.

    Parameters
    ----------
    builds : Builds
        The run's investments.
    periods : list of int
        Investment periods [yr].
    rate : float or Tranches
        Financing rate used in the annuity [1/yr], or ``(share [-], rate [1/yr])`` parts each
        annualised at its own rate.

    Returns
    -------
    pandas.DataFrame
        ``period`` [yr], ``item`` (technology id, links as ``link:<id>``), ``category``,
        ``usd_per_year`` [USD/yr].
    """
    planned = builds.planned
    rows = []
    if len(planned):
        factor = planned["lifetime_years"].map(lambda n: financing_annuity(rate, float(n)))
        charge = planned["overnight_usd"] * (factor + planned["fixed_om_share"])
        item = planned["item"].str.removesuffix(":energy")
        for period in periods:
            mask = active_mask(planned["period"], planned["lifetime_years"], period)
            per_item = charge[mask].groupby(item[mask]).sum()
            categories = planned[mask].assign(item=item[mask]).groupby("item")["category"].first()
            for name, value in per_item.items():
                rows.append((period, str(name), str(categories[name]), float(value)))
    return pd.DataFrame(rows, columns=["period", "item", "category", "usd_per_year"])


def other_costs(run: RunDirectory) -> pd.DataFrame:
    """The run's annual costs that do not depend on the financing rate.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``category`` (see :data:`OTHER_CATEGORIES`), ``item``, ``usd_per_year``
        [USD/yr]; export revenue is negative.
    """
    costs = run.tables["costs"]
    kept = costs[costs["category"].isin(OTHER_CATEGORIES)]
    return kept[["period", "category", "item", "usd_per_year"]].reset_index(drop=True)


def annual_costs(run: RunDirectory, builds: Builds, rate: float | Tranches) -> pd.DataFrame:
    """Every annual cost per period, capital at financing rate ``rate`` [1/yr] (or in parts, as
    :func:`annual_capital`).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``category`` (``capital`` or one of :data:`OTHER_CATEGORIES`), ``item``,
        ``usd_per_year`` [USD/yr], ``discounted_usd`` [USD, the period's years in present value].
    """
    periods = list(run.scenario.policy.periods)
    capital = annual_capital(builds, periods, rate).assign(category="capital")
    frame = pd.concat(
        [capital[["period", "category", "item", "usd_per_year"]], other_costs(run)],
        ignore_index=True,
    )
    weights = period_table(run.scenario)["weight"]
    frame["discounted_usd"] = frame["usd_per_year"] * frame["period"].map(weights)
    return frame


def net_cost_by_period(costs: pd.DataFrame, periods: list[int]) -> pd.Series:
    """Net annual system cost per period (export revenue subtracted) [USD/yr]."""
    return costs.groupby("period")["usd_per_year"].sum().reindex(periods, fill_value=0.0)


@dataclass(frozen=True)
class Reconciliation:
    """The total discounted cost set against the planner's objective.

    Attributes
    ----------
    total_usd : float
        Total discounted cost from the finance tables [USD].
    cost_table_usd : float
        Sum of the run's ``costs`` table ``discounted_usd`` [USD].
    objective_usd : float or None
        The planner's objective (``run.json``) [USD].
    transport_fuel_usd : float
        Discounted transport fuel, a constant outside the objective [USD].
    """

    total_usd: float
    cost_table_usd: float
    objective_usd: float | None
    transport_fuel_usd: float

    @property
    def objective_gap_usd(self) -> float | None:
        """``total - transport fuel - objective`` [USD]; about zero for an optimal run."""
        if self.objective_usd is None:
            return None
        return self.total_usd - self.transport_fuel_usd - self.objective_usd

    def agrees(self, relative: float = 1e-6) -> bool:
        """Whether the total matches the cost table and the objective within ``relative``."""
        scale = max(abs(self.total_usd), 1.0)
        gap = self.objective_gap_usd
        return abs(self.total_usd - self.cost_table_usd) <= relative * scale and (
            gap is None or abs(gap) <= relative * scale
        )


def reconcile(run: RunDirectory, costs: pd.DataFrame) -> Reconciliation:
    """Compare the total of ``costs`` (at the scenario's rate) with the run's own figures.

    The objective is only comparable for an optimal run (an infeasible plan's objective carries
    the penalties of its relaxations); it is left out otherwise.
    """
    table = run.tables["costs"]
    fuel = float(costs.loc[costs["category"] == "transport_fuel", "discounted_usd"].sum())
    comparable = run.meta.get("status") in {"optimal", "optimal_with_unserved"}
    objective = run.meta.get("objective_usd") if comparable else None
    return Reconciliation(
        total_usd=float(costs["discounted_usd"].sum()),
        cost_table_usd=float(table["discounted_usd"].sum()),
        objective_usd=None if objective is None else float(objective),
        transport_fuel_usd=fuel,
    )
