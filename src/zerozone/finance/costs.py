"""Annual costs per period at a financing rate, and the total discounted cost of a plan.

Full costs (:mod:`zerozone.results.costs`, the one place they are computed): every asset of the
run pays, split into existing (fixed O&M only: their capital is sunk and no remaining annuity is
counted), committed and planned (annuity and fixed O&M, committed links included), operating
(fuel, variable O&M, imports, transport fuel), export revenue (negative) and unserved energy.
Here the annuity of committed and planned assets is taken at a financing rate ``r``:
``C·(a(r, n) + f)`` a year, ``C`` the overnight cost [USD], ``a`` the annuity over the lifetime
``n``, or in parts ``Σ_k s_k·a(r_k, n)`` (:func:`~zerozone.finance.annuity.financing_annuity`),
``f`` the fixed O&M share.

The total discounted cost is ``Σ_p w_p·(annual cost of p)`` with the period weights ``w_p`` of
:func:`zerozone.finance.annuity.period_table`, in USD of the scenario's ``currency_year``,
discounted to the first period's first year. Two totals are reported, each named for what it is:
the **system cost, all assets** (every part) and the **objective, decision-relevant** (planned,
operating except transport fuel, exports, unserved: what the planner minimises). At the
scenario's own discount rate the decision-relevant total equals the planner's objective, and the
decision-relevant total plus transport fuel equals the run's ``costs`` table (checked by
:func:`reconcile`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zerozone.finance.annuity import Tranches, financing_annuity
from zerozone.results.costs import discounted_totals, full_costs, total_by_period
from zerozone.results.run_directory import RunDirectory

CAPITAL_CATEGORIES = ("annuity", "fixed_om")
"""Categories of the asset rows (see :mod:`zerozone.results.costs`)."""


def annual_costs(run: RunDirectory, rate: float | Tranches) -> pd.DataFrame:
    """Every annual cost per period, committed and planned capital at financing rate ``rate``
    [1/yr] (or ``(share [-], rate [1/yr])`` parts, each annualised at its own rate).

    Returns
    -------
    pandas.DataFrame
        As :func:`zerozone.results.costs.full_costs`: ``period``, ``part``, ``category``,
        ``item``, ``usd_per_year`` [USD/yr], ``discounted_usd`` [USD], ``in_objective``.
    """
    return full_costs(run, lambda years: financing_annuity(rate, years))


def net_cost_by_period(costs: pd.DataFrame, periods: list[int]) -> pd.Series:
    """System cost, all assets, per period (export revenue subtracted) [USD/yr]."""
    return total_by_period(costs, periods)


@dataclass(frozen=True)
class Reconciliation:
    """The total discounted cost set against the planner's objective.

    Attributes
    ----------
    total_usd : float
        System cost, all assets, discounted [USD].
    decision_usd : float
        Objective, decision-relevant costs from the finance tables, discounted [USD].
    cost_table_usd : float
        Sum of the run's ``costs`` table ``discounted_usd`` [USD] (decision-relevant costs and
        transport fuel).
    objective_usd : float or None
        The planner's objective (``run.json``) [USD].
    transport_fuel_usd : float
        Discounted transport fuel, a constant outside the objective [USD].
    """

    total_usd: float
    decision_usd: float
    cost_table_usd: float
    objective_usd: float | None
    transport_fuel_usd: float

    @property
    def constant_usd(self) -> float:
        """Costs outside the objective: existing and committed assets, transport fuel [USD]."""
        return self.total_usd - self.decision_usd

    @property
    def objective_gap_usd(self) -> float | None:
        """``decision-relevant - objective`` [USD]; about zero for an optimal run."""
        if self.objective_usd is None:
            return None
        return self.decision_usd - self.objective_usd

    def agrees(self, relative: float = 1e-6) -> bool:
        """Whether the decision-relevant total matches the cost table and the objective within
        ``relative``."""
        scale = max(abs(self.decision_usd), 1.0)
        table_gap = self.decision_usd + self.transport_fuel_usd - self.cost_table_usd
        gap = self.objective_gap_usd
        return abs(table_gap) <= relative * scale and (gap is None or abs(gap) <= relative * scale)


def reconcile(run: RunDirectory, costs: pd.DataFrame) -> Reconciliation:
    """Compare the totals of ``costs`` (at the scenario's rate) with the run's own figures.

    The objective is only comparable for an optimal run (an infeasible plan's objective carries
    the penalties of its relaxations); it is left out otherwise.
    """
    table = run.tables["costs"]
    fuel = float(costs.loc[costs["category"] == "transport_fuel", "discounted_usd"].sum())
    comparable = run.meta.get("status") in {"optimal", "optimal_with_unserved"}
    objective = run.meta.get("objective_usd") if comparable else None
    totals = discounted_totals(costs)
    return Reconciliation(
        total_usd=totals["total"],
        decision_usd=totals["objective"],
        cost_table_usd=float(table["discounted_usd"].sum()),
        objective_usd=None if objective is None else float(objective),
        transport_fuel_usd=fuel,
    )
