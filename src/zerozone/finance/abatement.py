"""Abatement cost of a plan against a reference run without the emission cap.

For the capped run ``A`` and the reference ``B`` (same scenario, no cap):

* per period ``p``: ``(K_A,p - K_B,p) / (E_B,p - E_A,p)`` [USD/t], ``K`` the net annual cost
  [USD/yr], ``E`` the annual emissions [t/yr];
* levelised over the horizon: ``(Σ_p w_p K_A,p - Σ_p w_p K_B,p) / Σ_p w_p (E_B,p - E_A,p)``
  [USD/t], ``w_p`` the period weights at the scenario's discount rate: the constant real carbon
  price whose present value pays for the extra cost (emissions discounted like money);
* simple: the difference of total discounted costs per tonne avoided over the horizon
  (``Σ_p L_p (E_B,p - E_A,p)``, ``L_p`` the years of the period), undiscounted tonnes.

Periods where the cap removes less than :data:`MIN_ABATED_T` tonnes a year get no per-period
figure. The reference run is solved by the command (:func:`reference_scenario` gives its
scenario); this module only compares two finished runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from zerozone.data.schema import EmissionCap, Scenario
from zerozone.errors import ZerozoneError
from zerozone.finance.annuity import period_table

MIN_ABATED_T = 1.0
"""Annual abatement below which a period's abatement cost is not shown [t/yr]."""

REFERENCE_SOURCE = "reference run: the same scenario with the emission cap removed"


class IncomparableRunsError(ZerozoneError, ValueError):
    """The reference run cannot be compared with the plan (other periods or discount rate)."""


def reference_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` without its emission cap (``shape: none``), every other input unchanged.

    The minimum renewable share, if any, stays: it is a separate target.
    """
    policy = scenario.policy.model_copy(
        update={"emission_cap": EmissionCap(shape="none", source=REFERENCE_SOURCE)}
    )
    return scenario.model_copy(update={"policy": policy, "name": f"{scenario.name}_uncapped"})


@dataclass(frozen=True)
class Abatement:
    """Abatement cost of a plan against its reference.

    Attributes
    ----------
    by_period : pandas.DataFrame
        Indexed by ``period``: ``cost_usd`` and ``reference_cost_usd`` [USD/yr], ``emissions_t``
        and ``reference_emissions_t`` [t/yr], ``abated_t`` [t/yr], ``extra_cost_usd`` [USD/yr],
        ``usd_per_t`` [USD/t] (NaN where less than :data:`MIN_ABATED_T` is abated).
    extra_cost_usd : float
        Difference of the total discounted costs [USD].
    abated_t : float
        Emissions avoided over the horizon, undiscounted [t].
    abated_discounted_t : float
        Emissions avoided weighted like money [t].
    """

    by_period: pd.DataFrame
    extra_cost_usd: float
    abated_t: float
    abated_discounted_t: float

    @property
    def levelised_usd_per_t(self) -> float:
        """Extra discounted cost per discounted tonne avoided [USD/t] (NaN if none avoided)."""
        if self.abated_discounted_t < MIN_ABATED_T:
            return float("nan")
        return self.extra_cost_usd / self.abated_discounted_t

    @property
    def simple_usd_per_t(self) -> float:
        """Extra discounted cost per tonne avoided over the horizon [USD/t]."""
        if self.abated_t < MIN_ABATED_T:
            return float("nan")
        return self.extra_cost_usd / self.abated_t


def _check(plan: Scenario, reference: Scenario) -> None:
    if list(plan.policy.periods) != list(reference.policy.periods):
        raise IncomparableRunsError(
            f"the reference run has periods {reference.policy.periods}, the plan "
            f"{plan.policy.periods}: use a reference of the same scenario"
        )
    if plan.policy.discount_rate != reference.policy.discount_rate:
        raise IncomparableRunsError(
            f"the reference run discounts at {reference.policy.discount_rate}, the plan at "
            f"{plan.policy.discount_rate}: use a reference of the same scenario"
        )


def abatement_cost(
    plan: Scenario,
    plan_cost: pd.Series,
    plan_emissions: pd.Series,
    reference: Scenario,
    reference_cost: pd.Series,
    reference_emissions: pd.Series,
) -> Abatement:
    """Abatement cost of ``plan`` against ``reference`` (see the module docstring).

    Parameters
    ----------
    plan, reference : Scenario
        The two runs' scenarios (checked to share periods and discount rate).
    plan_cost, reference_cost : pandas.Series
        Net annual cost by period [USD/yr].
    plan_emissions, reference_emissions : pandas.Series
        Annual emissions by period [t/yr].

    Raises
    ------
    IncomparableRunsError
        When the runs have different periods or discount rates.
    """
    _check(plan, reference)
    table = period_table(plan)
    periods = list(table.index)
    frame = pd.DataFrame(
        {
            "cost_usd": plan_cost.reindex(periods, fill_value=0.0),
            "reference_cost_usd": reference_cost.reindex(periods, fill_value=0.0),
            "emissions_t": plan_emissions.reindex(periods, fill_value=0.0),
            "reference_emissions_t": reference_emissions.reindex(periods, fill_value=0.0),
        }
    )
    frame["abated_t"] = frame["reference_emissions_t"] - frame["emissions_t"]
    frame["extra_cost_usd"] = frame["cost_usd"] - frame["reference_cost_usd"]
    frame["usd_per_t"] = (frame["extra_cost_usd"] / frame["abated_t"]).where(
        frame["abated_t"] >= MIN_ABATED_T
    )
    weights = table["weight"]
    return Abatement(
        by_period=frame.rename_axis("period"),
        extra_cost_usd=float((frame["extra_cost_usd"] * weights).sum()),
        abated_t=float((frame["abated_t"] * table["years"]).sum()),
        abated_discounted_t=float((frame["abated_t"] * weights).sum()),
    )
