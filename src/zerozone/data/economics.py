"""Shared economics and time constants: annuities, period weights, hours in a year.

These are the planner's and the finance layer's common ground: the model annualises capital costs
and weighs periods with these functions, and finance and the report recompute costs with the very
same ones, so the two cannot drift. They live in the data layer so that ``finance``, ``report``
and ``mrv`` never import :mod:`zerozone.model`.

The capital recovery factor of an investment over ``n`` [yr] at rate ``r`` [1/yr] is

.. math:: a(r, n) = \\frac{r}{1 - (1 + r)^{-n}} \\quad (a(0, n) = 1/n)

and a period ``p`` of ``L_p`` years weighs ``w_p = Σ_{k<L_p} (1 + ρ)^{-(p - p_0 + k)}`` in
present values, discounted to the start of the first period ``p_0`` at the scenario's rate ``ρ``
(PyPSA's ``investment_period_weightings["objective"]``).
"""

from __future__ import annotations

import numpy as np

HOURS_PER_YEAR = 8760.0
"""Hours in a modelled year (no leap day) [h]."""
HOURS_PER_DAY = 24
"""Hours in a day [h]."""
DEFAULT_BATTERY_HOURS = 2.0
"""Energy per power of existing batteries whose technology gives no ``storage_hours`` [h]."""


def annuity_factor(rate: float, lifetime_years: float) -> float:
    """Annual payment per unit of investment over ``lifetime_years`` at ``rate`` [1/yr].

    Parameters
    ----------
    rate : float
        Discount rate [1/yr].
    lifetime_years : float
        Repayment period [yr].
    """
    if rate == 0:
        return 1.0 / lifetime_years
    return rate / (1.0 - (1.0 + rate) ** -lifetime_years)


def period_lengths(periods: list[int], last_period_years: int) -> np.ndarray:
    """Years in each investment period [yr]."""
    ends = [*periods[1:], periods[-1] + last_period_years]
    return np.array([end - start for start, end in zip(periods, ends, strict=True)], dtype=float)


def period_objective_weights(periods: list[int], lengths: np.ndarray, rate: float) -> np.ndarray:
    """Sum of the discount factors of each period's years, from the first period's start [-]."""
    first = periods[0]
    return np.array(
        [
            sum((1.0 + rate) ** -(start - first + k) for k in range(int(length)))
            for start, length in zip(periods, lengths, strict=True)
        ]
    )
